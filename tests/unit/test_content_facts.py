"""Facts the store gives, pinned against ../shared/domain/facts.md: amounts, study forms, rules and
which facts are marked unconfirmed (the bot then tells the visitor to check them)."""

from __future__ import annotations

from knowledge.recommender import Profile


def advice(repository, route_id: str, **profile):
    return repository.advice_for_route(Profile(**profile), route_id)


def scheme(item, name: str):
    return next(f for f in item.funding if f.name == name)


ASSISTANT_TO_PABO = dict(education_level="mbo-4", sector="po", situation="onderwijsassistent")
SOOL = "Subsidie onderwijspersoneel opleiding tot leraar (SOOL)"


# -- eerstegraads zij-instroom (facts 1.5, 1.8) ------------------------------------------------------------------


def test_eerstegraads_zij_instroom_is_advised_to_a_wo_master(repository):
    routes = repository.recommend(Profile(education_level="wo-master", sector="vo", study_form="werkend leren")).advice
    assert "eerstegraads bevoegdheid" in [a.qualification for a in routes if a.needs_job]


def test_tweedegraads_zij_instroom_promises_tweedegraads_only(repository):
    item = advice(repository, "zij-instroom-vo", education_level="hbo", sector="vo")
    assert item.qualification == "tweedegraads bevoegdheid" and "eerstegraads" not in item.summary + item.result


def test_zij_instroom_vo_names_the_two_years_without_lerarenopleiding(repository):
    for route_id, level in (("zij-instroom-vo", "hbo"), ("zij-instroom-vo-eerstegraads", "wo-master")):
        requirement = advice(repository, route_id, education_level=level, sector="vo").requirement
        assert "twee jaar ervoor niet op een lerarenopleiding" in requirement, route_id


# -- amounts and forms ------------------------------------------------------------------------------------------


def test_sool_is_one_sum_of_20000_euro_since_february_2024(repository):
    sool = scheme(advice(repository, "pabo-voltijd", **ASSISTANT_TO_PABO), SOOL)
    assert "in één keer" in sool.amount and "20.000 euro" in sool.amount and "per jaar" not in sool.amount


def test_sool_states_until_when_the_scheme_runs(repository):
    assert "tot en met 2025" in scheme(advice(repository, "pabo-voltijd", **ASSISTANT_TO_PABO), SOOL).amount


def test_sool_is_confirmed_by_its_sources(repository):
    assert scheme(advice(repository, "pabo-voltijd", **ASSISTANT_TO_PABO), SOOL).confirmed


def test_zij_instroom_po_costs_leave_out_the_2019_vo_price(repository):
    assert "2.550" not in advice(repository, "zij-instroom-po", education_level="hbo", sector="po").costs


def test_hbo_master_can_be_followed_voltijd(repository):
    item = advice(repository, "hbo-master-leraar", education_level="hbo", sector="vo", situation="leraar-tweedegraads")
    assert "voltijd" in item.forms


def test_hbo_master_is_open_after_a_related_bachelor_without_bevoegdheid(repository):
    fits, _ = repository.explain_route(Profile(education_level="hbo", sector="vo"), "hbo-master-leraar-maatwerk")
    assert fits


def test_educatieve_module_is_half_a_year_voltijd(repository):
    item = advice(repository, "educatieve-module", education_level="wo-master", sector="vo")
    assert (item.forms, item.duration_months) == (["voltijd"], 6)


def test_pabo_costs_at_an_unfunded_school_do_not_claim_wettelijk_collegegeld(repository):
    item = advice(repository, "pabo-voltijd", education_level="havo", sector="po")
    assert set(item.unfunded_institutions) == {"Hogeschool NCOI", "LOI Hogeschool"}
    assert "wettelijk collegegeld" not in item.costs_unfunded.lower()


# -- confirmation flags ----------------------------------------------------------------------------------------


def test_ad_pep_vrijstellingen_at_the_pabo_are_unconfirmed(repository):
    item = advice(repository, "ad-pep", education_level="mbo-4", sector="po")
    assert "vrijstellingen" in item.requirement and not item.requirement_confirmed


def test_ad_beroepsonderwijs_doorstroom_is_unconfirmed(repository):
    assert not advice(repository, "ad-beroepsonderwijs", education_level="mbo-4", sector="mbo").requirement_confirmed


def test_instellingscollegegeld_for_the_shortened_pabo_is_unconfirmed(repository):
    item = advice(repository, "verkorte-pabo", education_level="hbo", sector="po")
    assert not scheme(item, "instellingscollegegeld").confirmed


def test_instellingscollegegeld_for_the_one_year_wo_route_is_unconfirmed(repository):
    item = advice(repository, "wo-lerarenopleiding-60", education_level="wo-master", sector="vo")
    assert not scheme(item, "instellingscollegegeld").confirmed


def test_wettelijk_collegegeld_itself_stays_confirmed(repository):
    assert scheme(advice(repository, "verkorte-pabo", education_level="hbo", sector="po"),
                  "wettelijk collegegeld").confirmed


def test_months_of_the_zij_instroom_steps_are_unconfirmed(repository):
    for route_id, level, sector in (("zij-instroom-po", "hbo", "po"), ("zij-instroom-vo", "hbo", "vo")):
        steps = advice(repository, route_id, education_level=level, sector=sector).steps
        assert [s.confirmed for s in steps if s.duration_months] == [False, False, False], route_id


def test_zij_instroom_mbo_steps_are_unconfirmed(repository):
    steps = advice(repository, "zij-instroom-mbo", education_level="hbo", sector="mbo").steps
    assert not any(s.confirmed for s in steps)


def test_recognition_of_a_foreign_diploma_in_four_months_is_unconfirmed(repository):
    item = advice(repository, "buitenlands-diploma", education_level="wo-master", sector="vo",
                  situation="buitenlandse-bevoegdheid")
    assert item.duration_months == 4 and not item.confirmed


# -- sources ---------------------------------------------------------------------------------------------------


def test_zij_instroom_mbo_cites_a_page_about_the_pdg(repository):
    source = advice(repository, "zij-instroom-mbo", education_level="hbo", sector="mbo").source
    assert "pedagogisch-didactisch-getuigschrift" in source
