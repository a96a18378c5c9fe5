"""Runs the realistic set through a ``say(sender, message) -> messages`` function (the REST channel).

Shared by ``bench/realistic.py`` (its own servers) and ``tests/e2e/test_realistic.py`` (the e2e
session servers). Every conversation and every single question gets a fresh sender id.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Sequence

from tests.realistic import scoring

Say = Callable[[str, str], list[dict[str, Any]]]
Progress = Callable[[str, int, int], None]


@dataclass
class SetRun:
    questions: list[scoring.QuestionResult] = field(default_factory=list)
    conversations: list[scoring.ConversationResult] = field(default_factory=list)
    # what the bot said, per item id: one text (questions) or one text per turn (conversations)
    replies: dict[str, list[str]] = field(default_factory=dict)

    def summary(self) -> dict[str, dict]:
        return scoring.rates(self.questions, self.conversations)

    def report(self, include_aside_details: bool = False) -> dict[str, Any]:
        """JSON-able report. Per-item outcomes and failures only for the tuned part (unless asked),
        so that nobody tunes on the aside part; for the aside part only the rates."""
        def visible(part: str) -> bool:
            return include_aside_details or part == "tuned"

        return {
            "rates": self.summary(),
            "questions": [
                {**asdict(q), "reply": "\n".join(self.replies.get(q.id, []))}
                for q in self.questions if visible(q.part)
            ],
            "conversations": [
                {**asdict(c), "replies": self.replies.get(c.id, [])}
                for c in self.conversations if visible(c.part)
            ],
        }


def _sender(item_id: str) -> str:
    return f"realistic-{item_id}-{uuid.uuid4().hex[:8]}"


def run_conversation(say: Say, item: dict[str, Any]) -> tuple[scoring.ConversationResult, list[str]]:
    sender, turns = _sender(item["id"]), []
    try:
        for turn in item["turns"]:
            turns.append(say(sender, str(turn["user"])))
    except Exception as error:  # a failing request fails this conversation, not the run
        result = scoring.score_conversation(item, turns)
        result.passed = False
        result.failures.append(f"fout bij beurt {len(turns) + 1}: {error!r}")
        return result, [scoring.reply_text(m) for m in turns]
    return scoring.score_conversation(item, turns), [scoring.reply_text(m) for m in turns]


def run_question(say: Say, item: dict[str, Any]) -> tuple[scoring.QuestionResult, str]:
    try:
        text = scoring.reply_text(say(_sender(item["id"]), str(item["text"])))
    except Exception as error:
        return scoring.QuestionResult(item["id"], item["part"], item["expect"], scoring.WRONG,
                                      detail=f"fout: {error!r}"), ""
    return scoring.classify_question(item, text), text


def run_set(
    say: Say,
    questions: Sequence[dict[str, Any]],
    conversations: Sequence[dict[str, Any]],
    progress: Progress | None = None,
) -> SetRun:
    run = SetRun()
    total, done = len(questions) + len(conversations), 0
    for item in conversations:
        result, replies = run_conversation(say, item)
        run.conversations.append(result)
        run.replies[item["id"]] = replies
        done += 1
        if progress:
            progress(item["id"], done, total)
    for item in questions:
        result, reply = run_question(say, item)
        run.questions.append(result)
        run.replies[item["id"]] = [reply]
        done += 1
        if progress:
            progress(item["id"], done, total)
    return run


def tuned_failures(run: SetRun) -> list[str]:
    """Readable failure lines of the tuned part only."""
    lines = []
    for c in run.conversations:
        if c.part == "tuned" and not c.passed:
            lines.append(f"[gesprek {c.id}] " + " / ".join(c.failures))
    for q in run.questions:
        if q.part == "tuned" and q.outcome != scoring.CORRECT:
            label = "niet begrepen" if q.not_understood else q.outcome
            lines.append(f"[vraag {q.id}] {label}: {q.detail}")
    return lines
