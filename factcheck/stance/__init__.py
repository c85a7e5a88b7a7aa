"""Stance of a passage towards a claim: supports, contradicts or neutral."""

from __future__ import annotations

from factcheck.stance.base import StanceJudge, StanceLabel, StanceResult, StanceScores

__all__ = ["StanceJudge", "StanceLabel", "StanceResult", "StanceScores"]
