"""Study form, age, jobs and statement parts read from free Dutch text (knowledge/intake_words.py)."""

import pytest

from knowledge.intake_words import (
    NO_PREFERENCE,
    match_study_form,
    mentions_abroad,
    mentions_education,
    parse_age,
    statement_clauses,
    works_outside_education,
)


@pytest.mark.parametrize(("text", "form"), [
    ("voltijd", "voltijd"), ("Het liefst fulltime", "voltijd"), ("deeltijd", "deeltijd"),
    ("'s avonds naast mijn werk", "deeltijd"), ("liever niet voltijd", "deeltijd"),
    ("duaal", "duaal"), ("ik wil werken en leren tegelijk", "werkend leren"),
    ("maakt niet uit", NO_PREFERENCE), ("geen voorkeur", NO_PREFERENCE),
    ("het liefst meteen aan de slag en daarnaast leren", "werkend leren"),
    ("direct aan het werk en ernaast studeren", "werkend leren"), ("leren en tegelijk geld verdienen", "werkend leren"),
    ("met salaris als het kan", "werkend leren"), ("ik kan niet zonder salaris", "werkend leren"),
    ("gelijk voor de klas en de opleiding erbij", "werkend leren"),
    ("naast mijn werk leren", "deeltijd"), ("liever niet fulltime", "deeltijd"),
])
def test_study_forms_are_recognised(text, form):
    assert match_study_form(text) == form


@pytest.mark.parametrize("text", ["op de fiets", "", None, "voltijdbaan"])
def test_other_text_is_no_study_form(text):
    assert match_study_form(text) is None


@pytest.mark.parametrize(("text", "age"), [("ik ben 34", 34), ("ik ben 52 jaar oud", 52), ("Ik ben 19 en heb mbo", 19)])
def test_an_age_said_unasked_is_read(text, age):
    assert parse_age(text) == age


@pytest.mark.parametrize(
    "text", ["ik heb 20 jaar in de zorg gewerkt", "mbo 4", "34", "ik ben 4 jaar onderwijsassistent"]
)
def test_numbers_that_are_not_an_age_are_not_read_unasked(text):
    assert parse_age(text) is None


@pytest.mark.parametrize(("text", "age"), [("34", 34), ("45 jaar", 45), ("geboren in 1990", 36)])
def test_when_asked_a_bare_number_or_birth_year_is_an_age(text, age):
    assert parse_age(text, asked=True, this_year=2026) == age


@pytest.mark.parametrize("text", ["3", "150", "ongeveer twintig"])
def test_when_asked_an_impossible_or_missing_age_gives_none(text):
    assert parse_age(text, asked=True, this_year=2026) is None


def test_a_wish_is_not_a_statement_of_fact():
    assert statement_clauses("Ik ben onderwijsassistent en wil juf worden") == ["ik ben onderwijsassistent"]
    assert statement_clauses("ik wil tweedegraads docent worden") == []


@pytest.mark.parametrize(("clause", "outside"), [
    ("ik werk in een winkel", True), ("werk als verpleegkundige", True),
    ("ik werk op een basisschool", False), ("ik werk als docent", False), ("ik heb havo", False),
    ("werk al 20 jaar als installateur", True), ("ik werk sinds 2015 bij een bank", True),
    ("ik werk nu al een tijd in de bouw", True), ("ben werkzaam in de logistiek", True),
    ("ik ben in dienst bij de gemeente", True), ("mijn baan als verkoper", True),
    ("ik werk al jaren op een basisschool", False), ("ik werk graag met kinderen", False),
    ("ik ben al jaren verpleegkundige", False),  # no job list: a job needs a work word
])
def test_a_job_outside_schools_is_recognised(clause, outside):
    assert works_outside_education(clause) is outside


@pytest.mark.parametrize(("text", "abroad"), [
    ("ik heb een master uit Syrië", True), ("ik heb in Polen lesgegeven", True),
    ("een diploma uit het buitenland", True), ("een master uit Leiden", False), ("ik woon in Zwolle", False),
    ("a primary school teacher from the UK", True), ("ik heb in de VS gestudeerd", True),
    ("ik werk in de bouw", False),
])
def test_a_diploma_or_job_abroad_is_recognised(text, abroad):
    assert mentions_abroad(text) is abroad


@pytest.mark.parametrize(("text", "education"), [
    ("ik geef les op een basisschool", True), ("ik ben docent", True), ("ik werk in een winkel", False),
])
def test_talk_about_teaching_is_recognised(text, education):
    assert mentions_education(text) is education
