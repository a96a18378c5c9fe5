"""The place resolver on names, aliases, variants, typos and sentences."""

import pytest

CASES = [
    ("Zwolle", "GM0193"),
    ("zwolle", "GM0193"),
    ("ZWOLLE", "GM0193"),
    ("Zwole", "GM0193"),
    ("ik woon in Zwolle", "GM0193"),
    ("Den Haag", "GM0518"),
    ("den haag", "GM0518"),
    ("'s-Gravenhage", "GM0518"),
    ("s-Gravenhage", "GM0518"),
    ("Den Bosch", "GM0796"),
    ("'s-Hertogenbosch", "GM0796"),
    ("Hertogenbosch", "GM0796"),
    ("ik woon in den bosch", "GM0796"),
    ("Amsterdam", "GM0363"),
    ("Amsterdm", "GM0363"),
    ("Rotterdam.", "GM0599"),
    ("Scheveningen", "GM0518"),
    ("Groningen", "GM0014"),
    ("Maastricht", "GM0935"),
]


@pytest.mark.parametrize(("text", "code"), CASES)
def test_resolves_to_municipality(repository, text, code):
    match = repository.resolve_place(text)
    assert match is not None, text
    assert match.municipality_code == code


@pytest.mark.parametrize("text", ["", "   ", "leraar", "ik weet het niet", "xyz"])
def test_unknown_text_resolves_to_nothing(repository, text):
    assert repository.resolve_place(text) is None


def test_typo_match_says_it_was_a_spelling_match(repository):
    assert repository.resolve_place("Zwole").how == "spelling"


def test_place_with_regional_desk_gets_that_desk_for_its_sector(repository):
    answer = repository.desks_for_place("Zwolle", "po")
    assert [d.name for d in answer.desks] == ["Hatseklas"]


def test_desk_depends_on_sector(repository):
    po = repository.desks_for_place("Den Haag", "po").desks
    vo = repository.desks_for_place("Den Haag", "vo").desks
    assert {d.name for d in po} == {"Samen voor de Haagse Klas"}
    assert {d.name for d in vo} == {"De Rode Loper"}


def test_place_without_regional_desk_gets_national_desk(repository):
    answer = repository.desks_for_place("Maastricht", "po")
    assert not answer.has_regional
    assert answer.desks[0].name == "Onderwijsloket"


def test_unknown_place_gets_national_desk(repository):
    answer = repository.desks_for_place("Atlantis", "vo")
    assert answer.place is None
    assert answer.desks[0].is_national
