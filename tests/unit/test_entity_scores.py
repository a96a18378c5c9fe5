"""Span-level entity scoring of the whole NLU pipeline (bench/entity_scores.py)."""

import pytest

from bench.entity_scores import merge, score


def test_overlapping_spans_of_one_type_count_once_as_the_longest():
    assert merge([(0, 7, "plaats"), (0, 4, "plaats"), (0, 4, "plaats")]) == {(0, 7, "plaats")}


def test_overlapping_spans_of_different_types_are_both_kept():
    assert merge([(0, 3, "sector"), (0, 3, "vooropleiding")]) == {(0, 3, "sector"), (0, 3, "vooropleiding")}


def test_precision_recall_and_f1_over_all_examples():
    result = score([
        ("ik heb havo", [(7, 11, "vooropleiding")], [(7, 11, "vooropleiding")]),
        ("Zwolle", [(0, 6, "plaats")], []),
        ("hoe lang duurt de pabo", [], [(18, 22, "sector")]),
    ])
    assert (result.precision, result.recall) == (0.5, 0.5)
    assert result.f1 == pytest.approx(0.5)
    assert [text for text, _, _ in result.misses] == ["Zwolle", "hoe lang duurt de pabo"]
