"""Every text the bot can say stays near B1: short sentences, plain words (Flesch-Douma)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from bot.readability import measure

ROOT = Path(__file__).resolve().parents[2]
MIN_WORDS = 8  # shorter texts give unstable scores; they are short by definition
MIN_FLESCH_DOUMA = 50  # 60-70 is plain language; below 50 is far from B1
MAX_WORDS_PER_SENTENCE = 20
MAX_LONG_WORD_SHARE = 0.2


def bot_texts() -> list[tuple[str, str]]:
    texts = []
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for name, variants in domain["responses"].items():
        texts += [(f"domain.yml {name}", v["text"]) for v in variants if "text" in v]
    data = ROOT / "knowledge" / "data"
    fields = {
        "routes.yml": ("summary", "costs", "costs_unfunded", "where"),
        "qualifications.yml": ("explanation",),
        "funding.yml": ("summary", "for_whom"),
        "faq.yml": ("answer",),
    }
    for file, names in fields.items():
        for row in yaml.safe_load((data / file).read_text(encoding="utf-8")):
            texts += [(f"{file} {row['id']}.{f}", row[f]) for f in names if row.get(f)]
    for route in yaml.safe_load((data / "routes.yml").read_text(encoding="utf-8")):
        texts += [(f"routes.yml {route['id']} requirement", e["requirement"])
                  for e in route["entries"] if e.get("requirement")]
    return texts + action_texts()


PLACEHOLDER = "Zwolle"  # stands in for a value filled in at run time (a name, a place, a number)


def action_texts() -> list[tuple[str, str]]:
    """Texts the custom actions send: the `text=` of every utter_message call, with f-string parts filled in,
    and the upper-case string constants of the action modules."""
    texts = []
    for path in sorted((ROOT / "actions").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {t.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                     for t in node.targets if isinstance(t, ast.Name)}
        # Module constants hold texts that are picked at run time (e.g. DURING_INTAKE).
        texts += [(f"actions/{path.name} {name}", value.value) for name, value in constants.items()
                  if name.isupper() and isinstance(value, ast.Constant) and isinstance(value.value, str)]
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "utter_message":
                for keyword in node.keywords:
                    text = _literal(keyword.value, constants) if keyword.arg == "text" else None
                    if text:
                        texts.append((f"actions/{path.name}:{node.lineno}", text))
    return texts


def _literal(node: ast.AST, constants: dict[str, ast.AST]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else PLACEHOLDER for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left, constants), _literal(node.right, constants)
        return left + right if left is not None and right is not None else None
    if isinstance(node, ast.Name) and node.id in constants:
        return _literal(constants[node.id], constants)
    return None


TEXTS = [t for t in bot_texts() if measure(t[1]).words >= MIN_WORDS]


def test_there_are_texts_to_check():
    assert len(TEXTS) > 50


def test_texts_of_the_actions_are_checked_too():
    assert any(where.startswith("actions/intake.py") for where, _ in TEXTS)


@pytest.mark.parametrize(("where", "text"), TEXTS, ids=[t[0] for t in TEXTS])
def test_text_is_near_b1(where, text):
    score = measure(text)
    assert score.flesch_douma >= MIN_FLESCH_DOUMA, f"{where}: hard to read ({score})"
    assert score.words_per_sentence <= MAX_WORDS_PER_SENTENCE, f"{where}: sentences too long ({score})"
    assert score.long_word_share <= MAX_LONG_WORD_SHARE, f"{where}: too many long words ({score})"


def test_measure_flags_a_hard_text():
    hard = ("Ingevolge de toepasselijke wettelijke bepalingen dient de kandidaat voorafgaand aan de "
            "inschrijving een geschiktheidsverklaring overeenkomstig de desbetreffende regelgeving te overleggen.")
    assert measure(hard).flesch_douma < MIN_FLESCH_DOUMA


def test_measure_passes_a_plain_text():
    assert measure("Je gaat naar school. Je leert lesgeven. Dat duurt vier jaar.").flesch_douma > 80
