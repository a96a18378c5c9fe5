"""The place resolver on names, woonplaatsen, postcodes, variants, typos and sentences."""

from __future__ import annotations

import csv

import pytest

BASELINE_CASES = [
    ("Zwolle", "GM0193"), ("zwolle", "GM0193"), ("ZWOLLE", "GM0193"), ("Zwole", "GM0193"),
    ("ik woon in Zwolle", "GM0193"), ("ik woon in zwole", "GM0193"), ("Den Haag", "GM0518"),
    ("den haag", "GM0518"), ("'s-Gravenhage", "GM0518"), ("s-Gravenhage", "GM0518"), ("Den Bosch", "GM0796"),
    ("'s-Hertogenbosch", "GM0796"), ("Hertogenbosch", "GM0796"), ("ik woon in den bosch", "GM0796"),
    ("Amsterdam", "GM0363"), ("Amsterdm", "GM0363"), ("Rotterdam.", "GM0599"), ("Rotterdm", "GM0599"),
    ("Scheveningen", "GM0518"), ("Groningen", "GM0014"), ("Groningn", "GM0014"), ("Maastricht", "GM0935"),
    ("Utreht", "GM0344"), ("Nijmege", "GM0268"), ("Eindhovn", "GM0772"), ("Rijswijk", "GM0603"),
    ("Sittard", "GM1883"), ("Geleen", "GM1883"), ("Hoofddorp", "GM0394"), ("Drachten", "GM0090"),
    ("Velp", "GM0275"), ("Sneek", "GM1900"), ("Súdwest-Fryslân", "GM1900"), ("Sudwest Fryslan", "GM1900"),
    ("Alphen aan den Rijn", "GM0484"), ("alphen a/d rijn", "GM0484"), ("Capelle a.d. IJssel", "GM0502"),
    ("Capelle aan den IJssel", "GM0502"), ("St. Michielsgestel", "GM0845"),
    ("Bergen op Zoom", "GM0748"), ("in de buurt van Leiden", "GM0546"), ("Ede", "GM0228"), ("Best", "GM0753"),
]


@pytest.mark.parametrize(("text", "code"), BASELINE_CASES)
def test_baseline_resolves_to_municipality(repository, text, code):
    match = repository.resolve_place(text)
    assert match is not None, text
    assert match.municipality_code == code


IMPORTED_CASES = [
    ("8011", "GM0193"), ("8011 AB", "GM0193"), ("8011AB", "GM0193"), ("mijn postcode is 3512", "GM0344"),
    ("1012", "GM0363"), ("2511 CV", "GM0518"), ("9711", "GM0014"), ("6211", "GM0935"),
    ("Bemmel", "GM1705"), ("Huissen", "GM1705"), ("Ens", "GM0171"), ("Schoonhoven", "GM1931"),
    ("1e Exloërmond", "GM1681"), ("Exloërmond", None),
]


@pytest.mark.parametrize(("text", "code"), [c for c in IMPORTED_CASES if c[1]])
def test_imported_regions_resolve_postcodes_and_woonplaatsen(regions_repository, text, code):
    match = regions_repository.resolve_place(text)
    assert match is not None, text
    assert match.municipality_code == code


def test_postcode_match_says_it_was_a_postcode(regions_repository):
    assert regions_repository.resolve_place("8011 AB").how == "postcode"


def test_postcode_spanning_two_municipalities_uses_the_one_with_most_addresses(regions_repository, regions_dir):
    rows = list(csv.DictReader((regions_dir / "pc4_gemeente.csv").open(encoding="utf-8")))
    split = [r for r in rows if r["primair"] == "1" and float(r["aandeel"]) < 1.0]
    assert split, "the data set has split postcodes"
    for row in split[:5]:
        assert regions_repository.resolve_place(row["pc4"]).municipality_code == row["gemeentecode"]


@pytest.mark.parametrize("text", [
    "", "   ", "leraar", "ik weet het niet", "xyz", "geen idee", "ik wil leraar worden", "hallo", "ja", "nee",
])
def test_text_without_a_place_resolves_to_nothing(repository, text):
    assert repository.resolve_place(text) is None


def test_typo_match_says_it_was_a_spelling_match(repository):
    assert repository.resolve_place("Zwole").how == "spelling"


def test_unknown_postcode_without_import_is_no_match(repository):
    assert repository.resolve_place("8011") is None


def test_place_with_regional_desk_gets_that_desk_for_its_sector(repository):
    answer = repository.desks_for_place("Zwolle", "po")
    assert [d.name for d in answer.desks] == ["Hatseklas"]


def test_ik_word_leerkracht_serves_haarlemmermeer(repository):
    """The regional data ties this po desk to Haarlemmermeer (Hoofddorp), not only to Haarlem."""
    assert [d.name for d in repository.desks_for_place("Hoofddorp", "po").desks] == ["Ik word leerkracht"]


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


def test_imported_po_desk_is_not_the_answer_to_a_vo_question(regions_repository):
    po = {d.name for d in regions_repository.desks_for_place("Nijmegen", "po").desks}
    vo = {d.name for d in regions_repository.desks_for_place("Nijmegen", "vo").desks}
    assert "Onderwijsloket Nijmegen" in po and "Onderwijsloket Nijmegen" not in vo
    assert "Leraar in Nijmegen" in vo


def test_imported_national_networks_are_not_given_as_regional_desk(regions_repository):
    names = {d.name for d in regions_repository.desks_for_place("Zwolle", "po").desks}
    assert "Progressus" not in names and "Hatseklas" in names


@pytest.mark.parametrize("sector", ["po", "vo", "mbo"])
def test_every_municipality_resolves_and_gets_a_desk_or_the_national_loket(regions_repository, regions_dir, sector):
    rows = list(csv.DictReader((regions_dir / "gemeenten.csv").open(encoding="utf-8")))
    assert len(rows) == 342
    for row in rows:
        match = regions_repository.resolve_place(row["gemeentenaam"])
        assert match is not None and match.municipality_code == row["gemeentecode"], row["gemeentenaam"]
        desks = regions_repository.desks_for_municipality(row["gemeentecode"], sector)
        assert desks, row["gemeentenaam"]
        assert all(d.website for d in desks)


def test_limburg_vo_gets_its_regional_desk_after_import(regions_repository):
    assert [d.name for d in regions_repository.desks_for_place("Maastricht", "vo").desks] == ["Limburg VO"]


@pytest.mark.parametrize(("text", "found"), [("pabo in 2015 gehaald", "2015"), ("ik woon op 8011 AB", "8011 AB"),
                                             ("8011ab", "8011ab")])
def test_a_postcode_takes_the_space_only_with_its_letters(text, found):
    from knowledge.places import POSTCODE
    assert POSTCODE.search(text).group(0) == found
