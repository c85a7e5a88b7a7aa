"""``python -m indexer PATH [PATH ...] [--feed URL ...]``: index articles and fact-checks.

Takes raw ``.txt`` articles, ``.jsonl`` files of records, ``.html`` pages, ClaimReview ``.json`` /
``.jsonl`` exports and folders of them, told apart by content (:mod:`factcheck.inputs`), and
RSS/Atom feeds (``--feed``: the pages their items link to). Articles go to the sentence index,
published fact-checks to ``<index>-factchecks``. Shows progress on long runs, ends with a summary,
and exits non-zero when any input was skipped or did not make it into the index (a re-run
completes it; nothing is duplicated).

``--ray [ADDRESS]`` runs the same work as a Ray Data pipeline on a Ray cluster (a local one
without an address): :mod:`indexer.ray_pipeline` (paths of articles only; no ``--feed``).
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

import httpx
from tqdm import tqdm

from factcheck import models
from factcheck.articles import ReadError
from factcheck.documents import Article
from factcheck.factchecks.records import FactCheck
from factcheck.index import versions
from factcheck.index.client import async_client
from factcheck.index.errors import ElasticsearchError
from factcheck.index.factchecks.writer import FactCheckWriter
from factcheck.index.indices import ensure_indices, paused_refresh
from factcheck.index.writer import Failure, Ingestor, IngestReport
from factcheck.inputs import Item
from factcheck.inputs import read_inputs as read_items
from factcheck.settings import Settings
from factcheck.web.feeds import FeedRun, Fetcher, FetchLimits, ValidatorStore, read_feed

log = logging.getLogger("indexer")


@dataclass
class Summary:
    articles: int = 0
    sentences: int = 0
    unchanged: int = 0
    fact_checks: int = 0
    fact_checks_unchanged: int = 0
    fact_checks_replaced: int = 0
    skipped: list[Failure] = field(default_factory=list)
    errors: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "sentences": self.sentences,
            "unchanged": self.unchanged,
            "fact_checks": self.fact_checks,
            "fact_checks_unchanged": self.fact_checks_unchanged,
            "fact_checks_replaced": self.fact_checks_replaced,
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
    # "*" rather than "+": `--ray PATH` hands argparse the first path as --ray's value, and
    # `--feed URL` alone needs no path.
    parser.add_argument(
        "paths", nargs="*", type=Path,
        help=".txt, .jsonl, .json, .html files or folders of them",
    )
    parser.add_argument("--feed", action="append", default=[], metavar="URL",
                        help="an RSS/Atom feed: index the pages its items link to (repeatable)")
    parser.add_argument("--feed-state", type=Path, default=Path(".cache/feed-state.json"),
                        help="where the feeds' ETag/Last-Modified are kept between runs")
    limits = FetchLimits()
    parser.add_argument("--fetch-timeout", type=float, default=limits.read_timeout,
                        help="seconds to wait for a server's answer")
    parser.add_argument("--fetch-max-bytes", type=int, default=limits.max_page_bytes,
                        help="largest feed or page fetched")
    parser.add_argument("--host-delay", type=float, default=limits.per_host_delay,
                        help="seconds between two requests to the same host")
    parser.add_argument("--index", help="sentence index or alias (default: $FACTCHECK_INDEX)")
    parser.add_argument("--batch-size", type=int, help="sentences per embedding batch")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument(
        "--rebuild", action="store_true",
        help="parse and embed the stored articles again into a new index generation, then "
             "swap the alias (reads go on; an interrupted rebuild resumes); takes no PATHS",
    )
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
    if args.rebuild and (args.paths or args.ray is not None or args.feed):
        parser.error("--rebuild takes no PATHS, no --feed and no --ray")
    if not args.paths and not args.feed and not args.rebuild:
        parser.error("the following arguments are required: paths (or --feed URL)")
    if args.ray is not None and args.feed:
        parser.error("--feed is not supported with --ray")
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


@dataclass
class Inputs:
    """Everything read: articles stream to the ingestor, the rest is collected on the way."""

    skipped: list[Failure] = field(default_factory=list)
    reviews: list[FactCheck] = field(default_factory=list)
    feeds: list[tuple[FeedRun, int]] = field(default_factory=list)  # (run, items skipped)


def _feed_items(args: argparse.Namespace, inputs: Inputs, store: ValidatorStore) -> Iterator[Item]:
    limits = FetchLimits(read_timeout=args.fetch_timeout, max_feed_bytes=args.fetch_max_bytes,
                         max_page_bytes=args.fetch_max_bytes, per_host_delay=args.host_delay)
    with httpx.Client() as client:
        fetcher = Fetcher(client, limits=limits)
        for url in args.feed:
            run = FeedRun(url)
            before = len(inputs.skipped)
            yield from read_feed(url, fetcher, validators=store, run=run)
            inputs.feeds.append((run, len(inputs.skipped) - before))


def read_inputs(
    args: argparse.Namespace, inputs: Inputs, store: ValidatorStore
) -> Iterator[Article]:
    """The articles of the paths and feeds, read lazily; fact-checks and failures go to
    ``inputs``.

    Lazy, so that reading, parsing and fetching run beside the encoder (see :class:`Ingestor`)
    instead of before it.
    """
    sources: list[Iterator[Item]] = [read_items(args.paths), _feed_items(args, inputs, store)]
    for source in sources:
        for item in source:
            if isinstance(item, ReadError):
                inputs.skipped.append(Failure(item.origin, item.reason))
            elif isinstance(item, FactCheck):
                inputs.reviews.append(item)
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
    inputs = Inputs()
    store = ValidatorStore.load(args.feed_state if args.feed else None)
    try:
        ingestor = Ingestor.from_settings(es, encoder, settings)
        await ingestor.ensure_indices()
        async with paused_refresh(es, settings.elasticsearch.index):
            report: IngestReport = await ingestor.index(
                read_inputs(args, inputs, store), refresh=True, progress=progress
            )
        writer = FactCheckWriter(es, encoder, index=settings.elasticsearch.factchecks_index,
                                 batch_size=settings.model.embedding_batch_size)
        reviews = await writer.index(inputs.reviews, refresh=True)
    finally:
        bar.close()
        await es.close()
    summary.skipped = inputs.skipped
    summary.fact_checks = len(reviews.indexed_ids)
    summary.fact_checks_unchanged = len(reviews.unchanged_ids)
    summary.fact_checks_replaced = reviews.replaced
    fact_check_errors = [Failure(f.origin, f.reason, f.review_id) for f in reviews.failed]
    # A feed is remembered as seen only when everything behind it is in the index: otherwise
    # its next "304 Not Modified" would hide the items that failed this time.
    if not report.failed and not fact_check_errors:
        for run, skipped_items in inputs.feeds:
            if run.headers is not None and not skipped_items:
                store.remember(run.url, run.headers)
        store.save()
    log.info("indexed %d articles (%d sentences), %d unchanged, skipped %d inputs",
             report.articles_indexed, report.sentences_indexed, report.articles_unchanged,
             len(summary.skipped))
    summary.articles = report.articles_indexed
    summary.sentences = report.sentences_indexed
    summary.unchanged = report.articles_unchanged
    summary.errors = [*report.failed, *fact_check_errors]
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
        f"fact-checks {summary.fact_checks} (unchanged {summary.fact_checks_unchanged}, "
        f"replaced {summary.fact_checks_replaced}); "
        f"skipped {len(summary.skipped)}; errors {len(summary.errors)}"
    )
    for failure in summary.skipped:
        print(f"  skipped {failure.origin}: {failure.reason}")
    for failure in summary.errors:
        print(f"  error {failure.origin} (article {failure.article_id}): {failure.reason}")


async def rebuild(args: argparse.Namespace, settings: Settings) -> versions.RebuildReport:
    task = asyncio.current_task()
    if task is not None:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    encoder = await asyncio.to_thread(models.encoder_from, settings)
    bar = tqdm(unit="sent", disable=args.no_progress, file=sys.stderr, desc="rebuilding")
    es = async_client(settings.elasticsearch)
    try:
        return await versions.rebuild(es, encoder, settings,
                                      progress=lambda done: bar.update(done - bar.n))
    finally:
        bar.close()
        await es.close()


def rebuild_main(args: argparse.Namespace, settings: Settings) -> int:
    alias = settings.elasticsearch.index
    try:
        report = asyncio.run(rebuild(args, settings))
    except versions.RebuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ElasticsearchError as exc:
        print(f"error: Elasticsearch at {settings.elasticsearch.url}: {exc}; {alias!r} still "
              "serves what it did, a re-run resumes the rebuild", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, asyncio.CancelledError):
        print(f"interrupted: {alias!r} still serves what it did; a re-run resumes the rebuild",
              file=sys.stderr)
        return 130
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        print(f"{alias} now serves {report.target} (was {report.source}): {report.articles} "
              f"articles ({report.sentences} sentences) written, {report.unchanged} already "
              f"there, {report.caught_up} caught up, {report.deleted} deleted, "
              f"in {report.seconds:.1f}s")
    return 0


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
    if args.rebuild:
        return rebuild_main(args, settings)
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
