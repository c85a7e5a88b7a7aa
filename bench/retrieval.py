"""``python -m bench.retrieval``: retrieval modes and HNSW against exact kNN, side by side.

On the benchmark index (``bench-100k``), for ``--queries`` claims embedded once:

* **exact neighbours** (the ground truth): brute force in numpy over every stored vector
  (fetched once from the index with a scroll, cached under ``.cache/bench/``); cosine =
  dot product, the vectors being unit length;
* **exact kNN in Elasticsearch**: the same vectors copied (ids and vectors only, no re-embedding)
  into a second index ``<index>-flat`` whose ``dense_vector`` has ``index_options: {type: flat}``
  — brute force inside Elasticsearch (the minimal node has no ``script_score``);
* **HNSW kNN** (the service's index) at several ``num_candidates``, the service's 200 among them;
* **the service's retrieval modes** — ``Retriever.search`` in hybrid, BM25-only and kNN-only
  mode with ``top_k=10`` (one msearch round trip, fusion, syndication folding).

For each: latency p50/p95 (ms, wall clock in this process, queries interleaved round-robin so
drift hits all alike) and recall@10 = |returned ∩ exact top 10| / 10, averaged over queries.
Results: ``bench/results/retrieval.json`` and ``.png``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from elasticsearch import AsyncElasticsearch
from elasticsearch.helpers import async_bulk

from bench.common import (
    BENCH_INDEX,
    CACHE,
    ES_URL,
    RESULTS,
    count,
    machine,
    percentiles,
    read_claims,
    write_result,
)
from factcheck.index.retrieval import RetrievalMode, Retriever
from factcheck.models import load_encoder

K = 10
NUM_CANDIDATES = (10, 50, 100, 200, 500)


async def stored_vectors(es: AsyncElasticsearch, index: str) -> tuple[list[str], np.ndarray]:
    total = count(index)
    path = CACHE / f"vectors-{index}-{total}.npz"
    if path.exists():
        data = np.load(path, allow_pickle=False)
        return [str(x) for x in data["ids"]], data["vectors"]
    ids: list[str] = []
    rows: list[list[float]] = []
    response = await es.search(index=index, scroll="2m", size=2000, sort=["_doc"],
                               source_includes=["embedding"])
    scroll_id = response["_scroll_id"]
    try:
        while hits := response["hits"]["hits"]:
            for hit in hits:
                ids.append(hit["_id"])
                rows.append(hit["_source"]["embedding"])
            response = await es.scroll(scroll_id=scroll_id, scroll="2m")
            scroll_id = response["_scroll_id"]
            print(f"\rfetched {len(ids)}/{total} vectors", end="", file=sys.stderr)
    finally:
        await es.clear_scroll(scroll_id=scroll_id)
    print(file=sys.stderr)
    vectors = np.asarray(rows, dtype=np.float32)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, ids=np.asarray(ids), vectors=vectors)
    return ids, vectors


async def flat_copy(es: AsyncElasticsearch, index: str, ids: list[str],
                    vectors: np.ndarray) -> str:
    name = f"{index}-flat"
    if await es.indices.exists(index=name) and count(name) == len(ids):
        return name
    await es.options(ignore_status=404).indices.delete(index=name)
    await es.indices.create(index=name, settings={"number_of_shards": 1,
                                                  "number_of_replicas": 0,
                                                  "refresh_interval": "-1"},
                            mappings={"dynamic": "strict", "properties": {
                                "embedding": {"type": "dense_vector", "dims": vectors.shape[1],
                                              "index": True, "similarity": "cosine",
                                              "index_options": {"type": "flat"}}}})
    actions = ({"_index": name, "_id": doc_id, "_source": {"embedding": vector.tolist()}}
               for doc_id, vector in zip(ids, vectors, strict=True))
    await async_bulk(es.options(request_timeout=300), actions, chunk_size=1000)
    await es.indices.put_settings(index=name, settings={"refresh_interval": "1s"})
    await es.indices.refresh(index=name)
    await es.options(request_timeout=600).indices.forcemerge(index=name, max_num_segments=1)
    return name


def recall(returned: list[str], scores: dict[str, float], kth: float) -> float:
    """Share of the exact top K found; a tie with the K-th exact score counts as found
    (syndicated copies can have equal vectors, and then any of them is a right answer)."""
    return sum(1 for doc_id in returned[:K] if scores.get(doc_id, -2.0) >= kth - 1e-6) / K


async def run(args: argparse.Namespace) -> dict[str, Any]:
    claims = read_claims(args.queries)
    encoder = load_encoder(backend="onnx")
    queries = encoder.encode(claims)
    es = AsyncElasticsearch(ES_URL, request_timeout=300)
    try:
        ids, vectors = await stored_vectors(es, args.index)
        # Ground truth and its cost: one matrix product per query.
        truth: list[tuple[dict[str, float], float]] = []  # (score of each id, K-th score)
        numpy_ms: list[float] = []
        for q in queries:
            t0 = time.perf_counter()
            scores = vectors @ q
            top = np.argpartition(-scores, K)[:K]
            top = top[np.argsort(-scores[top])]
            numpy_ms.append((time.perf_counter() - t0) * 1000)
            near = np.flatnonzero(scores >= scores[top[-1]] - 1e-3)
            truth.append(({ids[i]: float(scores[i]) for i in near}, float(scores[top[-1]])))
        flat = await flat_copy(es, args.index, ids, vectors) if args.flat else None
        retriever = Retriever(es, index=args.index)

        async def knn(index: str, q: np.ndarray, candidates: int) -> list[str]:
            response = await es.search(index=index, knn={
                "field": "embedding", "query_vector": q.tolist(), "k": K,
                "num_candidates": candidates}, size=K, source=False)
            return [h["_id"] for h in response["hits"]["hits"]]

        variants: dict[str, Any] = {f"hnsw nc={n}": (lambda q, c, n=n: knn(args.index, q, n))
                                    for n in NUM_CANDIDATES}
        if flat:
            variants["exact (ES flat)"] = lambda q, c: knn(flat, q, K)
        for mode in RetrievalMode:
            async def search(q: np.ndarray, claim: str, mode: RetrievalMode = mode) -> list[str]:
                found = await retriever.search(claim, q, top_k=K, mode=mode)
                return [candidate.id for candidate in found]
            variants[f"service {mode.value}"] = search

        latencies: dict[str, list[float]] = {name: [] for name in variants}
        recalls: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.warmup):
            for fn in variants.values():
                await fn(queries[0], claims[0])
        for n, (q, claim) in enumerate(zip(queries, claims, strict=True)):
            for name, fn in variants.items():
                t0 = time.perf_counter()
                returned = await fn(q, claim)
                latencies[name].append((time.perf_counter() - t0) * 1000)
                recalls[name].append(recall(returned, *truth[n]))
        rows = {"exact (numpy brute force)": {"latency_ms": percentiles(numpy_ms),
                                              f"recall@{K}": 1.0}}
        for name in variants:
            rows[name] = {"latency_ms": percentiles(latencies[name]),
                          f"recall@{K}": round(float(np.mean(recalls[name])), 4)}
    finally:
        await es.close()
    return {"benchmark": "retrieval", "index": args.index, "vectors": len(ids),
            "queries": len(claims), "k": K, "exact_method": (
                "numpy brute force over the stored vectors (ground truth); ES exact = a copy "
                "of the vectors in an index with index_options type flat"),
            "results": rows}


def plot(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = result["results"]
    names = list(rows)
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 4.8))
    p50 = [rows[n]["latency_ms"]["p50"] for n in names]
    p95 = [rows[n]["latency_ms"]["p95"] for n in names]
    left.barh(names[::-1], p95[::-1], color="#9ecae1", label="p95")
    left.barh(names[::-1], p50[::-1], color="#3182bd", label="p50")
    left.set_xlabel("latency, ms")
    left.legend()
    left.set_title("latency per query")
    recall_key = f"recall@{result['k']}"
    right.barh(names[::-1], [rows[n][recall_key] for n in names][::-1], color="#31a354")
    right.set_xlim(0, 1.05)
    right.set_xlabel(f"{recall_key} of the exact neighbours")
    right.set_title("recall against exact kNN")
    for n, name in enumerate(names[::-1]):
        right.text(rows[name][recall_key] + 0.01, n, f"{rows[name][recall_key]:.3f}",
                   va="center", fontsize=8)
    fig.suptitle(f"{result['index']}: {result['vectors']:,} vectors, {result['queries']} "
                 f"claims, k={result['k']}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.retrieval", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", default=BENCH_INDEX)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--no-flat", dest="flat", action="store_false",
                        help="skip the flat (exact) copy in Elasticsearch")
    parser.add_argument("--name", default="retrieval")
    args = parser.parse_args()
    if not count(args.index):
        sys.exit(f"index {args.index!r} is empty or missing: run "
                 "`python -m bench.indexing --corpus 100k --keep-index` first")
    result = {**asyncio.run(run(args)), "machine": machine()}
    write_result(args.name, result)
    plot(result, RESULTS / f"{args.name}.png")


if __name__ == "__main__":
    main()
