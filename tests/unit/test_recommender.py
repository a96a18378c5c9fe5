"""The recommender, pinned on profiles written from the facts file (../shared/domain/facts.md)."""

from __future__ import annotations

import pytest

from knowledge.recommender import Profile


def advise(repository, **profile):
    return repository.recommend(Profile(**profile)).advice


def ids(repository, **profile) -> list[str]:
    return [a.route_id for a in advise(repository, **profile)]


def by_id(repository, route_id, **profile):
    return next(a for a in advise(repository, **profile) if a.route_id == route_id)


FIRST_ROUTE = [
    # (why, profile, first route)
    ("havo pupil to the basisschool: voltijd pabo", dict(education_level="havo", sector="po"), "pabo-voltijd"),
    ("adult havo who wants deeltijd", dict(education_level="havo", sector="po", study_form="deeltijd", age=35),
     "pabo-deeltijd"),
    ("hbo graduate to po: shortened pabo", dict(education_level="hbo", sector="po"), "verkorte-pabo"),
    ("hbo graduate who wants to work and learn: zij-instroom po",
     dict(education_level="hbo", sector="po", study_form="werkend leren"), "zij-instroom-po"),
    ("wo-master in a school subject: 60 EC university route",
     dict(education_level="wo-master", sector="vo", subject="wiskunde"), "wo-lerarenopleiding-60"),
    ("wo-master who wants to work at once: eerstegraads zij-instroom",
     dict(education_level="wo-master", sector="vo", study_form="werkend leren"), "zij-instroom-vo-eerstegraads"),
    ("hbo graduate who wants to work at once in vo: tweedegraads zij-instroom",
     dict(education_level="hbo", sector="vo", study_form="werkend leren"), "zij-instroom-vo"),
    ("wo-student: educatieve minor", dict(education_level="vwo", sector="vo", situation="wo-student"),
     "educatieve-minor"),
    ("hbo bachelor matching economie: kopopleiding", dict(education_level="hbo", sector="vo", subject="economie"),
     "kopopleiding"),
    ("havo to the middelbare school: tweedegraads bachelor", dict(education_level="havo", sector="vo"),
     "tweedegraads-bachelor"),
    ("mbo teacher without bevoegdheid: PDG",
     dict(education_level="hbo", sector="mbo", situation="mbo-docent-zonder-bevoegdheid"), "pdg"),
    ("mbo-4 mbo teacher: PDG with assessment",
     dict(education_level="mbo-4", sector="mbo", situation="mbo-docent-zonder-bevoegdheid"), "pdg"),
    ("tweedegraads teacher: hbo-master", dict(education_level="hbo", sector="vo", situation="leraar-tweedegraads"),
     "hbo-master-leraar"),
    ("gym teacher to be: ALO", dict(education_level="havo", sector="vo", subject="lichamelijke-opvoeding"), "alo"),
    ("music teacher to be: kunstvakdocent", dict(education_level="vwo", sector="po", subject="muziek"),
     "kunstvakdocent"),
    ("returning teacher: herintreden", dict(education_level="hbo", sector="po", situation="herintreder"),
     "herintreden"),
    ("teacher from abroad: DUO recognition",
     dict(education_level="wo-master", sector="vo", situation="buitenlandse-bevoegdheid"), "buitenlands-diploma"),
    ("onderwijsassistent with mbo-4 to po: pabo",
     dict(education_level="mbo-4", sector="po", situation="onderwijsassistent"), "pabo-voltijd"),
]


@pytest.mark.parametrize(("why", "profile", "first"), FIRST_ROUTE, ids=[c[0] for c in FIRST_ROUTE])
def test_best_route_for_profile(repository, why, profile, first):
    assert ids(repository, **profile)[0] == first


def test_havo_pabo_advice_names_the_admission_test(repository):
    assert "toelatingstoets" in by_id(repository, "pabo-voltijd", education_level="havo", sector="po").requirement


def test_mbo4_pabo_advice_names_three_admission_tests(repository):
    requirement = by_id(repository, "pabo-voltijd", education_level="mbo-4", sector="po").requirement
    assert "drie" in requirement and "toelatingstoetsen" in requirement


def test_vwo_to_po_includes_academic_routes(repository):
    assert {"academische-pabo", "pwpo"} <= set(
        a.route_id for a in repository.recommend(Profile(education_level="vwo", sector="po"), limit=10).advice)


def test_mbo_3_aged_25_may_enter_pabo_with_21_plus_test(repository):
    assert "21+-toets" in by_id(repository, "pabo-voltijd", education_level="mbo-2-3", sector="po", age=25).requirement


def test_mbo_3_aged_19_gets_no_pabo_and_hears_why(repository):
    result = repository.recommend(Profile(education_level="mbo-2-3", sector="po", age=19))
    assert "pabo-voltijd" not in [a.route_id for a in result.advice]
    reasons = next(n.reasons for n in result.not_fitting if n.route_id == "pabo-voltijd")
    assert any("21 jaar" in r for r in reasons)


def test_vmbo_to_vo_has_no_route(repository):
    assert ids(repository, education_level="vmbo", sector="vo", age=18) == []


def test_wo_master_to_po_includes_empo(repository):
    assert "empo" in ids(repository, education_level="wo-master", sector="po")


def test_wo_bachelor_to_vo_includes_two_year_educational_master(repository):
    assert "wo-educatieve-master" in ids(repository, education_level="wo-bachelor", sector="vo")


def test_mbo4_to_vo_may_do_zij_instroom_for_practical_subjects(repository):
    result = repository.recommend(Profile(education_level="mbo-4", sector="vo"), limit=10)
    advice = next(a for a in result.advice if a.route_id == "zij-instroom-vo")
    assert "praktijkvakken" in advice.requirement


def test_hbo_to_mbo_without_job_gets_no_pdg(repository):
    result = repository.recommend(Profile(education_level="hbo", sector="mbo"))
    assert "pdg" not in [a.route_id for a in result.advice]
    assert any("mbo zonder bevoegdheid" in r for n in result.not_fitting if n.route_id == "pdg" for r in n.reasons)


def test_tweedegraads_teacher_master_comes_with_lerarenbeurs(repository):
    advice = by_id(repository, "hbo-master-leraar", education_level="hbo", sector="vo", situation="leraar-tweedegraads")
    assert "Lerarenbeurs" in [f.name for f in advice.funding]


def test_hbo_master_is_not_for_someone_without_bevoegdheid(repository):
    fits, reasons = repository.explain_route(Profile(education_level="hbo", sector="vo"), "hbo-master-leraar")
    assert not fits
    assert "tweedegraads bevoegdheid" in reasons[0]


def test_mbo_cannot_enter_university_teacher_training(repository):
    fits, reasons = repository.explain_route(Profile(education_level="mbo-4", sector="vo"), "wo-lerarenopleiding-60")
    assert not fits
    assert reasons == ["Hiervoor heb je wo-master nodig."]


def test_havo_cannot_take_the_shortened_pabo(repository):
    fits, reasons = repository.explain_route(Profile(education_level="havo", sector="po"), "verkorte-pabo")
    assert not fits and "hbo-bachelor" in reasons[0]


def test_pabo_graduate_can_move_to_vmbo_onderbouw(repository):
    assert "pabo-vmbo-onderbouw" in ids(repository, education_level="hbo", sector="vo", situation="leraar-po")


def test_teacher_can_get_a_second_bevoegdheid(repository):
    assert "tweede-bevoegdheid" in ids(repository, education_level="hbo", sector="vo", situation="leraar-po")


def test_sool_funding_only_for_onderwijsassistent(repository):
    assistant = by_id(repository, "pabo-voltijd", education_level="mbo-4", sector="po", situation="onderwijsassistent")
    other = by_id(repository, "pabo-voltijd", education_level="mbo-4", sector="po")
    assert any("SOOL" in f.name for f in assistant.funding)
    assert not any("SOOL" in f.name for f in other.funding)


def test_ad_pep_says_it_gives_no_teaching_qualification(repository):
    advice = by_id(repository, "ad-pep", education_level="mbo-4", sector="po")
    assert advice.qualification == "geen lesbevoegdheid"


def test_institutions_nearest_first_for_zwolle(repository):
    advice = by_id(repository, "pabo-voltijd", education_level="havo", sector="po", municipality_code="GM0193")
    assert advice.institutions[0].city == "Zwolle"
    assert [i.distance_rank for i in advice.institutions] == sorted(i.distance_rank for i in advice.institutions)


def test_institutions_in_neighbouring_province_when_none_in_own(repository):
    advice = by_id(repository, "wo-lerarenopleiding-60", education_level="wo-master", sector="vo",
                   municipality_code="GM0935")  # Maastricht: no university teacher training in Limburg
    assert advice.institutions[0].distance_rank == 2


def test_steps_are_ordered_and_add_up_to_the_duration(repository):
    advice = by_id(repository, "zij-instroom-po", education_level="hbo", sector="po")
    assert advice.steps[0].title.startswith("Een basisschool zoeken")
    assert sum(s.duration_months for s in advice.steps) == advice.duration_months


def test_unconfirmed_route_is_marked(repository):
    assert not by_id(repository, "pabo-vmbo-onderbouw", education_level="hbo", sector="vo",
                     situation="leraar-po").confirmed


def test_every_advice_carries_source_and_peildatum(repository):
    for level in ("havo", "vwo", "mbo-4", "hbo", "wo-bachelor", "wo-master"):
        for sector in ("po", "vo", "mbo"):
            for advice in advise(repository, education_level=level, sector=sector):
                assert advice.source.startswith("http") and advice.peildatum is not None
                assert all(f.source.startswith("http") for f in advice.funding)


def test_at_most_three_routes_by_default(repository):
    assert len(ids(repository, education_level="wo-master", sector="vo")) == 3


def test_without_sector_routes_of_all_sectors_are_considered(repository):
    result = repository.recommend(Profile(education_level="hbo"), limit=25)
    sectors_hit = {a.route_id for a in result.advice}
    assert {"verkorte-pabo", "kopopleiding"} <= sectors_hit


def test_unknown_level_gives_no_routes(repository):
    assert ids(repository, education_level="onbekend", sector="po") == []


def test_mbo4_to_mbo_includes_the_support_ad_and_says_it_gives_no_bevoegdheid(repository):
    advice = by_id(repository, "ad-beroepsonderwijs", education_level="mbo-4", sector="mbo")
    assert advice.qualification == "geen lesbevoegdheid"


def test_duaal_and_werkend_leren_are_the_same_wish(repository):
    assert ids(repository, education_level="hbo", sector="po", study_form="duaal")[0] == "zij-instroom-po"


def test_the_study_form_wish_is_given_as_a_reason_in_plain_words(repository):
    advice = by_id(repository, "zij-instroom-po", education_level="hbo", sector="po", study_form="werkend leren")
    assert "Je wilt werken en leren tegelijk, en dat kan bij deze route." in advice.why


@pytest.mark.parametrize(("level", "matters"), [("mbo-2-3", True), ("vmbo", True), ("havo", False), ("hbo", False)])
def test_age_matters_only_for_diplomas_with_an_age_limit(repository, level, matters):
    assert repository.age_matters(level) is matters


def test_the_main_reason_is_the_personal_one(repository):
    advice = by_id(repository, "pabo-deeltijd", education_level="havo", sector="po", study_form="deeltijd")
    assert advice.main_reason == "Je wilt in deeltijd studeren, en dat kan bij deze route."


def test_without_a_personal_reason_the_diploma_is_the_main_reason(repository):
    advice = by_id(repository, "pabo-voltijd", education_level="havo", sector="po")
    assert advice.main_reason == "Met je havo mag je aan deze route beginnen."


def test_a_route_for_your_situation_says_so_in_the_je_form(repository):
    advice = by_id(repository, "tweede-bevoegdheid", education_level="hbo", sector="vo", situation="leraar-po")
    assert "Deze route is er speciaal voor jou, want je hebt een pabo-diploma" in advice.main_reason
