"""Per route, the institutions where the facts file says you can follow it, and no others.

Pinned from ../shared/domain/facts.md (section 3, "Key counts", and the programme lines of 1.2,
1.5, 1.7, 1.8, 1.9, 1.12 and 4.1), so that regrouping programmes cannot bring back a route
that sends a visitor to a school that does not offer it.
"""

from __future__ import annotations

import pytest

from knowledge.files import read_files
from knowledge.recommender import Profile

PABO = {  # CROHO 34808: 25 institutions
    "Avans Hogeschool", "Christelijke Hogeschool Ede", "De Haagse Hogeschool", "Driestar Hogeschool",
    "Fontys Hogeschool", "HAN University of Applied Sciences", "HZ University of Applied Sciences", "Hanze",
    "Hogeschool De Kempel", "Hogeschool IPABO", "Hogeschool Inholland", "Hogeschool KPZ", "Hogeschool Leiden",
    "Hogeschool NCOI", "Hogeschool Rotterdam", "Hogeschool Utrecht", "Hogeschool Viaa", "Hogeschool van Amsterdam",
    "Iselinge Hogeschool", "LOI Hogeschool", "Marnix Academie", "NHL Stenden", "Saxion", "Thomas More Hogeschool",
    "Windesheim",
}
TWEEDEGRAADS = {  # hbo-bachelor 2e graad (35xxx)
    "Aeres Hogeschool", "Christelijke Hogeschool Ede", "Driestar Hogeschool", "Fontys Hogeschool",
    "HAN University of Applied Sciences", "Hogeschool Leiden", "Hogeschool NCOI", "Hogeschool Rotterdam",
    "Hogeschool Utrecht", "Hogeschool Viaa", "Hogeschool van Amsterdam",
    "Hogeschool voor Pedagogisch en Sociaal-Agogisch Onderwijs Groningen", "LOI Hogeschool", "NHL Stenden",
    "Saxion Next", "Windesheim",
}
WO_LERARENOPLEIDING = {  # Leraar VHO and Educatie in ...; Leiden, RUG and UvA outside the HOVI data
    "Radboud Universiteit", "Tilburg University", "Technische Universiteit Eindhoven", "Universiteit Twente",
    "Universiteit Utrecht", "Vrije Universiteit Amsterdam", "Technische Universiteit Delft",
    "Universiteit Leiden (ICLON)", "Rijksuniversiteit Groningen", "Universiteit van Amsterdam",
}

EXPECTED = [
    # (route, profile, institutions)
    ("pabo-voltijd", {}, PABO),
    ("pabo-deeltijd", {}, PABO),
    ("verkorte-pabo", {}, PABO),
    ("academische-pabo", {}, {"NHL Stenden", "Hogeschool Leiden", "Hogeschool Utrecht"}),
    ("pwpo", {}, {"Radboud Universiteit"}),
    ("empo", {}, {"Erasmus Universiteit Rotterdam", "Vrije Universiteit Amsterdam", "Universiteit Leiden (ICLON)"}),
    ("zij-instroom-po", {}, {"Fontys Hogeschool", "Hogeschool Utrecht"}),
    ("ad-pep", {}, {  # CROHO 80142: 15 institutions
        "Christelijke Hogeschool Ede", "Driestar Hogeschool", "Fontys Hogeschool", "HAN University of Applied Sciences",
        "HZ University of Applied Sciences", "Hanze", "Hogeschool IPABO", "Hogeschool Inholland", "Hogeschool KPZ",
        "Hogeschool NCOI", "Hogeschool Rotterdam", "Iselinge Hogeschool", "Marnix Academie", "Saxion", "Windesheim"}),
    ("ad-beroepsonderwijs", {}, {
        "Academica University of Applied Sciences", "Hogeschool Utrecht", "Hogeschool Viaa", "NHL Stenden",  # DEP
        "Aeres Hogeschool", "Hogeschool Rotterdam", "Hogeschool van Amsterdam", "Windesheim",  # EPB
        "HAN University of Applied Sciences", "Hogeschool Leiden", "Fontys Hogeschool"}),  # onderwijsondersteuner
    ("tweedegraads-bachelor", {}, TWEEDEGRAADS),
    ("kopopleiding", {}, {"Hogeschool Leiden", "Hogeschool Rotterdam"}),
    ("kopopleiding", {"subject": "economie"}, {"Hogeschool Rotterdam"}),
    ("educatieve-minor", {}, {"Radboud Universiteit", "Technische Universiteit Eindhoven",
                              "Universiteit Leiden (ICLON)", "Universiteit Utrecht"}),
    ("educatieve-minor", {"subject": "geschiedenis"}, {"Radboud Universiteit", "Universiteit Leiden (ICLON)",
                                                       "Universiteit Utrecht"}),
    ("educatieve-module", {}, {"Universiteit Leiden (ICLON)", "Universiteit Utrecht"}),
    ("hbo-master-leraar", {}, {"Fontys Hogeschool", "Hogeschool Utrecht", "HAN University of Applied Sciences",
                               "Hogeschool van Amsterdam", "NHL Stenden", "Christelijke Hogeschool Ede",
                               "Windesheim"}),
    ("hbo-master-leraar", {"subject": "wiskunde"}, {"Fontys Hogeschool", "Hogeschool Utrecht",
                                                    "HAN University of Applied Sciences", "Hogeschool van Amsterdam",
                                                    "NHL Stenden"}),
    ("hbo-master-leraar-maatwerk", {}, {"Fontys Hogeschool"}),
    ("wo-lerarenopleiding-60", {}, WO_LERARENOPLEIDING),
    ("wo-lerarenopleiding-60", {"subject": "geschiedenis"}, WO_LERARENOPLEIDING - {"Technische Universiteit Delft"}),
    ("wo-educatieve-master", {}, WO_LERARENOPLEIDING),
    ("zij-instroom-vo", {}, {"Hogeschool van Amsterdam", "Aeres Hogeschool"}),
    ("zij-instroom-vo-eerstegraads", {}, {"Universiteit Leiden (ICLON)"}),
    ("trainees-in-onderwijs", {}, set()),
    ("pdg", {}, {"Fontys Hogeschool", "Hogeschool Leiden", "Hogeschool Utrecht"}),
    ("zij-instroom-mbo", {}, {"Fontys Hogeschool", "Hogeschool Leiden", "Hogeschool Utrecht"}),
    ("alo", {}, {"De Haagse Hogeschool", "Fontys Hogeschool", "HAN University of Applied Sciences", "Hanze",
                 "Hogeschool van Amsterdam", "Windesheim"}),
    ("kunstvakdocent", {"subject": "beeldende-vorming"}, {
        "Amsterdamse Hogeschool voor de Kunsten", "ArtEZ University of the Arts", "Fontys Hogeschool", "HKU", "Hanze",
        "Hogeschool Rotterdam", "NHL Stenden", "Zuyd Hogeschool"}),
    ("kunstvakdocent", {"subject": "dans"}, {
        "Amsterdamse Hogeschool voor de Kunsten", "ArtEZ University of the Arts", "Codarts Hogeschool voor de Kunsten",
        "Fontys Hogeschool", "Hanze", "Hogeschool Leiden"}),
    ("kunstvakdocent", {"subject": "muziek"}, {
        "Amsterdamse Hogeschool voor de Kunsten", "ArtEZ University of the Arts", "Codarts Hogeschool voor de Kunsten",
        "Fontys Hogeschool", "HKU", "Hanze", "Hogeschool Leiden", "Hogeschool der Kunsten Den Haag",
        "Zuyd Hogeschool"}),
    ("kunstvakdocent", {"subject": "theater"}, {
        "Amsterdamse Hogeschool voor de Kunsten", "ArtEZ University of the Arts", "Fontys Hogeschool", "HKU",
        "NHL Stenden", "Zuyd Hogeschool"}),
    ("pabo-vmbo-onderbouw", {}, {"Windesheim"}),
    ("tweede-bevoegdheid", {"sector": "po"}, PABO),
    ("tweede-bevoegdheid", {"sector": "vo"}, TWEEDEGRAADS),
    ("herintreden", {}, set()),
    ("buitenlands-diploma", {}, set()),
]


def names(repository, route_id: str, **profile) -> set[str]:
    return {i.name for i in repository.institutions_for_route(route_id, Profile(**profile))}


@pytest.mark.parametrize(("route_id", "profile", "expected"), EXPECTED,
                         ids=[f"{r}{'-' + '-'.join(p.values()) if p else ''}" for r, p, _ in EXPECTED])
def test_route_is_offered_only_where_the_facts_file_says(repository, route_id, profile, expected):
    assert names(repository, route_id, **profile) == expected


def test_every_route_is_pinned():
    assert {r["id"] for r in read_files().get("routes.yml")} == {route_id for route_id, _, _ in EXPECTED}


def test_academic_pabo_is_not_at_every_pabo(repository):
    """21 of the 25 pabo institutions offer a variant; the distance pabos LOI and NCOI are not named."""
    assert not {"LOI Hogeschool", "Hogeschool NCOI"} & names(repository, "academische-pabo")


def test_empo_in_leiden_is_marked_unconfirmed(repository):
    leiden = [i for i in repository.institutions_for_route("empo") if i.city == "Leiden"]
    assert [i.confirmed for i in leiden] == [False]


def test_a_kunstvak_school_is_shown_with_the_discipline_it_offers(repository):
    codarts = [i for i in repository.institutions_for_route("kunstvakdocent", Profile(subject="dans"))
               if i.name.startswith("Codarts")]
    assert [i.programme for i in codarts] == ["Docent Dans"]


def test_the_hbo_master_names_its_voltijd_location(repository):
    institutions = repository.institutions_for_route("hbo-master-leraar", Profile(subject="wiskunde"))
    assert ("Fontys Hogeschool", "Sittard", ("voltijd",)) in [(i.name, i.city, i.forms) for i in institutions]


def test_unfunded_institutions_are_marked(repository):
    loi = [i for i in repository.institutions_for_route("pabo-voltijd") if i.name == "LOI Hogeschool"]
    assert [i.funded for i in loi] == [False]
