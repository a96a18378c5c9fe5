"""The committed NLU lookup tables are exactly what the store exports."""

from knowledge.nlu_export import LOOKUP_FILE, render_lookups


def test_committed_lookups_match_the_store(repository):
    assert LOOKUP_FILE.read_text(encoding="utf-8") == render_lookups(repository), (
        "data/nlu/lookups.yml is out of date: run `python -m knowledge export-nlu` and retrain"
    )


def test_lookups_contain_store_places_and_subjects(repository):
    rendered = render_lookups(repository)
    assert "    - Zwolle\n" in rendered
    assert "    - wiskunde\n" in rendered


def test_synonyms_map_what_people_type_to_store_ids(repository):
    synonyms = repository.synonym_terms()
    assert "juf" in synonyms["po"] and "middelbare school" in synonyms["vo"] and "hogeschool" in synonyms["hbo"]


def test_a_word_for_both_a_diploma_and_a_sector_is_no_lookup_or_synonym(repository):
    """'mbo' is a diploma (mbo 4) and a sector: the extractor and the intake decide from context."""
    lookups = repository.lookup_terms()
    assert "mbo" not in lookups["vooropleiding"] and "mbo" not in lookups["sector"]
    assert all("mbo" not in terms for terms in repository.synonym_terms().values())


def test_one_and_two_letter_words_stay_out_except_known_abbreviations(repository):
    lookups = repository.lookup_terms()
    assert "ma" not in lookups["vooropleiding"] and "ad" not in lookups["vooropleiding"]
    assert "po" in lookups["sector"] and "wo" in lookups["vooropleiding"]


def test_longer_lookup_terms_come_first(repository):
    """Rasa's lookup regex takes the first alternative that matches: 'wo bachelor' must precede 'wo'."""
    lines = render_lookups(repository).splitlines()
    assert lines.index("    - wo bachelor") < lines.index("    - wo")
