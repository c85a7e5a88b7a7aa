"""Memory caches for repeated claims: claim embeddings and (claim, passage) stance results.

Both models are pure functions of their input, so a cached answer is the answer: nothing goes
stale when articles are added (retrieval still runs every time; only model work is saved).
A newsroom checks the same claim many times over a news cycle, and every passage already judged
against a claim is judged for free the next time it comes back.

Least recently used entries are dropped past ``size``; both wrappers are thread-safe (the
service calls them from worker threads) and compute all missing entries in one batch.

Example:
    >>> encoder = CachedEncoder(encoder_from(settings), size=4096)
    >>> judge = CachedJudge(judge_from(settings), size=4096)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from typing import Generic, TypeVar

import numpy as np

from factcheck.embedding import Encoder, Vectors
from factcheck.stance import StanceJudge, StanceResult

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRU(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get_many(self, keys: Sequence[K]) -> list[V | None]:
        out: list[V | None] = []
        with self._lock:
            for key in keys:
                value = self._items.get(key)
                if value is None:
                    self.misses += 1
                else:
                    self.hits += 1
                    self._items.move_to_end(key)
                out.append(value)
        return out

    def put_many(self, items: Sequence[tuple[K, V]]) -> None:
        with self._lock:
            for key, value in items:
                self._items[key] = value
                self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class CachedEncoder:
    """An :class:`Encoder` that remembers the vectors of the last ``size`` texts."""

    def __init__(self, inner: Encoder, *, size: int) -> None:
        self.inner = inner
        self.cache: LRU[str, Vectors] = LRU(size)

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def name(self) -> str:
        return self.inner.name

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None) -> Vectors:
        found = self.cache.get_many(list(texts))
        missing = [i for i, vector in enumerate(found) if vector is None]
        if missing:
            computed = self.inner.encode([texts[i] for i in missing], batch_size=batch_size)
            self.cache.put_many([(texts[i], computed[n].copy())
                                 for n, i in enumerate(missing)])
            for n, i in enumerate(missing):
                found[i] = computed[n]
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([v for v in found if v is not None]).astype(np.float32, copy=False)


class CachedJudge:
    """A :class:`StanceJudge` that remembers the last ``size`` (claim, passage) results."""

    def __init__(self, inner: StanceJudge, *, size: int) -> None:
        self.inner = inner
        self.cache: LRU[tuple[str, str], StanceResult] = LRU(size)

    def judge(self, claim: str, passages: Sequence[str]) -> list[StanceResult]:
        found = self.cache.get_many([(claim, p) for p in passages])
        missing = [i for i, result in enumerate(found) if result is None]
        if missing:
            computed = self.inner.judge(claim, [passages[i] for i in missing])
            self.cache.put_many([((claim, passages[i]), computed[n])
                                 for n, i in enumerate(missing)])
            for n, i in enumerate(missing):
                found[i] = computed[n]
        return [r for r in found if r is not None]


def cached_encoder(encoder: Encoder, size: int) -> Encoder:
    """``encoder`` behind a cache of ``size`` entries (itself when ``size`` is 0)."""
    return CachedEncoder(encoder, size=size) if size > 0 else encoder


def cached_judge(judge: StanceJudge, size: int) -> StanceJudge:
    """``judge`` behind a cache of ``size`` entries (itself when ``size`` is 0)."""
    return CachedJudge(judge, size=size) if size > 0 else judge
