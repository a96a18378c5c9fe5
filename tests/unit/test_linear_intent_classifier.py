"""The linear intent classifier: trains, ranks, survives a save and load, and gives usable confidences."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlp.linear_intent_classifier import LinearIntentClassifier, fit_temperature

EXAMPLES = {
    "greet": ["hoi", "hallo", "goedemorgen", "hey daar", "hallo allemaal", "hoi hoi"],
    "wil_leraar_worden": ["ik wil leraar worden", "hoe word ik juf", "ik wil lesgeven", "ik wil docent worden",
                          "hoe kan ik meester worden", "ik wil voor de klas staan"],
    "faq_kosten": ["wat kost de pabo", "hoeveel collegegeld betaal ik", "wat zijn de kosten",
                   "is de opleiding duur", "wat kost een lerarenopleiding", "hoe duur is de studie"],
}


@pytest.fixture
def trained(tmp_path) -> tuple[LinearIntentClassifier, LocalModelStorage, Resource]:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intent_classifier")
    context = ExecutionContext(GraphSchema({}), "test")
    classifier = LinearIntentClassifier.create(LinearIntentClassifier.get_default_config(), storage, resource, context)
    data = TrainingData([Message(data={"text": t, "intent": i}) for i, texts in EXAMPLES.items() for t in texts])
    classifier.train(data)
    return classifier, storage, resource


def classify(classifier: LinearIntentClassifier, text: str) -> Message:
    return classifier.process([Message(data={"text": text})])[0]


def test_an_unseen_phrasing_gets_the_right_intent(trained):
    message = classify(trained[0], "wat moet ik betalen voor de pabo")
    assert message.get("intent")["name"] == "faq_kosten"


def test_the_ranking_is_sorted_and_its_confidences_sum_to_one(trained):
    ranking = classify(trained[0], "hallo").get("intent_ranking")
    confidences = [r["confidence"] for r in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0)


def test_a_saved_model_loads_and_predicts_the_same(trained):
    classifier, storage, resource = trained
    loaded = LinearIntentClassifier.load(
        LinearIntentClassifier.get_default_config(), storage, resource, ExecutionContext(GraphSchema({}), "test")
    )
    before = classify(classifier, "ik wil juf worden").get("intent")
    after = classify(loaded, "ik wil juf worden").get("intent")
    assert after["name"] == before["name"] and after["confidence"] == pytest.approx(before["confidence"])


def test_an_untrained_model_leaves_messages_alone(tmp_path):
    classifier = LinearIntentClassifier({}, LocalModelStorage(tmp_path), Resource("empty"))
    assert classify(classifier, "hoi").get("intent") is None


def test_temperature_sharpens_scores_that_are_usually_right():
    scores = np.array([[1.0, -1.0], [0.8, -0.8], [-1.0, 1.0], [-0.6, 0.6]])
    labels = np.array([0, 0, 1, 1])
    assert fit_temperature(scores, labels) > 1.0


def test_temperature_softens_scores_that_are_often_wrong():
    scores = np.array([[1.0, -1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, 1.0]])
    labels = np.array([0, 1, 1, 0])
    assert fit_temperature(scores, labels) < 1.0
