"""Simulated visitors for the load benchmark: people who do a whole intake, get their advice and ask on.

Each script is a person with their own words (written for the benchmark, not taken from the training data or the
test sets). A visitor answers the question the bot asks (the bot skips questions that do not apply to someone,
so a fixed list of messages would answer the wrong ones); once the advice is there they ask their follow-up
questions and say goodbye. Some type, some tap buttons (a button sends its payload, as the widget does).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# The intake's questions, known by words of the bot's own question (domain.yml, responses utter_ask_<slot>).
QUESTION_WORDS = {
    "hoogste diploma": "vooropleiding",
    "wat doe je nu": "situatie",
    "waar wil je lesgeven": "sector",
    "welk vak": "vak",
    "liefst studeren": "studievorm",
    "hoe oud ben je": "leeftijd",
    "welke plaats woon je": "woonplaats",
}
ADVICE_MARK = "Jouw routeadvies"
MAX_TURNS = 16  # a visitor who is not understood gives up, as people do


@dataclass(frozen=True)
class Script:
    name: str
    opening: str
    answers: dict[str, list[str]]  # per intake question: the first answer, then what they say when asked again
    follow_ups: list[str] = field(default_factory=list)
    goodbye: str = "Dank je wel, doei!"
    tap_more_info: bool = False  # taps "Meer over <route>" under the advice


SCRIPTS: tuple[Script, ...] = (
    Script(
        name="scholier havo -> pabo",
        opening="Hallo! Ik zit in 5 havo en ik denk erover om juf te worden",
        answers={
            "situatie": ["ik zit nog op de middelbare school", '/inform{"situatie":"buiten-onderwijs"}'],
            "sector": ["het liefst op een basisschool", '/inform{"sector":"po"}'],
            "studievorm": ["gewoon voltijd, ik ga na de zomer studeren", '/inform{"studievorm":"voltijd"}'],
            "leeftijd": ["ik ben 17", "17"],
            "woonplaats": ["in Deventer", "Deventer"],
            "vooropleiding": ["havo", '/inform{"vooropleiding":"havo"}'],
        },
        follow_ups=["Hoeveel kost de pabo ongeveer per jaar?", "Moet ik voor de pabo nog een toets doen?"],
        goodbye="Oke super, bedankt!",
    ),
    Script(
        name="zij-instromer met master",
        opening="Goedemiddag, ik heb een master in de scheikunde en werk al tien jaar in een lab. "
        "Kan ik nog leraar worden?",
        answers={
            "vooropleiding": ["een universitaire master", '/inform{"vooropleiding":"wo-master"}'],
            "situatie": ["Ik werk bij een farmaceutisch bedrijf als analist", '/inform{"situatie":"buiten-onderwijs"}'],
            "sector": ["op een middelbare school, bovenbouw vwo", '/inform{"sector":"vo"}'],
            "vak": ["scheikunde natuurlijk", "scheikunde"],
            "studievorm": ["ik wil graag werken en tegelijk leren", '/inform{"studievorm":"werkend leren"}'],
            "leeftijd": ["41 jaar", "41"],
            "woonplaats": ["Leiden", "2312"],
        },
        follow_ups=["Krijg ik als zij-instromer meteen salaris?", "Hoe lang duurt zo'n traject meestal?"],
    ),
    Script(
        name="mbo-student -> pabo deeltijd",
        opening="hoi ik doe nu mbo 4 pedagogisch werk, kan ik daarna voor de klas?",
        answers={
            "vooropleiding": ["mbo niveau 4", '/inform{"vooropleiding":"mbo 4"}'],
            "situatie": ["ik loop stage op een kinderdagverblijf", '/inform{"situatie":"buiten-onderwijs"}'],
            "sector": ["basisschool", '/inform{"sector":"po"}'],
            "studievorm": ["deeltijd naast mijn werk", '/inform{"studievorm":"deeltijd"}'],
            "leeftijd": ["ik ben negentien", "19"],
            "woonplaats": ["Tilburg", "5038"],
        },
        follow_ups=["welke hogescholen hebben een pabo bij mij in de buurt?"],
        goodbye="thx",
    ),
    Script(
        name="kiosk: alles met knoppen",
        opening="/wil_leraar_worden",
        answers={
            "vooropleiding": ['/inform{"vooropleiding":"hbo"}'],
            "situatie": ['/inform{"situatie":"buiten-onderwijs"}'],
            "sector": ['/inform{"sector":"vo"}'],
            "vak": ["geschiedenis", "geschiedenis"],
            "studievorm": ['/inform{"studievorm":"deeltijd"}'],
            "leeftijd": ["35"],
            "woonplaats": ["/weet_niet"],
        },
        tap_more_info=True,
        goodbye="/goodbye",
    ),
    Script(
        name="mbo-docent zonder bevoegdheid",
        opening="Ik geef al twee jaar les op een roc, maar ik heb geen bevoegdheid. Wat moet ik doen?",
        answers={
            "vooropleiding": ["hbo bachelor bedrijfskunde", '/inform{"vooropleiding":"hbo"}'],
            "situatie": ["docent in het mbo zonder bevoegdheid",
                         '/inform{"situatie":"mbo-docent-zonder-bevoegdheid"}'],
            "sector": ["mbo", '/inform{"sector":"mbo"}'],
            "studievorm": ["naast mijn baan", '/inform{"studievorm":"deeltijd"}'],
            "leeftijd": ["38"],
            "woonplaats": ["Amersfoort", "3811"],
        },
        follow_ups=["Wat is de PDG precies?", "Betaalt mijn school dat?"],
    ),
    Script(
        name="herintreder",
        opening="Ik ben vroeger juf geweest en wil graag terug het onderwijs in",
        answers={
            "vooropleiding": ["pabo", '/inform{"vooropleiding":"hbo"}'],
            "situatie": ["ik was leraar en wil terug", '/inform{"situatie":"herintreder"}'],
            "sector": ["weer op de basisschool", '/inform{"sector":"po"}'],
            "studievorm": ["maakt me niet zoveel uit", '/inform{"studievorm":"geen voorkeur"}'],
            "leeftijd": ["52"],
            "woonplaats": ["Groningen", "9711"],
        },
        follow_ups=["Is mijn bevoegdheid nog geldig na twaalf jaar?"],
        goodbye="Fijn, bedankt voor de hulp",
    ),
    Script(
        name="vwo-leerling Engels",
        opening="Ik heb vorig jaar mijn vwo-diploma gehaald en wil Engels geven",
        answers={
            "vooropleiding": ["vwo", '/inform{"vooropleiding":"vwo"}'],
            "situatie": ["ik werk nu in de horeca", '/inform{"situatie":"buiten-onderwijs"}'],
            "sector": ["middelbare school", '/inform{"sector":"vo"}'],
            "vak": ["Engels", "engels"],
            "studievorm": ["voltijd", '/inform{"studievorm":"voltijd"}'],
            "leeftijd": ["19 jaar"],
            "woonplaats": ["Nijmegen", "6511"],
        },
        follow_ups=["Kan ik ook eerst een jaar in het buitenland studeren?", "welk loket is er bij mij?"],
        tap_more_info=True,
    ),
)


def asked_slot(texts: list[str]) -> str | None:
    """The intake question the bot's last messages ask, or None."""
    for text in reversed(texts):
        lowered = text.lower()
        for words, slot in QUESTION_WORDS.items():
            if words in lowered:
                return slot
    return None


class Visitor:
    """One conversation of one script: the next message from the bot's last replies."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.turns = 0
        self.asked: dict[str, int] = {}
        self.advice = False
        self.follow_ups = list(script.follow_ups)
        self.more_info: str | None = None
        self.done = False

    def next_message(self, replies: list[dict] | None) -> str | None:
        """The visitor's next message after ``replies`` (None before the first); None when they leave."""
        if self.done or self.turns >= MAX_TURNS:
            return None
        self.turns += 1
        if replies is None:
            return self.script.opening
        texts = [r.get("text") or "" for r in replies]
        if any(ADVICE_MARK in t for t in texts) or any(
                isinstance(r.get("custom"), dict) and r["custom"].get("type") == "routeadvies" for r in replies):
            self.advice = True
            self.more_info = next((b["payload"] for r in replies for b in r.get("buttons") or []
                                   if b.get("title", "").startswith("Meer over")), None)
        if self.advice:
            if self.script.tap_more_info and self.more_info:
                message, self.more_info = self.more_info, None
                return message
            if self.follow_ups:
                return self.follow_ups.pop(0)
            self.done = True
            return self.script.goodbye
        slot = asked_slot(texts)
        if slot is None:
            return self.follow_ups.pop(0) if self.follow_ups else "ik wil leraar worden"
        times = self.asked.get(slot, 0)
        self.asked[slot] = times + 1
        answers = self.script.answers.get(slot) or ["weet ik niet"]
        return answers[min(times, len(answers) - 1)]


def random_script(rng: random.Random) -> Script:
    return rng.choice(SCRIPTS)
