"""From judged passages to one verdict: supported / contradicted / disputed / not_enough_evidence.

A passage counts as evidence only if it is *relevant* (cosine similarity of claim and passage
embeddings >= ``min_relevance``) and the stance model is confident enough (supports or contradicts
probability >= ``support`` / ``contradict``). A supporting passage must also be one the judge
labels "supports" (it entails the claim): a topical passage whose most likely label is neutral
goes to ``related`` however high its supports score. Relevant passages that are neither go to
``related``; everything else is left out, so an unrelated claim gets ``not_enough_evidence`` with
empty lists.

The thresholds and the confidence calibration are fitted on the Climate-FEVER *dev* claims
(``training.verdict_fit.fit_policy``, run by ``python -m training.train``) and stored in
``factcheck/stance/artifacts/verdict.json``; ``DEFAULT_POLICY`` below is the fallback when that
file is absent.

Example:
    >>> from factcheck.stance import StanceLabel, StanceResult, StanceScores
    >>> s = StanceScores(supports=0.9, contradicts=0.05, neutral=0.05)
    >>> p = JudgedPassage(stance=StanceResult(label=StanceLabel.SUPPORTS, confidence=0.9,
    ...                   scores=s), relevance=0.7, rank=0)
    >>> v = decide_verdict([p], policy=DEFAULT_POLICY)
    >>> v.label.value, v.supporting
    ('supported', [0])
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from factcheck.results import VerdictLabel
from factcheck.stance.base import StanceLabel, StanceResult

POLICY_FILE = Path(__file__).parent / "stance" / "artifacts" / "verdict.json"
# Below this cosine similarity a passage is never evidence, whatever was fitted: Climate-FEVER's
# candidates are all on-topic, so the fit alone cannot learn where "unrelated" starts. For
# all-MiniLM-L6-v2, unrelated news sentences score ~0.0-0.2, same-topic ones 0.3-0.8.
RELEVANCE_FLOOR = 0.3


class JudgedPassage(BaseModel):
    """One retrieved passage with its stance towards the claim."""

    model_config = ConfigDict(frozen=True)

    stance: StanceResult
    # Cosine similarity of claim and passage embeddings (all-MiniLM-L6-v2), in [-1, 1].
    relevance: float = Field(ge=-1, le=1)
    # 0-based position in the retrieval ranking.
    rank: int = Field(default=0, ge=0)
    id: str | None = None

    @field_validator("relevance", mode="before")
    @classmethod
    def _clamp(cls, value: float) -> float:
        # Float noise from normalised embeddings can step just outside [-1, 1].
        return min(1.0, max(-1.0, float(value)))


class VerdictPolicy(BaseModel):
    """Explicit thresholds of the aggregator, plus the calibration of its confidence."""

    model_config = ConfigDict(frozen=True)

    min_relevance: float = Field(ge=-1, le=1)
    support: float = Field(ge=0, le=1)  # min P(supports) for a passage to count as supporting
    contradict: float = Field(ge=0, le=1)  # min P(contradicts) to count as contradicting
    # Both sides present: "disputed" when the weaker side is at least this strong, else the
    # stronger side wins.
    disputed: float = Field(ge=0, le=2)  # > 1: never "disputed"
    max_rank: int = Field(default=50, ge=1)  # passages ranked lower are ignored
    # Confidence = sigmoid(a * strength + b[label]); fitted by logistic regression on dev claims.
    calib_a: float = 4.0
    calib_b: dict[str, float] = Field(
        default_factory=lambda: {label.value: -2.0 for label in VerdictLabel}
    )
    fitted_on: str = "defaults (not fitted)"

    @property
    def relevance_cutoff(self) -> float:
        """Below this relevance a passage is never evidence, whatever its stance."""
        return max(self.min_relevance, RELEVANCE_FLOOR)

    def save(self, path: Path = POLICY_FILE) -> None:
        path.write_text(json.dumps(self.model_dump(), indent=2) + "\n")

    @classmethod
    def load(cls, path: Path = POLICY_FILE) -> VerdictPolicy:
        return cls.model_validate_json(path.read_text())


DEFAULT_POLICY = VerdictPolicy(min_relevance=0.3, support=0.6, contradict=0.6, disputed=0.7)


class VerdictDecision(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: VerdictLabel
    # Calibrated probability that the label is right (held-out Climate-FEVER claims).
    confidence: float = Field(ge=0, le=1)
    # Indices into the input passages, strongest first.
    supporting: list[int]
    contradicting: list[int]
    related: list[int]
    # Uncalibrated strength behind the label (max evidence probability), for diagnostics.
    strength: float = Field(ge=0, le=1)


@lru_cache(maxsize=1)
def default_policy() -> VerdictPolicy:
    """The fitted policy shipped with the stance artifact (``DEFAULT_POLICY`` if absent)."""
    return VerdictPolicy.load() if POLICY_FILE.exists() else DEFAULT_POLICY


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _decide(
    passages: Sequence[JudgedPassage], policy: VerdictPolicy
) -> tuple[VerdictLabel, float, list[int], list[int], list[int]]:
    min_rel = policy.relevance_cutoff
    supporting: list[tuple[float, int]] = []
    contradicting: list[tuple[float, int]] = []
    related: list[tuple[float, int]] = []
    for i, p in enumerate(passages):
        if p.relevance < min_rel or p.rank >= policy.max_rank:
            continue
        s, c = p.stance.scores.supports, p.stance.scores.contradicts
        # Support needs entailment: "supports" must be the judge's own label (above neutral as
        # well as above contradicts), not merely a high score on a topical passage.
        if s >= policy.support and s > c and p.stance.label is StanceLabel.SUPPORTS:
            supporting.append((s, i))
        elif c >= policy.contradict and c > s:
            contradicting.append((c, i))
        else:
            related.append((p.relevance, i))
    best_s = max((s for s, _ in supporting), default=0.0)
    best_c = max((c for c, _ in contradicting), default=0.0)
    if supporting and contradicting:
        if min(best_s, best_c) >= policy.disputed:
            label, strength = VerdictLabel.DISPUTED, min(best_s, best_c)
        elif best_s >= best_c:
            label, strength = VerdictLabel.SUPPORTED, best_s
        else:
            label, strength = VerdictLabel.CONTRADICTED, best_c
    elif supporting:
        label, strength = VerdictLabel.SUPPORTED, best_s
    elif contradicting:
        label, strength = VerdictLabel.CONTRADICTED, best_c
    else:
        # Strength of "nothing found": how far the best candidate stayed from counting.
        near = max(
            (
                max(p.stance.scores.supports, p.stance.scores.contradicts)
                for p in passages
                if p.relevance >= min_rel
            ),
            default=0.0,
        )
        label, strength = VerdictLabel.NOT_ENOUGH_EVIDENCE, 1.0 - near

    def order(xs: list[tuple[float, int]]) -> list[int]:
        return [i for _, i in sorted(xs, key=lambda x: (-x[0], x[1]))]

    return label, strength, order(supporting), order(contradicting), order(related)


def decide_verdict(
    passages: Sequence[JudgedPassage], *, policy: VerdictPolicy | None = None
) -> VerdictDecision:
    """Aggregate judged passages into one calibrated verdict (see the module docstring)."""
    policy = policy or default_policy()
    label, strength, sup, con, rel = _decide(passages, policy)
    confidence = _sigmoid(policy.calib_a * strength + policy.calib_b.get(label.value, 0.0))
    return VerdictDecision(
        label=label,
        confidence=confidence,
        supporting=sup,
        contradicting=con,
        related=rel,
        strength=min(1.0, max(0.0, strength)),
    )
