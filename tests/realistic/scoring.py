"""Scoring of the realistic test set: pure functions, no servers.

The set (``questions.yml``, ``conversations.yml``) lists what the bot's answer must contain as
keyword groups; this module loads it, turns the bot's REST replies into one text per turn and
checks that text. See README.md in this directory for the rules.

- A *group* is a list of alternatives; a group is met when at least one alternative occurs.
- Matching is case- and accent-insensitive, hyphens count as spaces, and an alternative must
  start at a word boundary (``toelating`` matches ``toelatingsexamen``, ``alo`` does not match
  ``halo``). Web addresses and "Bron: ..." lines are removed before matching, so a keyword in a
  source URL never counts as content. An alternative that is itself a web address
  (``duo.nl``) is matched against the full text.
- A single question is *correct*, *abstained* or *wrong* (see :func:`classify_question`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

SET_DIR = Path(__file__).resolve().parent
QUESTIONS_FILE = SET_DIR / "questions.yml"
CONVERSATIONS_FILE = SET_DIR / "conversations.yml"
GATES_FILE = SET_DIR / "gates.yml"
ROUTES_FILE = SET_DIR.parents[1] / "knowledge" / "data" / "routes.yml"

PARTS = ("tuned", "aside")
EXPECTS = ("answer", "abstain")
CORRECT, ABSTAINED, WRONG = "correct", "abstained", "wrong"
MIN_KEYWORD_LENGTH = 3

# --- the abstention markers: the ONE place where "honest not-sure" and "referral" are defined ---------
# An honest "I am not sure / I have no good answer" ...
NOT_SURE_MARKERS: tuple[str, ...] = (
    "weet ik niet zeker",
    "weet ik niet precies",
    "weet ik nog niet",
    "dat weet ik niet",
    "weet ik helaas niet",
    "dat kan ik niet zeker zeggen",
    "kan ik niet met zekerheid",
    "geen goed antwoord",
    "nog geen antwoord",
    "heb ik geen antwoord",
    "geen betrouwbaar antwoord",
    "heb ik geen informatie",
    "heb ik geen gegevens",
    "dit is nog niet zeker",
    "niet zeker of dit klopt",
    "lukt me niet goed om je te begrijpen",
)
# ... together with a pointer to someone who does know.
REFERRAL_MARKERS: tuple[str, ...] = (
    "onderwijsloket",
    "regioloket",
    "adviseur",
    "adviesgesprek",
    "helpt je graag",
    "vraag dit na",
    "vraag het na",
    "vraag dat na",
    "vraag de kosten na",
    "vraag het bedrag na",
    "vraag bij",
    "navragen",
    "informeer bij",
    "check dit",
    "check het",
    "kijk bij",
    "neem contact op",
)
# The bot did not understand and asks which topic was meant or to rephrase. Not an answer and
# not a referral: it counts as wrong, reported separately as "not understood".
CLARIFICATION_MARKERS: tuple[str, ...] = (
    "weet niet zeker wat je bedoelt",
    "kun je het anders zeggen",
)

_URL = re.compile(r"(https?://\S+|www\.\S+)")
_SOURCE_LINE = re.compile(r"(?im)^.*\bbron:.*$")
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"[-\u2010-\u2015/]")


# --- text ------------------------------------------------------------------------------------------
def normalize(text: str) -> str:
    """Lower case, accents removed, hyphens and slashes as spaces, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", _DASHES.sub(" ", plain.lower())).strip()


def strip_sources(text: str) -> str:
    """The text without "Bron: ..." lines and without web addresses."""
    return _URL.sub(" ", _SOURCE_LINE.sub(" ", text))


def is_address(keyword: str) -> bool:
    return "://" in keyword or keyword.startswith("www.") or bool(re.search(r"\.(nl|com|org|eu)\b", keyword))


def contains(text: str, keyword: str) -> bool:
    """``keyword`` occurs in ``text`` starting at a word boundary (both normalized here)."""
    needle = normalize(keyword)
    if not needle:
        return False
    return re.search(r"(?<![a-z0-9])" + re.escape(needle), normalize(text)) is not None


def _content_and_full(text: str) -> tuple[str, str]:
    return strip_sources(text), text


def mentions(text: str, keyword: str) -> bool:
    """Whether the reply mentions ``keyword`` as content (addresses only when it is one)."""
    content, full = _content_and_full(text)
    return contains(full if is_address(keyword) else content, keyword)


def reply_text(messages: Sequence[dict[str, Any]]) -> str:
    """All text of one turn: messages, button titles, and the route ids/names and desk name of a
    ``custom`` payload of type ``routeadvies``."""
    parts: list[str] = []
    for message in messages:
        if message.get("text"):
            parts.append(str(message["text"]))
        for button in message.get("buttons") or []:
            if button.get("title"):
                parts.append(str(button["title"]))
        advice = routeadvies(message)
        if advice:
            for route in advice.get("routes") or []:
                parts.extend(str(route[key]) for key in ("id", "naam") if route.get(key))
            desk = advice.get("loket") or {}
            if desk.get("naam"):
                parts.append(str(desk["naam"]))
    return "\n".join(parts)


def routeadvies(message: dict[str, Any]) -> dict[str, Any] | None:
    custom = message.get("custom")
    if isinstance(custom, dict) and custom.get("type") == "routeadvies":
        return custom
    return None


def last_routeadvies(turns: Iterable[Sequence[dict[str, Any]]]) -> dict[str, Any] | None:
    found = None
    for messages in turns:
        for message in messages:
            found = routeadvies(message) or found
    return found


# --- expectations -------------------------------------------------------------------------------------
@dataclass
class Check:
    """The outcome of checking one reply against ``must`` / ``must_not``."""

    missing: list[list[str]] = field(default_factory=list)  # must groups with no alternative present
    forbidden: list[str] = field(default_factory=list)  # must_not strings that occur

    @property
    def ok(self) -> bool:
        return not self.missing and not self.forbidden

    def describe(self) -> str:
        parts = []
        if self.missing:
            parts.append("mist " + "; ".join(" | ".join(group) for group in self.missing))
        if self.forbidden:
            parts.append("bevat " + ", ".join(self.forbidden))
        return " en ".join(parts) or "ok"


def check(text: str, must: Sequence[Sequence[str]] = (), must_not: Sequence[str] = ()) -> Check:
    return Check(
        missing=[list(group) for group in must if not any(mentions(text, alt) for alt in group)],
        forbidden=[word for word in must_not if mentions(text, word)],
    )


def _content(text: str) -> str:
    return strip_sources(text)


def is_clarification(text: str) -> bool:
    return any(contains(text, marker) for marker in CLARIFICATION_MARKERS)


def is_not_sure(text: str) -> bool:
    return any(contains(_content(text), marker) for marker in NOT_SURE_MARKERS)


def refers(text: str) -> bool:
    """A pointer to a person or organisation that knows (outside source lines and addresses)."""
    return any(contains(_content(text), marker) for marker in REFERRAL_MARKERS)


def is_abstention(text: str) -> bool:
    """An honest not-sure together with a referral; a clarification request is not one."""
    return not is_clarification(text) and is_not_sure(text) and refers(text)


@dataclass
class QuestionResult:
    id: str
    part: str
    expect: str
    outcome: str  # correct | abstained | wrong
    detail: str = ""
    not_understood: bool = False


def classify_question(item: dict[str, Any], text: str) -> QuestionResult:
    """correct / abstained / wrong for one single question and the bot's reply text.

    ``expect: answer``: correct when every ``must`` group is met and no ``must_not`` occurs;
    otherwise abstained when the reply is an abstention (:func:`is_abstention`), else wrong.
    ``expect: abstain``: correct when the reply abstains or refers (and hits no ``must_not``),
    wrong when it answers confidently.
    """
    result = check(text, item.get("must") or (), item.get("must_not") or ())
    base = {"id": item["id"], "part": item["part"], "expect": item["expect"],
            "not_understood": is_clarification(text)}
    if item["expect"] == "abstain":
        if (is_abstention(text) or (refers(text) and not is_clarification(text))) and not result.forbidden:
            return QuestionResult(outcome=CORRECT, **base)
        why = ("bevat " + ", ".join(result.forbidden)) if result.forbidden else "geen 'weet ik niet' of verwijzing"
        return QuestionResult(outcome=WRONG, detail=why, **base)
    if result.ok:
        return QuestionResult(outcome=CORRECT, **base)
    if is_abstention(text):
        return QuestionResult(outcome=ABSTAINED, detail=result.describe(), **base)
    return QuestionResult(outcome=WRONG, detail=result.describe(), **base)


@dataclass
class ConversationResult:
    id: str
    part: str
    passed: bool
    failures: list[str] = field(default_factory=list)


def _alternatives(value: str | Sequence[str] | None) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def check_final(final: dict[str, Any], turns: Sequence[Sequence[dict[str, Any]]]) -> list[str]:
    """Failures of the final advice: the last ``routeadvies`` payload of the conversation."""
    if not final:
        return []
    advice = last_routeadvies(turns)
    if advice is None:
        return ["geen routeadvies gekregen"]
    failures = []
    advised = [route.get("id") for route in advice.get("routes") or []]
    wanted = final.get("routes_any") or []
    if wanted and not set(wanted) & set(advised):
        failures.append(f"routes: verwacht een van {wanted}, kreeg {advised}")
    unwanted = sorted(set(final.get("routes_none") or []) & set(advised))
    if unwanted:
        failures.append(f"routes: {unwanted} had niet geadviseerd mogen worden (kreeg {advised})")
    desks = _alternatives(final.get("desk"))
    if desks:
        desk_name = (advice.get("loket") or {}).get("naam") or ""
        advice_turn = next((reply_text(m) for m in reversed(turns) if last_routeadvies([m]) is advice), "")
        if not any(contains(desk_name, d) or contains(strip_sources(advice_turn), d) for d in desks):
            failures.append(f"loket: verwacht {' of '.join(desks)}, kreeg {desk_name or 'geen'}")
    return failures


def score_conversation(item: dict[str, Any], turns: Sequence[Sequence[dict[str, Any]]]) -> ConversationResult:
    """``turns`` holds the bot's messages per user turn, in order."""
    failures = []
    for number, (turn, messages) in enumerate(zip(item["turns"], turns, strict=False), start=1):
        result = check(reply_text(messages), turn.get("must") or (), turn.get("must_not") or ())
        if not result.ok:
            failures.append(f"beurt {number} ({turn['user'][:40]!r}): {result.describe()}")
    if len(turns) < len(item["turns"]):
        failures.append(f"maar {len(turns)} van {len(item['turns'])} beurten beantwoord")
    failures += check_final(item.get("final") or {}, turns)
    return ConversationResult(id=item["id"], part=item["part"], passed=not failures, failures=failures)


# --- the set ---------------------------------------------------------------------------------------------
def expected_part(item_id: str) -> str:
    """The fixed rule for the aside part: every item whose number is divisible by 3."""
    match = re.search(r"(\d+)$", item_id)
    if not match:
        raise ValueError(f"item id without a number: {item_id!r}")
    return "aside" if int(match.group(1)) % 3 == 0 else "tuned"


class SetError(ValueError):
    pass


def _check_groups(where: str, must: Any, must_not: Any) -> list[str]:
    problems = []
    if not isinstance(must, list) or not all(isinstance(g, list) and g for g in must):
        problems.append(f"{where}: must is a list of non-empty lists")
    else:
        problems += [f"{where}: alternative {alt!r} is shorter than {MIN_KEYWORD_LENGTH} characters"
                     for group in must for alt in group if len(normalize(str(alt))) < MIN_KEYWORD_LENGTH]
    if not isinstance(must_not, list) or not all(isinstance(w, str) and w for w in must_not):
        problems.append(f"{where}: must_not is a list of strings")
    return problems


def _item_problems(where: str, item: dict[str, Any], keys: tuple[str, ...], seen: set) -> list[str]:
    """What every item of the set needs: a unique id, its keys, and the part its number gives."""
    problems = []
    if item.get("id") in seen:
        problems.append(f"{where}: duplicate id")
    seen.add(item.get("id"))
    problems += [f"{where}: {key} missing" for key in keys if not item.get(key)]
    if item.get("part") not in PARTS or (item.get("id") and item["part"] != expected_part(item["id"])):
        problems.append(f"{where}: part must be {expected_part(item['id']) if item.get('id') else PARTS}")
    return problems


def validate_questions(items: list[dict[str, Any]]) -> list[str]:
    problems, seen = [], set()
    for item in items:
        where = f"question {item.get('id')}"
        problems += _item_problems(where, item, ("id", "part", "text", "source_hint", "expect"), seen)
        if item.get("expect") not in EXPECTS:
            problems.append(f"{where}: expect must be one of {EXPECTS}")
        if item.get("expect") == "answer" and not item.get("must"):
            problems.append(f"{where}: an answer item needs at least one must group")
        problems += _check_groups(where, item.get("must") or [], item.get("must_not") or [])
    return problems


def validate_conversations(items: list[dict[str, Any]], route_ids: set[str] | None = None) -> list[str]:
    problems, seen = [], set()
    for item in items:
        where = f"conversation {item.get('id')}"
        problems += _item_problems(where, item, ("id", "part", "persona", "turns"), seen)
        for number, turn in enumerate(item.get("turns") or [], start=1):
            if not isinstance(turn, dict) or not str(turn.get("user", "")).strip():
                problems.append(f"{where} turn {number}: user text missing")
                continue
            problems += _check_groups(f"{where} turn {number}", turn.get("must") or [], turn.get("must_not") or [])
        final = item.get("final") or {}
        unknown_keys = set(final) - {"routes_any", "routes_none", "desk"}
        if unknown_keys:
            problems.append(f"{where}: unknown final keys {sorted(unknown_keys)}")
        if route_ids is not None:
            for key in ("routes_any", "routes_none"):
                unknown = set(final.get(key) or []) - route_ids
                if unknown:
                    problems.append(f"{where}: final.{key} has unknown route ids {sorted(unknown)}")
    return problems


def load_yaml(path: Path) -> Any:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_questions(path: Path = QUESTIONS_FILE) -> list[dict[str, Any]]:
    items = load_yaml(path)["questions"]
    problems = validate_questions(items)
    if problems:
        raise SetError("\n".join(problems))
    return items


def load_conversations(path: Path = CONVERSATIONS_FILE, route_ids: set[str] | None = None) -> list[dict[str, Any]]:
    items = load_yaml(path)["conversations"]
    problems = validate_conversations(items, route_ids)
    if problems:
        raise SetError("\n".join(problems))
    return items


def known_route_ids(path: Path = ROUTES_FILE) -> set[str]:
    """The route ids of the knowledge store's data file (for validating ``final``)."""
    return {route["id"] for route in load_yaml(path)}


def load_gates(path: Path = GATES_FILE) -> dict[str, dict[str, float]]:
    return load_yaml(path)["gates"]


# --- rates -----------------------------------------------------------------------------------------------
def rates(questions: Sequence[QuestionResult], conversations: Sequence[ConversationResult]) -> dict[str, dict]:
    """Per part and in total: conversation pass rate and question correct/abstained/wrong rates (%)."""
    summary: dict[str, dict] = {}
    for part in (*PARTS, "total"):
        qs = [q for q in questions if part == "total" or q.part == part]
        cs = [c for c in conversations if part == "total" or c.part == part]
        summary[part] = {
            "conversations": len(cs),
            "conversations_passed_pct": _pct(sum(c.passed for c in cs), len(cs)),
            "questions": len(qs),
            "correct_pct": _pct(sum(q.outcome == CORRECT for q in qs), len(qs)),
            "abstained_pct": _pct(sum(q.outcome == ABSTAINED for q in qs), len(qs)),
            "wrong_pct": _pct(sum(q.outcome == WRONG for q in qs), len(qs)),
            "not_understood_pct": _pct(sum(q.not_understood for q in qs), len(qs)),
        }
    return summary


def _pct(count: int, total: int) -> float:
    return round(100.0 * count / total, 1) if total else 0.0


def gate_failures(summary: dict[str, dict], gates: dict[str, dict[str, float]]) -> list[str]:
    """Which gate each part misses: minimum pass/correct rates, maximum wrong rate."""
    failures = []
    for part, gate in gates.items():
        figures = summary[part]
        if figures["conversations_passed_pct"] < gate["min_conversations_passed_pct"]:
            failures.append(f"{part}: conversations passed {figures['conversations_passed_pct']}% "
                            f"< {gate['min_conversations_passed_pct']}%")
        if figures["correct_pct"] < gate["min_questions_correct_pct"]:
            failures.append(f"{part}: questions correct {figures['correct_pct']}% "
                            f"< {gate['min_questions_correct_pct']}%")
        if figures["wrong_pct"] > gate["max_questions_wrong_pct"]:
            failures.append(f"{part}: questions wrong {figures['wrong_pct']}% > {gate['max_questions_wrong_pct']}%")
    return failures


def format_rates(summary: dict[str, dict]) -> str:
    lines = [f"{'part':<7} {'conversations passed':>22} {'questions correct':>18} {'abstained':>10} "
             f"{'wrong':>7} {'(not understood)':>17}"]
    for part, f in summary.items():
        lines.append(
            f"{part:<7} {f['conversations_passed_pct']:>14.1f}% of {f['conversations']:<4}"
            f" {f['correct_pct']:>10.1f}% of {f['questions']:<4} {f['abstained_pct']:>9.1f}%"
            f" {f['wrong_pct']:>6.1f}% {f['not_understood_pct']:>16.1f}%"
        )
    return "\n".join(lines)
