from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from factcheck.factchecks.matching import (
    FactCheckMatcher,
    PairFeatures,
    ReviewCandidate,
    SameClaimPolicy,
    is_same_claim,
    number_mismatch,
)
from factcheck.factchecks.records import FactCheck
from factcheck.stance import StanceLabel, StanceResult, StanceScores

POLICY = SameClaimPolicy(min_cosine=0.6, min_entailment=0.5, accept_cosine=0.95)


def test_numbers_that_disagree() -> None:
    assert number_mismatch("The drinking age is raised to 23.", "The drinking age is now 25.")
    assert number_mismatch("Kohl's gives $1,000 coupons.", "Kohl's gives $1000 coupons.") is None
    # One side simply says more: not a disagreement.
    assert number_mismatch("Sandler died at 52.", "In 2017 Sandler died, aged 52.") is None
    assert number_mismatch("Sandler died.", "Sandler died at 52.") is None


def test_the_decision() -> None:
    def f(cosine: float, entailment: float, numbers: str | None = None) -> PairFeatures:
        return PairFeatures(cosine=cosine, entailment=entailment, number_mismatch=numbers)

    assert is_same_claim(f(0.8, 0.7), POLICY)
    assert not is_same_claim(f(0.8, 0.3), POLICY)  # same topic, not entailed
    assert not is_same_claim(f(0.5, 0.99), POLICY)  # too far apart
    assert is_same_claim(f(0.97, 0.1), POLICY)  # near-verbatim
    assert not is_same_claim(f(0.97, 0.9, "numbers differ: 2017 vs 2018"), POLICY)


class _Source:
    def __init__(self, hits: list[ReviewCandidate]) -> None:
        self.hits = hits
        self.asked: list[int] = []

    async def candidates(
        self, text: str, vector: NDArray[np.float32], *, k: int
    ) -> list[ReviewCandidate]:
        self.asked.append(k)
        return self.hits


class _TableJudge:
    """Supports when both texts are in one agreed group; records what it was asked."""

    def __init__(self, same: set[frozenset[str]]) -> None:
        self.same = same
        self.pairs: list[tuple[str, str]] = []

    def judge(self, claim: str, passages: Sequence[str]) -> list[StanceResult]:
        out = []
        for passage in passages:
            self.pairs.append((claim, passage))
            p = 0.9 if frozenset({claim, passage}) in self.same else 0.1
            scores = StanceScores(supports=p, contradicts=0.0, neutral=1 - p)
            out.append(StanceResult(label=StanceLabel.SUPPORTS if p > 0.5 else
                                    StanceLabel.NEUTRAL, confidence=max(p, 1 - p), scores=scores))
        return out


def _review(claim: str, day: int | None) -> FactCheck:
    return FactCheck(id=f"fc_{abs(hash(claim)) % 10**8}", claim=claim,
                     review_date=dt.date(2020, 1, day) if day else None)


def test_matcher_keeps_same_claims_newest_first_and_judges_only_the_unsure() -> None:
    claim = "Pope Francis backed Trump for president."
    older = _review("Pope Francis endorsed Donald Trump.", 3)
    newer = _review("The Pope has endorsed Trump for the presidency.", 9)
    verbatim = _review("Pope Francis backed Trump for president!", None)
    other = _review("Pope Francis endorsed Bernie Sanders.", 5)
    year = _review("Pope Francis backed Trump for president in 2016.", 7)
    far = _review("The Vatican bank lost money.", 1)
    source = _Source([
        ReviewCandidate(older, 0.8), ReviewCandidate(newer, 0.75), ReviewCandidate(verbatim, 0.99),
        ReviewCandidate(other, 0.78), ReviewCandidate(year, 0.9), ReviewCandidate(far, 0.3),
    ])
    judge = _TableJudge({frozenset({claim, older.claim}), frozenset({claim, newer.claim})})
    matcher = FactCheckMatcher(source=source, judge=judge, policy=POLICY, candidates=7)
    matched = asyncio.run(matcher.match(claim, np.ones(4, dtype=np.float32)))
    assert [m.review for m in matched] == [newer, older, verbatim]
    assert matched[2].entailment is None
    judged = {passage for _, passage in judge.pairs} | {c for c, _ in judge.pairs}
    assert far.claim not in judged and verbatim.claim not in judged
    assert source.asked == [7]
