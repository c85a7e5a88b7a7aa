"""``eval.retrieval`` end to end on a Climate-FEVER subset: the real node, the real encoder."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from eval.retrieval import CLIMATE_FEVER, evaluate_retrieval
from factcheck.embedding import Encoder
from factcheck.settings import Settings

from .conftest import drop_indices, fresh_index_name, make_settings

pytestmark = pytest.mark.skipif(not CLIMATE_FEVER.exists(),
                                reason=f"Climate-FEVER is not at {CLIMATE_FEVER}")

CLAIMS = 30
# Measured on these 30 claims (their own evidence as the corpus, ~150 sentences): recall@10 over
# all gold sentences was hybrid 0.70, kNN 0.67, BM25 0.61. The floors leave room for HNSW's
# approximate neighbours and tie order, not for a broken pipeline.
RECALL10_FLOOR = {"hybrid": 0.5, "knn": 0.5, "bm25": 0.4}


@pytest.fixture(scope="module")
def settings(es_url: str) -> Iterator[Settings]:
    settings = make_settings(es_url, fresh_index_name("test-eval-cf"))
    yield settings
    drop_indices(settings)


@pytest.fixture(scope="module")
def result(settings: Settings, encoder: Encoder) -> dict[str, Any]:
    return evaluate_retrieval(es_settings=settings.elasticsearch, encoder=encoder, limit=CLAIMS,
                              corpus="claims", progress=False)


def test_metrics_are_consistent(result: dict[str, Any]) -> None:
    assert result["claims"] == CLAIMS
    assert set(result["results"]) == {"hybrid", "bm25", "knn"}
    for mode, rows in result["results"].items():
        for relevance, row in rows.items():
            ceiling = result["coverage"][relevance]["recall_ceiling"]
            assert 0 < row["claims"] <= CLAIMS
            assert 0.0 <= row["recall@5"] <= row["recall@10"] <= ceiling <= 1.0, (mode, relevance)
            # MRR@10 > 0 iff something relevant was found, and is at most 1.
            assert 0.0 < row["mrr@10"] <= 1.0, (mode, relevance)
        assert result["latency_ms"][mode]["p50"] > 0


def test_gold_sentences_are_found_in_the_index(result: dict[str, Any]) -> None:
    for relevance, coverage in result["coverage"].items():
        assert coverage["coverage"] > 0.9, (relevance, coverage)
        missing = coverage["gold_sentences"] - coverage["located"]
        assert missing == coverage["split_by_the_splitter"] + coverage["dropped_by_the_pipeline"]
    assert result["corpus"]["indexed_sentences"] >= result["coverage"]["all"]["located"]


def test_recall_is_above_the_measured_floor(result: dict[str, Any]) -> None:
    for mode, floor in RECALL10_FLOOR.items():
        assert result["results"][mode]["all"]["recall@10"] >= floor, mode


def test_a_second_run_reuses_the_index(
    settings: Settings, encoder: Encoder, result: dict[str, Any]
) -> None:
    again = evaluate_retrieval(es_settings=settings.elasticsearch, encoder=encoder,
                               limit=CLAIMS, corpus="claims", progress=False)
    assert not result["corpus"]["reused"]
    assert again["corpus"]["reused"]
    assert again["corpus"]["fingerprint"] == result["corpus"]["fingerprint"]
    for mode in ("bm25", "knn", "hybrid"):
        assert again["results"][mode]["all"]["recall@10"] == pytest.approx(
            result["results"][mode]["all"]["recall@10"], abs=0.05)
