"""What the channels do with raw visitor input before the NLU sees it."""

from bot.channels.input_guard import (
    EMPTY_INTENT,
    MAX_MESSAGE_CHARS,
    NO_WORDS_INTENT,
    TOO_LONG_INTENT,
    client_metadata,
    conversation_id,
    guard,
    storable,
)


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


def test_a_lone_surrogate_becomes_a_replacement_character():
    """spaCy's tokenizer and the stores cannot encode one; it came from JSON as "\\udfff"."""
    assert guard("ik wil \udfff leraar worden").text == "ik wil \ufffd leraar worden"


def test_storable_text_has_no_lone_surrogate_or_control_character():
    assert storable("a\ud800b\x00c\x1bd\ne\tf") == "a\ufffdb c d\ne\tf"


def test_a_conversation_id_is_short_printable_text_or_a_number():
    assert conversation_id("fuzz-1") == "fuzz-1" and conversation_id(12) == "12"
    assert [conversation_id(bad) for bad in ("", " ", "a\ud800", "a\x00b", "s" * 101, None, True, 1.5, ["a"])] \
        == [None] * 9


def test_client_metadata_keeps_the_known_keys_as_short_storable_text():
    metadata = client_metadata({"channel": {"a": 1}, "kiosk_id": "stand-1", "page_url": "https://x.nl/\ud800" * 100,
                                "agent": "nep"})
    assert metadata.keys() == {"kiosk_id", "page_url"}
    assert len(metadata["page_url"]) == 500 and "\ud800" not in metadata["page_url"]
