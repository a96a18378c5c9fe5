"""The cases of the issue "Understands real visitors", through the real servers, one idea per test."""

from __future__ import annotations

import pytest


def _summary(replies: list[dict]) -> dict:
    return next(r["custom"] for r in replies if r.get("custom", {}).get("type") == "routeadvies")


def _finish(bot, sender, answers: list[str]) -> list[dict]:
    """Answer the remaining intake questions; the replies of the last message."""
    replies: list[dict] = []
    for answer in answers:
        replies = bot.say(sender, answer)
    return replies


def test_a_pupils_wish_to_go_to_university_is_not_read_as_a_master(bot, sender):
    bot.say(sender, "Ik zit in 6 vwo en wil later aan de universiteit studeren, maar juf worden lijkt me leuk")
    replies = _finish(bot, sender, ["basisschool", "voltijd", "Utrecht"])
    summary = _summary(replies)
    assert "wo-master" not in summary["profiel"] and "nu bezig met vwo" in summary["profiel"]
    assert "empo" not in [r["id"] for r in summary["routes"]]


def test_the_school_type_to_teach_at_does_not_overwrite_the_degree(bot, sender):
    bot.say(sender, "Ik heb een master scheikunde en wil graag scheikunde geven op het vwo")
    replies = _finish(bot, sender, ["ik werk als analist", "maakt niet uit", "Leiden"])
    profile = _summary(replies)["profiel"]
    assert profile[0] == "wo-master" and "vwo" not in profile


def test_a_bachelor_student_gets_the_educatieve_minor(bot, sender):
    bot.say(sender, "Ik zit in het tweede jaar van mijn bachelor Engels aan de universiteit en wil later lesgeven")
    replies = _finish(bot, sender, ["middelbare school", "maakt niet uit", "Groningen"])
    assert "educatieve-minor" in [r["id"] for r in _summary(replies)["routes"]]


def test_a_master_who_wants_the_bovenbouw_hears_it_needs_eerstegraads(bot, sender):
    bot.say(sender, "Ik heb een master biologie en wil in de bovenbouw van havo en vwo lesgeven. "
                    "Ik werk bij een adviesbureau.")
    replies = _finish(bot, sender, ["werken en leren", "Nijmegen"])
    answer = bot.text(replies)
    assert "eerstegraads bevoegdheid nodig" in answer
    assert all("eerstegraads" in r["resultaat"] for r in _summary(replies)["routes"])


@pytest.mark.parametrize("question, expected", [
    ("Wat houdt een kopopleiding in?", "kopopleiding"),
    ("Hoe werkt de academische pabo?", "academische pabo"),
    ("Wat kun je met een Ad in het onderwijs?", "associate degree"),
])
def test_a_route_is_answered_from_the_store(bot, sender, question, expected):
    answer = bot.text(bot.say(sender, question)).lower()
    assert expected in answer and "bron: https://" in answer


def test_a_subsidy_question_gets_the_subsidy_not_the_general_zij_instroom_text(bot, sender):
    answer = bot.text(bot.say(sender, "Betaalt de overheid mee als een school een zij-instromer aanneemt?"))
    assert "subsidie" in answer.lower()


def _answered_or_honest_with_topic(replies: list[dict], answer_word: str, topic_id: str) -> bool:
    """The answer itself, or "not sure" with that topic one click away; never a neighbouring answer."""
    text = bot_text(replies)
    if "Dat weet ik niet zeker" in text:
        return any(topic_id in b["payload"] for r in replies for b in r.get("buttons", []))
    return answer_word in text


def bot_text(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def test_teaching_in_the_mbo_without_a_bevoegdheid_gets_the_pdg_not_the_general_text(bot, sender):
    replies = bot.say(sender, "Ik sta op een mbo voor de klas zonder bevoegdheid, mag dat?")
    assert _answered_or_honest_with_topic(replies, "PDG", "zonder-bevoegdheid")


def test_a_question_about_part_time_pabo_is_not_a_dead_end(bot, sender):
    replies = bot.say(sender, "Kan ik de pabo ook in deeltijd doen?")
    assert "weet nog niet genoeg" not in bot_text(replies)
    assert _answered_or_honest_with_topic(replies, "deeltijd", "pabo-deeltijd")


@pytest.mark.parametrize("question, expected", [
    ("ben ik met 48 niet te oud om nog leraar te worden?", "oud"),
    ("wat verdient een leraar op de basisschool?", "cao"),
    ("wat doet een regioloket eigenlijk?", "regio"),
    ("welke opleiding heb je nodig voor het speciaal onderwijs", "speciaal onderwijs"),
])
def test_common_questions_get_an_answer_with_a_source(bot, sender, question, expected):
    answer = bot.text(bot.say(sender, question))
    assert expected in answer.lower() and "Bron: https://" in answer


def test_a_place_is_shown_as_people_write_it(bot, sender):
    bot.say(sender, "Ik woon in Middelburg, heb havo en werk in een winkel. Ik wil juf worden.")
    answer = bot.text(_finish(bot, sender, ["voltijd"]))
    assert "Middelburg" in answer and "(Z.)" not in answer


def test_a_desk_question_with_a_place_gets_that_places_desk(bot, sender):
    answer = bot.text(bot.say(sender, "onderwijsloket zwolle?"))
    assert "Hatseklas" in answer


def test_a_first_short_answer_respects_the_age_limit(bot, sender):
    """vmbo at 18: the pabo needs the 21+ test first, so it is not offered as a route that fits."""
    answer = bot.text(bot.say(sender, "ik ben 18 en heb een vmbo diploma. kan ik meester worden?"))
    assert "Kort antwoord" not in answer or "Pabo voltijd" not in answer


def test_a_teacher_from_abroad_hears_about_recognition_first(bot, sender):
    answer = bot.text(bot.say(sender, "ik was lerares Engels in Brazilië en heb daar een master gehaald. "
                                      "hoe kan ik in Nederland lesgeven op een middelbare school?"))
    assert "DUO" in answer.split("Bron:")[0]


def test_a_question_inside_an_intake_answer_is_answered_and_the_fact_kept(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    answer = bot.text(bot.say(sender, "ik heb hbo. maar ben ik met 58 niet te oud?"))
    assert "Bron: https://" in answer and "Wat is je hoogste diploma?" not in answer


def test_a_teacher_from_abroad_is_not_asked_for_a_diploma_level(bot, sender):
    """Their foreign teaching diploma is what counts: after where to teach, the advice starts with DUO."""
    bot.say(sender, "I am a teacher from Poland, twelve years in primary school. Nu woon ik in Zwolle.")
    replies = bot.say(sender, "basisschool")
    assert "Wat is je hoogste diploma?" not in bot.text(replies)
    assert [r["id"] for r in _summary(replies)["routes"]] == ["buitenlands-diploma"]


def test_a_qualified_teacher_is_not_asked_for_a_diploma_level(bot, sender):
    bot.say(sender, "ik ben tweedegraads docent aardrijkskunde op een vmbo in Deventer en wil er een vak bij")
    replies = _finish(bot, sender, ["geschiedenis", "deeltijd"])
    assert "Wat is je hoogste diploma?" not in bot.text(replies)
    assert "tweede-bevoegdheid" in [r["id"] for r in _summary(replies)["routes"]]


def test_a_question_that_points_back_is_answered_with_what_was_said_before(bot, sender):
    bot.say(sender, "ik wil zij-instromer worden op een basisschool")
    answer = bot.text(bot.say(sender, "krijgt de school daar geld voor?"))
    assert "25.000" in answer


def test_where_to_study_a_route_named_in_a_question(bot, sender):
    answer = bot.text(bot.say(sender, "pabo in de buurt van Deventer?"))
    assert "Je kunt dit volgen bij" in answer


def test_who_to_turn_to_in_a_place_gets_that_places_desk(bot, sender):
    answer = bot.text(bot.say(sender, "bij wie kan ik terecht in Utrecht als ik docent wil worden"))
    assert "Utrecht leert" in answer


def test_a_where_question_about_a_topic_of_its_own_gets_that_topic_not_a_general_route(bot, sender):
    answer = bot.text(bot.say(sender, "de vrijeschool pabo, op welke plek volg je die?"))
    assert "Hogeschool Leiden" in answer and "Je kunt dit volgen bij" not in answer


def test_an_english_question_the_store_answers_gets_the_answer_and_the_pointer_in_english(bot, sender):
    answer = bot.text(bot.say(sender, "Hello, is there any teacher training for primary schools taught in English?"))
    assert "ITEps" in answer and "This service is in Dutch" in answer


def test_a_correction_with_nothing_told_yet_is_read_as_a_first_message(bot, sender):
    answer = bot.text(bot.say(sender, "nee wacht, ik heb geen havo. kan ik toch juf worden?"))
    assert "aangepast" not in answer and "hoogste diploma" in answer


def test_without_a_diploma_no_route_for_graduates_is_given_as_the_first_answer(bot, sender):
    message = "ik ben onderwijsassistent op een basisschool, hoe kan ik zelf leerkracht worden?"
    answer = bot.text(bot.say(sender, message))
    assert "Verkorte pabo" not in answer


def test_a_question_in_the_intake_does_not_bring_back_a_question_this_visitor_is_never_asked(bot, sender):
    bot.say(sender, "ik ben tweedegraads docent engels en wil er een tweede vak bij halen")
    answer = bot.text(bot.say(sender, "kan ik daar de lerarenbeurs voor krijgen?"))
    assert "Lerarenbeurs" in answer and "hoogste diploma" not in answer


def test_a_route_they_ask_for_comes_first_in_the_advice(bot, sender):
    bot.say(sender, "ik ben tweedegraads docent engels en wil er een tweede vak bij halen")
    replies = _finish(bot, sender, ["deeltijd", "Deventer"])
    assert _summary(replies)["routes"][0]["id"] == "tweede-bevoegdheid"


def test_an_answer_that_tells_another_fact_is_kept_without_calling_it_wrong(bot, sender):
    bot.say(sender, "ik ben tweedegraads docent engels en wil er een tweede vak bij halen")
    answer = bot.text(bot.say(sender, "frans"))
    assert "snap ik niet" not in answer and "Hoe wil je het liefst studeren?" in answer


def test_a_returner_is_not_asked_how_they_want_to_study(bot, sender):
    bot.say(sender, "Ik was tot 2015 leerkracht met mijn pabodiploma en wil nu terug voor de klas in Deventer")
    replies = bot.say(sender, "basisschool")
    assert "Hoe wil je het liefst studeren?" not in bot.text(replies)
    assert "herintreden" in [r["id"] for r in _summary(replies)["routes"]]


def test_a_question_for_the_way_in_gets_the_routes_that_fit_before_a_general_text(bot, sender):
    message = "Ik ben juf in groep 5 en wil economie geven op het vmbo. Welke bevoegdheid heb ik dan nodig?"
    answer = bot.text(bot.say(sender, message))
    assert "Kort antwoord, met wat je nu vertelt" in answer


def test_who_they_are_told_with_a_desk_question_is_kept_for_the_intake(bot, sender):
    bot.say(sender, "Ik ben wiskundeleraar uit India en woon nu in Deventer. Bij welk loket kan ik terecht?")
    answer = bot.text(bot.say(sender, "ik wil leraar worden"))
    assert "Wat doe je nu?" not in answer and "hoogste diploma" not in answer


def test_a_desk_question_with_a_place_keeps_the_facts_of_the_message(bot, sender):
    bot.say(sender, "Ik ben lerares Engels uit Spanje en woon nu in Utrecht. Bij wie kan ik terecht?")
    answer = bot.text(bot.say(sender, "ik wil leraar worden"))
    assert "In welke plaats woon je?" not in answer and "Wat doe je nu?" not in answer


def test_a_new_sector_drops_where_they_wanted_to_teach_before(bot, sender):
    bot.say(sender, "Ik zit in het tweede jaar van de pabo en wil leraar worden")
    bot.say(sender, "nee toch liever op een middelbare school, ik wil Engels geven")
    replies = _finish(bot, sender, ["voltijd", "Spijkenisse"])
    routes = [r["id"] for r in _summary(replies)["routes"]]
    assert routes and not any("pabo" in route for route in routes)


def test_a_diploma_told_while_another_question_was_asked_is_kept(bot, sender):
    bot.say(sender, "Ik zit in het tweede jaar van de pabo en wil leraar worden")
    bot.say(sender, "havo")
    replies = _finish(bot, sender, ["voltijd", "Spijkenisse"])
    assert "havo" in _summary(replies)["profiel"]


def test_a_statement_without_its_ik_is_not_answered_as_a_question(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    answer = bot.text(bot.say(sender, "havo. ben wel aan een hbo opleiding begonnen maar gestopt"))
    assert "weet ik niet zeker" not in answer and "Wat doe je nu?" in answer


def test_an_answer_to_another_question_is_never_called_stuck(bot, sender):
    bot.say(sender, "ik heb een hbo diploma en wil juf worden")
    for answer in ["ik werk in een winkel", "voltijd", "voltijd", "voltijd"]:
        replies = bot.say(sender, answer)
    assert "lukt me nog niet" not in bot.text(replies)


def test_an_english_message_hears_the_first_step_for_a_teacher_from_abroad(bot, sender):
    answer = bot.text(bot.say(sender, "Hi! I'm a primary school teacher from Canada. Could I teach here?"))
    assert "recognise it (erkenning)" in answer and "Source: https://duo.nl" in answer


def test_a_teacher_from_abroad_asking_if_they_may_teach_in_a_place_hears_the_first_step(bot, sender):
    message = "Ik was leraar Engels in Engeland, 5 jaar. Nu woon ik in Den Haag. Kan ik hier lesgeven?"
    assert "DUO" in bot.text(bot.say(sender, message))


def test_the_first_step_for_a_teacher_from_abroad_is_said_once_in_english(bot, sender):
    bot.say(sender, "Hi! I'm a primary school teacher from Canada. Could I teach here?")
    assert "DUO" not in bot.text(bot.say(sender, "I'm not working at the moment"))


def test_a_bare_place_after_the_advice_gets_the_desk_there(bot, sender):
    bot.say(sender, "ik heb een hbo diploma en wil juf worden")
    _finish(bot, sender, ["ik werk in een winkel", "voltijd", "Zwolle"])
    answer = bot.text(bot.say(sender, "Deventer"))
    assert "Deventer" in answer and "weet ik niet zeker" not in answer


def test_a_vmbo_pupil_hears_which_diploma_comes_first_and_is_not_asked_their_age(bot, sender):
    first = bot.text(bot.say(sender, "ik zit in 4 vmbo tl en wil later juf worden"))
    texts = [bot.text(bot.say(sender, answer)) for answer in ["voltijd", "Urk"]]
    assert "Als je straks je vmbo-diploma hebt" not in first
    assert not any("Hoe oud ben je?" in text for text in [first, *texts])
    assert "eerst een diploma mbo niveau 4 of havo" in texts[-1]
