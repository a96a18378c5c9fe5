"""Entities are kept only where they are facts about the visitor (bot/nlp/intent_entity_filter.py)."""

from rasa.shared.nlu.training_data.message import Message

from bot.nlp.intent_entity_filter import IntentEntityFilter

FILTER = IntentEntityFilter({"entities_by_intent": {"inform": "*", "vraag_loket": ["plaats"]}})


def parsed(intent: str, *entities: str) -> Message:
    message = Message(data={"text": "x", "intent": {"name": intent, "confidence": 0.9}})
    message.set("entities", [{"entity": e, "value": "v", "start": 0, "end": 1} for e in entities])
    return message


def kept(message: Message) -> list[str]:
    return [e["entity"] for e in FILTER.process([message])[0].get("entities")]


def test_intake_answers_keep_all_entities():
    assert kept(parsed("inform", "vooropleiding", "plaats")) == ["vooropleiding", "plaats"]


def test_a_question_about_a_desk_keeps_only_the_place():
    assert kept(parsed("vraag_loket", "vooropleiding", "plaats")) == ["plaats"]


def test_an_faq_question_keeps_no_entities():
    assert kept(parsed("faq_duur", "vooropleiding")) == []


def test_a_message_without_intent_keeps_no_entities():
    message = Message(data={"text": "x"})
    message.set("entities", [{"entity": "plaats", "value": "Zwolle"}])
    assert FILTER.process([message])[0].get("entities") == []
