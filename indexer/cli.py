"""``python -m indexer PATH [PATH ...]``: index news articles into Elasticsearch.

Takes raw ``.txt`` articles, ``.jsonl`` files of records and folders of either. Shows progress on
long runs, ends with a summary, and exits non-zero when any input was skipped or any article did
not make it into the index (a re-run completes it; nothing is duplicated).

``--ray [ADDRESS]`` runs the same work as a Ray Data pipeline on a Ray cluster (a local one
without an address): :mod:`indexer.ray_pipeline`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import re
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from factcheck import models
from factcheck.articles import ReadError, read_articles
from factcheck.documents import Article
from factcheck.index.client import async_client
from factcheck.index.errors import ElasticsearchError
from factcheck.index.writer import (
    Failure,
    Ingestor,
    IngestReport,
    ensure_indices,
    paused_refresh,
)
from factcheck.settings import Settings

log = logging.getLogger("indexer")


@dataclass
class Summary:
    articles: int = 0
    sentences: int = 0
    unchanged: int = 0
    skipped: list[Failure] = field(default_factory=list)
    errors: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "sentences": self.sentences,
            "unchanged": self.unchanged,
            "skipped": [{"path": f.origin, "reason": f.reason} for f in self.skipped],
            "errors": [
                {"path": f.origin, "article_id": f.article_id, "reason": f.reason}
                for f in self.errors
            ],
            "seconds": round(self.seconds, 3),
            "sentences_per_second": round(self.sentences / self.seconds, 1)
            if self.seconds
            else None,
        }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m indexer", description=__doc__.split("\n")[0])
    # "*" rather than "+": `--ray PATH` hands argparse the first path as --ray's value.
    parser.add_argument("paths", nargs="*", type=Path, help=".txt / .jsonl files or folders")
    parser.add_argument("--index", help="sentence index or alias (default: $FACTCHECK_INDEX)")
    parser.add_argument("--batch-size", type=int, help="sentences per embedding batch")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument(
        "--ray", nargs="?", const="", default=None, metavar="ADDRESS",
        help="run as a Ray Data pipeline on the Ray cluster at ADDRESS (auto, host:port, "
             "ray://host:10001); without ADDRESS on a local Ray instance",
    )
    args = parser.parse_args(argv)
    if args.ray and not is_ray_address(args.ray):
        # `--ray seeds/`: no address was given, the value is the first path.
        args.paths.insert(0, Path(args.ray))
        args.ray = ""
    if not args.paths:
        parser.error("the following arguments are required: paths")
    return args


_HOST_PORT = re.compile(r"^[A-Za-z0-9.\-\[\]:]+:\d{1,5}$")


def is_ray_address(value: str) -> bool:
    """Whether ``--ray``'s value is a cluster address rather than the first input path.

    Example:
        >>> [is_ray_address(v) for v in ("auto", "10.0.0.5:6379", "ray://head:10001", "seeds")]
        [True, True, True, False]
    """
    if value in ("auto", "local") or value.startswith("ray://"):
        return True
    return bool(_HOST_PORT.match(value)) and not Path(value).exists()


def read_inputs(paths: Sequence[Path], skipped: list[Failure]) -> Iterator[Article]:
    """The articles of ``paths``, read and parsed lazily; what cannot be read goes to ``skipped``.

    Lazy, so that reading and parsing run beside the encoder (see :class:`Ingestor`) instead of
    before it.
    """
    for item in read_articles(paths):
        if isinstance(item, ReadError):
            skipped.append(Failure(item.origin, item.reason))
        else:
            yield item


async def run(args: argparse.Namespace, settings: Settings) -> Summary:
    started = time.perf_counter()
    task = asyncio.current_task()
    if task is not None:  # SIGTERM cancels like Ctrl-C does, so the finally blocks below run
        with contextlib.suppress(NotImplementedError, RuntimeError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    summary = Summary()
    if args.ray is not None:
        return await run_on_ray(args, settings, summary, started)
    encoder = await asyncio.to_thread(models.encoder_from, settings)
    bar = tqdm(unit="sent", disable=args.no_progress, file=sys.stderr, desc="indexing")
    last = 0

    def progress(_articles: int, sentences: int) -> None:
        nonlocal last
        bar.update(sentences - last)
        last = sentences

    es = async_client(settings.elasticsearch)
    try:
        ingestor = Ingestor.from_settings(es, encoder, settings)
        await ingestor.ensure_indices()
        async with paused_refresh(es, settings.elasticsearch.index):
            report: IngestReport = await ingestor.index(
                read_inputs(args.paths, summary.skipped), refresh=True, progress=progress
            )
    finally:
        bar.close()
        await es.close()
    log.info("indexed %d articles (%d sentences), %d unchanged, skipped %d inputs",
             report.articles_indexed, report.sentences_indexed, report.articles_unchanged,
             len(summary.skipped))
    summary.articles = report.articles_indexed
    summary.sentences = report.sentences_indexed
    summary.unchanged = report.articles_unchanged
    summary.errors = report.failed
    summary.seconds = time.perf_counter() - started
    return summary


async def run_on_ray(
    args: argparse.Namespace, settings: Settings, summary: Summary, started: float
) -> Summary:
    """The Ray Data pipeline; the driver only prepares the indices, collects and refreshes."""
    from indexer import ray_pipeline

    ray_pipeline.init_ray(args.ray or None)  # in the main thread: Ray sets signal handlers
    # The model is loaded here only for its dimension (the mapping); the actors load their own.
    encoder = await asyncio.to_thread(models.encoder_from, settings)
    bar = tqdm(unit="sent", disable=args.no_progress, file=sys.stderr, desc="indexing on ray")
    stop = threading.Event()

    def progress(run: ray_pipeline.RayRun) -> None:
        bar.update(run.sentences_seen - bar.n)

    es = async_client(settings.elasticsearch)
    index = settings.elasticsearch.index
    try:
        await ensure_indices(es, settings.elasticsearch, dimension=encoder.dimension)
        # Once for the whole run: what earlier runs wrote becomes visible to the workers'
        # stale-sentence searches (they do not refresh per chunk).
        await es.indices.refresh(index=index)
        async with paused_refresh(es, index):
            try:
                outcome = await asyncio.to_thread(
                    ray_pipeline.run_pipeline, args.paths, settings, progress=progress, stop=stop
                )
            finally:
                stop.set()
        await es.indices.refresh(index=[index, settings.elasticsearch.articles_index])
    finally:
        bar.close()
        await es.close()
    report = outcome.report
    summary.articles = report.articles_indexed
    summary.sentences = report.sentences_indexed
    summary.unchanged = report.articles_unchanged
    summary.skipped = outcome.skipped
    summary.errors = report.failed
    summary.seconds = time.perf_counter() - started
    return summary


def print_summary(summary: Summary, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary.as_dict(), indent=2))
        return
    rate = summary.as_dict()["sentences_per_second"]
    print(
        f"indexed {summary.articles} articles ({summary.sentences} sentences) in "
        f"{summary.seconds:.1f}s ({rate} sentences/s); unchanged {summary.unchanged}; "
        f"skipped {len(summary.skipped)}; errors {len(summary.errors)}"
    )
    for failure in summary.skipped:
        print(f"  skipped {failure.origin}: {failure.reason}")
    for failure in summary.errors:
        print(f"  error {failure.origin} (article {failure.article_id}): {failure.reason}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    settings = Settings()
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    if args.index:
        settings.elasticsearch.index = args.index
    if args.batch_size:
        settings.model.embedding_batch_size = args.batch_size
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        summary = asyncio.run(run(args, settings))
    except ElasticsearchError as exc:
        print(f"error: Elasticsearch at {settings.elasticsearch.url}: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, asyncio.CancelledError):
        print("interrupted: committed articles stay, a re-run completes the rest",
              file=sys.stderr)
        return 130
    print_summary(summary, as_json=args.json)
    return 1 if summary.errors or summary.skipped else 0
