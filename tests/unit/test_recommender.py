"""Route advice read from the store for a few profiles of the foundation slice."""

from knowledge.recommender import Profile


def ids(repository, level, sector):
    return [a.route_id for a in repository.recommend(Profile(education_level=level, sector=sector))]


def test_havo_basisonderwijs_gets_pabo_first(repository):
    assert ids(repository, "havo", "po")[0] == "pabo-voltijd"


def test_havo_pabo_advice_mentions_admission_tests(repository):
    advice = repository.recommend(Profile(education_level="havo", sector="po"))[0]
    assert "toelatingstoets" in advice.requirement


def test_vwo_basisonderwijs_includes_academic_pabo(repository):
    assert "academische-pabo" in ids(repository, "vwo", "po")


def test_hbo_graduate_basisonderwijs_gets_short_pabo_or_zij_instroom(repository):
    assert ids(repository, "hbo", "po")[:2] == ["verkorte-pabo", "zij-instroom-po"]


def test_wo_master_vo_gets_university_teacher_training_first(repository):
    assert ids(repository, "wo-master", "vo")[0] == "wo-lerarenopleiding-60"


def test_hbo_mbo_sector_gets_pdg(repository):
    assert ids(repository, "hbo", "mbo") == ["pdg"]


def test_at_most_three_routes(repository):
    assert len(ids(repository, "wo-master", "vo")) <= 3


def test_vmbo_has_no_direct_route(repository):
    assert ids(repository, "vmbo", "vo") == []


def test_every_advice_has_source_and_peildatum(repository):
    for level in ("havo", "vwo", "hbo", "wo-master", "mbo-4"):
        for sector in ("po", "vo", "mbo"):
            for advice in repository.recommend(Profile(education_level=level, sector=sector)):
                assert advice.source.startswith("http")
                assert advice.peildatum is not None


def test_unknown_level_gives_no_routes(repository):
    assert ids(repository, "onbekend", "po") == []
