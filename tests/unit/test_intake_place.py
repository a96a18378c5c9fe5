"""The place question: only words that refuse keep the place to oneself (then the national desk helps)."""

import pytest

from actions.intake import declines


@pytest.mark.parametrize(("text", "refuses"), [
    ("/weet_niet", True), ("zeg ik liever niet", True), ("dat wil ik niet zeggen", True), ("sla maar over", True),
    ("geen idee", False), ("maakt niet uit", False), ("weet ik niet", False),
])
def test_only_words_that_refuse_keep_the_place_to_oneself(text, refuses):
    assert declines(text) is refuses
