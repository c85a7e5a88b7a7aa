"""Versioned indices behind aliases, and rebuilding them while they serve.

``FACTCHECK_INDEX`` (say ``news``) names two aliases, ``news`` and ``news-articles``; the indices
behind them are a *generation*: ``news-v000001`` and ``news-v000001-articles``. Everything reads
and writes through the aliases, so a new generation replaces the old one without a reader ever
seeing a missing or half-built index:

1. :func:`rebuild` creates the next generation with the current settings (vector format,
   shards, replicas, and the mapping of this version of the code) and fills it from the
   articles already stored: re-parsed from the input each marker keeps (``raw``), and, for
   articles indexed before inputs were kept, re-made from their stored sentences (re-embedded,
   not re-parsed). Embedding uses the configured model, so this is also how a new model lands;
2. it then catches up with what was written meanwhile (markers newer than the pass, articles
   deleted), blocks writes to the old generation for the last catch-up, and swaps both aliases
   in one ``_aliases`` call (atomic: a search sees the old generation or the new one);
3. only after the swap are the old indices deleted.

Interrupted (Ctrl-C, a crash, the node gone), the aliases still point at the old generation,
which keeps serving; the next ``--rebuild`` resumes the unfinished generation (its commit markers
say what is done) when it was made with the same settings, or else starts a fresh one.

A concrete index named like the alias (made before aliases) keeps working as it is; its first
rebuild replaces it by the alias in the same atomic call (``remove_index``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from elasticsearch import AsyncElasticsearch, NotFoundError

from factcheck.articles import ArticleRecord, parse_raw_article, parse_record
from factcheck.documents import Article, ArticleMeta, Attribution, Sentence
from factcheck.embedding import Encoder
from factcheck.index import layout
from factcheck.index.indices import (
    articles_name,
    create_generation,
    paused_refresh,
)
from factcheck.index.layout import Fields
from factcheck.index.writer import Failure, Ingestor
from factcheck.settings import Settings

log = logging.getLogger(__name__)

# Markers taken per step of a rebuild; sentences fetched per search for articles without input.
_MARKERS_PER_STEP = 500
_SENTENCES_PER_SEARCH = 5_000


def generation_number(alias: str, name: str) -> int | None:
    match = re.fullmatch(re.escape(alias) + r"-v(\d{6})", name)
    return int(match[1]) if match else None


@dataclass(frozen=True)
class Serving:
    """The concrete indices behind the two names; ``legacy_*``: the name is an index itself."""

    sentences: str
    articles: str
    legacy_sentences: bool = False
    legacy_articles: bool = False


async def _behind(es: AsyncElasticsearch, name: str) -> tuple[str | None, bool]:
    """(the concrete index ``name`` resolves to, whether ``name`` is itself an index)."""
    try:
        response = await es.indices.get_alias(name=name)
    except NotFoundError:
        response = None
    if response is not None and response.body:
        indices = sorted(response.body)
        if len(indices) > 1:
            raise RuntimeError(f"alias {name!r} points at several indices: {indices}")
        return indices[0], False
    if await es.indices.exists(index=name):
        return name, True
    return None, False


async def serving(es: AsyncElasticsearch, alias: str) -> Serving | None:
    """What ``alias`` (and ``<alias>-articles``) point at now; None when nothing is there."""
    sentences, legacy_sentences = await _behind(es, alias)
    articles, legacy_articles = await _behind(es, articles_name(alias))
    if sentences is None or articles is None:
        return None
    return Serving(sentences, articles, legacy_sentences, legacy_articles)


async def drop(es: AsyncElasticsearch, alias: str) -> list[str]:
    """Delete everything behind ``alias`` and ``<alias>-articles``: the generations they point
    at (or the legacy indices of those names) and unfinished generations. Returns the names.

    (The node deletes no index through an alias, so a plain delete by name fails here.)
    """
    doomed: set[str] = set()
    for name in (alias, articles_name(alias)):
        index, _ = await _behind(es, name)
        if index is not None:
            doomed.add(index)
    response = await es.options(ignore_status=404).indices.get(
        index=f"{alias}-v*", expand_wildcards="open,closed")
    for name in response.body if response.meta.status == 200 else ():
        if generation_number(alias, name.removesuffix("-articles")) is not None:
            doomed.add(name)
    if doomed:
        await es.indices.delete(index=sorted(doomed), ignore_unavailable=True)
    return sorted(doomed)


@dataclass
class RebuildReport:
    source: str = ""
    target: str = ""
    resumed: bool = False
    articles: int = 0
    sentences: int = 0
    unchanged: int = 0
    from_input: int = 0
    from_sentences: int = 0
    caught_up: int = 0
    deleted: int = 0
    failed: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        errors = [{"path": f.origin, "article_id": f.article_id, "reason": f.reason}
                  for f in self.failed]
        return {**{k: v for k, v in vars(self).items() if k != "failed"},
                "errors": errors, "seconds": round(self.seconds, 3)}


class RebuildError(RuntimeError):
    """Nothing to rebuild, or the aliases are not in a state a rebuild can work from."""


async def rebuild(
    es: AsyncElasticsearch,
    encoder: Encoder,
    settings: Settings,
    *,
    progress: Callable[[int], None] | None = None,
) -> RebuildReport:
    """Rebuild the indices behind ``settings.elasticsearch.index`` into a new generation.

    Example:
        >>> report = await rebuild(es, models.encoder_from(settings), settings)
        >>> report.target
        'factcheck-v000002'
    """
    started = time.perf_counter()
    alias = settings.elasticsearch.index
    current = await serving(es, alias)
    if current is None:
        raise RebuildError(f"nothing to rebuild: no index or alias {alias!r} (and its articles)")
    report = RebuildReport(source=current.sentences)
    target, report.resumed = await _target(es, settings, current, dimension=encoder.dimension)
    report.target = target
    log.info("rebuilding %s (%s) into %s%s", alias, current.sentences, target,
             " (resumed)" if report.resumed else "")
    target_settings = settings.elasticsearch.model_copy(update={"index": target})
    ingestor = Ingestor(es, encoder, settings=target_settings,
                        chunk_sentences=settings.indexing.chunk_sentences,
                        embedding_batch_size=settings.model.embedding_batch_size)
    copier = _Copier(es, current, ingestor, report, progress)
    await _fill_and_swap(es, alias, current, target, copier)
    # Only now, the swap done, the old generation goes (a legacy index went in the swap).
    old = [name for name, legacy in ((current.sentences, current.legacy_sentences),
                                     (current.articles, current.legacy_articles)) if not legacy]
    if old:
        await es.indices.delete(index=old)
    report.seconds = time.perf_counter() - started
    log.info("%s now serves %s", alias, target)
    return report


@dataclass
class _Copier:
    """Copies stored articles into the new generation, summing up in ``report``."""

    es: AsyncElasticsearch
    current: Serving
    ingestor: Ingestor
    report: RebuildReport
    progress: Callable[[int], None] | None
    done: int = 0

    async def copy(self, since: dt.datetime | None) -> None:
        """Everything (``since`` None), or the articles whose markers changed since then."""
        report = self.report
        async for batch, kinds in _stored_articles(self.es, self.current, since=since):
            step = await self.ingestor.index(batch, refresh=False, refresh_first=False)
            report.articles += step.articles_indexed
            report.sentences += step.sentences_indexed
            report.unchanged += step.articles_unchanged
            report.failed.extend(step.failed)
            if since is None:
                report.from_input += kinds[0]
                report.from_sentences += kinds[1]
            else:
                report.caught_up += step.articles_indexed
            self.done += sum(len(a.sentences) for a in batch)
            if self.progress is not None:
                self.progress(self.done)


async def _fill_and_swap(
    es: AsyncElasticsearch, alias: str, current: Serving, target: str, copier: _Copier
) -> None:
    """Fill ``target``, catch up, and swap the aliases; the old generation stays untouched (and
    writable) unless the swap happened."""
    report = copier.report
    blocked = False
    try:
        async with paused_refresh(es, target):
            # The first pass copies everything; the second what was written meanwhile; the
            # last, with the old generation closed to writes, what came in during the second.
            mark = _now()
            await es.indices.refresh(index=[target, articles_name(target)])
            await copier.copy(None)
            for frozen in (False, True):
                if frozen:
                    await es.indices.put_settings(
                        index=[current.sentences, current.articles],
                        settings={"index.blocks.write": True})
                    blocked = True
                await es.indices.refresh(index=[current.articles, target])
                since, mark = mark, _now()
                await copier.copy(since)
                report.deleted += await _drop_deleted(es, current, copier.ingestor, target)
        if report.failed:
            raise RebuildError(
                f"{len(report.failed)} articles could not be rebuilt; {alias!r} still serves "
                f"{current.sentences}; a re-run resumes {target}")
        await es.indices.refresh(index=[target, articles_name(target)])
        await _swap(es, alias, current, target)
        blocked = False  # the old generation is gone or no longer served
    finally:
        if blocked:
            await es.indices.put_settings(index=[current.sentences, current.articles],
                                          settings={"index.blocks.write": None})


def _now() -> dt.datetime:
    # A second of slack: a marker's indexed_at is taken a moment before it is written.
    return dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)


async def _target(
    es: AsyncElasticsearch, settings: Settings, current: Serving, *, dimension: int
) -> tuple[str, bool]:
    """The unfinished generation to resume, else a new one; stale unfinished ones are dropped."""
    alias = settings.elasticsearch.index
    response = await es.indices.get(index=f"{alias}-v*", expand_wildcards="open,closed")
    numbers = {n: name for name in response.body
               if (n := generation_number(alias, name)) is not None}
    current_number = generation_number(alias, current.sentences) or 0
    wanted = layout.sentence_index_body(dimension=dimension, settings=settings.elasticsearch)
    for number in sorted(numbers, reverse=True):
        name = numbers[number]
        if number <= current_number or articles_name(name) not in response.body:
            continue
        body = response.body[name]
        meta = body["mappings"].get("_meta", {})
        same = (
            meta.get("rebuild_of") == current.sentences
            and body["mappings"]["properties"][Fields.EMBEDDING]
            == wanted["mappings"]["properties"][Fields.EMBEDDING]
            and meta.get("mapping_version") == layout.MAPPING_VERSION
        )
        if same and not body.get("aliases"):
            return name, True
    # Unfinished generations made from something else or with other settings: never served.
    stale = [numbers[n] for n in numbers if n > current_number
             and not response.body[numbers[n]].get("aliases")]
    for name in stale:
        await es.indices.delete(index=[name, articles_name(name)], ignore_unavailable=True)
    number = max([current_number, *numbers]) + 1
    name = await create_generation(es, settings.elasticsearch, number=number, dimension=dimension,
                                   aliased=False, rebuild_of=current.sentences)
    return name, False


async def _stored_articles(
    es: AsyncElasticsearch, current: Serving, *, since: dt.datetime | None
) -> AsyncIterator[tuple[list[Article], tuple[int, int]]]:
    """The stored articles, a step at a time: re-parsed from their input where the marker keeps
    it, else re-made from their sentences. Yields (articles, (re-parsed, re-made))."""
    query: dict[str, Any] = (
        {"range": {Fields.INDEXED_AT: {"gte": since.isoformat()}}} if since else
        {"match_all": {}}
    )
    response = await es.search(index=current.articles, query=query, size=_MARKERS_PER_STEP,
                                scroll="5m", sort=["_doc"])
    scroll_id = response.get("_scroll_id")
    try:
        while hits := response["hits"]["hits"]:
            parsed: list[Article] = []
            bare: list[tuple[str, dict[str, Any]]] = []
            for hit in hits:
                article = _from_input(hit["_source"])
                if article is not None:
                    parsed.append(article)
                else:
                    bare.append((hit["_id"], hit["_source"]))
            remade = await _from_sentences(es, current.sentences, bare)
            yield [*parsed, *remade], (len(parsed), len(remade))
            response = await es.scroll(scroll_id=scroll_id, scroll="5m")
            scroll_id = response.get("_scroll_id", scroll_id)
    finally:
        if scroll_id:
            await es.clear_scroll(scroll_id=scroll_id)


def _from_input(marker: dict[str, Any]) -> Article | None:
    raw = marker.get(Fields.RAW)
    if not isinstance(raw, dict):
        return None
    origin = marker.get(Fields.ORIGIN) or ""
    if raw.get("kind") == "record":
        record = ArticleRecord.model_validate_json(raw["content"])
        return parse_record(record, origin=origin)
    if raw.get("kind") == "text":
        return parse_raw_article(raw["content"], origin=origin)
    return None


async def _from_sentences(
    es: AsyncElasticsearch, index: str, markers: Sequence[tuple[str, dict[str, Any]]]
) -> list[Article]:
    """Articles re-made from their stored sentences (indexed before inputs were kept)."""
    articles: list[Article] = []
    start = 0
    while start < len(markers):
        group: list[tuple[str, dict[str, Any]]] = []
        size = 0
        while start < len(markers) and (not group or size < _SENTENCES_PER_SEARCH):
            group.append(markers[start])
            size += int(markers[start][1].get(Fields.SENTENCE_COUNT) or 0)
            start += 1
        response = await es.search(
            index=index, size=min(max(size, 1), 10_000),
            query={"terms": {Fields.ARTICLE_ID: [i for i, _ in group]}},
            sort=[{Fields.ARTICLE_ID: "asc"}, {Fields.SENTENCE_INDEX: "asc"}],
            source_excludes=[Fields.EMBEDDING],
        )
        by_article: dict[str, list[dict[str, Any]]] = {}
        for hit in response["hits"]["hits"]:
            by_article.setdefault(hit["_source"][Fields.ARTICLE_ID], []).append(hit["_source"])
        for article_id, marker in group:
            docs = by_article.get(article_id, [])
            if docs:
                articles.append(_remade(article_id, marker, docs))
    return articles


def _remade(article_id: str, marker: dict[str, Any], docs: list[dict[str, Any]]) -> Article:
    sentences = tuple(
        Sentence(index=i, text=doc[Fields.TEXT], attribution=Attribution(
            speaker=doc[Fields.SPEAKER], cue=doc.get(Fields.CUE) or "")
            if doc.get(Fields.SPEAKER) else None)
        for i, doc in enumerate(docs)
    )
    meta = ArticleMeta(
        id=article_id, title=marker.get(Fields.TITLE), url=marker.get(Fields.URL),
        source=marker.get(Fields.SOURCE),
        published_at=layout.parse_date(marker.get(Fields.PUBLISHED_AT)),
        author=marker.get(Fields.AUTHOR),
    )
    return Article(meta=meta, body=" ".join(s.text for s in sentences), sentences=sentences,
                   origin=marker.get(Fields.ORIGIN))


async def _ids(es: AsyncElasticsearch, index: str) -> set[str]:
    ids: set[str] = set()
    response = await es.search(index=index, size=5_000, scroll="2m", source=False,
                               sort=["_doc"])
    scroll_id = response.get("_scroll_id")
    try:
        while hits := response["hits"]["hits"]:
            ids.update(hit["_id"] for hit in hits)
            response = await es.scroll(scroll_id=scroll_id, scroll="2m")
            scroll_id = response.get("_scroll_id", scroll_id)
    finally:
        if scroll_id:
            await es.clear_scroll(scroll_id=scroll_id)
    return ids


async def _drop_deleted(
    es: AsyncElasticsearch, current: Serving, ingestor: Ingestor, target: str
) -> int:
    """Delete from the new generation the articles deleted from the old one meanwhile."""
    await es.indices.refresh(index=[current.articles, articles_name(target)])
    gone = await _ids(es, articles_name(target)) - await _ids(es, current.articles)
    for article_id in sorted(gone):
        await ingestor.delete(article_id)
    return len(gone)


async def _swap(es: AsyncElasticsearch, alias: str, current: Serving, target: str) -> None:
    """Point both aliases at ``target`` in one atomic call."""
    actions: list[dict[str, Any]] = [
        {"add": {"index": target, "alias": alias}},
        {"add": {"index": articles_name(target), "alias": articles_name(alias)}},
    ]
    for index, name, legacy in ((current.sentences, alias, current.legacy_sentences),
                                (current.articles, articles_name(alias), current.legacy_articles)):
        # A concrete index named like the alias gives its name to it, in the same call.
        actions.append({"remove_index": {"index": index}} if legacy
                       else {"remove": {"index": index, "alias": name}})
    await es.indices.update_aliases(actions=actions)
