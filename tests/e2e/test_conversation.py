"""The vertical slice through the real servers: intake, route advice, regional contact."""

from __future__ import annotations

import shutil

from knowledge.db import make_engine
from knowledge.files import DATA_DIR, read_files
from knowledge.loader import load

INTAKE_QUESTIONS = ("Wat is je hoogste diploma?", "Waar wil je lesgeven?", "Welk vak", "In welke plaats woon je?")


def test_wanting_to_become_a_teacher_starts_the_intake(bot, sender):
    replies = bot.say(sender, "Hoi, ik wil leraar worden")
    assert "Wat is je hoogste diploma?" in bot.text(replies)
    assert any("buttons" in r for r in replies)


def test_step_by_step_intake_ends_with_pabo_and_regional_desk(bot, sender):
    bot.say(sender, "Hoi, ik wil leraar worden")
    assert "Waar wil je lesgeven?" in bot.text(bot.say(sender, "havo"))
    assert "In welke plaats woon je?" in bot.text(bot.say(sender, "basisonderwijs"))
    answer = bot.text(bot.say(sender, "Zwolle"))
    assert "Pabo voltijd" in answer
    assert "Hatseklas" in answer
    assert "Bron: https://" in answer and "peildatum" in answer


def test_everything_in_one_message_gets_advice_without_questions(bot, sender):
    answer = bot.text(bot.say(sender, "ik heb havo, wil naar het basisonderwijs en woon in Zwolle"))
    assert "Pabo voltijd" in answer
    assert "Hatseklas" in answer
    for question in INTAKE_QUESTIONS:
        assert question not in answer


def test_subject_is_asked_only_for_voortgezet_onderwijs(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    bot.say(sender, "universiteit")
    assert "Welk vak" in bot.text(bot.say(sender, "middelbare school"))
    assert "In welke plaats" in bot.text(bot.say(sender, "wiskunde"))
    answer = bot.text(bot.say(sender, "Utrecht"))
    assert "Universitaire lerarenopleiding" in answer
    assert "Utrecht leert" in answer


def test_place_without_regional_desk_gets_the_national_onderwijsloket(bot, sender):
    answer = bot.text(bot.say(sender, "ik heb vwo, wil naar het basisonderwijs en woon in Maastricht"))
    assert "Onderwijsloket" in answer
    assert "https://www.onderwijsloket.com/" in answer


def test_unknown_answer_is_asked_again_in_dutch(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    answer = bot.text(bot.say(sender, "een diploma van de dansschool"))
    assert "Dat diploma ken ik niet" in answer
    assert "Wat is je hoogste diploma?" in answer


def test_typo_in_place_is_understood(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    bot.say(sender, "hbo")
    bot.say(sender, "basisschool")
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
        answer = bot.text(bot.say(sender, "ik heb havo, wil naar het basisonderwijs en woon in Zwolle"))
        assert "Hatseklas Testloket" in answer
        assert "Pabo voltijd (nieuw)" in answer
    finally:
        load(engine, read_files())
        engine.dispose()


def test_stopping_during_the_intake(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    assert "we stoppen" in bot.text(bot.say(sender, "stop")).lower()
