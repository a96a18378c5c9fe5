"""`python -m knowledge validate`: passes on the shipped data, names file and row for broken data."""

import shutil
from pathlib import Path

import pytest
import yaml

from knowledge.cli import main
from knowledge.files import DATA_DIR, read_files
from knowledge.validation import validate


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(directory: Path, name: str, change) -> None:
    path = directory / name
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")


def messages(directory: Path) -> list[str]:
    return [str(p) for p in validate(read_files(directory))]


def test_shipped_data_is_valid():
    assert validate(read_files()) == []


def test_cli_validate_exits_zero_on_shipped_data(capsys):
    assert main(["validate"]) == 0


def test_unknown_qualification_is_reported_with_row(data_copy):
    edit(data_copy, "routes.yml", lambda routes: routes[0].update(qualification="onbekend"))
    assert messages(data_copy) == ["routes.yml, rij 1 (pabo-voltijd): onbekende bevoegdheid 'onbekend'"]


def test_missing_source_is_reported(data_copy):
    edit(data_copy, "qualifications.yml", lambda rows: rows[1].pop("source"))
    assert messages(data_copy) == ["qualifications.yml, rij 2 (tweedegraads): veld 'source' ontbreekt"]


def test_bad_peildatum_is_reported(data_copy):
    edit(data_copy, "routes.yml", lambda routes: routes[1].update(peildatum="gisteren"))
    assert messages(data_copy) == ["routes.yml, rij 2 (pabo-deeltijd): peildatum 'gisteren' is geen datum (JJJJ-MM-DD)"]


def test_duplicate_id_is_reported(data_copy):
    edit(data_copy, "routes.yml", lambda routes: routes[1].update(id="pabo-voltijd"))
    assert "routes.yml, rij 2 (pabo-voltijd): dubbele id 'pabo-voltijd'" in messages(data_copy)


def test_unknown_municipality_in_desk_coverage_is_reported(data_copy):
    edit(data_copy, "desks.yml", lambda desks: desks["regional"][0]["coverage"]["po"].append("GM9999"))
    assert messages(data_copy) == ["desks.yml, rij 1 (hatseklas): onbekende gemeente 'GM9999' bij sector 'po'"]


def test_missing_national_desk_is_reported(data_copy):
    edit(data_copy, "desks.yml", lambda desks: desks.pop("national"))
    assert any("landelijk loket" in m for m in messages(data_copy))


def test_unknown_education_level_in_route_entries_is_reported(data_copy):
    edit(data_copy, "routes.yml", lambda routes: routes[0]["entries"][0]["education"].append("phd"))
    assert messages(data_copy) == ["routes.yml, rij 1 (pabo-voltijd): onbekende vooropleiding 'phd'"]


def test_unknown_funding_scheme_in_route_is_reported(data_copy):
    edit(data_copy, "routes.yml", lambda routes: routes[0]["funding"].append("gratis-geld"))
    assert messages(data_copy) == ["routes.yml, rij 1 (pabo-voltijd): onbekende financiering 'gratis-geld'"]


def test_unknown_situation_in_funding_is_reported(data_copy):
    edit(data_copy, "funding.yml", lambda rows: rows[3].update(situations=["astronaut"]))
    assert messages(data_copy) == ["funding.yml, rij 4 (lerarenbeurs): onbekende situatie 'astronaut'"]


def test_institution_city_missing_from_places_is_reported(data_copy):
    edit(data_copy, "institutions.yml", lambda rows: rows[0]["offerings"][0]["cities"].append("Atlantis"))
    assert messages(data_copy) == ["institutions.yml, rij 1 (academica): plaats 'Atlantis' staat niet in places.yml"]


def test_unknown_programme_of_a_route_is_reported(data_copy):
    edit(data_copy, "routes.yml", lambda routes: routes[0].update(programmes=["maanschool"]))
    assert messages(data_copy) == ["routes.yml, rij 1 (pabo-voltijd): onbekend programma 'maanschool'"]


def add_programme(directory: Path, programme: dict, institution: str, offering: dict) -> None:
    """A programme in programmes.yml, offered by one institution."""
    edit(directory, "programmes.yml", lambda rows: rows.append(
        {"source": "https://example.org/pagina", "peildatum": "2025-02-14", **programme}))
    edit(directory, "institutions.yml", lambda rows: next(r for r in rows if r["id"] == institution)
         ["offerings"].append({"programme": programme["id"], **offering}))


def route(routes: list[dict], route_id: str) -> dict:
    return next(r for r in routes if r["id"] == route_id)


def test_route_whose_programme_nobody_offers_in_its_form_is_reported(data_copy):
    add_programme(data_copy, {"id": "avondpabo", "name": "Avondpabo"}, "avans",
                  {"cities": ["Breda"], "forms": ["deeltijd"]})
    edit(data_copy, "routes.yml", lambda routes: routes[0].update(programmes=["avondpabo"]))
    assert messages(data_copy) == [
        "routes.yml, rij 1 (pabo-voltijd): geen instelling biedt programma 'avondpabo' aan in voltijd"]


def test_one_programme_for_several_disciplines_is_reported(data_copy):
    """The old grouping: one kind for four kunstvakken put Codarts under beeldend and theater."""
    add_programme(data_copy, {"id": "kunstvakdocent", "name": "Docent kunstvak"}, "codarts",
                  {"cities": ["Rotterdam"]})
    edit(data_copy, "routes.yml", lambda routes: route(routes, "kunstvakdocent").update(programmes=["kunstvakdocent"]))
    assert any("programma 'kunstvakdocent' noemt geen vak" in m for m in messages(data_copy))


def test_offering_registered_under_another_programme_is_reported(data_copy):
    """The old grouping of PWPO and EMPO: Erasmus offers EMPO (60979), not PWPO (59329)."""
    edit(data_copy, "institutions.yml", lambda rows: next(r for r in rows if r["id"] == "eur")["offerings"][0]
         .update(programme="pwpo"))
    assert messages(data_copy) == [
        "institutions.yml, rij 9 (eur): CROHO-code 60979 hoort niet bij programma 'pwpo' (59329)"]


def test_wettelijk_collegegeld_at_an_unfunded_institution_is_reported(data_copy):
    edit(data_copy, "routes.yml", lambda routes: routes[0].pop("costs_unfunded"))
    assert messages(data_copy) == [
        "routes.yml, rij 1 (pabo-voltijd): de kosten noemen het wettelijk collegegeld, maar LOI Hogeschool, "
        "Hogeschool NCOI krijgt geen geld van de overheid: geef 'costs_unfunded' een tekst zonder wettelijk "
        "collegegeld"]


def test_cost_text_for_unfunded_institutions_may_not_claim_wettelijk_collegegeld(data_copy):
    edit(data_copy, "routes.yml",
         lambda routes: routes[0].update(costs_unfunded="Je betaalt het wettelijk collegegeld."))
    assert any("de kosten noemen het wettelijk collegegeld" in m for m in messages(data_copy))


def test_unfunded_institution_on_a_route_without_that_claim_is_fine(data_copy):
    edit(data_copy, "routes.yml", lambda routes: route(routes, "tweede-bevoegdheid").pop("costs_unfunded"))
    assert messages(data_copy) == []


def test_unknown_scheme_in_an_unsure_funding_link_is_reported(data_copy):
    edit(data_copy, "routes.yml", lambda routes: routes[0]["funding"].append({"id": "gratis-geld", "confirmed": False}))
    assert messages(data_copy) == ["routes.yml, rij 1 (pabo-voltijd): onbekende financiering 'gratis-geld'"]


def test_bad_croho_code_of_a_programme_is_reported(data_copy):
    edit(data_copy, "programmes.yml", lambda rows: rows[0].update(croho=["3480"]))
    assert "programmes.yml, rij 1 (pabo): CROHO-code '3480' heeft niet de vorm 00000" in messages(data_copy)


def test_step_without_duration_is_reported(data_copy):
    edit(data_copy, "routes.yml", lambda routes: routes[0]["steps"][0].pop("months"))
    assert messages(data_copy) == [
        "routes.yml, rij 1 (pabo-voltijd): een stap heeft een 'title' en een geheel aantal 'months' nodig"]


def test_unknown_study_form_is_reported(data_copy):
    edit(data_copy, "routes.yml", lambda routes: routes[0]["forms"].append("avondschool"))
    assert messages(data_copy) == ["routes.yml, rij 1 (pabo-voltijd): onbekende studievorm 'avondschool'"]


def test_broken_yaml_is_reported_with_file_name(data_copy, capsys):
    (data_copy / "funding.yml").write_text("- id: [niet afgesloten\n", encoding="utf-8")
    assert main(["validate", "--data-dir", str(data_copy)]) == 2
    assert "funding.yml: geen geldige YAML" in capsys.readouterr().err


def test_cli_validate_exits_non_zero_with_message(data_copy, capsys):
    edit(data_copy, "places.yml", lambda places: places["places"].append({"name": "Nergens", "municipality": "GM0000"}))
    row = len(yaml.safe_load((data_copy / "places.yml").read_text(encoding="utf-8"))["places"])
    assert main(["validate", "--data-dir", str(data_copy)]) == 1
    assert f"places.yml, rij {row} (Nergens): onbekende gemeente 'GM0000'" in capsys.readouterr().err


def test_load_refuses_invalid_data_and_keeps_database(data_copy, tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'k.db'}"
    assert main(["--database-url", url, "load"]) == 0
    edit(data_copy, "routes.yml", lambda routes: routes[0].update(qualification="onbekend"))
    assert main(["--database-url", url, "load", "--data-dir", str(data_copy)]) == 1
    assert main(["--database-url", url, "routes", "--vooropleiding", "havo", "--sector", "po"]) == 0


def test_an_faq_family_of_one_row_is_reported(data_copy):
    edit(data_copy, "faq.yml", lambda rows: rows[0].update(family="eenling"))
    assert messages(data_copy) == [
        "faq.yml, rij 1 (zij-instroom): family 'eenling' heeft maar één rij: geef de verwante rijen dezelfde"]


def test_an_faq_row_may_name_the_route_it_is_about_as_its_family(data_copy):
    edit(data_copy, "faq.yml", lambda rows: rows[0].update(family="pabo-voltijd"))
    assert messages(data_copy) == []
