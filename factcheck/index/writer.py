"""Writing articles into Elasticsearch: embed their sentences, bulk-load them, commit a marker.

Used by the indexer command and by the API's ingest endpoints. The pipeline never loses or
duplicates data when it fails part-way:

* sentence ids are ``<article id>:<n>``, so writing an article again overwrites, never duplicates;
* the article's marker document (in ``<index>-articles``) is written only after all of its
  sentences were accepted, carrying the content fingerprint; a re-run skips articles whose
  marker matches and redoes every other one;
* sentences left over from an older version of an article (other fingerprint) are deleted after
  the new ones are in, so a reader never sees the article vanish in between.

Embedding runs in a worker thread while the previous chunk is written, so Elasticsearch round
trips hide behind the encoder, which is the real limit; the next chunk is taken from the input
(read and parsed, when the input is lazy) in another thread meanwhile. The index is refreshed
once when a call starts and once at its end (``refresh``), not per chunk: every refresh closes a
segment, and each segment means another HNSW graph to build and merge while the encoder wants the
CPU. :func:`factcheck.index.indices.paused_refresh` turns the periodic refresh off for a bulk load.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from elasticsearch import (
    AsyncElasticsearch,
    ConnectionTimeout,
    NotFoundError,
)
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch.helpers import async_streaming_bulk

from factcheck.documents import Article
from factcheck.embedding import Encoder
from factcheck.index import layout
from factcheck.index.indices import ensure_indices
from factcheck.index.layout import Fields
from factcheck.settings import ElasticsearchSettings, Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    """An article (or input) that did not make it, and why."""

    origin: str
    reason: str
    article_id: str | None = None


@dataclass
class IngestReport:
    articles_indexed: int = 0
    articles_unchanged: int = 0
    sentences_indexed: int = 0
    stale_sentences_deleted: int = 0
    failed: list[Failure] = field(default_factory=list)
    indexed_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


ProgressCallback = Callable[[int, int], None]
"""Called with (articles done, sentences done) after each chunk."""


def _chunks(articles: Iterable[Article], *, max_sentences: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    size = 0
    for article in articles:
        chunk.append(article)
        size += len(article.sentences)
        if size >= max_sentences:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


class Ingestor:
    """Indexes articles into one sentence index and its article-marker index.

    Example:
        >>> ingestor = Ingestor.from_settings(es, encoder, Settings())
        >>> report = await ingestor.index(read_articles([Path("seeds")]))
        >>> report.articles_indexed
        5
    """

    def __init__(
        self,
        es: AsyncElasticsearch,
        encoder: Encoder,
        *,
        settings: ElasticsearchSettings,
        chunk_sentences: int = 256,
        embedding_batch_size: int = 64,
    ) -> None:
        self._es = es
        self._encoder = encoder
        self._settings = settings
        self._chunk_sentences = chunk_sentences
        self._batch_size = embedding_batch_size

    @classmethod
    def from_settings(
        cls, es: AsyncElasticsearch, encoder: Encoder, settings: Settings
    ) -> Ingestor:
        """The writer the indexer and the API both use: same chunks, same embedding batches."""
        return cls(es, encoder, settings=settings.elasticsearch,
                   chunk_sentences=settings.indexing.chunk_sentences,
                   embedding_batch_size=settings.model.embedding_batch_size)

    @property
    def chunk_sentences(self) -> int:
        return self._chunk_sentences

    async def ensure_indices(self) -> None:
        await ensure_indices(self._es, self._settings, dimension=self._encoder.dimension)

    async def index(
        self,
        articles: Iterable[Article],
        *,
        refresh: bool = False,
        refresh_first: bool = True,
        progress: ProgressCallback | None = None,
    ) -> IngestReport:
        """Index ``articles``; with ``refresh`` they are searchable when this returns.

        ``refresh_first=False`` is for a caller that refreshed before a run of many calls (the
        Ray indexer's workers): one refresh per call would close a small segment per call.
        """
        report = IngestReport()
        await self.ensure_indices()
        if refresh_first:
            # Sentences written before this call (another run, one that crashed) become visible
            # to the stale-sentence search; within the call, _write refreshes only when it must.
            await self._es.indices.refresh(index=self._settings.index)
        pending: asyncio.Task[None] | None = None
        written: set[str] = set()  # ids of the articles whose sentences this call has written
        seen: list[tuple[str, str]] = []  # (article id, origin) of every article taken up
        done_sentences = 0
        chunks = iter(_chunks(articles, max_sentences=self._chunk_sentences))
        # The next chunk is taken (for a lazy input: read and parsed) in a worker thread while
        # this one is embedded: the text pipeline is pure Python, the encoder releases the GIL.
        upcoming: asyncio.Future[list[Article] | None] | None = _take(chunks)
        try:
            while upcoming is not None and (chunk := await upcoming) is not None:
                upcoming = _take(chunks)
                chunk = _last_wins(chunk)
                seen.extend((a.meta.id, a.origin or a.meta.id) for a in chunk)
                changed = await self._changed(chunk, report)
                vectors = await asyncio.to_thread(self._embed, changed)
                if pending is not None:
                    await pending
                pending = asyncio.create_task(self._write(changed, vectors, report, written))
                done_sentences += sum(len(a.sentences) for a in chunk)
                if progress is not None:
                    progress(len(seen), done_sentences)
            if pending is not None:
                await pending
        except (ESConnectionError, ConnectionTimeout) as exc:
            # The node went away: everything not committed is reported, nothing is lost — a
            # re-run picks it up through the missing markers.
            if pending is not None:
                await asyncio.gather(pending, return_exceptions=True)
            rest = await _left_over(upcoming, chunks)
            _fail_unsettled(report, [*seen, *rest], f"Elasticsearch unreachable: {exc.message}")
            refresh = False  # the node is away: the report matters more than a refresh
        if refresh and report.indexed_ids:
            await self._es.indices.refresh(
                index=[self._settings.index, self._settings.articles_index]
            )
        return report

    async def delete(self, article_id: str, *, refresh: bool = False) -> bool:
        """Remove an article and all its sentences; False when there was no such article."""
        try:
            await self._es.delete(index=self._settings.articles_index, id=article_id)
            existed = True
        except NotFoundError:
            existed = False
        deleted = await self._delete_matching({"term": {Fields.ARTICLE_ID: article_id}},
                                             keep=set())
        if refresh:
            await self._es.indices.refresh(
                index=[self._settings.index, self._settings.articles_index]
            )
        return existed or deleted > 0

    # -- steps ------------------------------------------------------------------------------

    async def _changed(self, chunk: Sequence[Article], report: IngestReport) -> list[Article]:
        """The articles of ``chunk`` whose committed marker is missing or out of date."""
        ids = [a.meta.id for a in chunk]
        response = await self._es.mget(
            index=self._settings.articles_index, ids=ids, source_includes=[Fields.FINGERPRINT]
        )
        committed = {
            doc["_id"]: doc["_source"].get(Fields.FINGERPRINT)
            for doc in response["docs"]
            if doc.get("found")
        }
        changed = [a for a in chunk if committed.get(a.meta.id) != layout.fingerprint(a)]
        report.articles_unchanged += len(chunk) - len(changed)
        return changed

    def _embed(self, articles: Sequence[Article]) -> list[list[list[float]]]:
        texts = [s.text for a in articles for s in a.sentences]
        flat = self._encoder.encode(texts, batch_size=self._batch_size).tolist()
        out: list[list[list[float]]] = []
        position = 0
        for article in articles:
            out.append(flat[position : position + len(article.sentences)])
            position += len(article.sentences)
        return out

    async def _write(
        self, articles: Sequence[Article], vectors: Sequence[Sequence[list[float]]],
        report: IngestReport, written: set[str],
    ) -> None:
        if not articles:
            return
        prints = {a.meta.id: layout.fingerprint(a) for a in articles}
        failed: dict[str, str] = {}
        # An article already written earlier in this call (two versions in one input) has
        # sentences that only a refresh makes visible to the stale-sentence search.
        rewritten = any(a.meta.id in written for a in articles)
        written.update(a.meta.id for a in articles)

        def sentence_actions() -> Iterable[dict[str, Any]]:
            for article, article_vectors in zip(articles, vectors, strict=True):
                for sentence, vector in zip(article.sentences, article_vectors, strict=True):
                    yield {
                        "_index": self._settings.index,
                        "_id": layout.sentence_id(article.meta.id, sentence.index),
                        "_source": layout.sentence_document(
                            article, sentence, embedding=vector,
                            article_fingerprint=prints[article.meta.id],
                        ),
                    }

        async for ok, item in self._bulk(sentence_actions()):
            if not ok:
                doc_id = _item_id(item)
                failed.setdefault(doc_id.rsplit(":", 1)[0], _item_error(item))

        good = [a for a in articles if a.meta.id not in failed]
        if good:
            report.stale_sentences_deleted += await self._delete_stale(
                good, prints, refresh_first=rewritten
            )
        now = dt.datetime.now(dt.UTC)

        def marker_actions() -> Iterable[dict[str, Any]]:
            for article in good:
                yield {
                    "_index": self._settings.articles_index,
                    "_id": article.meta.id,
                    "_source": layout.article_document(
                        article, article_fingerprint=prints[article.meta.id], indexed_at=now
                    ),
                }

        async for ok, item in self._bulk(marker_actions()):
            if not ok:
                failed.setdefault(_item_id(item), _item_error(item))

        _tally(report, articles, failed)

    async def _delete_stale(
        self, articles: Sequence[Article], prints: dict[str, str], *, refresh_first: bool
    ) -> int:
        query = {
            "bool": {
                "should": [
                    {
                        "bool": {
                            "filter": [{"term": {Fields.ARTICLE_ID: a.meta.id}}],
                            "must_not": [{"term": {Fields.FINGERPRINT: prints[a.meta.id]}}],
                        }
                    }
                    for a in articles
                ],
                "minimum_should_match": 1,
            }
        }
        # The ids just written are overwritten in place; until a refresh, search may still show
        # them with their old fingerprint, so they are never candidates for deletion.
        keep = {
            layout.sentence_id(a.meta.id, s.index) for a in articles for s in a.sentences
        }
        return await self._delete_matching(query, keep=keep, refresh_first=refresh_first)

    async def _delete_matching(
        self, query: dict[str, Any], *, keep: set[str], refresh_first: bool = True
    ) -> int:
        """Delete the sentences matching ``query`` except the ids in ``keep``.

        delete_by_query lives in the reindex module, which the minimal distribution lacks: look
        the ids up and bulk-delete them. The search sees what the last refresh made visible:
        ``refresh_first`` when earlier writes must be seen, and always after a round of deletes
        (until a refresh, deleted documents still match).

        No refresh per chunk otherwise: each one closes a segment (a new HNSW graph), and a bulk
        load refreshed every 256 sentences leaves Elasticsearch building and merging hundreds of
        small graphs while the encoder needs the CPU.
        """
        deleted = 0
        refresh = refresh_first
        while True:
            if refresh:
                await self._es.indices.refresh(index=self._settings.index)
            refresh = True
            response = await self._es.search(
                index=self._settings.index, query=query, size=1000, source=False
            )
            doomed = [h["_id"] for h in response["hits"]["hits"] if h["_id"] not in keep]
            if not doomed:
                return deleted
            actions = (
                {"_op_type": "delete", "_index": self._settings.index, "_id": doc_id}
                for doc_id in doomed
            )
            async for ok, item in self._bulk(actions):
                if ok or item.get("delete", {}).get("status") == 404:
                    deleted += 1

    def _bulk(self, actions: Iterable[dict[str, Any]]) -> AsyncIterable[tuple[bool, Any]]:
        return async_streaming_bulk(
            self._es,
            actions,
            chunk_size=500,
            max_retries=3,  # retries 429 (queue full) with back-off; other rejections are final
            raise_on_error=False,
            raise_on_exception=False,
        )


async def _left_over(
    upcoming: asyncio.Future[list[Article] | None] | None, chunks: Iterator[list[Article]]
) -> list[tuple[str, str]]:
    """(id, origin) of the articles not taken up: the chunk being read (waited for) and the rest."""
    taken: list[list[Article]] = []
    if upcoming is not None:
        [next_chunk] = await asyncio.gather(upcoming, return_exceptions=True)
        if isinstance(next_chunk, list):
            taken.append(next_chunk)
    return [(a.meta.id, a.origin or a.meta.id) for chunk in [*taken, *chunks] for a in chunk]


def _fail_unsettled(report: IngestReport, taken: Iterable[tuple[str, str]], reason: str) -> None:
    """Report every (article id, origin) taken up that is neither indexed nor failed yet."""
    settled = set(report.indexed_ids) | {f.article_id for f in report.failed}
    for article_id, origin in taken:
        if article_id not in settled:
            settled.add(article_id)
            report.failed.append(Failure(origin, reason, article_id))


def _tally(report: IngestReport, articles: Sequence[Article], failed: dict[str, str]) -> None:
    for article in articles:
        if article.meta.id in failed:
            report.failed.append(
                Failure(article.origin or article.meta.id, failed[article.meta.id],
                        article.meta.id)
            )
        else:
            report.articles_indexed += 1
            report.sentences_indexed += len(article.sentences)
            report.indexed_ids.append(article.meta.id)


def _take(chunks: Iterator[list[Article]]) -> asyncio.Future[list[Article] | None]:
    """The next chunk (None at the end), taken in a worker thread."""
    return asyncio.ensure_future(asyncio.to_thread(next, chunks, None))


def _last_wins(chunk: list[Article]) -> list[Article]:
    """Two versions of one article in the same chunk: keep the later one only."""
    by_id = {a.meta.id: a for a in chunk}
    return list(by_id.values())


def _item_id(item: Any) -> str:
    body = next(iter(item.values())) if isinstance(item, dict) and item else {}
    return str(body.get("_id", "?"))


def _item_error(item: Any) -> str:
    body = next(iter(item.values())) if isinstance(item, dict) and item else {}
    error = body.get("error", body.get("exception", "rejected"))
    if isinstance(error, dict):
        return f"{error.get('type', 'error')}: {error.get('reason', '')}".strip()
    return str(error)
