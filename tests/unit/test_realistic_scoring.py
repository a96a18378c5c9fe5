"""Scoring of the realistic test set (tests/realistic/scoring.py): pure functions, no servers."""

from __future__ import annotations

import pytest

from tests.realistic import scoring
from tests.realistic.runner import run_set, tuned_failures

SOURCE = "Bron: https://www.onderwijsloket.com/kennisbank/eerstegraads-bevoegdheid/ (peildatum 14 februari 2025)."


def question(**fields):
    item = {"id": "q001", "part": "tuned", "text": "vraag", "source_hint": "forum", "expect": "answer",
            "must": [["collegegeld"]], "must_not": []}
    return {**item, **fields}


def conversation(**fields):
    item = {"id": "c001", "part": "tuned", "persona": "iemand", "turns": [{"user": "hoi"}, {"user": "Zwolle"}]}
    return {**item, **fields}


def advice(routes, desk="Hatseklas"):
    routes = [{"id": r, "naam": r} for r in routes]
    return {"text": "Jouw routeadvies", "custom": {"type": "routeadvies", "routes": routes, "loket": {"naam": desk}}}


# --- text matching ---------------------------------------------------------------------------------------
def test_normalize_ignores_case_accents_and_hyphens():
    assert scoring.normalize("Deficiëntie-TOETS  vmbo-tl") == "deficientie toets vmbo tl"


def test_keyword_matches_a_longer_word_that_starts_with_it():
    assert scoring.contains("Je doet een toelatingsexamen.", "toelating")


def test_keyword_does_not_match_inside_another_word():
    assert not scoring.contains("Halo, welkom!", "alo")


def test_keyword_in_a_source_address_does_not_count_as_content():
    assert not scoring.mentions("Het kost geld.\n" + SOURCE, "eerstegraads")


def test_a_web_address_keyword_is_matched_in_the_full_text():
    assert scoring.mentions("Kijk op https://duo.nl/particulier", "duo.nl")


def test_reply_text_holds_messages_buttons_and_the_routeadvies_payload():
    question_message = {"text": "Waar wil je lesgeven?", "buttons": [{"title": "basisschool", "payload": "/x"}]}
    text = scoring.reply_text([question_message, advice(["pabo-deeltijd"], "Hatseklas")])
    assert "basisschool" in text and "pabo-deeltijd" in text and "Hatseklas" in text


# --- checking a reply ------------------------------------------------------------------------------------
def test_a_group_is_met_by_any_of_its_alternatives():
    assert scoring.check("Je hebt een master nodig.", [["universiteit", "master"]]).ok


def test_a_missing_group_is_reported():
    result = scoring.check("Je hebt een master nodig.", [["master"], ["lerarenbeurs"]])
    assert result.missing == [["lerarenbeurs"]]


def test_a_forbidden_word_is_reported():
    assert scoring.check("Je verdient 3.000 euro.", [], ["euro"]).forbidden == ["euro"]


# --- single questions ------------------------------------------------------------------------------------
def test_answer_with_every_group_is_correct():
    result = scoring.classify_question(question(must=[["collegegeld"], ["2.530"]]), "Het collegegeld is 2.530 euro.")
    assert result.outcome == scoring.CORRECT


def test_honest_not_sure_with_a_referral_is_abstained():
    text = "Dat weet ik niet zeker. Het Onderwijsloket helpt je graag verder."
    assert scoring.classify_question(question(), text).outcome == scoring.ABSTAINED


def test_not_sure_without_a_referral_is_wrong():
    assert scoring.classify_question(question(), "Dat weet ik niet zeker.").outcome == scoring.WRONG


def test_a_confident_answer_missing_the_facts_is_wrong():
    assert scoring.classify_question(question(), "De pabo duurt vier jaar.").outcome == scoring.WRONG


def test_an_answer_with_a_forbidden_word_is_wrong_even_when_the_groups_are_met():
    item = question(must=[["cao"]], must_not=["euro"])
    assert scoring.classify_question(item, "Volgens de cao verdien je 3.000 euro.").outcome == scoring.WRONG


def test_a_clarification_request_is_not_an_abstention():
    text = "Ik weet niet zeker wat je bedoelt. Gaat het over een van deze onderwerpen?\nPraten met een adviseur"
    result = scoring.classify_question(question(), text)
    assert result.outcome == scoring.WRONG and result.not_understood


def test_abstain_item_is_correct_when_the_bot_abstains():
    text = "Dat weet ik niet precies. Vraag het na bij de hogeschool."
    assert scoring.classify_question(question(expect="abstain", must=[]), text).outcome == scoring.CORRECT


def test_abstain_item_is_correct_when_the_bot_refers():
    text = "Plan een gratis adviesgesprek met het Onderwijsloket."
    assert scoring.classify_question(question(expect="abstain", must=[]), text).outcome == scoring.CORRECT


def test_abstain_item_is_wrong_when_the_bot_answers_confidently():
    text = "De deadline is 1 mei.\n" + SOURCE
    assert scoring.classify_question(question(expect="abstain", must=[]), text).outcome == scoring.WRONG


def test_abstain_item_is_wrong_when_it_refers_but_says_a_forbidden_thing():
    item = question(expect="abstain", must=[], must_not=["procent"])
    text = "Ongeveer 80 procent slaagt. Vraag het na bij de hogeschool."
    assert scoring.classify_question(item, text).outcome == scoring.WRONG


# --- conversations -----------------------------------------------------------------------------------------
def test_conversation_passes_when_every_turn_and_the_final_advice_fit():
    item = conversation(turns=[{"user": "hoi", "must": [["diploma"]]}, {"user": "Zwolle"}],
                        final={"routes_any": ["pabo-deeltijd"], "routes_none": ["empo"], "desk": "Hatseklas"})
    turns = [[{"text": "Wat is je hoogste diploma?"}], [advice(["pabo-deeltijd", "pabo-voltijd"])]]
    assert scoring.score_conversation(item, turns).passed


def test_conversation_fails_on_a_turn_that_misses_its_group():
    item = conversation(turns=[{"user": "hoi", "must": [["diploma"]]}, {"user": "Zwolle"}])
    result = scoring.score_conversation(item, [[{"text": "Hallo!"}], [{"text": "Ok"}]])
    assert not result.passed and "beurt 1" in result.failures[0]


def test_conversation_fails_without_any_route_advice_when_a_final_is_expected():
    item = conversation(final={"routes_any": ["pabo-deeltijd"]})
    result = scoring.score_conversation(item, [[{"text": "a"}], [{"text": "b"}]])
    assert result.failures == ["geen routeadvies gekregen"]


def test_final_fails_when_a_forbidden_route_is_advised():
    failures = scoring.check_final({"routes_none": ["empo"]}, [[advice(["empo", "verkorte-pabo"])]])
    assert len(failures) == 1 and "empo" in failures[0]


def test_final_fails_when_none_of_the_wanted_routes_is_advised():
    assert scoring.check_final({"routes_any": ["kopopleiding"]}, [[advice(["pabo-voltijd"])]])


def test_final_uses_the_last_advice_of_the_conversation():
    turns = [[advice(["pabo-voltijd"])], [advice(["pabo-deeltijd"])]]
    assert not scoring.check_final({"routes_any": ["pabo-deeltijd"], "routes_none": ["pabo-voltijd"]}, turns)


def test_final_desk_accepts_any_listed_alternative():
    turns = [[advice(["pabo-voltijd"], desk="Onderwijsregio Midden-Nederland PO")]]
    assert not scoring.check_final({"desk": ["Utrecht leert", "Onderwijsregio Midden-Nederland"]}, turns)


def test_final_desk_fails_on_another_desk():
    failures = scoring.check_final({"desk": "Hatseklas"}, [[advice(["pabo-voltijd"], desk="Onderwijsloket")]])
    assert failures and "Hatseklas" in failures[0]


def test_conversation_with_fewer_answered_turns_fails():
    result = scoring.score_conversation(conversation(), [[{"text": "a"}]])
    assert not result.passed


# --- the set and its rules -----------------------------------------------------------------------------------
@pytest.mark.parametrize("item_id, part", [("q001", "tuned"), ("q002", "tuned"), ("q003", "aside"), ("c060", "aside")])
def test_every_third_item_is_aside(item_id, part):
    assert scoring.expected_part(item_id) == part


def test_validation_rejects_a_part_that_breaks_the_rule():
    assert scoring.validate_questions([question(id="q003", part="tuned")])


def test_validation_rejects_a_too_short_keyword():
    assert scoring.validate_questions([question(must=[["po"]])])


def test_validation_rejects_an_answer_item_without_expectations():
    assert scoring.validate_questions([question(must=[])])


def test_validation_rejects_unknown_route_ids():
    item = conversation(final={"routes_any": ["pabo-online"]})
    assert scoring.validate_conversations([item], route_ids={"pabo-voltijd"})


def test_the_shipped_set_is_large_enough_and_split_by_the_rule():
    questions = scoring.load_questions()
    conversations = scoring.load_conversations(route_ids=scoring.known_route_ids())
    assert len(questions) >= 150 and len(conversations) >= 60
    for items in (questions, conversations):
        aside = sum(item["part"] == "aside" for item in items)
        assert abs(aside / len(items) - 1 / 3) < 0.02


def test_the_shipped_set_keeps_abstain_items_a_minority():
    questions = scoring.load_questions()
    share = sum(q["expect"] == "abstain" for q in questions) / len(questions)
    assert 0.05 <= share <= 0.15


def test_the_gates_cover_both_parts():
    gates = scoring.load_gates()
    assert set(gates) == {"tuned", "aside"}
    assert all({"min_conversations_passed_pct", "min_questions_correct_pct", "max_questions_wrong_pct"} <= set(g)
               for g in gates.values())


# --- rates, gates and the runner --------------------------------------------------------------------------
def test_rates_are_per_part_and_in_total():
    questions = [scoring.QuestionResult("q001", "tuned", "answer", scoring.CORRECT),
                 scoring.QuestionResult("q003", "aside", "answer", scoring.WRONG)]
    conversations = [scoring.ConversationResult("c001", "tuned", True),
                     scoring.ConversationResult("c003", "aside", False)]
    summary = scoring.rates(questions, conversations)
    assert summary["tuned"]["correct_pct"] == 100.0 and summary["aside"]["wrong_pct"] == 100.0
    assert summary["total"]["conversations_passed_pct"] == 50.0


def test_a_gate_fails_when_the_wrong_rate_is_too_high():
    summary = {"tuned": {"conversations_passed_pct": 95.0, "correct_pct": 90.0, "wrong_pct": 5.0}}
    gates = {"tuned": {"min_conversations_passed_pct": 90, "min_questions_correct_pct": 85,
                       "max_questions_wrong_pct": 3}}
    assert scoring.gate_failures(summary, gates) == ["tuned: questions wrong 5.0% > 3%"]


def test_runner_shows_failures_of_the_tuned_part_only():
    def say(sender, message):
        return [{"text": "Daar kan ik je niet mee helpen."}]

    items = [question(id="q001", part="tuned"), question(id="q003", part="aside")]
    run = run_set(say, items, [])
    assert [line.split("]")[0] for line in tuned_failures(run)] == ["[vraag q001"]
    assert [q["id"] for q in run.report()["questions"]] == ["q001"]


def test_runner_gives_every_item_a_fresh_sender():
    senders = []

    def say(sender, message):
        senders.append(sender)
        return []

    run_set(say, [question(id="q001"), question(id="q002")], [conversation()])
    assert len(set(senders)) == 3 and senders[0] == senders[1]
