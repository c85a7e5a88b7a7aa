"""The model caches (factcheck.cache) and the stance work the check service skips."""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.cache import CachedEncoder, CachedJudge, cached_encoder, cached_judge
from factcheck.check import _UNJUDGED
from factcheck.stance import StanceLabel, StanceResult, StanceScores
from factcheck.verdict import (
    DEFAULT_POLICY,
    RELEVANCE_FLOOR,
    JudgedPassage,
    VerdictPolicy,
    decide_verdict,
)

from .fakes import HashEncoder, NeutralJudge


class CountingEncoder(HashEncoder):
    def __init__(self) -> None:
        super().__init__(dimension=8)
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None) -> np.ndarray:
        self.calls.append(list(texts))
        return super().encode(texts, batch_size=batch_size)


class CountingJudge(NeutralJudge):
    def __init__(self) -> None:
        self.calls: list[tuple[str, list[str]]] = []

    def judge(self, claim: str, passages: Sequence[str]) -> list[StanceResult]:
        self.calls.append((claim, list(passages)))
        return [StanceResult(label=StanceLabel.SUPPORTS, confidence=len(p) / 100,
                             scores=StanceScores(supports=len(p) / 100, contradicts=0.0,
                                                 neutral=1 - len(p) / 100))
                for p in passages]


def test_cached_encoder_returns_the_same_vectors_and_computes_only_misses() -> None:
    inner = CountingEncoder()
    encoder = CachedEncoder(inner, size=10)
    first = encoder.encode(["a", "b"])
    again = encoder.encode(["b", "c", "a"])
    assert np.array_equal(first, inner.encode(["a", "b"]))
    assert np.array_equal(again, HashEncoder(8).encode(["b", "c", "a"]))
    assert inner.calls[:2] == [["a", "b"], ["c"]]
    assert encoder.cache.hits == 2 and encoder.cache.misses == 3
    assert encoder.encode([]).shape == (0, 8)
    assert encoder.dimension == 8 and encoder.name == "hash"


def test_cached_encoder_drops_the_least_recently_used() -> None:
    inner = CountingEncoder()
    encoder = CachedEncoder(inner, size=2)
    encoder.encode(["a"])
    encoder.encode(["b"])
    encoder.encode(["a"])  # "b" is now the oldest
    encoder.encode(["c"])
    inner.calls.clear()
    encoder.encode(["a", "b"])
    assert inner.calls == [["b"]]
    assert len(encoder.cache) == 2


def test_cached_judge_keys_on_claim_and_passage_and_keeps_order() -> None:
    inner = CountingJudge()
    judge = CachedJudge(inner, size=100)
    first = judge.judge("claim", ["x", "yy"])
    second = judge.judge("claim", ["zzz", "yy", "x"])
    other = judge.judge("another claim", ["x"])
    assert [r.confidence for r in first] == [0.01, 0.02]
    assert [r.confidence for r in second] == [0.03, 0.02, 0.01]
    assert other[0].confidence == 0.01
    assert inner.calls == [("claim", ["x", "yy"]), ("claim", ["zzz"]), ("another claim", ["x"])]
    assert judge.judge("claim", []) == []


def test_size_zero_means_no_cache() -> None:
    encoder, judge = HashEncoder(), NeutralJudge()
    assert cached_encoder(encoder, 0) is encoder
    assert cached_judge(judge, 0) is judge
    assert isinstance(cached_encoder(encoder, 5), CachedEncoder)


def _stance(s: float, c: float) -> StanceResult:
    n = max(0.0, 1.0 - s - c)
    total = s + c + n
    scores = StanceScores(supports=s / total, contradicts=c / total, neutral=n / total)
    label = max(("supports", scores.supports), ("contradicts", scores.contradicts),
                ("neutral", scores.neutral), key=lambda x: x[1])[0]
    return StanceResult(label=StanceLabel(label), confidence=max(scores.supports,
                        scores.contradicts, scores.neutral), scores=scores)


passage = st.tuples(st.floats(-1, 1), st.floats(0, 0.5), st.floats(0, 0.5))


@settings(max_examples=300, deadline=None)
@given(st.lists(passage, max_size=12), st.sampled_from([DEFAULT_POLICY, VerdictPolicy(
    min_relevance=0.5, support=0.4, contradict=0.3, disputed=0.5, max_rank=4)]))
def test_skipping_stance_below_the_cut_off_never_changes_the_verdict(
    items: list[tuple[float, float, float]], policy: VerdictPolicy
) -> None:
    """What CheckService._answer relies on: passages under the relevance cut-off may carry any
    stance at all without changing the decision."""
    cutoff = max(policy.min_relevance, RELEVANCE_FLOOR)
    full = [JudgedPassage(stance=_stance(s, c), relevance=r, rank=i)
            for i, (r, s, c) in enumerate(items)]
    skipped = [p if p.relevance >= cutoff else p.model_copy(update={"stance": _UNJUDGED})
               for p in full]
    assert decide_verdict(full, policy=policy) == decide_verdict(skipped, policy=policy)


def test_the_placeholder_is_never_evidence() -> None:
    rng = random.Random(1)
    for _ in range(50):
        relevance = rng.uniform(-1, 1)
        decision = decide_verdict([JudgedPassage(stance=_UNJUDGED, relevance=relevance)],
                                  policy=DEFAULT_POLICY)
        assert decision.supporting == [] and decision.contradicting == []
