"""The recommender, pinned on profiles written from the facts file (../shared/domain/facts.md)."""

from __future__ import annotations

import pytest

from bot.readability import measure
from knowledge.recommender import DURING_STUDY, TARGETS, Profile


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


# -- what the visitor studies for now (Profile.studying) ---------------------------------------------------------

def test_vwo_pupil_gets_no_master_job_or_degree_routes(repository):
    result = repository.recommend(Profile(studying="vwo"), limit=25)
    advised = [a.route_id for a in result.advice]
    assert advised and not {"empo", "wo-educatieve-master", "zij-instroom-po", "zij-instroom-vo"} & set(advised)
    assert not any(a.needs_job for a in result.advice)


def test_vwo_pupil_hears_why_a_master_does_not_fit(repository):
    result = repository.recommend(Profile(studying="vwo", sector="po"))
    assert next(n.reasons for n in result.not_fitting if n.route_id == "empo") == [
        "Hiervoor heb je wo-bachelor of wo-master nodig."]


def test_vwo_pupil_hears_the_route_opens_with_the_coming_diploma(repository):
    advice = by_id(repository, "pabo-voltijd", studying="vwo", sector="po")
    assert advice.main_reason == "Als je straks je vwo-diploma hebt, mag je aan deze route beginnen."


def test_vwo_pupil_with_another_main_reason_hears_the_diploma_in_the_requirement(repository):
    advice = by_id(repository, "tweedegraads-bachelor", studying="vwo", target_level="onderbouw")
    assert advice.requirement.startswith("Eerst haal je je vwo-diploma.")


def test_wo_bachelor_student_gets_the_educatieve_minor_first_during_the_study(repository):
    advice = advise(repository, studying="wo-bachelor", situation="wo-student", sector="vo")
    assert advice[0].route_id == "educatieve-minor"
    assert DURING_STUDY in advice[0].why and not any("straks" in reason for reason in advice[0].why)


def test_wo_bachelor_student_counts_as_wo_student_without_saying_so(repository):
    assert ids(repository, studying="wo-bachelor", sector="vo")[0] == "educatieve-minor"


def test_hbo_student_to_vo_gets_the_kopopleiding_after_the_diploma_not_a_university_master(repository):
    advice = advise(repository, studying="hbo", sector="vo")
    assert advice[0].route_id == "kopopleiding"
    assert advice[0].main_reason == "Als je straks je diploma hbo-bachelor hebt, mag je aan deze route beginnen."
    assert "wo-lerarenopleiding-60" not in [a.route_id for a in advice]


def test_student_may_start_with_the_diploma_already_held(repository):
    advice = by_id(repository, "pabo-voltijd", education_level="mbo-4", studying="hbo", sector="po")
    assert advice.main_reason == "Met je mbo niveau 4 mag je aan deze route beginnen."


# -- where the visitor wants to teach (Profile.target_level) -----------------------------------------------------

def test_bovenbouw_with_wo_master_puts_every_eerstegraads_route_first(repository):
    advice = repository.recommend(Profile(education_level="wo-master", target_level="bovenbouw"), limit=10).advice
    grades = [a.qualification for a in advice]
    assert grades[:3] == ["eerstegraads bevoegdheid"] * 3
    assert grades.index("tweedegraads bevoegdheid") > max(i for i, g in enumerate(grades) if g.startswith("eerste"))


def test_bovenbouw_route_says_it_needs_eerstegraads(repository):
    advice = advise(repository, education_level="wo-master", target_level="bovenbouw")[0]
    assert advice.main_reason.startswith("Voor de bovenbouw van havo en vwo heb je een eerstegraads bevoegdheid nodig.")


def test_tweedegraads_route_says_it_does_not_cover_the_bovenbouw(repository):
    advice = repository.advice_for_route(Profile(education_level="wo-master", target_level="bovenbouw"), "kopopleiding")
    assert advice.requirement.startswith("Met deze route mag je niet lesgeven in de bovenbouw van havo en vwo.")


def test_hbo_to_bovenbouw_gets_an_eerstegraads_master_first_and_hears_it_takes_a_master(repository):
    advice = advise(repository, education_level="hbo", target_level="bovenbouw")[0]
    assert advice.qualification == "eerstegraads bevoegdheid"
    assert "Zonder master krijg je geen eerstegraads bevoegdheid." in advice.main_reason


def test_vwo_pupil_for_the_bovenbouw_starts_at_the_university_and_hears_it_takes_a_master(repository):
    advice = advise(repository, studying="vwo", target_level="bovenbouw")[0]
    assert advice.route_id == "educatieve-minor"
    assert advice.main_reason.startswith("Na school studeer je eerst aan de universiteit")
    assert "eerstegraads bevoegdheid" in advice.main_reason and "master" in advice.main_reason


def test_vwo_pupil_for_the_bovenbouw_gets_no_master_or_job_routes_yet(repository):
    advised = ids(repository, studying="vwo", target_level="bovenbouw")
    assert not {"wo-educatieve-master", "kopopleiding", "zij-instroom-vo"} & set(advised)
    assert "tweedegraads-bachelor" in advised  # the route the coming vwo-diploma opens stays


def test_vwo_pupil_without_a_bovenbouw_wish_is_not_sent_to_the_university_first(repository):
    assert "educatieve-minor" not in ids(repository, studying="vwo", target_level="onderbouw")


def test_onderbouw_keeps_tweedegraads_routes_without_an_eerstegraads_push(repository):
    advice = advise(repository, education_level="hbo", target_level="onderbouw")
    assert advice[0].route_id == "kopopleiding"
    assert advice[0].main_reason == "Met deze route mag je lesgeven in de onderbouw van havo en vwo."
    assert not any("eerstegraads" in a.main_reason + a.requirement for a in advice)


def test_vmbo_target_fits_tweedegraads_and_flags_a_route_without_bevoegdheid(repository):
    profile = Profile(education_level="mbo-4", target_level="vmbo")
    assert "alle klassen van het vmbo" in repository.advice_for_route(profile, "tweedegraads-bachelor").main_reason
    assert "niet in alle klassen" in repository.advice_for_route(profile, "ad-beroepsonderwijs").requirement


def test_target_po_gives_the_same_routes_as_sector_po(repository):
    assert ids(repository, education_level="hbo", target_level="po") == ids(repository, education_level="hbo",
                                                                          sector="po")


def test_target_so_gives_pabo_routes_with_the_specialisation_note(repository):
    advice = advise(repository, education_level="hbo", target_level="so")
    assert {a.qualification for a in advice} == {"bevoegdheid primair onderwijs"}
    assert all("speciaal onderwijs" in a.main_reason and "Educational Needs" in a.main_reason for a in advice)


def test_target_mbo_gives_mbo_routes_not_the_pabo(repository):
    advised = [a.route_id for a in repository.recommend(Profile(education_level="hbo", target_level="mbo"),
                                                        limit=25).advice]
    assert "zij-instroom-mbo" in advised and "verkorte-pabo" not in advised


TARGET_TEXTS = [t for goal in TARGETS.values() for t in (goal.fits_why, goal.misses_note, goal.master_note) if t]


@pytest.mark.parametrize("text", [DURING_STUDY, *TARGET_TEXTS])
def test_new_recommender_texts_are_near_b1(text):
    score = measure(text)
    assert score.flesch_douma >= 50 and score.words_per_sentence <= 20 and score.long_word_share <= 0.2


def test_a_route_far_worse_than_the_best_is_left_out(repository):
    """A 4-year full-time pabo for a graduate of 56 who wants to work and learn is no real option."""
    routes = ids(repository, education_level="hbo", sector="po", study_form="werkend leren", age=56)
    assert "zij-instroom-po" in routes and "pabo-voltijd" not in routes


def test_without_a_diploma_only_the_routes_made_for_the_situation_are_advised(repository):
    assert ids(repository, situation="buitenlandse-bevoegdheid", sector="vo", subject="engels") == [
        "buitenlands-diploma"]


def test_a_route_made_for_the_visitors_situation_says_so(repository):
    advice = advise(repository, situation="herintreder", sector="po")
    assert advice and advice[0].for_situation


def test_a_general_route_is_not_marked_as_made_for_the_situation(repository):
    assert not any(a.for_situation for a in advise(repository, situation="onderwijsassistent", sector="po"))


def test_the_route_they_asked_for_comes_first_when_it_is_open_to_them(repository):
    advice = advise(repository, situation="leraar-tweedegraads", sector="vo", wanted_route="tweede-bevoegdheid")
    assert advice[0].route_id == "tweede-bevoegdheid" and "Je noemde deze route zelf." in advice[0].why


def test_a_route_they_asked_for_that_is_not_open_to_them_is_not_given(repository):
    assert "verkorte-pabo" not in ids(repository, education_level="havo", sector="po", wanted_route="verkorte-pabo")


def test_a_returner_with_a_diploma_gets_the_way_back_not_a_new_study(repository):
    assert ids(repository, education_level="hbo", situation="herintreder", sector="po") == ["herintreden"]


def test_a_student_gets_no_route_that_needs_a_job_with_the_diploma_still_to_come(repository):
    advice = advise(repository, studying="hbo", sector="vo", subject="economie")
    assert advice and not any(a.needs_job for a in advice)


def test_a_route_to_a_bevoegdheid_held_already_is_not_advised(repository):
    profile = Profile(education_level="hbo", situation="leraar-po", sector="po", target_level="so")
    advised = [a.route_id for a in repository.recommend(profile, limit=10).advice]
    assert advised and not {"verkorte-pabo", "zij-instroom-po", "pabo-deeltijd"} & set(advised)


def test_a_pupil_still_at_school_for_vmbo_is_not_advised_a_route_from_21(repository):
    advised = [a.route_id for a in repository.recommend(Profile(studying="vmbo", sector="po"), limit=10).advice]
    assert "pabo-voltijd" not in advised


def test_with_the_age_unknown_an_age_limit_is_said_as_the_condition(repository):
    advice = {a.route_id: a for a in repository.recommend(Profile(education_level="vmbo", sector="po")).advice}
    assert any(reason.startswith("Ben je 21 jaar of ouder?") for reason in advice["pabo-voltijd"].why)


def test_a_dancer_of_27_with_vmbo_gets_the_dance_teacher_route_first(repository):
    profile = Profile(education_level="vmbo", sector="vo", subject="dans", age=27)
    assert repository.recommend(profile).advice[0].route_id == "kunstvakdocent"


def test_the_next_diplomas_after_vmbo_are_mbo_4_and_havo(repository):
    assert repository.next_levels("po", "vmbo") == ["mbo-4", "havo"]
