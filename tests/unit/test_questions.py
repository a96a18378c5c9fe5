"""Questions answered from the store: retrieval, twins of FAQ rows and routes, aspects, answer wording."""

from __future__ import annotations

import pytest

from actions.questions import answer_text, first_routes_text, parse_topic, topic_payload, unsure_buttons
from knowledge.questions import (
    MIN_COVERAGE,
    QuestionIndex,
    QuestionMatch,
    Topic,
    TopicMatch,
    asks_for_a_route,
    asks_for_own_route,
    asks_something,
    is_question,
    names_a_subject,
)
from knowledge.recommender import Profile

ROUTE_TOPIC = Topic("route", "kopopleiding", "Kopopleiding (hbo)")
FAQ_TOPIC = Topic("faq", "kopopleiding", "Wat is een kopopleiding?")
OTHER_TOPIC = Topic("faq", "kosten", "Wat kost een lerarenopleiding?")


def test_every_faq_title_finds_its_own_row(repository):
    index = repository._question_index()
    for topic in [t for t in index.topics if t.kind == "faq"]:
        match = repository.match_question(topic.title)
        assert match.best is not None and match.best.topic.id == topic.id, topic.title


def test_an_faq_row_and_the_route_with_its_id_do_not_compete_for_the_margin():
    match = QuestionMatch([TopicMatch(FAQ_TOPIC, 0.9), TopicMatch(ROUTE_TOPIC, 0.88), TopicMatch(OTHER_TOPIC, 0.3)],
                          None)
    assert match.margin == pytest.approx(0.6)


def test_rows_of_one_family_do_not_compete_for_the_margin():
    po, vo = Topic("faq", "salaris-po", "Salaris po", "salaris"), Topic("faq", "salaris-vo", "Salaris vo", "salaris")
    match = QuestionMatch([TopicMatch(vo, 0.6), TopicMatch(po, 0.58), TopicMatch(OTHER_TOPIC, 0.2)], None)
    assert match.margin == pytest.approx(0.4) and match.chosen == vo


def test_a_salary_question_that_fits_every_sector_is_answered_from_the_cao(repository):
    match = repository.match_question("hoeveel verdient een leraar nou?")
    assert match.confident and match.chosen.family == "salaris"
    assert "cao" in answer_text(repository.topic_answer(match.chosen, match.aspect))


def test_an_faq_row_and_the_route_it_is_about_do_not_compete_for_the_margin():
    faq, route = Topic("faq", "associate-degree", "Ad", "ad-pep"), Topic("route", "ad-pep", "Ad PEP", "ad-pep")
    match = QuestionMatch([TopicMatch(faq, 0.5), TopicMatch(route, 0.45), TopicMatch(OTHER_TOPIC, 0.1)], None)
    assert match.margin == pytest.approx(0.4)


def test_filler_words_do_not_count_against_how_much_of_a_question_is_answered(repository):
    plain = repository.match_question("wat kost een kopopleiding?")
    coloured = repository.match_question("wat kost een kopopleiding nou eigenlijk, eerlijk gezegd?")
    assert coloured.coverage == plain.coverage and coloured.best.topic.id == plain.best.topic.id


@pytest.mark.parametrize("coloured", [
    "wat kost een kopopleiding voor mijn dochter?",  # who it is for is not what is asked
    "een kopopleiding, wat kost je dat, en wat heb je eraan?",  # a pointing adverb points, it names nothing
], ids=["a-person", "a-pointing-adverb"])
def test_words_that_name_no_subject_do_not_count_against_coverage(repository, coloured):
    index, topic = repository._question_index(), FAQ_TOPIC
    assert index.question_coverage(coloured, topic) == index.question_coverage("wat kost een kopopleiding?", topic)


def test_a_duration_question_about_a_route_is_answered_with_the_route_card(repository):
    match = repository.match_question("hoe lang duurt een kopopleiding eigenlijk")
    assert match.confident and match.chosen == Topic("route", "kopopleiding", match.chosen.title)
    text = answer_text(repository.topic_answer(match.chosen, match.aspect))
    assert text.splitlines()[1].startswith("Hoe lang:")


def test_a_what_is_question_about_a_route_gets_the_faq_text(repository):
    match = repository.match_question("wat houdt een kopopleiding in?")
    assert match.confident and match.chosen is not None and match.chosen.kind == "faq"


def test_a_question_outside_the_domain_is_not_answered(repository):
    assert not repository.match_question("wat voor weer wordt het morgen in Groningen").confident


def test_every_answer_carries_its_source_and_peildatum(repository):
    for topic in repository._question_index().topics:
        text = answer_text(repository.topic_answer(topic, None))
        assert "Bron: http" in text and "peildatum" in text, topic


def test_route_answer_for_where_lists_institutions_offering_it(repository):
    text = answer_text(repository.topic_answer(Topic("route", "verkorte-pabo", "Verkorte pabo"), "waar"))
    assert text.splitlines()[1].startswith("Je kunt dit volgen bij")


def test_topic_buttons_round_trip_to_the_same_topic():
    payload = topic_payload(OTHER_TOPIC)
    assert payload == '/vraag{"onderwerp": "faq:kosten"}'
    assert parse_topic("faq:kosten") == ("faq", "kosten")


@pytest.mark.parametrize("value", [None, "", "kosten", "onzin:kosten", "faq:"])
def test_parse_topic_refuses_anything_but_a_known_kind_and_an_id(value):
    assert parse_topic(value) is None


def test_unsure_buttons_offer_two_different_subjects_the_intake_and_a_person():
    match = QuestionMatch([TopicMatch(FAQ_TOPIC, 0.3), TopicMatch(ROUTE_TOPIC, 0.29), TopicMatch(OTHER_TOPIC, 0.2)],
                          None)
    titles = [b["title"] for b in unsure_buttons(match)]
    assert titles == [FAQ_TOPIC.title, OTHER_TOPIC.title, "Zoek een route die bij mij past", "Praat met een adviseur"]


def test_a_new_row_is_found_by_a_new_index_without_training():
    index = QuestionIndex([(OTHER_TOPIC, "wat kost de opleiding"), (FAQ_TOPIC, "wat is een kopopleiding"),
                           (Topic("faq", "rooster", "Lesrooster"), "hoeveel lesuren geeft een leraar")])
    assert index.search("hoeveel lesuren geeft een docent per week").best.topic.id == "rooster"


@pytest.mark.parametrize("text, expected", [
    ("ik wil leraar worden", False),
    ("ik heb havo en woon in Kampen", False),
    ("hoe word je docent muziek", True),
    ("Ik ben 52. Ben ik te oud?", True),
    ("kan ik ook in deeltijd studeren", True),
    ("is een kopopleiding zwaar", True),
])
def test_is_question(text, expected):
    assert is_question(text) is expected


@pytest.mark.parametrize("text", ["ben 45 en werk in de zorg", "heb havo gedaan", "havo. ben aan hbo begonnen"])
def test_a_statement_that_leaves_out_its_ik_is_no_question(text):
    assert not is_question(text)


def test_first_routes_name_the_subject_and_each_route_with_its_source(repository):
    advice = repository.recommend(Profile(education_level="hbo", sector="vo", subject="economie"), 2).advice
    text = first_routes_text(advice, "economie")
    assert text.startswith("Kort antwoord, met wat je nu vertelt (vak: economie):")
    assert text.count("Bron: http") == len(advice) == 2


def test_a_question_about_something_no_topic_speaks_of_is_not_answered(repository):
    """The words of the question that matter most ("bloeddruk") appear in no variant and no answer."""
    match = repository.match_question("hoe hoog mag mijn bloeddruk zijn voor de pabo?")
    assert match.best is not None and not match.confident


def test_coverage_counts_what_the_topic_speaks_of():
    index = QuestionIndex([(FAQ_TOPIC, "wat is een kopopleiding"), (OTHER_TOPIC, "wat kost de opleiding")],
                          {FAQ_TOPIC: "Een kopopleiding duurt een jaar."})
    assert index.coverage("kopopleiding duurt", FAQ_TOPIC) == 1.0
    assert index.coverage("kopopleiding slagingspercentage", FAQ_TOPIC) < MIN_COVERAGE  # too little to answer


def test_a_question_that_points_back_is_read_with_the_message_before_it(repository):
    # "Hoe lang duurt dat?" names no subject: on its own it is never answered (not with the general text on
    # durations either); after "ik denk aan de kopopleiding" it asks the kopopleiding's duration.
    alone = repository.match_question("hoe lang duurt dat?")
    with_context = repository.match_question("hoe lang duurt dat?", context="ik denk aan de kopopleiding")
    assert not alone.confident
    assert with_context.confident and with_context.chosen == Topic("route", "kopopleiding", with_context.chosen.title)


def test_a_question_that_points_back_asks_about_the_routes_that_fit_so_far(repository):
    question = "wie betaalt zo'n traject eigenlijk?"
    assert not repository.match_question(question).confident
    match = repository.match_question(question, context="ik geef les op een roc", routes=["zij-instroom-mbo", "pdg"])
    assert match.confident and match.chosen.id == "zij-instroom-mbo"


@pytest.mark.parametrize("text, expected", [
    ("wie betaalt dat eigenlijk?", False),
    ("hoe lang duurt zo'n opleiding?", False),
    ("krijgt de school daar geld voor?", True),
    ("kan die opleiding ook 's avonds?", True),
])
def test_a_question_that_only_asks_an_aspect_names_no_subject(text, expected):
    assert names_a_subject(text) is expected


def test_the_route_card_answers_what_the_faq_text_does_not_speak_of(repository):
    match = repository.match_question("kan je een lerarenopleiding ook duaal doen?")
    assert match.confident and match.chosen.kind == "route"
    assert "duaal" in answer_text(repository.topic_answer(match.chosen, match.aspect))


def test_a_duration_answer_says_when_the_route_takes_less_time(repository):
    match = repository.match_question("hoelang duurt de pabo?")
    assert match.confident and match.chosen == Topic("route", "pabo-voltijd", match.chosen.title)
    text = answer_text(repository.topic_answer(match.chosen, match.aspect))
    assert "4 jaar" in text and "korter" in text


def test_a_costs_answer_names_the_schemes_that_help_pay(repository):
    topic = repository.topic("route", "pabo-deeltijd")
    text = answer_text(repository.topic_answer(topic, "kosten"))
    assert "Tegemoetkoming leraren" in text and "Levenlanglerenkrediet" in text


def test_a_question_that_names_its_subject_ignores_the_context(repository):
    match = repository.match_question("wat is een kopopleiding?", context="ik wil juf worden")
    assert match.chosen.id == "kopopleiding"


@pytest.mark.parametrize(("text", "route"), [
    ("pabo in de buurt van Deventer?", "pabo-voltijd"),
    ("waar kan ik de universitaire lerarenopleiding volgen", "wo-lerarenopleiding-60"),
    ("welke scholen bieden een lerarenopleiding aardrijkskunde", "tweedegraads-bachelor"),
    ("ad pep in Tilburg", "ad-pep"),
])
def test_a_route_is_found_by_the_name_people_use(repository, text, route):
    assert repository.route_named(text) == route


@pytest.mark.parametrize("text, expected", [
    ("Ik heb een master wiskunde uit Syrië. Hoe kan ik hier docent worden?", True),
    ("ik zit in 6 vwo, wat moet ik gaan studeren?", True),
    ("ik ben eerstegraads docent. mag ik ook in het mbo lesgeven?", False),
    ("wat kost de pabo?", False),
    ("ik ben juf en wil wiskunde geven op het vmbo. welke bevoegdheid heb ik dan nodig?", True),
])
def test_a_question_for_a_way_in_is_told_from_a_question_about_one_fact(text, expected):
    assert asks_for_a_route(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("havo?", False),
    ("krijg ik dan vrijstellingen omdat ik al sport en bewegen heb gedaan?", True),
    ("Utrecht", False),
])
def test_a_question_of_its_own_is_told_from_an_answer_with_a_question_mark(text, expected):
    assert asks_something(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("Ik ben juf. Welke bevoegdheid heb ik dan nodig?", True),
    ("Hoe word je docent muziek? Ik speel al tien jaar piano", False),
])
def test_a_question_for_the_visitors_own_way_in_is_told_from_a_general_one(text, expected):
    assert asks_for_own_route(text) is expected


def test_a_pointing_back_question_whose_words_name_no_topic_keeps_its_own_match(repository):
    match = repository.match_question("wat zijn mijn opties?", context="ik ben eerstegraads docent frans")
    assert match is not None


def test_a_question_that_names_nothing_is_read_with_the_sentence_before_it(repository):
    text = "Ik ben 42 en werk in het ziekenhuis. Een collega zei dat ik een PDG moet halen. Wat is dat precies?"
    assert repository.match_question(text).best.topic.id == "pdg"


def test_a_question_that_points_back_is_read_with_the_sentence_it_points_to(repository):
    text = "Ik werk het liefst met oudere kinderen. Ik denk aan het vmbo. Mag ik daar met mijn pabo lesgeven?"
    assert repository.match_question(text).best.topic.id == "pabo-vmbo"


@pytest.mark.parametrize(("text", "only_where"), [
    ("pabo in de buurt van Zwolle?", True),
    ("waar kan ik de kopopleiding doen in Utrecht?", True),
    ("is er een wachtlijst voor de pabo in Zwolle?", False),
    ("hoe hoog is het slagingspercentage van de pabo in Utrecht?", False),
])
def test_a_where_question_asks_only_where_when_the_route_card_covers_the_rest(repository, text, only_where):
    place = repository.read_message(text).place
    assert repository.asks_only_where(text, repository.route_named(text), place) is only_where
