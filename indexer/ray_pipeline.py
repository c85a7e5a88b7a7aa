"""``python -m indexer --ray [ADDRESS] PATHS``: the indexer as a Ray Data pipeline.

The same documents as the single-process indexer, spread over a Ray cluster (a local one when no
address is given):

1. the driver walks ``PATHS`` and cuts them into *shards*: groups of ``.txt`` files, and byte
   ranges of ``.jsonl`` files split at line boundaries (each knowing its first line number, so
   that failures name the same ``path:line`` as a plain run). Every node must see the paths at
   the same place (a shared or network file system);
2. reading and parsing run as Ray tasks, one per shard (no CPU reserved: parsing is ~15x faster
   than the encoder and must not hold a core an encoder could use); each yields *chunks* of
   articles of about ``FACTCHECK_INDEXING__CHUNK_SENTENCES`` sentences, the step the encoder is
   efficient at (its batches are length-sorted within a chunk);
3. encoder actors (``FACTCHECK_INDEXING__RAY_ACTORS``, each reserving and running
   ``..._RAY_ACTOR_CPUS`` threads; the model is loaded once per actor) take a chunk at a time
   and write it with :class:`factcheck.index.writer.Ingestor`, the code path of the plain indexer:
   same ids, fields, fingerprints, commit markers, stale-sentence deletion and failure reports.
   The bulk writes go from the workers straight to Elasticsearch;
4. the driver collects one small result per chunk, shows progress, and sums up.

A killed worker is restarted by Ray and its chunk retried: sentence ids are deterministic, so a
retry overwrites instead of duplicating, and articles committed before the kill are found
committed (they count as "unchanged" in the summary). An article id found more than once with
different content (two versions in one run) is written again at the end in its last version,
as the plain indexer's "last one wins", because two workers may have written the two versions
at the same time.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

from factcheck import models
from factcheck.articles import (
    ArticleRecord,
    ReadError,
    input_files,
    parse_record,
    read_jsonl,
    read_txt,
)
from factcheck.documents import Article
from factcheck.index import layout
from factcheck.index.client import async_client
from factcheck.index.writer import Failure, Ingestor, IngestReport
from factcheck.settings import Settings

log = logging.getLogger(__name__)

# At most this many .txt files per shard (one article each), whatever their size.
TXT_FILES_PER_SHARD = 256


@dataclass(frozen=True)
class Shard:
    """A piece of the input read by one task: ``.txt`` files, or a line range of one ``.jsonl``."""

    number: int
    kind: str  # "txt" | "jsonl"
    paths: tuple[str, ...]
    start: int = 0
    end: int | None = None
    first_line: int = 1


def plan_shards(
    paths: Sequence[Path], *, shard_bytes: int
) -> tuple[list[Shard], list[Failure]]:
    """Cut ``paths`` into shards in the plain indexer's reading order; unusable paths are skipped.

    Example:
        >>> shards, skipped = plan_shards([Path("seeds")], shard_bytes=1_000_000)
        >>> (len(shards), shards[0].kind, len(shards[0].paths), skipped)
        (1, 'txt', 5, [])
    """
    shards: list[Shard] = []
    skipped: list[Failure] = []
    txt: list[str] = []
    txt_bytes = 0

    def flush() -> None:
        nonlocal txt, txt_bytes
        if txt:
            shards.append(Shard(len(shards), "txt", tuple(txt)))
            txt, txt_bytes = [], 0

    for path in paths:
        for item in input_files(path):
            if isinstance(item, ReadError):
                skipped.append(Failure(item.origin, item.reason))
            elif item.suffix.lower() == ".jsonl":
                flush()
                for start, end, first_line in _line_ranges(item, shard_bytes=shard_bytes):
                    shards.append(Shard(len(shards), "jsonl", (str(item),), start, end,
                                        first_line))
            else:
                txt.append(str(item))
                txt_bytes += _size(item)
                if txt_bytes >= shard_bytes or len(txt) >= TXT_FILES_PER_SHARD:
                    flush()
    flush()
    return shards, skipped


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _line_ranges(path: Path, *, shard_bytes: int) -> Iterator[tuple[int, int | None, int]]:
    """(start, end, first line number) of consecutive pieces of about ``shard_bytes``."""
    try:
        handle = path.open("rb")
    except OSError:  # the reading task reports it, with the plain indexer's message
        yield 0, None, 1
        return
    with handle:
        start, position, first_line = 0, 0, 1
        for number, raw in enumerate(handle, start=1):
            position += len(raw)
            if position - start >= shard_bytes:
                yield start, position, first_line
                start, first_line = position, number + 1
        if position > start or position == 0:
            yield start, None, first_line


def read_shard(shard: Shard) -> Iterator[Article | ReadError]:
    if shard.kind == "jsonl":
        yield from read_jsonl(Path(shard.paths[0]), start=shard.start, end=shard.end,
                              first_line=shard.first_line)
    else:
        for path in shard.paths:
            yield read_txt(Path(path))


def parse_shard(row: dict[str, Any], *, chunk_sentences: int) -> list[dict[str, Any]]:
    """A shard's articles as chunks of about ``chunk_sentences`` sentences (Ray ``flat_map``).

    Every chunk row carries the articles (JSON) with their position in the shard, and the inputs
    that could not be read; a shard with nothing readable still yields one row, for its errors.
    """
    shard = Shard(**{**row, "paths": tuple(row["paths"])})
    chunks: list[dict[str, Any]] = []
    articles: list[dict[str, Any]] = []
    skipped: list[list[str]] = []
    size = 0

    def close() -> None:
        nonlocal articles, skipped, size
        payload = {"articles": articles, "skipped": skipped, "sentences": size}
        chunks.append({"shard": shard.number, "payload": json.dumps(payload)})
        articles, skipped, size = [], [], 0

    for position, item in enumerate(read_shard(shard)):
        if isinstance(item, ReadError):
            skipped.append([item.origin, item.reason])
            continue
        articles.append({"position": position, "article": item.model_dump(mode="json")})
        size += len(item.sentences)
        if size >= chunk_sentences:
            close()
    if articles or skipped or not chunks:
        close()
    return chunks


class ChunkIndexer:
    """A Ray Data actor: one encoder and one Elasticsearch client, writing chunk after chunk."""

    def __init__(self, settings: Settings, *, threads: int) -> None:
        self._settings = settings
        self._loop = asyncio.new_event_loop()
        settings.model.onnx_threads = threads  # this actor's copy: the CPUs it reserved
        self._encoder = models.encoder_from(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        results = [self._loop.run_until_complete(self._index(str(payload)))
                   for payload in batch["payload"]]
        return {"shard": list(batch["shard"]), "result": results}

    async def _index(self, payload: str) -> str:
        chunk = json.loads(payload)
        articles = [Article.model_validate(a["article"]) for a in chunk["articles"]]
        # A client per chunk: Ray ends actors without a clean-up hook, and a connection per
        # 2,048 embedded sentences costs nothing.
        es = async_client(self._settings.elasticsearch)
        try:
            ingestor = Ingestor.from_settings(es, self._encoder, self._settings)
            report = await ingestor.index(articles, refresh=False, refresh_first=False)
        finally:
            await es.close()
        return json.dumps(chunk_result(chunk, articles, report))


def chunk_result(
    chunk: dict[str, Any], articles: Sequence[Article], report: IngestReport
) -> dict[str, Any]:
    """What the driver needs to know of a written chunk (small: no text, no vectors)."""
    return {
        "articles": [
            [a.meta.id, item["position"], layout.fingerprint(a), a.origin or a.meta.id]
            for a, item in zip(articles, chunk["articles"], strict=True)
        ],
        "indexed": report.indexed_ids,
        "sentences_indexed": report.sentences_indexed,
        "unchanged": report.articles_unchanged,
        "failed": [[f.origin, f.reason, f.article_id] for f in report.failed],
        "skipped": chunk["skipped"],
        "sentences": chunk["sentences"],
        "worker": os.getpid(),  # which process wrote it (the killed-worker test aims at it)
    }


@dataclass
class RayRun:
    """The sum of the chunk results, and what the last-one-wins pass needs."""

    report: IngestReport = field(default_factory=IngestReport)
    skipped: list[Failure] = field(default_factory=list)
    sentences_seen: int = 0
    # article id -> (shard, position, fingerprint, origin) of its last version, and the ids
    # seen with more than one fingerprint
    latest: dict[str, tuple[int, int, str, str]] = field(default_factory=dict)
    conflicting: set[str] = field(default_factory=set)
    workers: list[int] = field(default_factory=list)  # the pid that wrote each chunk, in order

    def add(self, shard: int, result: dict[str, Any]) -> None:
        report = self.report
        report.articles_indexed += len(result["indexed"])
        report.indexed_ids.extend(result["indexed"])
        report.sentences_indexed += result["sentences_indexed"]
        report.articles_unchanged += result["unchanged"]
        report.failed.extend(Failure(o, r, i) for o, r, i in result["failed"])
        self.skipped.extend(Failure(o, r) for o, r in result["skipped"])
        self.sentences_seen += result["sentences"]
        self.workers.append(result["worker"])
        for article_id, position, fingerprint, origin in result["articles"]:
            version = (shard, position, fingerprint, origin)
            known = self.latest.get(article_id)
            if known is None or known[:2] < version[:2]:
                self.latest[article_id] = version
            if known is not None and known[2] != fingerprint:
                self.conflicting.add(article_id)


def reread(origin: str) -> Article | None:
    """The article at ``origin`` (``path`` of a .txt, ``path:line`` of a JSONL record)."""
    path, _, line = origin.rpartition(":")
    if path and line.isdigit() and path.endswith(".jsonl"):
        with open(path, "rb") as handle:
            raw = next(islice(handle, int(line) - 1, None), b"")
        record = ArticleRecord.model_validate_json(raw.removeprefix(b"\xef\xbb\xbf"))
        return parse_record(record, origin=origin)
    item = read_txt(Path(origin))
    return item if isinstance(item, Article) else None


def init_ray(address: str | None) -> None:
    import ray

    if ray.is_initialized():
        return
    # Our own progress bar and summary; Ray's per-operator bars and INFO logs would bury them.
    ray.init(address=address or None, logging_level=logging.WARNING, log_to_driver=True,
             include_dashboard=False, configure_logging=True)
    logging.getLogger("ray.data").setLevel(logging.WARNING)


def cluster_cpus() -> int:
    import ray

    resources: dict[str, float] = ray.cluster_resources()  # type: ignore[no-untyped-call]
    return int(resources.get("CPU", 1))


def run_pipeline(
    paths: Sequence[Path],
    settings: Settings,
    *,
    progress: Callable[[RayRun], None] | None = None,
    stop: threading.Event | None = None,
) -> RayRun:
    """Run the Ray Data pipeline over ``paths`` (Ray must be initialised: :func:`init_ray`).

    The indices must exist; the caller refreshes before and after (once each, not per chunk).
    ``progress`` is called with the run so far after every chunk; ``stop`` ends the run after
    the chunk being collected (the chunks already handed to workers still complete).
    """
    import ray
    import ray.data

    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    indexing = settings.indexing
    shards, skipped = plan_shards(paths, shard_bytes=indexing.ray_shard_bytes)
    run = RayRun(skipped=skipped)
    if not shards:
        return run
    actor_cpus = min(indexing.ray_actor_cpus, max(1, cluster_cpus()))
    actors = indexing.ray_actors or max(1, cluster_cpus() // actor_cpus)
    log.info("ray: %d shards, %d encoder actors x %d CPUs", len(shards), actors, actor_cpus)
    dataset = (
        ray.data.from_items([asdict(s) for s in shards], override_num_blocks=len(shards))
        # No CPU reserved (an encoder could use it), so the pool size bounds the parsing tasks:
        # one keeps about eight encoder actors busy (parsing is ~15x faster than encoding).
        .flat_map(partial(parse_shard, chunk_sentences=indexing.chunk_sentences), num_cpus=0,
                  compute=ray.data.TaskPoolStrategy(size=-(-actors // 8)))
        .map_batches(
            ChunkIndexer,
            fn_constructor_args=(settings,),
            fn_constructor_kwargs={"threads": actor_cpus},
            batch_size=1,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=actors),
            num_cpus=actor_cpus,
        )
    )
    for row in dataset.iter_rows():
        run.add(int(row["shard"]), json.loads(row["result"]))
        if progress is not None:
            progress(run)
        if stop is not None and stop.is_set():
            break
    if run.conflicting and (stop is None or not stop.is_set()):
        _last_version_wins(run, settings)
    return run


def _last_version_wins(run: RayRun, settings: Settings) -> None:
    """Write again, in their last version, the articles seen with different contents."""
    import ray.data

    articles = []
    for article_id in sorted(run.conflicting):
        origin = run.latest[article_id][3]
        article = reread(origin)
        if article is not None and article.meta.id == article_id:
            articles.append(article)
    if not articles:
        return
    log.info("ray: %d articles came in more than one version; writing their last one again",
             len(articles))
    asyncio.run(_forget_markers(settings, [a.meta.id for a in articles]))
    chunk = {"articles": [{"position": i, "article": a.model_dump(mode="json")}
                          for i, a in enumerate(articles)], "skipped": [], "sentences": 0}
    dataset = ray.data.from_items([{"shard": -1, "payload": json.dumps(chunk)}]).map_batches(
        ChunkIndexer, fn_constructor_args=(settings,),
        fn_constructor_kwargs={"threads": min(settings.indexing.ray_actor_cpus, cluster_cpus())},
        batch_size=1, batch_format="numpy", compute=ray.data.ActorPoolStrategy(size=1),
        num_cpus=min(settings.indexing.ray_actor_cpus, cluster_cpus()),
    )
    for row in dataset.iter_rows():
        result = json.loads(row["result"])
        # Already counted when first written; only failures of this pass add to the report.
        run.report.failed.extend(Failure(o, r, i) for o, r, i in result["failed"])


async def _forget_markers(settings: Settings, ids: Sequence[str]) -> None:
    """Drop the commit markers, so that the Ingestor rewrites these articles in full.

    The refresh makes the run's sentences visible to the stale-sentence search of that rewrite
    (the workers do not refresh).
    """
    es = async_client(settings.elasticsearch)
    try:
        await es.indices.refresh(index=settings.elasticsearch.index)
        await es.bulk(operations=[{"delete": {"_index": settings.elasticsearch.articles_index,
                                              "_id": i}} for i in ids], refresh=True)
    finally:
        await es.close()
