"""``python -m bench.million``: a corpus of a million sentences and more, without hours in the
encoder, and ``/v1/check`` on it.

Building: the documents of the 100k index (text, metadata and vectors, exported once by
:mod:`bench.vectors`) are written ``--copies`` times straight through the bulk API into
``bench-1m`` (versioned, behind an alias, the configured vector format). Copy 0 is the
original; copy ``c`` is "syndicated" by another outlet like the 100k corpus's copies
(:func:`bench.corpus.vary`: the outlet credited one of four ways, the first number shifted in
half of the sentences; own ids, article ids, outlet, URL), and its vectors are the originals plus
Gaussian noise, re-normalised, at a cosine of about ``1 / sqrt(1 + noise^2)`` (0.95 by default)
to the original: near the original's topic, not a duplicate of it, so that the graph has a
million distinct points to tell apart.

Measured on the result (``bench/results/million.json``): the bulk rate, index size on disk and
the vector files (``bench.vectors.storage``), the node's heap and resident memory, recall@10 of
the exact neighbours over all the vectors (numpy brute force) and kNN latency, and ``/v1/check``
at 1 and 8 clients; ``--compare INDEX`` measures the same on another index (the 100k copy of the
same format, kept by ``python -m bench.vectors --keep``) in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import math
import sys
import time
from collections.abc import Iterator
from typing import Any

import numpy as np
from elasticsearch import Elasticsearch
from elasticsearch.helpers import parallel_bulk

from bench.common import BENCH_INDEX, ES_URL, drop_index, machine, read_claims, write_result
from bench.corpus import OUTLETS, vary
from bench.vectors import (
    SOURCE_URL,
    check_latency,
    count_at,
    exact_truth,
    export,
    knn_quality,
    node_memory,
    read_docs,
    storage,
)
from factcheck.index import indices, versions
from factcheck.models import load_encoder
from factcheck.settings import ElasticsearchSettings, Settings
from factcheck.text.sentences import match_key

# Copies of the 100k corpus printed by outlets its own 20 copies did not use.
FIRST_COPY = 20


def perturbed(vectors: np.ndarray, copy: int, noise: float) -> np.ndarray:
    """Copy ``copy`` of ``vectors``: the same for copy 0, else noise of norm ``noise`` added."""
    if copy == 0:
        return vectors
    rng = np.random.default_rng(copy)
    shifted = vectors + rng.normal(0.0, noise / math.sqrt(vectors.shape[1]),
                                   size=vectors.shape).astype(np.float32)
    return shifted / np.linalg.norm(shifted, axis=1, keepdims=True)


def copy_doc(doc: dict[str, Any], copy: int, position: int) -> dict[str, Any]:
    if copy == 0:
        return doc
    number = FIRST_COPY + copy
    outlet = OUTLETS[number % len(OUTLETS)]
    text = vary(doc["text"], copy=number, outlet=outlet, position=position)
    article = f"m{copy:02d}-{doc['article_id']}"
    return {**doc, "article_id": article, "text": text, "match_key": match_key(text),
            "source": outlet, "url": f"https://{outlet.lower().replace(' ', '-')}.example/"
            f"{article}", "fingerprint": f"m{copy:02d}-{doc.get('fingerprint', '')}"}


def sentence_actions(index: str, docs: list[dict[str, Any]], vectors: np.ndarray, copies: int,
                     noise: float) -> Iterator[dict[str, Any]]:
    for copy in range(copies):
        shifted = perturbed(vectors, copy, noise)
        for n, doc in enumerate(docs):
            source = copy_doc(dict(doc), copy, n)
            doc_id = source.pop("_id")
            if copy:
                doc_id = f"m{copy:02d}-{doc_id}"
            yield {"_index": index, "_id": doc_id,
                   "_source": {**source, "embedding": shifted[n].tolist()}}


def marker_actions(es_source: Elasticsearch, source: str, index: str, copies: int
                   ) -> Iterator[dict[str, Any]]:
    markers = []
    response = es_source.search(index=f"{source}-articles", scroll="5m", size=5000,
                                sort=["_doc"])
    scroll_id = response["_scroll_id"]
    try:
        while hits := response["hits"]["hits"]:
            markers.extend(hits)
            response = es_source.scroll(scroll_id=scroll_id, scroll="5m")
            scroll_id = response["_scroll_id"]
    finally:
        es_source.clear_scroll(scroll_id=scroll_id)
    for copy, hit in itertools.product(range(copies), markers):
        doc_id = hit["_id"] if copy == 0 else f"m{copy:02d}-{hit['_id']}"
        body = dict(hit["_source"])
        if copy:
            outlet = OUTLETS[(FIRST_COPY + copy) % len(OUTLETS)]
            body.update(source=outlet, fingerprint=f"m{copy:02d}-{body.get('fingerprint', '')}")
        yield {"_index": f"{index}-articles", "_id": doc_id, "_source": body}


def load_all(es: Elasticsearch, actions: Iterator[dict[str, Any]], *, total: int,
             label: str) -> tuple[int, float]:
    started = time.perf_counter()
    done = 0
    for ok, item in parallel_bulk(es, actions, thread_count=2, chunk_size=500,
                                  queue_size=4, raise_on_error=False):
        if not ok:
            raise RuntimeError(f"{label}: bulk item failed: {item}")
        done += 1
        if done % 50_000 == 0:
            rate = done / (time.perf_counter() - started)
            print(f"\r{label}: {done:,}/{total:,} ({rate:,.0f}/s)", end="", file=sys.stderr)
    print(file=sys.stderr)
    return done, time.perf_counter() - started


async def prepare(args: argparse.Namespace) -> tuple[list[dict[str, Any]], np.ndarray]:
    from elasticsearch import AsyncElasticsearch

    source_es = AsyncElasticsearch(SOURCE_URL, request_timeout=600)
    try:
        docs_path, vectors_path = await export(source_es, args.source,
                                               count_at(SOURCE_URL, args.source))
    finally:
        await source_es.close()
    return list(read_docs(docs_path)), np.load(vectors_path)


def build(args: argparse.Namespace, docs: list[dict[str, Any]], vectors: np.ndarray
          ) -> dict[str, Any]:
    es = Elasticsearch(ES_URL, request_timeout=1200)
    source_es = Elasticsearch(SOURCE_URL, request_timeout=600)
    settings = ElasticsearchSettings(index=args.index, replicas="0")
    drop_index(args.index)

    async def create() -> str:
        from elasticsearch import AsyncElasticsearch

        client = AsyncElasticsearch(ES_URL, request_timeout=600)
        try:
            return await indices.create_generation(client, settings, number=1,
                                                    dimension=int(vectors.shape[1]),
                                                    aliased=True)
        finally:
            await client.close()

    concrete = asyncio.run(create())
    es.indices.put_settings(index=[concrete, f"{concrete}-articles"],
                            settings={"index.refresh_interval": "-1"})
    total = len(docs) * args.copies
    sentences, seconds = load_all(
        es, sentence_actions(args.index, docs, vectors, args.copies, args.noise),
        total=total, label=f"{args.index} sentences")
    articles, _ = load_all(es, marker_actions(source_es, args.source, args.index, args.copies),
                           total=0, label=f"{args.index} articles")
    es.indices.put_settings(index=[concrete, f"{concrete}-articles"],
                            settings={"index.refresh_interval": None})
    started = time.perf_counter()
    es.indices.refresh(index=[concrete, f"{concrete}-articles"])
    refresh_s = time.perf_counter() - started
    merge_s = None
    if args.merge:
        started = time.perf_counter()
        es.options(request_timeout=7200).indices.forcemerge(index=concrete, max_num_segments=1)
        merge_s = time.perf_counter() - started
    es.close()
    source_es.close()
    return {"index": args.index, "concrete": concrete, "format": settings.vector_format,
            "oversample": settings.vector_oversample, "sentences": sentences,
            "articles": articles, "bulk_seconds": round(seconds, 1),
            "bulk_sentences_per_second": round(sentences / seconds, 1),
            "refresh_seconds": round(refresh_s, 1),
            "force_merge_seconds": round(merge_s, 1) if merge_s is not None else None}


async def measure(index: str, fmt: str, queries: np.ndarray,
                  truth: list[tuple[dict[str, float], float]], args: argparse.Namespace
                  ) -> dict[str, Any]:
    from elasticsearch import AsyncElasticsearch

    es = AsyncElasticsearch(ES_URL, request_timeout=600)
    try:
        concrete = (await versions.serving(es, index))
        assert concrete is not None, index
        quality = await knn_quality(es, index, queries, truth,
                                    Settings().retrieval.knn_num_candidates)
    finally:
        await es.close()
    row: dict[str, Any] = {"index": index, **quality,
                           **storage(ES_URL, concrete.sentences, fmt)}
    row["check"] = {
        str(clients): check_latency(ES_URL, index, clients=clients, requests=args.requests,
                                    duration=args.seconds, offset=offset)
        for clients, offset in ((1, 0), (8, args.requests + 20))
    }
    row["node"] = node_memory(ES_URL)  # after the queries: what serving them keeps resident
    return row


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.million", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default=BENCH_INDEX)
    parser.add_argument("--index", default="bench-1m")
    parser.add_argument("--copies", type=int, default=10, help="copies of the source corpus")
    parser.add_argument("--noise", type=float, default=0.33,
                        help="norm of the noise added to a copy's vectors (0.33: cosine 0.95)")
    parser.add_argument("--merge", action="store_true", help="force-merge to one segment")
    parser.add_argument("--skip-build", action="store_true", help="measure the existing index")
    parser.add_argument("--compare", default=None, help="also measure this index (same format)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200, help="/v1/check per level")
    parser.add_argument("--seconds", type=float, default=180, help="at most, per level")
    parser.add_argument("--label", default="million")
    args = parser.parse_args()
    before = machine()
    docs, vectors = asyncio.run(prepare(args))
    built = None if args.skip_build else build(args, docs, vectors)
    fmt = ElasticsearchSettings().vector_format
    claims = read_claims(args.queries)
    queries = load_encoder(backend="onnx").encode(claims)
    # Exact neighbours over every vector of the big index, a copy at a time (the same noise).
    ids: list[str] = []
    blocks = []
    for copy in range(args.copies):
        prefix = "" if copy == 0 else f"m{copy:02d}-"
        ids.extend(prefix + doc["_id"] for doc in docs)
        blocks.append(perturbed(vectors, copy, args.noise))
    truth = exact_truth(np.concatenate(blocks), queries, ids)
    del blocks
    rows = {args.index: asyncio.run(measure(args.index, fmt, queries, truth, args))}
    if args.compare:
        small_ids = [doc["_id"] for doc in docs]
        rows[args.compare] = asyncio.run(measure(
            args.compare, fmt, queries, exact_truth(vectors, queries, small_ids), args))
    result = {"benchmark": "million", "source": args.source, "copies": args.copies,
              "noise": args.noise, "vectors": len(ids), "build": built, "results": rows,
              "machine_before": before, "machine": machine()}
    write_result(args.label, result)
    print(json.dumps({k: {"recall": v["recall@10"], "check": {
        c: v["check"][c]["latency_ms"] for c in v["check"]}} for k, v in rows.items()},
        indent=1), file=sys.stderr)


if __name__ == "__main__":
    main()
