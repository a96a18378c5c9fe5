"""The "Meer over" and institution answers (actions/routes.py) read the offering model."""

from __future__ import annotations

from actions.routes import details_message, institutions_message, no_institution_message, route_message
from knowledge.recommender import Profile


def advice(repository, route_id: str, **profile):
    return repository.advice_for_route(Profile(**profile), route_id)


def test_details_give_the_costs_at_unfunded_schools_by_name(repository):
    text = details_message(advice(repository, "pabo-voltijd", education_level="havo", sector="po"))
    line = next(x for x in text.splitlines() if x.startswith("Kosten bij "))
    assert "LOI Hogeschool" in line and "Hogeschool NCOI" in line and "wettelijk collegegeld" not in line


def test_details_without_unfunded_schools_have_one_cost_line(repository):
    text = details_message(advice(repository, "pwpo", education_level="vwo", sector="po"))
    assert [x for x in text.splitlines() if x.startswith("Kosten")] == ["Kosten: Je betaalt het wettelijk collegegeld."]


def test_details_mark_unconfirmed_steps(repository):
    text = details_message(advice(repository, "zij-instroom-po", education_level="hbo", sector="po"))
    assert "- Geschiktheidsonderzoek met portfolio en assessment (2 maanden, nog niet zeker)" in text.splitlines()


def test_details_mark_an_unsure_funding_scheme(repository):
    text = details_message(advice(repository, "verkorte-pabo", education_level="hbo", sector="po"))
    assert "instellingscollegegeld (nog niet zeker)" in text


def test_an_unconfirmed_requirement_is_said_to_be_unsure(repository):
    assert "Dit is nog niet zeker." in route_message(1, advice(repository, "ad-pep", education_level="havo",
                                                                sector="po"))


def test_institution_list_shows_form_and_unfunded_schools(repository):
    text = institutions_message(advice(repository, "pabo-voltijd", education_level="havo", sector="po",
                                       municipality_code="GM0547"))  # Leiderdorp
    assert "- LOI Hogeschool in Leiderdorp (geen geld van de overheid): https://www.loi.nl/" in text.splitlines()


def test_institution_list_names_the_programme_when_a_route_has_several(repository):
    text = institutions_message(advice(repository, "ad-beroepsonderwijs", education_level="mbo-4", sector="mbo",
                                       municipality_code="GM0193"))  # Zwolle
    assert "Windesheim in Zwolle (Ad Educatief Professional Beroepsonderwijs)" in text


def test_institution_list_shows_only_the_visitors_discipline(repository):
    text = institutions_message(advice(repository, "kunstvakdocent", education_level="vwo", sector="vo",
                                       subject="beeldende-vorming", municipality_code="GM0599"))  # Rotterdam
    assert "Codarts" not in text and "Hogeschool Rotterdam in Rotterdam" in text


def test_a_route_without_institutions_says_where_you_start(repository):
    item = advice(repository, "trainees-in-onderwijs", education_level="wo-master", sector="vo")
    assert item.institutions == [] and no_institution_message(item).startswith("Je solliciteert bij Trainees")
