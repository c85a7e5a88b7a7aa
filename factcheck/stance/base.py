"""The interface every stance judge implements, and its result type."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field


class StanceLabel(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    NEUTRAL = "neutral"


class StanceScores(BaseModel):
    """Probabilities of the three labels; they sum to 1."""

    model_config = ConfigDict(frozen=True)

    supports: float = Field(ge=0, le=1)
    contradicts: float = Field(ge=0, le=1)
    neutral: float = Field(ge=0, le=1)


class StanceResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: StanceLabel
    confidence: float = Field(ge=0, le=1)
    scores: StanceScores
    # Set when a rule (numbers, negation, dates) decided or changed the label, e.g.
    # "number mismatch: 5,000 vs 498".
    reason: str | None = None


@runtime_checkable
class StanceJudge(Protocol):
    """Judges passages against one claim. Implementations batch internally and are thread-safe."""

    def judge(self, claim: str, passages: Sequence[str]) -> list[StanceResult]:
        """Return one result per passage, in input order."""
        ...
