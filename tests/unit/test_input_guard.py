"""What the channels do with raw visitor input before the NLU sees it."""

from bot.channels.input_guard import EMPTY_INTENT, MAX_MESSAGE_CHARS, NO_WORDS_INTENT, TOO_LONG_INTENT, guard


def test_plain_text_passes_unchanged():
    assert guard("Ik wil leraar worden").text == "Ik wil leraar worden"


def test_empty_and_blank_become_empty_intent():
    assert guard("").text == EMPTY_INTENT
    assert guard("   \n ").text == EMPTY_INTENT
    assert guard(None).text == EMPTY_INTENT


def test_overlong_message_becomes_too_long_intent_and_keeps_original():
    result = guard("a" * 20_000)
    assert result.text == TOO_LONG_INTENT
    assert result.metadata["original_length"] == 20_000
    assert len(result.metadata["original_text"]) == 20_000


def test_message_at_the_limit_is_kept():
    assert guard("a" * MAX_MESSAGE_CHARS).text == "a" * MAX_MESSAGE_CHARS


def test_only_emoji_becomes_no_words_intent():
    assert guard("😀🎉👍").text == NO_WORDS_INTENT


def test_script_block_is_removed_entirely():
    result = guard("<script>alert(1)</script>")
    assert result.text == NO_WORDS_INTENT
    assert result.metadata["original_text"] == "<script>alert(1)</script>"


def test_markup_around_words_is_removed():
    assert guard("<b>ik wil</b> leraar worden").text == "ik wil leraar worden"


def test_control_characters_are_removed():
    assert guard("hoi\x00\x07 daar").text == "hoi daar"


def test_non_string_input_is_read_as_text():
    assert guard(12).text == "12"
