"""``python -m bench.indexing --corpus seeds|100k``: indexing throughput beside the raw encoder.

Stages, all measured in one run on the same sentences (sentences per second):

* ``raw``      — the encoder alone: ``encoder.encode(sentences)``, the ceiling; on a uniform
  random sample of ``--raw-sample`` (default 8,000) of the corpus's parsed sentences when it has
  more, which the result JSON says;
* ``parse``    — the text pipeline alone: reading, cleaning, splitting, attributing;
* ``pipeline`` — :class:`factcheck.index.writer.Ingestor` on already parsed articles: embedding in a
  thread while the previous chunk is bulk-written, markers, refresh (a fresh index);
* ``cli``      — ``python -m indexer PATHS --json`` in its own process, from files to a
  searchable index (model loading included), into a fresh index.

``--backends onnx,torch`` repeats ``raw`` for each backend (and ``pipeline``/``cli`` for the
first one only) so the encoders are compared side by side. The ``cli`` index of the 100k corpus
is kept as ``bench-100k`` for the query benchmarks (``--keep-index``).
Results: ``bench/results/indexing-<corpus>.json`` and ``.png`` (``indexing-<corpus>-<stages>``
for a run of some stages only); ``target`` in the JSON is the issue's goal, ``cli`` / ``raw``
>= 0.9.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import (
    BENCH_INDEX,
    CORPUS,
    ES_URL,
    RESULTS,
    ROOT,
    SEEDS,
    count,
    drop_index,
    machine,
    write_result,
)
from factcheck.articles import ReadError, read_articles
from factcheck.documents import Article
from factcheck.embedding import Encoder
from factcheck.index.client import async_client
from factcheck.index.writer import Ingestor
from factcheck.models import load_encoder
from factcheck.settings import ElasticsearchSettings

BATCH = 64
RAW_SAMPLE = 8000
SAMPLE_SEED = 13
TARGET = 0.9  # issue 6: indexing within 10% of the raw encoder's sentences/s


def corpus_paths(name: str) -> list[Path]:
    if name == "seeds":
        return [SEEDS]
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is missing: run `python -m bench.corpus` first")
    return [CORPUS, SEEDS] if name == "100k+seeds" else [CORPUS]


def parse(paths: list[Path]) -> tuple[list[Article], list[str], float, float]:
    """(articles, "origin: reason" of every skipped input, wall seconds, CPU seconds)."""
    started, cpu = time.perf_counter(), time.process_time()
    articles: list[Article] = []
    skipped: list[str] = []
    for item in read_articles(paths):
        if isinstance(item, ReadError):
            skipped.append(f"{item.origin}: {item.reason}")
        else:
            articles.append(item)
    return articles, skipped, time.perf_counter() - started, time.process_time() - cpu


def raw_rate(encoder: Encoder, texts: list[str]) -> dict[str, Any]:
    encoder.encode(texts[:BATCH], batch_size=BATCH)  # warm-up: first-call allocations
    started = time.perf_counter()
    encoder.encode(texts, batch_size=BATCH)
    seconds = time.perf_counter() - started
    return {"sentences": len(texts), "seconds": round(seconds, 2),
            "sentences_per_second": round(len(texts) / seconds, 1)}


def pipeline_rate(encoder: Encoder, articles: list[Article], index: str) -> dict[str, Any]:
    drop_index(index)
    settings = ElasticsearchSettings(url=ES_URL, index=index, request_timeout=120)

    async def run() -> tuple[int, int, float]:
        es = async_client(settings)
        try:
            ingestor = Ingestor(es, encoder, settings=settings, embedding_batch_size=BATCH)
            await ingestor.ensure_indices()
            started = time.perf_counter()
            report = await ingestor.index(articles, refresh=True)
            seconds = time.perf_counter() - started
            return report.sentences_indexed, len(report.failed), seconds
        finally:
            await es.close()

    sentences, failed, seconds = asyncio.run(run())
    stored = count(index)
    drop_index(index)
    return {"sentences": sentences, "stored": stored, "failed_articles": failed,
            "seconds": round(seconds, 2), "sentences_per_second": round(sentences / seconds, 1)}


def cli_rate(paths: list[Path], index: str, backend: str, *, keep: bool) -> dict[str, Any]:
    drop_index(index)
    env = {**os.environ, "ELASTICSEARCH_URL": ES_URL, "FACTCHECK_INDEX": index,
           "FACTCHECK_MODEL__EMBEDDING_BACKEND": backend,
           "FACTCHECK_MODEL__EMBEDDING_BATCH_SIZE": str(BATCH),
           "FACTCHECK_ELASTICSEARCH__REQUEST_TIMEOUT": "120"}
    started = time.perf_counter()
    process = subprocess.run(
        [sys.executable, "-m", "indexer", "--json", "--no-progress", *map(str, paths)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=4 * 3600,
    )
    wall = time.perf_counter() - started
    out = process.stdout.strip()
    summary = json.loads(out) if out.startswith("{") else {}
    if not summary:
        sys.exit(f"indexer failed ({process.returncode}):\n{process.stderr[-3000:]}")
    stored = count(index)
    if not keep:
        drop_index(index)
    sentences = int(summary["sentences"])
    return {"exit_code": process.returncode, "sentences": sentences, "stored": stored,
            "articles": summary["articles"], "skipped_inputs": len(summary["skipped"]),
            "failed_articles": len(summary["errors"]), "wall_seconds": round(wall, 2),
            "sentences_per_second": round(sentences / wall, 1)}


def plot(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    stages = result["stages"]
    raw = stages.get(f"raw[{result['backends'][0]}]", {}).get("sentences_per_second")
    labels, values = [], []
    for name, stage in stages.items():
        if "sentences_per_second" in stage:
            labels.append(name)
            values.append(stage["sentences_per_second"])
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(labels) + 1.5))
    bars = ax.barh(labels[::-1], values[::-1], color="#4C72B0")
    for bar, value in zip(bars, values[::-1], strict=True):
        share = f" ({value / raw:.0%} of raw)" if raw else ""
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {value:,.0f}{share}",
                va="center", fontsize=8)
    ax.set_xlabel("sentences per second")
    ax.set_title(f"Indexing throughput, corpus {result['corpus']} "
                 f"({result['sentences']:,} sentences, {result['machine']['cpus']} cores)")
    ax.set_xlim(0, max(values) * 1.45)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


ALL_STAGES = frozenset({"raw", "parse", "pipeline", "cli"})


def result_name(corpus: str, stages: set[str]) -> str:
    """The report's file name: a run of some stages only (``--stages cli --keep-index``, to build
    the query benchmarks' index) must not write over the checked-in report of a full run."""
    name = f"indexing-{corpus.replace('+', '-')}"
    return name if stages >= ALL_STAGES else f"{name}-{'-'.join(sorted(stages))}"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.indexing", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=["seeds", "100k", "100k+seeds"], default="seeds")
    parser.add_argument("--backends", default="onnx,torch",
                        help="comma-separated encoder backends; the first is the main one")
    parser.add_argument("--stages", default=",".join(sorted(ALL_STAGES)),
                        help="a run of some stages only writes its report under another name")
    parser.add_argument("--raw-sample", type=int, default=RAW_SAMPLE,
                        help="raw encoder rates on a uniform random sample of N sentences of "
                             "the same corpus (same length distribution, a fraction of the "
                             f"time; default {RAW_SAMPLE}, 0 = every sentence)")
    parser.add_argument("--keep-index", action="store_true",
                        help=f"keep the cli index as {BENCH_INDEX} (the query benchmarks use it)")
    args = parser.parse_args()
    backends = args.backends.split(",")
    stages = set(args.stages.split(","))
    paths = corpus_paths(args.corpus)

    result: dict[str, Any] = {"benchmark": "indexing", "corpus": args.corpus,
                              "paths": [str(p.relative_to(ROOT)) if p.is_relative_to(ROOT)
                                        else str(p) for p in paths],
                              "backends": backends, "batch_size": BATCH,
                              "machine": machine(), "stages": {}}
    articles, skipped, parse_seconds, parse_cpu = parse(paths)
    texts = [s.text for a in articles for s in a.sentences]
    result["articles"], result["sentences"], result["skipped_inputs"] = (
        len(articles), len(texts), len(skipped))
    if skipped:
        result["skipped"] = skipped[:50]
        print(f"{len(skipped)} inputs skipped, e.g. {skipped[:3]}", file=sys.stderr)
    if "parse" in stages:
        result["stages"]["parse"] = {"sentences": len(texts), "seconds": round(parse_seconds, 2),
                                     "cpu_seconds": round(parse_cpu, 2),
                                     "sentences_per_second": round(len(texts) / parse_seconds, 1)}
    print(f"{len(articles)} articles, {len(texts)} sentences, parsed in {parse_seconds:.1f}s",
          file=sys.stderr)

    for n, backend in enumerate(backends):
        encoder = load_encoder(backend=backend, batch_size=BATCH)
        if "raw" in stages:
            sample = texts
            if args.raw_sample and args.raw_sample < len(texts):
                sample = random.Random(SAMPLE_SEED).sample(texts, args.raw_sample)
            result["stages"][f"raw[{backend}]"] = raw_rate(encoder, sample)
            result["stages"][f"raw[{backend}]"]["sample"] = (
                "every sentence of the corpus" if sample is texts else
                f"uniform random sample (random.Random({SAMPLE_SEED}).sample, no replacement) of "
                f"{len(sample)} of the corpus's {len(texts)} parsed sentences, the ones the "
                "other stages index"
            )
            print(f"raw[{backend}]: {result['stages'][f'raw[{backend}]']}", file=sys.stderr)
        if n == 0 and "pipeline" in stages:
            result["stages"][f"pipeline[{backend}]"] = pipeline_rate(
                encoder, articles, f"{BENCH_INDEX}-pipeline")
            print(f"pipeline: {result['stages'][f'pipeline[{backend}]']}", file=sys.stderr)
        del encoder
        if n == 0 and "cli" in stages:
            keep = args.keep_index and args.corpus != "seeds"
            index = BENCH_INDEX if keep else f"{BENCH_INDEX}-cli"
            result["stages"][f"cli[{backend}]"] = cli_rate(paths, index, backend, keep=keep)
            result["stages"][f"cli[{backend}]"]["index"] = index if keep else None
            print(f"cli: {result['stages'][f'cli[{backend}]']}", file=sys.stderr)

    main_raw = result["stages"].get(f"raw[{backends[0]}]", {}).get("sentences_per_second")
    if main_raw:
        result["share_of_raw_encoder"] = {
            name: round(stage["sentences_per_second"] / main_raw, 3)
            for name, stage in result["stages"].items() if "sentences_per_second" in stage
        }
        cli = result["share_of_raw_encoder"].get(f"cli[{backends[0]}]")
        if cli is not None:
            result["target"] = {
                "what": f"cli[{backends[0]}] sentences/s (files to searchable index, model "
                        f"loading included) / raw[{backends[0]}] sentences/s, same run",
                "ratio": cli, "goal": TARGET, "met": cli >= TARGET,
            }
            print(f"cli / raw encoder = {cli:.3f} (goal >= {TARGET}: "
                  f"{'met' if cli >= TARGET else 'NOT met'})", file=sys.stderr)
    result["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    name = result_name(args.corpus, stages)
    write_result(name, result)
    plot(result, RESULTS / f"{name}.png")
    print(json.dumps(result.get("share_of_raw_encoder", {}), indent=2))


if __name__ == "__main__":
    main()
