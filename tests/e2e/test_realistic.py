"""The realistic test set (tests/realistic) through the REST channel of the e2e session servers.

Fails when the rates of either part (tuned / aside) fall below the gates in
tests/realistic/gates.yml. Prints the rates; failures only for the tuned part (the aside part
is counted, never shown). Details per item: ``python -m bench.realistic``.
"""

from __future__ import annotations

import time

import pytest

from tests.realistic import runner, scoring


@pytest.fixture(scope="module")
def realistic_run(bot):
    questions = scoring.load_questions()
    conversations = scoring.load_conversations(route_ids=scoring.known_route_ids())
    started = time.monotonic()
    result = runner.run_set(bot.say, questions, conversations)
    return result, time.monotonic() - started


def test_realistic_set_meets_the_gates_of_both_parts(realistic_run, capsys):
    result, seconds = realistic_run
    summary = result.summary()
    missed = scoring.gate_failures(summary, scoring.load_gates())
    with capsys.disabled():
        print(f"\n[realistic] {len(result.conversations)} conversations, {len(result.questions)} questions "
              f"in {seconds:.0f} s (store without regional data, as the e2e servers run)")
        print(scoring.format_rates(summary))
        if missed:
            print("[realistic] tuned failures:\n  " + "\n  ".join(runner.tuned_failures(result)))
    assert not missed, "realistic set below its gates: " + "; ".join(missed)
