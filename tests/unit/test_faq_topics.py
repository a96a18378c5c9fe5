"""The bot's FAQ intents, the store's FAQ answers and the fallback's topic buttons agree."""

from __future__ import annotations

from pathlib import Path

import yaml

from actions.fallback import TOPICS
from actions.faq import topic_of

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_INTENTS = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]


def test_every_faq_intent_has_an_answer_in_the_store(repository):
    faq_intents = [i for i in DOMAIN_INTENTS if i.startswith("faq_")]
    assert len(faq_intents) >= 10
    for intent in faq_intents:
        answer = repository.faq(topic_of(intent))
        assert answer is not None, intent
        assert answer.source.startswith("http")


def test_topic_of_other_intents_is_none():
    assert topic_of("greet") is None
    assert topic_of(None) is None


def test_topic_of_maps_underscores_to_hyphens():
    assert topic_of("faq_verschil_graden") == "verschil-graden"


def test_fallback_topics_are_real_intents():
    assert set(TOPICS) <= set(DOMAIN_INTENTS)
