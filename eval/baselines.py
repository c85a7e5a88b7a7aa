"""The similarity-only stance baseline of the evaluation report (``eval.stance``)."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from factcheck import models
from factcheck.embedding import Encoder
from factcheck.stance.base import StanceLabel, StanceResult, StanceScores


class SimilarityStance:
    """Baseline: embedding cosine similarity only. It can say "supports" or "neutral", never
    "contradicts" — which is exactly what it is there to show in the evaluation report.

    ``low``/``high`` map cosine similarity linearly onto the supports probability.
    """

    def __init__(self, encoder: Encoder, *, low: float = 0.3, high: float = 0.8) -> None:
        self._encoder = encoder
        self.low, self.high = low, high
        self._lock = threading.Lock()

    @classmethod
    def load(cls, *, low: float = 0.3, high: float = 0.8) -> SimilarityStance:
        return cls(models.load_encoder(backend="torch"), low=low, high=high)

    def similarities(self, claim: str, passages: Sequence[str]) -> list[float]:
        if not passages:
            return []
        with self._lock:
            emb = self._encoder.encode([claim, *passages])  # L2-normalised
        return [float(x) for x in (emb[1:] @ emb[0]).tolist()]

    def judge(self, claim: str, passages: Sequence[str]) -> list[StanceResult]:
        out: list[StanceResult] = []
        for sim in self.similarities(claim, passages):
            s = min(1.0, max(0.0, (sim - self.low) / (self.high - self.low)))
            scores = StanceScores(supports=s, contradicts=0.0, neutral=1.0 - s)
            label = StanceLabel.SUPPORTS if s > 0.5 else StanceLabel.NEUTRAL
            out.append(StanceResult(label=label, confidence=max(s, 1 - s), scores=scores))
        return out
