"""Published reviews in: embed their claims, bulk-load them, replace what a new version drops.

The same idempotency rules as articles: a review whose stored fingerprint matches is left alone
(re-ingesting changes nothing); a changed one is overwritten in place (its id does not change when
its rating or wording is edited at the same URL with the same claim); and the reviews of a URL
that one ingestion carries replace every other review stored for that URL, so a page whose claim
was reworded does not keep its old review beside the new one. Nothing is deleted before the new
reviews are in.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from elasticsearch import AsyncElasticsearch, NotFoundError
from elasticsearch.helpers import async_streaming_bulk

from factcheck.embedding import Encoder
from factcheck.factchecks.records import FactCheck, fingerprint, url_key
from factcheck.index.factchecks.layout import F, factcheck_index_body, review_document
from factcheck.settings import Settings

__all__ = ["FactCheckFailure", "FactCheckReport", "FactCheckWriter"]


@dataclass(frozen=True, slots=True)
class FactCheckFailure:
    origin: str
    reason: str
    review_id: str


@dataclass
class FactCheckReport:
    indexed_ids: list[str] = field(default_factory=list)
    unchanged_ids: list[str] = field(default_factory=list)
    replaced: int = 0  # older reviews of the same URLs removed
    failed: list[FactCheckFailure] = field(default_factory=list)


class FactCheckWriter:
    """Writes reviews into the fact-check index.

    Example:
        >>> writer = FactCheckWriter(es, encoder, index="factcheck-factchecks")
        >>> report = await writer.index(reviews, refresh=True)
        >>> len(report.indexed_ids) + len(report.unchanged_ids) == len(reviews)
        True
    """

    def __init__(
        self, es: AsyncElasticsearch, encoder: Encoder, *, index: str, batch_size: int = 64,
        chunk: int = 500,
    ) -> None:
        self._es = es
        self._encoder = encoder
        self._index = index
        self._batch_size = batch_size
        self._chunk = chunk

    @classmethod
    def from_settings(
        cls, es: AsyncElasticsearch, encoder: Encoder, settings: Settings
    ) -> FactCheckWriter:
        """The writer of ``settings``' fact-check index (``<index>-factchecks``)."""
        return cls(es, encoder, index=settings.elasticsearch.factchecks_index,
                   batch_size=settings.model.embedding_batch_size)

    @property
    def index_name(self) -> str:
        return self._index

    async def ensure_index(self) -> None:
        if not await self._es.indices.exists(index=self._index):
            body = factcheck_index_body(dimension=self._encoder.dimension)
            try:
                await self._es.indices.create(index=self._index, **body)
            except Exception as exc:  # created meanwhile by another writer: fine
                if "resource_already_exists_exception" not in str(exc):
                    raise

    async def index(
        self, reviews: Iterable[FactCheck], *, refresh: bool = False
    ) -> FactCheckReport:
        """Index ``reviews`` (a later version of one id wins); ``refresh``: searchable on return."""
        report = FactCheckReport()
        latest = {r.id: r for r in reviews}
        if not latest:
            return report
        await self.ensure_index()
        items = list(latest.values())
        for start in range(0, len(items), self._chunk):
            await self._write(items[start : start + self._chunk], report)
        kept = set(report.indexed_ids) | set(report.unchanged_ids)
        report.replaced = await self._replace_older(
            [r for r in items if r.id in kept and r.url]
        )
        if refresh:
            await self._es.indices.refresh(index=self._index)
        return report

    async def delete(self, review_id: str, *, refresh: bool = False) -> bool:
        try:
            await self._es.delete(index=self._index, id=review_id, refresh=refresh)
        except NotFoundError:
            return False
        return True

    async def _write(self, chunk: Sequence[FactCheck], report: FactCheckReport) -> None:
        prints = {r.id: fingerprint(r) for r in chunk}
        stored = await self._es.mget(
            index=self._index, ids=list(prints), source_includes=[F.FINGERPRINT]
        )
        committed = {
            d["_id"]: d["_source"].get(F.FINGERPRINT) for d in stored["docs"] if d.get("found")
        }
        changed = [r for r in chunk if committed.get(r.id) != prints[r.id]]
        report.unchanged_ids.extend(r.id for r in chunk if committed.get(r.id) == prints[r.id])
        if not changed:
            return
        vectors = await asyncio.to_thread(
            self._encoder.encode, [r.claim for r in changed], batch_size=self._batch_size
        )
        now = dt.datetime.now(dt.UTC)
        actions = (
            {
                "_index": self._index,
                "_id": review.id,
                "_source": review_document(
                    review, embedding=vector.astype(float).tolist(), fingerprint=prints[review.id],
                    indexed_at=now,
                ),
            }
            for review, vector in zip(changed, vectors, strict=True)
        )
        failed: dict[str, str] = {}
        async for ok, item in self._bulk(actions):
            if not ok:
                body = next(iter(item.values()))
                error = body.get("error", "rejected")
                reason = error.get("reason", str(error)) if isinstance(error, dict) else str(error)
                failed[str(body.get("_id"))] = reason
        for review in changed:
            if review.id in failed:
                report.failed.append(
                    FactCheckFailure(review.origin or review.id, failed[review.id], review.id)
                )
            else:
                report.indexed_ids.append(review.id)

    async def _replace_older(self, reviews: Sequence[FactCheck]) -> int:
        """Delete the stored reviews of these reviews' URLs that this ingestion did not carry."""
        keep: dict[str, set[str]] = defaultdict(set)
        for review in reviews:
            keep[url_key(review.url or "")].add(review.id)
        if not keep:
            return 0
        await self._es.indices.refresh(index=self._index)
        doomed: list[str] = []
        keys = list(keep)
        for start in range(0, len(keys), 500):
            batch = keys[start : start + 500]
            response = await self._es.search(
                index=self._index, size=10_000, source_includes=[F.URL_KEY],
                query={"terms": {F.URL_KEY: batch}},
            )
            doomed.extend(
                hit["_id"] for hit in response["hits"]["hits"]
                if hit["_id"] not in keep[hit["_source"][F.URL_KEY]]
            )
        if not doomed:
            return 0
        deleted = 0
        actions = ({"_op_type": "delete", "_index": self._index, "_id": i} for i in doomed)
        async for ok, item in self._bulk(actions):
            if ok or item.get("delete", {}).get("status") == 404:
                deleted += 1
        return deleted

    def _bulk(self, actions: Iterable[dict[str, Any]]) -> Any:
        return async_streaming_bulk(
            self._es, actions, chunk_size=500, max_retries=3, raise_on_error=False,
            raise_on_exception=False,
        )
