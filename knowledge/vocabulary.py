"""Maps what people type ("universiteit", "middelbare school") to the store's ids."""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.text import ngrams, normalize


@dataclass
class Vocabulary:
    """Term index for one kind (education levels, sectors or subjects)."""

    names: dict[str, str]  # id -> display name
    terms: dict[str, str] = field(default_factory=dict)  # normalized term -> id

    @classmethod
    def build(cls, rows: list[tuple[str, str, str]]) -> Vocabulary:
        """rows: (id, name, '; '-separated synonyms)."""
        vocab = cls(names={row_id: name for row_id, name, _ in rows})
        for row_id, name, synonyms in rows:
            for term in [row_id, name, *[s for s in synonyms.split(";") if s.strip()]]:
                vocab.terms.setdefault(normalize(term), row_id)
        return vocab

    def match(self, text: str | None) -> str | None:
        """The id of the longest known term in the text, or None."""
        if not text:
            return None
        words = normalize(text).split()
        for gram in ngrams(words, 5):
            if gram in self.terms:
                return self.terms[gram]
        return None

    def all_terms(self) -> list[str]:
        return sorted(self.terms)
