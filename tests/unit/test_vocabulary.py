"""Free text to store ids for the intake facts."""

import pytest


@pytest.mark.parametrize(("text", "level"), [
    ("havo", "havo"), ("ik heb de HAVO", "havo"), ("mbo 4", "mbo-4"), ("mbo-4", "mbo-4"),
    ("mbo niveau 3", "mbo-2-3"), ("universiteit", "wo-master"), ("wo bachelor", "wo-bachelor"),
    ("hogeschool", "hbo"), ("gymnasium", "vwo"),
])
def test_education_levels(repository, text, level):
    assert repository.match_education(text) == level


@pytest.mark.parametrize(("text", "sector"), [
    ("basisschool", "po"), ("juf", "po"), ("middelbare school", "vo"), ("voortgezet onderwijs", "vo"),
    ("mbo", "mbo"), ("po", "po"),
])
def test_sectors(repository, text, sector):
    assert repository.match_sector(text) == sector


@pytest.mark.parametrize(
    ("text", "subject"), [("wiskunde", "wiskunde"), ("Engels", "engels"), ("chemie", "scheikunde")]
)
def test_subjects(repository, text, subject):
    assert repository.match_subject(text) == subject


def test_unknown_words_match_nothing(repository):
    assert repository.match_education("een diploma van de dansschool") is None
