"""``python -m bench.vectors``: vector formats side by side — ``hnsw`` (float32), ``int8_hnsw``
and ``bbq_hnsw`` (with Elasticsearch's re-scoring of ``oversample`` x k candidates).

The documents of a source index (default ``bench-100k``: text, metadata *and* vectors, fetched
once with a scroll and cached under ``.cache/bench/``, so no sentence is embedded again) are
bulk-loaded into one throw-away index per format, ``bench-vec-<format>`` (versioned, behind an
alias, with a copy of the article markers, as the service expects), force-merged to one segment
so that the formats are compared in the same steady state. Then, one format after the other in
the same run:

* **recall@10 of the exact neighbours** and kNN latency (the service's ``num_candidates``) for
  ``--queries`` claims; the exact neighbours come from numpy brute force over the float vectors;
* **``/v1/check`` p50/p95** at one client: the real server on that index, the same claims for
  every format (each server starts with empty caches);
* **index size on disk** (``_stats/store``) and **vector memory**: the vector files of the
  segments as the node reports them (``include_segment_file_sizes``): the graph (``vex``) plus
  the vectors the graph search reads (``vec`` float32, ``veq`` int8, ``veb`` 1-bit) — what must
  stay in the page cache for fast search; the float ``vec`` of the quantised formats is read
  only to re-score a few candidates.

``--source-url`` lets the copies live on another node than the source (a second local node, so
that building three HNSW graphs does not load the shared one; ``scripts/es.sh``).
Results: ``bench/results/vectors-<label>.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from elasticsearch import AsyncElasticsearch
from elasticsearch.helpers import async_streaming_bulk

from bench.common import (
    BENCH_INDEX,
    CACHE,
    ES_URL,
    api_server,
    count,
    drop_index,
    machine,
    percentiles,
    read_claims,
    write_result,
)
from bench.query import load
from factcheck.index import indices, versions
from factcheck.models import load_encoder
from factcheck.settings import ElasticsearchSettings, Settings

FORMATS = ("hnsw", "int8_hnsw", "bbq_hnsw")
K = 10
# What the graph search keeps reading, per format (besides the graph itself, "vex").
SEARCHED = {"hnsw": "vec", "int8_hnsw": "veq", "bbq_hnsw": "veb"}
SOURCE_URL = os.environ.get("FACTCHECK_BENCH_SOURCE_URL", ES_URL)


# -- the source documents -------------------------------------------------------------------

def cache_paths(index: str, total: int) -> tuple[Path, Path]:
    return CACHE / f"docs-{index}-{total}.jsonl", CACHE / f"docs-{index}-{total}.npy"


async def export(es: AsyncElasticsearch, index: str, total: int) -> tuple[Path, Path]:
    """Every document of ``index``: sources (without vectors) as JSONL, vectors as .npy."""
    docs_path, vectors_path = cache_paths(index, total)
    if docs_path.exists() and vectors_path.exists():
        return docs_path, vectors_path
    CACHE.mkdir(parents=True, exist_ok=True)
    rows: list[list[float]] = []
    tmp = docs_path.with_suffix(".tmp")
    response = await es.search(index=index, scroll="5m", size=2000, sort=["_doc"])
    scroll_id = response["_scroll_id"]
    try:
        with tmp.open("w") as out:
            while hits := response["hits"]["hits"]:
                for hit in hits:
                    source = hit["_source"]
                    rows.append(source.pop("embedding"))
                    out.write(json.dumps({"_id": hit["_id"], **source}, ensure_ascii=False)
                              + "\n")
                print(f"\rexported {len(rows):,}/{total:,} documents", end="", file=sys.stderr)
                response = await es.scroll(scroll_id=scroll_id, scroll="5m")
                scroll_id = response["_scroll_id"]
    finally:
        await es.clear_scroll(scroll_id=scroll_id)
    print(file=sys.stderr)
    np.save(vectors_path, np.asarray(rows, dtype=np.float32))
    tmp.rename(docs_path)
    return docs_path, vectors_path


def read_docs(path: Path) -> Iterator[dict[str, Any]]:
    with path.open() as handle:
        for line in handle:
            yield json.loads(line)


async def markers(es: AsyncElasticsearch, index: str) -> AsyncIterator[dict[str, Any]]:
    response = await es.search(index=f"{index}-articles", scroll="5m", size=2000, sort=["_doc"])
    scroll_id = response["_scroll_id"]
    try:
        while hits := response["hits"]["hits"]:
            for hit in hits:
                yield {"_id": hit["_id"], **hit["_source"]}
            response = await es.scroll(scroll_id=scroll_id, scroll="5m")
            scroll_id = response["_scroll_id"]
    finally:
        await es.clear_scroll(scroll_id=scroll_id)


# -- building a copy ------------------------------------------------------------------------

def layout_settings(name: str, fmt: str, oversample: float) -> ElasticsearchSettings:
    return ElasticsearchSettings(index=name, vector_format=fmt, vector_oversample=oversample,
                                 replicas="0")


async def create(es: AsyncElasticsearch, settings: ElasticsearchSettings, dimension: int) -> str:
    """A fresh first generation behind ``settings.index``; returns the concrete name."""
    drop_index(settings.index)
    concrete = await indices.create_generation(es, settings, number=1, dimension=dimension,
                                                aliased=True)
    await es.indices.put_settings(index=[concrete, f"{concrete}-articles"],
                                  settings={"index.refresh_interval": "-1"})
    # Vector files stay separate files (not packed into compound .cfs files of small
    # segments), so that the node reports each one's size.
    await es.indices.close(index=concrete)
    await es.indices.put_settings(index=concrete, settings={"index.compound_format": False})
    await es.indices.open(index=concrete, wait_for_active_shards="1")
    return concrete


async def bulk(es: AsyncElasticsearch, index: str, actions: Any, *, label: str,
               chunk: int = 500) -> int:
    done = 0
    started = time.perf_counter()
    async for ok, item in async_streaming_bulk(es.options(request_timeout=600), actions,
                                               chunk_size=chunk, max_retries=5,
                                               raise_on_error=False):
        if not ok:
            raise RuntimeError(f"{label}: bulk item failed: {item}")
        done += 1
        if done % 20_000 == 0:
            rate = done / (time.perf_counter() - started)
            print(f"\r{label}: {done:,} documents ({rate:,.0f}/s)", end="", file=sys.stderr)
    print(file=sys.stderr)
    return done


async def finish(es: AsyncElasticsearch, concrete: str, *, merge: bool) -> float:
    """Refresh on, one refresh, and (``merge``) a force-merge to one segment; its seconds."""
    names = [concrete, f"{concrete}-articles"]
    await es.indices.put_settings(index=names, settings={"index.refresh_interval": None})
    await es.options(request_timeout=3600).indices.refresh(index=names)
    started = time.perf_counter()
    if merge:
        await es.options(request_timeout=7200).indices.forcemerge(index=concrete,
                                                                  max_num_segments=1)
    return time.perf_counter() - started


async def copy_index(
    es: AsyncElasticsearch, source_es: AsyncElasticsearch, *, source: str, name: str, fmt: str,
    oversample: float, docs: Path, vectors: np.ndarray, merge: bool,
) -> dict[str, Any]:
    settings = layout_settings(name, fmt, oversample)
    concrete = await create(es, settings, int(vectors.shape[1]))
    started = time.perf_counter()

    def sentence_actions() -> Iterator[dict[str, Any]]:
        for n, doc in enumerate(read_docs(docs)):
            doc_id = doc.pop("_id")
            yield {"_index": name, "_id": doc_id,
                   "_source": {**doc, "embedding": vectors[n].tolist()}}

    sentences = await bulk(es, name, sentence_actions(), label=f"{name} sentences")
    load_s = time.perf_counter() - started

    async def marker_actions() -> AsyncIterator[dict[str, Any]]:
        async for marker in markers(source_es, source):
            doc_id = marker.pop("_id")
            yield {"_index": f"{name}-articles", "_id": doc_id, "_source": marker}

    articles = await bulk(es, f"{name}-articles", marker_actions(), label=f"{name} articles")
    merge_s = await finish(es, concrete, merge=merge)
    return {"index": name, "concrete": concrete, "format": fmt, "sentences": sentences,
            "articles": articles, "bulk_seconds": round(load_s, 1),
            "sentences_per_second": round(sentences / load_s, 1),
            "force_merge_seconds": round(merge_s, 1) if merge else None}


# -- measuring ------------------------------------------------------------------------------

def storage(url: str, index: str, fmt: str) -> dict[str, Any]:
    """Disk size and the vector files of ``index``'s segments, as the node reports them."""
    stats = httpx.get(f"{url}/{index}/_stats/store,segments",
                      params={"include_segment_file_sizes": "true"}, timeout=60).json()
    primaries = stats["_all"]["primaries"]
    files = {ext: body["size_in_bytes"] for ext, body in
             primaries["segments"].get("file_sizes", {}).items()}
    graph = files.get("vex", 0)
    searched = files.get(SEARCHED[fmt], 0)
    return {
        "store_bytes": primaries["store"]["size_in_bytes"],
        "segments": primaries["segments"]["count"],
        "vector_files_bytes": {ext: files[ext] for ext in sorted(files)
                               if ext.startswith("ve")},
        "vector_memory_bytes": graph + searched,  # graph + the vectors it searches
        "float_vectors_bytes": files.get("vec", 0),
    }


def node_memory(url: str) -> dict[str, Any]:
    """The node's heap in use and its resident memory (which counts the mapped index files the
    searches keep in memory)."""
    body = httpx.get(f"{url}/_nodes/_local/stats/jvm", timeout=30).json()
    node = next(iter(body["nodes"].values()))
    info = httpx.get(f"{url}/_nodes/_local/process", timeout=30).json()
    pid = next(iter(info["nodes"].values()))["process"]["id"]
    rss = None
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return {"heap_used_bytes": node["jvm"]["mem"]["heap_used_in_bytes"],
            "heap_max_bytes": node["jvm"]["mem"]["heap_max_in_bytes"],
            "resident_bytes": rss}


def exact_truth(vectors: np.ndarray, queries: np.ndarray, ids: list[str]
                ) -> list[tuple[dict[str, float], float]]:
    """Per query: the score of every id within reach of the exact 10th, and that 10th score."""
    truth = []
    for q in queries:
        scores = vectors @ q
        top = np.argpartition(-scores, K)[:K]
        kth = float(scores[top].min())
        near = np.flatnonzero(scores >= kth - 1e-3)
        truth.append(({ids[i]: float(scores[i]) for i in near}, kth))
    return truth


def recall(returned: list[str], scores: dict[str, float], kth: float) -> float:
    # A tie with the 10th exact score counts as found (equal vectors exist).
    return sum(1 for doc_id in returned[:K] if scores.get(doc_id, -2.0) >= kth - 1e-6) / K


async def knn_quality(es: AsyncElasticsearch, index: str, queries: np.ndarray,
                      truth: list[tuple[dict[str, float], float]], num_candidates: int,
                      oversample: float | None = None) -> dict[str, Any]:
    """Recall@10 and latency of the kNN search; ``oversample`` overrides the mapping's
    re-scoring for the query (quantised formats only)."""
    latencies: list[float] = []
    recalls: list[float] = []
    for q, (scores, kth) in zip(queries, truth, strict=True):
        knn: dict[str, Any] = {"field": "embedding", "query_vector": q.tolist(), "k": K,
                               "num_candidates": num_candidates}
        if oversample is not None:
            knn["rescore_vector"] = {"oversample": oversample}
        started = time.perf_counter()
        response = await es.search(index=index, size=K, source=False, knn=knn)
        latencies.append((time.perf_counter() - started) * 1000)
        recalls.append(recall([h["_id"] for h in response["hits"]["hits"]], scores, kth))
    return {f"recall@{K}": round(float(np.mean(recalls)), 4), "knn_ms": percentiles(latencies)}


def check_latency(url: str, index: str, *, clients: int, requests: int, duration: float,
                  offset: int = 0) -> dict[str, Any]:
    env = {"ELASTICSEARCH_URL": url, "FACTCHECK_INDEX": index}
    with api_server(env, label=f"vectors-{index}") as api:
        run = load(api, concurrency=clients, requests=requests, duration=duration,
                   distinct=0, top_k=10, offset=offset)
    ok = [s["latency_ms"] for s in run["samples"] if s["status"] == 200]
    return {"clients": clients, "requests": run["requests"], "errors": run["errors"],
            "throughput_rps": run["throughput_rps"], "latency_ms": percentiles(ok)}


def ids_in_order(docs: Path) -> list[str]:
    return [doc["_id"] for doc in read_docs(docs)]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    source_es = AsyncElasticsearch(SOURCE_URL, request_timeout=600)
    es = AsyncElasticsearch(ES_URL, request_timeout=600)
    try:
        total = count_at(SOURCE_URL, args.source)
        docs, vectors_path = await export(source_es, args.source, total)
        vectors = np.load(vectors_path)
        ids = ids_in_order(docs)
        claims = read_claims(args.queries)
        queries = load_encoder(backend="onnx").encode(claims)
        truth = exact_truth(vectors, queries, ids)
        num_candidates = Settings().retrieval.knn_num_candidates
        rows: dict[str, Any] = {}
        for fmt in args.formats:
            name = f"{args.prefix}-{fmt.replace('_', '-')}"
            current = await versions.serving(es, name)
            complete = current is not None and count_at(ES_URL, name) == total
            if args.skip_build or (args.keep and complete):
                # Measure the copy an earlier --keep run left (complete: every document).
                if current is None:
                    sys.exit(f"{name} is missing: run without --skip-build (and with --keep)")
                built = {"index": name, "concrete": current.sentences, "format": fmt,
                         "sentences": count_at(ES_URL, name), "reused": True}
            else:
                built = await copy_index(es, source_es, source=args.source, name=name,
                                         fmt=fmt, oversample=args.oversample, docs=docs,
                                         vectors=vectors, merge=args.merge)
            quality = await knn_quality(es, name, queries, truth, num_candidates)
            row = {**built, **quality, **storage(ES_URL, built["concrete"], fmt),
                   "node": node_memory(ES_URL)}
            if fmt != "hnsw":  # the same index, re-scoring more or fewer candidates per query
                row["oversample_sweep"] = {
                    str(x): await knn_quality(es, name, queries, truth, num_candidates,
                                              oversample=x) for x in (1.0, 2.0, 3.0, 5.0)}
            if args.check_requests:
                row["check"] = check_latency(ES_URL, name, clients=1,
                                             requests=args.check_requests,
                                             duration=args.check_seconds)
            rows[fmt] = row
            print(json.dumps({fmt: {k: row[k] for k in (f"recall@{K}", "vector_memory_bytes",
                                                         "store_bytes")}}), file=sys.stderr)
            if not (args.keep or args.skip_build):
                drop_index(name)
    finally:
        await es.close()
        await source_es.close()
    base = rows.get("hnsw")
    per_million = {fmt: round(row["vector_memory_bytes"] / row["sentences"] * 1e6 / 2**20, 1)
                   for fmt, row in rows.items()}
    return {
        "benchmark": "vectors", "source": args.source, "vectors": len(ids),
        "dimension": int(vectors.shape[1]), "queries": len(claims), "k": K,
        "num_candidates": num_candidates, "oversample": args.oversample,
        "force_merged": args.merge, "results": rows,
        "vector_memory_mib_per_million": per_million,
        "vector_memory_ratio_vs_hnsw": {
            fmt: round(base["vector_memory_bytes"] / max(row["vector_memory_bytes"], 1), 2)
            for fmt, row in rows.items()} if base else None,
    }


def count_at(url: str, index: str) -> int:
    if url == ES_URL:
        return count(index)
    response = httpx.get(f"{url}/{index}/_count", timeout=30)
    response.raise_for_status()
    return int(response.json()["count"])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.vectors", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default=BENCH_INDEX, help="index whose documents are copied")
    parser.add_argument("--formats", type=lambda s: s.split(","), default=list(FORMATS))
    parser.add_argument("--oversample", type=float, default=2.0,
                        help="rescore_vector oversample of the quantised formats (0: none)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--check-requests", type=int, default=150,
                        help="/v1/check requests per format at one client (0: skip)")
    parser.add_argument("--check-seconds", type=float, default=120)
    parser.add_argument("--no-merge", dest="merge", action="store_false",
                        help="skip the force-merge to one segment")
    parser.add_argument("--prefix", default="bench-vec")
    parser.add_argument("--keep", action="store_true", help="keep the copies")
    parser.add_argument("--skip-build", action="store_true",
                        help="measure the copies an earlier --keep run left")
    parser.add_argument("--label", default="100k")
    args = parser.parse_args()
    before = machine()
    result = {**asyncio.run(run(args)), "machine_before": before, "machine": machine()}
    write_result(f"vectors-{args.label}", result)


if __name__ == "__main__":
    main()
