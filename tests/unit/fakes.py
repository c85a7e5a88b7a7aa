"""Small stand-ins for the models, for fast unit tests only (integration tests use real ones)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from factcheck.embedding import Vectors
from factcheck.stance import StanceLabel, StanceResult, StanceScores


class HashEncoder:
    """Deterministic unit vectors from a hash of the text; similar texts are NOT close."""

    name = "hash"

    def __init__(self, dimension: int = 8) -> None:
        self._dimension = dimension

    @property
    def dimension(self) -> int:
        return self._dimension

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None) -> Vectors:
        rows = []
        for text in texts:
            digest = hashlib.sha256(text.encode()).digest()
            row = np.frombuffer(digest[: self._dimension], dtype=np.uint8).astype(np.float32) + 1
            rows.append(row / np.linalg.norm(row))
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), self._dimension)


class BrokenEncoder(HashEncoder):
    """Fails every call with ``message``: an unexpected error inside the service."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None) -> Vectors:
        raise RuntimeError(self.message)


class NeutralJudge:
    """Calls everything neutral."""

    def judge(self, claim: str, passages: Sequence[str]) -> list[StanceResult]:
        scores = StanceScores(supports=0.1, contradicts=0.1, neutral=0.8)
        return [StanceResult(label=StanceLabel.NEUTRAL, confidence=0.8, scores=scores)
                for _ in passages]
