"""Keeps only the entities that are facts about the visitor, judged by the message's intent.

"Hoe lang duurt de pabo voor iemand met een master?" mentions a diploma, but it is a question, not
the visitor saying they have a master. Lookup tables and the CRF see only a few words around a term,
so they cannot tell; the intent can. This component drops entities for intents that do not carry
intake facts (FAQ questions, greetings, ...), and keeps for each intent only the entity types the
conversation uses there (a place in "welk loket is er in Leeuwarden?"). The NLU training data and
the held-out set are annotated by the same rule.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message

ALL = "*"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class IntentEntityFilter(GraphComponent):
    """Config ``entities_by_intent``: intent -> list of entity types to keep, or "*" for all of them."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"entities_by_intent": {}}

    def __init__(self, config: dict[str, Any]) -> None:
        self._allowed: dict[str, set[str] | str] = {
            intent: (ALL if types == ALL else set(types)) for intent, types in config["entities_by_intent"].items()
        }

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentEntityFilter:
        return cls(config)

    def allows(self, intent: str | None, entity_type: str) -> bool:
        allowed = self._allowed.get(intent or "")
        return allowed == ALL or (allowed is not None and entity_type in allowed)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            entities = message.get(ENTITIES) or []
            kept = [entity for entity in entities if self.allows(intent, entity.get("entity", ""))]
            message.set(ENTITIES, kept, add_to_output=True)
        return messages
