"""Bad input through the REST channel gets a Dutch answer, never an error status."""

from __future__ import annotations

import pytest

DUTCH_WORDS = ("je", "ik", "het", "een", "de")


def assert_dutch_answer(bot, replies):
    text = bot.text(replies).lower()
    assert text.strip(), "the bot said nothing"
    assert any(f" {w} " in f" {text} " for w in DUTCH_WORDS), text


def test_empty_message(bot, sender):
    replies = bot.say(sender, "")
    assert_dutch_answer(bot, replies)
    assert "leeg bericht" in bot.text(replies)


def test_message_of_20000_characters(bot, sender):
    replies = bot.say(sender, "leraar " * 2857)
    assert_dutch_answer(bot, replies)
    assert "te lang" in bot.text(replies)


def test_only_emoji(bot, sender):
    replies = bot.say(sender, "😀🎉👍")
    assert_dutch_answer(bot, replies)
    assert "emoji" in bot.text(replies)


def test_script_tags(bot, sender):
    replies = bot.say(sender, "<script>alert('hoi')</script>")
    assert_dutch_answer(bot, replies)
    assert "<script>" not in bot.text(replies)


def test_script_tags_around_a_real_question(bot, sender):
    replies = bot.say(sender, "<script>x()</script>ik wil leraar worden")
    assert "Wat is je hoogste diploma?" in bot.text(replies)


def test_english_message(bot, sender):
    replies = bot.say(sender, "Hello, I would like to become a teacher in the Netherlands")
    assert_dutch_answer(bot, replies)
    assert "onderwijsloket.com" in bot.text(replies)


def test_null_message(bot, sender):
    assert_dutch_answer(bot, bot.say(sender, None))


def test_bad_input_in_the_middle_of_the_intake_keeps_the_intake_going(bot, sender):
    bot.say(sender, "ik wil leraar worden")
    replies = bot.say(sender, "")
    assert "Wat is je hoogste diploma?" in bot.text(replies)


@pytest.mark.parametrize("body", ["geen json", "[1, 2]", '{"message": "hoi"}'])
def test_malformed_request_gets_a_clear_dutch_error(bot, body):
    response = bot.post(body)
    assert response.status_code == 400
    assert response.json()["error"]
