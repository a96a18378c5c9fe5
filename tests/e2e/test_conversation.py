"""The vertical slice through the real servers: intake, route advice, regional contact."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from knowledge.db import make_engine
from knowledge.files import DATA_DIR, read_files
from knowledge.loader import load

INTAKE_QUESTIONS = ("Wat is je hoogste diploma?", "Wat doe je nu?", "Waar wil je lesgeven?", "Welk vak",
                    "Hoe wil je het liefst studeren?", "Hoe oud ben je?", "In welke plaats woon je?")
EVERYTHING_HAVO_PO_ZWOLLE = "ik heb havo, werk in een winkel, wil voltijd naar het basisonderwijs en woon in Zwolle"


def test_wanting_to_become_a_teacher_starts_the_intake(bot, sender):
    replies = bot.say(sender, "Hoi, ik wil leraar worden")
    assert "Wat is je hoogste diploma?" in bot.text(replies)
    assert any("buttons" in r for r in replies)


def test_step_by_step_intake_ends_with_pabo_and_regional_desk(bot, sender):
    bot.say(sender, "Hoi, ik wil leraar worden")
    assert "Wat doe je nu?" in bot.text(bot.say(sender, "havo"))
    assert "Waar wil je lesgeven?" in bot.text(bot.say(sender, "ik werk in de horeca"))
    assert "Hoe wil je het liefst studeren?" in bot.text(bot.say(sender, "basisonderwijs"))
    assert "In welke plaats woon je?" in bot.text(bot.say(sender, "voltijd"))
    answer = bot.text(bot.say(sender, "Zwolle"))
    assert "Pabo voltijd" in answer
    assert "Hatseklas" in answer
    assert "Bron: https://" in answer and "peildatum" in answer


def test_route_advice_names_the_bevoegdheid_and_ends_with_a_summary(bot, sender):
    replies = bot.say(sender, EVERYTHING_HAVO_PO_ZWOLLE)
    answer = bot.text(replies)
    assert "Je krijgt: hbo-bachelor (Bachelor of Education) en bevoegdheid primair onderwijs" in answer
    summary = next(r["custom"] for r in replies if "custom" in r)
    assert summary["type"] == "routeadvies"
    assert summary["routes"][0]["naam"] == "Pabo voltijd"
    assert summary["loket"]["naam"] == "Hatseklas"
    assert summary["tekst"].startswith("Jouw routeadvies") and summary["tekst"] in answer


def test_situation_study_form_and_age_in_the_first_message_are_not_asked_again(bot, sender):
    answer = bot.text(bot.say(sender, "ik ben 34, heb mbo 3 en werk als onderwijsassistent. "
                                      "ik wil in deeltijd juf worden, ik woon in Zwolle"))
    for question in INTAKE_QUESTIONS:
        assert question not in answer
    assert "Pabo deeltijd" in answer
    assert "34 jaar" in answer and "werkt als onderwijsassistent" in answer


def test_age_is_asked_only_where_a_route_has_an_age_limit(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    bot.say(sender, "mbo 3")
    bot.say(sender, "onderwijsassistent")
    bot.say(sender, "basisschool")
    assert "Hoe oud ben je?" in bot.text(bot.say(sender, "deeltijd"))
    assert "Typ je leeftijd in cijfers" in bot.text(bot.say(sender, "ik ben 3"))
    assert "In welke plaats woon je?" in bot.text(bot.say(sender, "25"))


def test_study_form_that_is_not_understood_is_asked_again(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    bot.say(sender, "hbo")
    bot.say(sender, "ik werk bij een bank")
    answer = bot.text(bot.say(sender, "basisschool"))
    assert "Hoe wil je het liefst studeren?" in answer
    answer = bot.text(bot.say(sender, "op de fiets"))
    assert "Kies voltijd, deeltijd of werken en leren" in answer


def test_everything_in_one_message_gets_advice_without_questions(bot, sender):
    answer = bot.text(bot.say(sender, EVERYTHING_HAVO_PO_ZWOLLE))
    assert "Pabo voltijd" in answer
    assert "Hatseklas" in answer
    for question in INTAKE_QUESTIONS:
        assert question not in answer


def test_subject_is_asked_only_for_voortgezet_onderwijs(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    bot.say(sender, "universiteit")
    bot.say(sender, "ik werk als onderzoeker")
    assert "Welk vak" in bot.text(bot.say(sender, "middelbare school"))
    assert "Hoe wil je het liefst studeren?" in bot.text(bot.say(sender, "wiskunde"))
    assert "In welke plaats" in bot.text(bot.say(sender, "maakt niet uit"))
    answer = bot.text(bot.say(sender, "Utrecht"))
    assert "Universitaire lerarenopleiding" in answer
    assert "Utrecht leert" in answer


def test_place_without_regional_desk_gets_the_national_onderwijsloket(bot, sender):
    message = "ik heb vwo, werk bij de bakker, wil voltijd naar het basisonderwijs en woon in Maastricht"
    answer = bot.text(bot.say(sender, message))
    assert "Onderwijsloket" in answer
    assert "https://www.onderwijsloket.com/" in answer


def test_a_visitor_who_would_rather_not_give_a_place_gets_advice_and_the_national_desk(bot, sender):
    bot.say(sender, "ik heb havo, werk in de horeca en wil voltijd naar het basisonderwijs")
    replies = bot.say(sender, "/weet_niet")
    answer = bot.text(replies)
    assert "Pabo voltijd" in answer
    assert "https://www.onderwijsloket.com/" in answer
    assert "In welke plaats" not in answer and "geen-plaats" not in answer
    summary = next(r["custom"] for r in replies if "custom" in r)
    assert summary["profiel"] and "geen-plaats" not in summary["profiel"]


def test_unknown_answer_is_asked_again_in_dutch(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    answer = bot.text(bot.say(sender, "een diploma van de dansschool"))
    assert "Dat diploma ken ik niet" in answer
    assert "Wat is je hoogste diploma?" in answer


def test_typo_in_place_is_understood(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    bot.say(sender, "hbo")
    bot.say(sender, "ik werk bij een bank")
    bot.say(sender, "basisschool")
    bot.say(sender, "deeltijd")
    assert "Hatseklas" in bot.text(bot.say(sender, "Zwole"))


def test_changing_the_store_changes_the_answer_without_retraining(bot, sender, tmp_path):
    """Edit the data files, run the loader against the running bot's store, and ask again."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    for name, old, new in (("desks.yml", "name: Hatseklas\n", "name: Hatseklas Testloket\n"),
                           ("routes.yml", "name: Pabo voltijd\n", "name: Pabo voltijd (nieuw)\n")):
        path = data / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    engine = make_engine(bot.knowledge_url)
    try:
        load(engine, read_files(data))
        answer = bot.text(bot.say(sender, EVERYTHING_HAVO_PO_ZWOLLE))
        assert "Hatseklas Testloket" in answer
        assert "Pabo voltijd (nieuw)" in answer
    finally:
        load(engine, read_files())
        engine.dispose()


def test_stopping_during_the_intake(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    assert "we stoppen" in bot.text(bot.say(sender, "stop")).lower()


def test_faq_question_is_answered_with_its_source(bot, sender):
    answer = bot.text(bot.say(sender, "wat is het verschil tussen eerstegraads en tweedegraads?"))
    assert "eerstegraads" in answer and "Bron: https://" in answer


def test_faq_in_the_middle_of_the_intake_is_answered_and_the_intake_resumes(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    answer = bot.text(bot.say(sender, "wat kost een lerarenopleiding eigenlijk?"))
    assert "collegegeld" in answer
    assert "Wat is je hoogste diploma?" in answer
    assert "Wat doe je nu?" in bot.text(bot.say(sender, "havo"))


def test_visitor_can_correct_an_answer(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    bot.say(sender, "hbo")
    bot.say(sender, "ik werk bij een bank")
    bot.say(sender, "basisschool")
    bot.say(sender, "maakt niet uit")
    first = bot.text(bot.say(sender, "Zwolle"))
    assert "Verkorte pabo" in first
    second = bot.text(bot.say(sender, "nee sorry, ik bedoel voortgezet onderwijs"))
    assert "Welk vak" in second


def test_visitor_can_change_the_study_form_after_the_advice(bot, sender):
    first = bot.text(bot.say(sender, EVERYTHING_HAVO_PO_ZWOLLE))
    assert first.index("Pabo voltijd") < first.index("Jouw routeadvies")
    second = bot.text(bot.say(sender, "nee, ik bedoel toch liever deeltijd"))
    assert "ik heb het aangepast" in second
    assert "1. Pabo deeltijd" in second


def test_more_about_a_route_gives_steps_costs_and_institutions(bot, sender):
    replies = bot.say(sender, EVERYTHING_HAVO_PO_ZWOLLE)
    button = next(b for r in replies for b in r.get("buttons", []) if "Pabo voltijd" in b["title"])
    answer = bot.text(bot.say(sender, button["payload"]))
    assert "Stappen:" in answer and "Kosten:" in answer
    assert "Zwolle" in answer.split("dichtbij eerst:")[1].splitlines()[1]


UNKNOWN_QUESTION = "hoeveel vakantiedagen krijgt een conciërge op een basisschool?"


def test_an_unknown_question_gets_an_honest_not_sure_with_two_topics_the_desk_and_a_person(bot, sender):
    replies = bot.say(sender, UNKNOWN_QUESTION)
    answer = bot.text(replies)
    assert "Dat weet ik niet zeker" in answer and "onderwijsloket.com" in answer
    titles = [b["title"] for r in replies for b in r.get("buttons", [])]
    assert len(titles) == 4 and titles[-2:] == ["Zoek een route die bij mij past", "Praat met een adviseur"]


def test_a_topic_button_of_a_not_sure_answer_answers_that_topic(bot, sender):
    replies = bot.say(sender, UNKNOWN_QUESTION)
    payload = next(b["payload"] for r in replies for b in r.get("buttons", []) if "onderwerp" in b["payload"])
    answer = bot.text(bot.say(sender, payload))
    assert "Dat weet ik niet zeker" not in answer and "Bron: https://" in answer


def test_a_route_can_be_asked_about_without_the_intake(bot, sender):
    answer = bot.text(bot.say(sender, "Wat houdt een kopopleiding in?"))
    assert "kopopleiding" in answer.lower() and "Bron: https://" in answer
    assert "Wat is je hoogste diploma?" not in answer


def test_asking_how_long_a_route_takes_leads_with_its_duration(bot, sender):
    answer = bot.text(bot.say(sender, "hoe lang duurt de verkorte pabo?"))
    assert answer.startswith("Verkorte pabo") and "Hoe lang:" in answer.splitlines()[1]


def test_a_question_naming_a_kind_of_teacher_gets_the_short_answer_and_the_offer_of_a_route(bot, sender):
    replies = bot.say(sender, "Hoe word ik muziekdocent?")
    answer = bot.text(replies)
    assert "kunstvak" in answer.lower() and "Bron: https://" in answer
    titles = [b["title"] for r in replies for b in r.get("buttons", [])]
    assert "Zoek een route die bij mij past" in titles


def test_where_to_study_before_the_advice_starts_the_intake_and_is_answered_after_it(bot, sender):
    answer = bot.text(bot.say(sender, "/vraag_instellingen"))
    assert "Wat is je hoogste diploma?" in answer and "weet nog niet genoeg" not in answer
    bot.say(sender, "havo")
    bot.say(sender, "ik werk in een winkel")
    bot.say(sender, "basisschool")
    bot.say(sender, "voltijd")
    answer = bot.text(bot.say(sender, "Zwolle"))
    assert answer.index("Jouw routeadvies") < answer.index("dichtbij eerst:")


def test_a_new_faq_row_is_answered_after_knowledge_load_without_retraining(bot, sender, tmp_path):
    """`python -m knowledge load` with one extra FAQ row; the running bot answers it at once."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with (data / "faq.yml").open("a", encoding="utf-8") as faq:
        faq.write("""- id: testonderwerp-lesrooster
  question: Hoe ziet een lesrooster van een leraar eruit?
  questions:
    - hoeveel lesuren geeft een leraar per week
    - hoe ziet het rooster van een docent eruit
    - hoeveel uur sta je voor de klas als leraar
  answer: Dit is het testantwoord over het lesrooster.
  source: https://www.onderwijsloket.com/
  peildatum: 2026-11-29
""")
    env = {**os.environ, "DATABASE_URL": bot.knowledge_url}
    try:
        done = subprocess.run([sys.executable, "-m", "knowledge", "load", "--data-dir", str(data)], env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        answer = bot.text(bot.say(sender, "hoeveel lesuren geeft een leraar per week?"))
        assert "testantwoord over het lesrooster" in answer
    finally:
        subprocess.run([sys.executable, "-m", "knowledge", "load"], env=env, capture_output=True, timeout=300)


def test_asking_for_a_person_gives_the_regional_desk_and_the_advice_conversation(bot, sender):
    bot.say(sender, EVERYTHING_HAVO_PO_ZWOLLE)
    answer = bot.text(bot.say(sender, "kan ik met een medewerker praten?"))
    assert "Hatseklas" in answer and "adviesgesprek" in answer


def test_dont_know_the_study_form_moves_on_without_a_preference(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    bot.say(sender, "ik heb een hbo diploma en ben nu onderwijsassistent")
    assert "Hoe wil je het liefst studeren?" in bot.text(bot.say(sender, "basisschool"))
    assert "In welke plaats woon je?" in bot.text(bot.say(sender, "geen idee"))
    summary = bot.text(bot.say(sender, "Zwolle"))
    assert "studievorm maakt niet uit" in summary and "werkt als onderwijsassistent" in summary


def test_a_place_given_instead_of_the_study_form_is_kept_and_the_question_asked_again(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    bot.say(sender, "havo")
    bot.say(sender, "ik werk in een winkel")
    bot.say(sender, "basisschool")
    answer = bot.text(bot.say(sender, "Zwolle"))
    assert "Hoe wil je het liefst studeren?" in answer and "Dat snap ik niet" not in answer
    answer = bot.text(bot.say(sender, "voltijd"))
    assert "Pabo voltijd" in answer and "Hatseklas" in answer


def test_a_diploma_from_abroad_gets_the_recognition_note_with_its_source(bot, sender):
    answer = bot.text(bot.say(sender, "ik heb een master uit Syrië, werk in een fabriek en wil voltijd wiskunde "
                                      "geven op de middelbare school in Utrecht"))
    assert "Let op: je diploma komt uit het buitenland." in answer
    assert "erkenning aan bij DUO" in answer and "https://duo.nl/" in answer


def test_teaching_abroad_is_read_as_a_teacher_from_abroad(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    bot.say(sender, "hbo")
    answer = bot.text(bot.say(sender, "ik heb in Polen lesgegeven"))
    assert "je werkt nu niet in het onderwijs" not in answer
    assert "Waar wil je lesgeven?" in answer


def test_teaching_without_a_known_role_asks_what_the_visitor_does(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    bot.say(sender, "hbo")
    answer = bot.text(bot.say(sender, "ik werk al op een school"))
    assert "Wat doe je daar precies?" in answer


def test_asking_for_institutions_in_the_middle_of_the_intake_resumes_it(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    answer = bot.text(bot.say(sender, "welke hogescholen zijn er bij mij in de buurt?"))
    assert "zodra ik weet welke route bij je past" in answer
    assert "Wat is je hoogste diploma?" in answer


def test_a_study_form_given_instead_of_the_diploma_is_kept_without_a_complaint(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    answer = bot.text(bot.say(sender, "ik wil het in deeltijd doen"))
    assert "Dat diploma ken ik niet" not in answer and "Wat is je hoogste diploma?" in answer
    bot.say(sender, "havo")
    bot.say(sender, "ik werk in een winkel")
    answer = bot.text(bot.say(sender, "basisschool"))
    assert "Hoe wil je het liefst studeren?" not in answer and "In welke plaats woon je?" in answer


def test_a_question_asked_twice_without_an_answer_offers_a_person(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    bot.say(sender, "ik woon in Zwolle")
    replies = bot.say(sender, "en ik werk in een winkel")
    titles = [b["title"] for r in replies for b in r.get("buttons", [])]
    assert "Praat met een adviseur" in titles and "Wat is je hoogste diploma?" in bot.text(replies)


def test_the_study_form_not_answered_twice_counts_as_no_preference(bot, sender):
    for message in ("ik wil leraar worden", "havo", "ik werk in een winkel", "basisschool", "Zwolle"):
        bot.say(sender, message)
    answer = bot.text(bot.say(sender, "ik heb geen auto"))
    assert "studievorm maakt niet uit" in answer


def test_a_returner_hears_first_that_they_can_apply_with_their_bevoegdheid(bot, sender):
    answer = bot.text(bot.say(sender, "Ik heb vroeger lesgegeven met mijn pabodiploma en wil terug voor de klas. "
                                      "Wat moet ik doen?"))
    assert "solliciteren" in answer and "toelatingstoets" not in answer


def test_the_work_question_unanswered_twice_moves_on_as_outside_education(bot, sender):
    """No loop: the second answer that does not say what they do is noted as outside education."""
    bot.say(sender, "ik heb havo en wil leraar worden")
    bot.say(sender, "ik geef les op een rijschool")
    answer = bot.text(bot.say(sender, "basisschool"))
    assert "je werkt nu niet in het onderwijs" in answer and "Wat doe je nu?" not in answer
