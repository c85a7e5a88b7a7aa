"""Is a published review about the *same claim* as the one being checked?

Retrieval (vectors + BM25 over review claims) finds reviews on the same topic; most of them are
about other claims ("Pope Francis endorsed Trump" vs "... endorsed Sanders"; "Amazon paid no tax
in 2018" vs "... in 2017"). Showing such a review beside a check would be wrong in the worst way:
its rating answers another question. So every candidate passes a decision fitted on a labelled set
(``eval/factcheck_match/``, ``python -m eval.factcheck_match``):

* the embedding cosine of the two claims is at least ``min_cosine``;
* the stance model reads each claim as supporting the other (entailment both ways; the smaller of
  the two "supports" probabilities is at least ``min_entailment``), unless the cosine alone is at
  least ``accept_cosine`` (near-verbatim rewordings, where the model adds nothing);
* the numbers do not disagree: when both claims hold numbers, and each holds one the other lacks
  (2018 vs 2017, $250 vs $150), they are different claims.

The fitted values are :data:`DEFAULT_POLICY`; the measured precision and recall are in
``eval/results/factcheck_match.md``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from factcheck.factchecks.records import FactCheck
from factcheck.stance import StanceJudge

__all__ = [
    "DEFAULT_POLICY",
    "FactCheckMatcher",
    "MatchedFactCheck",
    "PairFeatures",
    "ReviewCandidate",
    "ReviewSource",
    "SameClaimPolicy",
    "is_same_claim",
    "number_mismatch",
    "pair_features",
]


@dataclass(frozen=True, slots=True)
class SameClaimPolicy:
    min_cosine: float
    min_entailment: float
    accept_cosine: float
    check_numbers: bool = True


#: Fitted by ``python -m eval.factcheck_match`` (see its report for the figures).
DEFAULT_POLICY = SameClaimPolicy(min_cosine=0.6, min_entailment=0.5, accept_cosine=0.95)


@dataclass(frozen=True, slots=True)
class PairFeatures:
    cosine: float
    entailment: float  # min over both directions of P(supports)
    number_mismatch: str | None


_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")


def _numbers(text: str) -> set[str]:
    # "1,000" and "1000" are one number; "2.5" stays itself.
    return {m.replace(",", "") for m in _NUMBER.findall(text)}


def number_mismatch(a: str, b: str) -> str | None:
    """Why two claims' numbers disagree (each has one the other lacks), or None.

    Example:
        >>> number_mismatch("Amazon paid no tax in 2018.", "Amazon paid $0 in tax in 2017.")
        'numbers differ: 0, 2017 vs 2018'
        >>> number_mismatch("Sandler died at 52.", "In 2017 Adam Sandler died at the age of 52.")
    """
    x, y = _numbers(a), _numbers(b)
    if x and y and (x - y) and (y - x):
        return f"numbers differ: {', '.join(sorted(y - x))} vs {', '.join(sorted(x - y))}"
    return None


def cosines(query: NDArray[np.float32], candidates: NDArray[np.float32]) -> NDArray[np.float32]:
    q = query / (np.linalg.norm(query) or 1.0)
    c = candidates / np.maximum(np.linalg.norm(candidates, axis=1, keepdims=True), 1e-12)
    return np.asarray(c @ q, dtype=np.float32)


def pair_features(
    claim: str,
    reviewed: Sequence[str],
    cosine: Sequence[float],
    judge: StanceJudge,
) -> list[PairFeatures]:
    """Features of ``claim`` against each reviewed claim (``cosine`` given, in the same order)."""
    if not reviewed:
        return []
    forward = judge.judge(claim, list(reviewed))
    backward = [judge.judge(r, [claim])[0] for r in reviewed]
    return [
        PairFeatures(
            cosine=float(c),
            entailment=min(f.scores.supports, b.scores.supports),
            number_mismatch=number_mismatch(claim, r),
        )
        for r, c, f, b in zip(reviewed, cosine, forward, backward, strict=True)
    ]


def is_same_claim(features: PairFeatures, policy: SameClaimPolicy = DEFAULT_POLICY) -> bool:
    """The decision in the module docstring."""
    if features.cosine < policy.min_cosine:
        return False
    if policy.check_numbers and features.number_mismatch is not None:
        return False
    return features.cosine >= policy.accept_cosine or features.entailment >= policy.min_entailment


@dataclass(frozen=True, slots=True)
class ReviewCandidate:
    """A retrieved review and the cosine of its claim with the checked claim."""

    review: FactCheck
    similarity: float


class ReviewSource(Protocol):
    async def candidates(
        self, text: str, vector: NDArray[np.float32], *, k: int
    ) -> list[ReviewCandidate]: ...


@dataclass(frozen=True, slots=True)
class MatchedFactCheck:
    review: FactCheck
    similarity: float
    entailment: float | None  # None when the cosine alone accepted it


class FactCheckMatcher:
    """Published reviews of the same claim, newest first.

    Example:
        >>> matcher = FactCheckMatcher(source=FactCheckSearch(es, index="factcheck-factchecks"),
        ...                            judge=judge)
        >>> [m.review.rating for m in await matcher.match("Pope Francis backed Trump", vector)]
        ['false']
    """

    def __init__(
        self, *, source: ReviewSource, judge: StanceJudge,
        policy: SameClaimPolicy = DEFAULT_POLICY, candidates: int = 20,
    ) -> None:
        self.source = source
        self.judge = judge
        self.policy = policy
        self.candidates = candidates

    async def match(self, claim: str, vector: NDArray[np.float32]) -> list[MatchedFactCheck]:
        policy = self.policy
        hits = await self.source.candidates(claim, vector, k=self.candidates)
        # The cheap tests first: the stance model only sees what they let through.
        plausible = [
            h for h in hits
            if h.similarity >= policy.min_cosine
            and not (policy.check_numbers and number_mismatch(claim, h.review.claim))
        ]
        sure = [h for h in plausible if h.similarity >= policy.accept_cosine]
        unsure = [h for h in plausible if h.similarity < policy.accept_cosine]
        features = await asyncio.to_thread(
            pair_features, claim, [h.review.claim for h in unsure],
            [h.similarity for h in unsure], self.judge,
        )
        matched = [MatchedFactCheck(h.review, h.similarity, None) for h in sure]
        matched += [
            MatchedFactCheck(h.review, h.similarity, f.entailment)
            for h, f in zip(unsure, features, strict=True)
            if is_same_claim(f, policy)
        ]
        return sorted(matched, key=lambda m: (
            -(m.review.review_date or dt.date.min).toordinal(), -m.similarity, m.review.id
        ))
