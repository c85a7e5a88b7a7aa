"""Reciprocal rank fusion and the folding of syndicated copies (factcheck.index.retrieval)."""

from __future__ import annotations

from typing import Any

import pytest

from factcheck.index.retrieval import fold_syndicated, reciprocal_rank_fusion


def test_fusion_adds_one_over_k_plus_rank_per_list() -> None:
    fused = reciprocal_rank_fusion([["a", "b"], ["b", "c"]], k=60)
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["c"] == pytest.approx(1 / 62)
    assert max(fused, key=fused.__getitem__) == "b"  # found by both beats first in one


def test_a_smaller_k_favours_the_top_of_each_list_more() -> None:
    rankings = [["a", "x", "y", "b"], ["b", "z", "w", "a"]]
    assert reciprocal_rank_fusion(rankings, k=1)["a"] == pytest.approx(1 / 2 + 1 / 5)
    assert reciprocal_rank_fusion([], k=60) == {}


def _doc(article_id: str, key: str) -> dict[str, Any]:
    return {"article_id": article_id, "match_key": key, "text": key}


def test_syndicated_copies_fold_into_the_best_ranked_one() -> None:
    docs = {
        "a:0": _doc("a", "kherson fell"), "b:3": _doc("b", "kherson fell"),
        "a:7": _doc("a", "kherson fell"),  # a repeat inside article a adds no copy
        "c:1": _doc("c", "mayor spoke"),
    }
    fused = {"b:3": 0.05, "a:0": 0.04, "c:1": 0.03, "a:7": 0.02}
    found = fold_syndicated(fused, docs, similarity={"b:3": 0.8}, top_k=5)
    assert [c.id for c in found] == ["b:3", "c:1"]
    assert [c["article_id"] for c in found[0].copies] == ["a"]
    assert found[0].similarity == 0.8 and found[1].similarity is None
    assert found[0].score == 0.05


def test_top_k_counts_distinct_sentences_and_copies_still_ride_along() -> None:
    docs = {"a:0": _doc("a", "one"), "b:0": _doc("b", "two"), "c:0": _doc("c", "one")}
    fused = {"a:0": 0.3, "b:0": 0.2, "c:0": 0.1}
    (only,) = fold_syndicated(fused, docs, similarity={}, top_k=1)
    assert only.id == "a:0" and [c["article_id"] for c in only.copies] == ["c"]


def test_equal_scores_are_ordered_by_id() -> None:
    docs = {"b:0": _doc("b", "x"), "a:0": _doc("a", "y")}
    found = fold_syndicated({"b:0": 0.1, "a:0": 0.1}, docs, similarity={}, top_k=2)
    assert [c.id for c in found] == ["a:0", "b:0"]


def test_a_sentence_without_match_key_is_its_own_group() -> None:
    docs = {"a:0": {"article_id": "a"}, "b:0": {"article_id": "b"}}
    found = fold_syndicated({"a:0": 0.2, "b:0": 0.1}, docs, similarity={}, top_k=5)
    assert [c.id for c in found] == ["a:0", "b:0"] and not found[0].copies
