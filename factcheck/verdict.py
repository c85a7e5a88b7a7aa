"""From judged passages to a verdict, and which passages count as evidence.

A passage counts as evidence only when it is both on topic (cosine similarity of claim and
passage at least ``MIN_RELEVANCE``) and judged with enough confidence; everything else is
"related". So an unrelated claim gets ``not_enough_evidence`` with empty evidence lists instead of
weak matches dressed up as evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from factcheck.schemas import VerdictLabel
from factcheck.stance import StanceLabel, StanceResult

MIN_RELEVANCE = 0.35
MIN_CONFIDENCE = 0.6


@dataclass(frozen=True)
class JudgedPassage:
    stance: StanceResult
    # Cosine similarity of claim and passage embeddings, in [-1, 1].
    relevance: float
    # 0-based position in the retrieval ranking.
    rank: int


@dataclass(frozen=True)
class VerdictDecision:
    label: VerdictLabel
    confidence: float
    # Indices into the judged passages, each list in input order.
    supporting: list[int] = field(default_factory=list)
    contradicting: list[int] = field(default_factory=list)
    related: list[int] = field(default_factory=list)


def _counts_as(passage: JudgedPassage, label: StanceLabel) -> bool:
    return (
        passage.stance.label == label
        and passage.relevance >= MIN_RELEVANCE
        and passage.stance.confidence >= MIN_CONFIDENCE
    )


def decide_verdict(passages: Sequence[JudgedPassage]) -> VerdictDecision:
    supporting = [i for i, p in enumerate(passages) if _counts_as(p, StanceLabel.SUPPORTS)]
    contradicting = [i for i, p in enumerate(passages) if _counts_as(p, StanceLabel.CONTRADICTS)]
    evidence = set(supporting) | set(contradicting)
    related = [i for i in range(len(passages)) if i not in evidence]

    def strength(indices: list[int]) -> float:
        return max((passages[i].stance.confidence for i in indices), default=0.0)

    pro, con = strength(supporting), strength(contradicting)
    if supporting and contradicting:
        label, confidence = VerdictLabel.DISPUTED, min(pro, con)
    elif supporting:
        label, confidence = VerdictLabel.SUPPORTED, pro
    elif contradicting:
        label, confidence = VerdictLabel.CONTRADICTED, con
    else:
        best_neutral = max((p.stance.scores.neutral for p in passages), default=1.0)
        label, confidence = VerdictLabel.NOT_ENOUGH_EVIDENCE, best_neutral
    return VerdictDecision(label, round(confidence, 4), supporting, contradicting, related)
