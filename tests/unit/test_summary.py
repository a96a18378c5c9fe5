"""The "jouw routeadvies" summary (actions/summary.py), built from the store's real advice."""

import datetime as dt

from actions.summary import summary_data, summary_text
from knowledge.places import display_name
from knowledge.recommender import Profile

TODAY = dt.date(2026, 11, 28)


def advice_and_desk(repository):
    advice = repository.recommend(Profile(education_level="havo", sector="po", study_form="voltijd")).advice
    return advice, repository.national_desk()


def test_summary_lists_the_visitor_the_routes_and_the_desk(repository):
    advice, desk = advice_and_desk(repository)
    text = summary_text(["havo", "basisonderwijs", "Zwolle"], advice, desk, TODAY)
    lines = text.splitlines()
    assert lines[0] == "Jouw routeadvies"
    assert lines[1] == "Over jou: havo, basisonderwijs, Zwolle."
    assert lines[3].startswith(f"1. {advice[0].name}: ")
    assert f"Jouw loket: {desk.name}" in text
    assert "Gemaakt op 28 november 2026." in text


def test_summary_without_routes_points_to_an_advisor(repository):
    _, desk = advice_and_desk(repository)
    assert "Een adviseur kijkt graag met je mee." in summary_text(["vmbo"], [], desk, TODAY)


def test_summary_data_carries_source_and_peildatum_per_route(repository):
    advice, desk = advice_and_desk(repository)
    data = summary_data(["havo"], advice, desk, "tekst")
    assert data["type"] == "routeadvies" and data["tekst"] == "tekst"
    assert all(r["bron"].startswith("http") and r["peildatum"] for r in data["routes"])
    assert data["loket"]["naam"] == desk.name


def test_place_names_are_shown_without_the_statistics_office_qualifier():
    assert display_name("Middelburg (Z.)") == "Middelburg"
    assert display_name("Rijswijk (ZH.)") == "Rijswijk"
    assert display_name("Zwolle") == "Zwolle"


def test_summary_data_carries_the_desk_source_and_the_date_it_was_made(repository):
    advice, desk = advice_and_desk(repository)
    data = summary_data(["havo"], advice, desk, "tekst", TODAY)
    assert data["loket"]["bron"].startswith("http") and data["loket"]["peildatum"]
    assert data["gemaakt_op"] == TODAY.isoformat()
