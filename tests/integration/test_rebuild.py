"""Indices behind aliases and ``--rebuild`` against the real node and the real model: reads never
fail while a rebuild runs and swaps, writes made meanwhile are carried over, an interrupted
rebuild leaves the old generation serving and is resumed, and an index made before aliases is
replaced by one in the same atomic call."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from api.app import create_app
from factcheck.articles import parse_record
from factcheck.documents import Article
from factcheck.embedding import Encoder
from factcheck.index import indices, layout, versions
from factcheck.index.client import async_client
from factcheck.index.writer import Ingestor
from factcheck.settings import Settings
from factcheck.stance import StanceJudge

from .conftest import ROOT, drop_indices, fresh_index_name, index_articles, make_settings


def aliases(settings: Settings) -> dict[str, list[str]]:
    """Alias -> the indices behind it, for the sentence and articles names."""
    es = settings.elasticsearch
    response = httpx.get(f"{es.url}/_alias/{es.index},{es.articles_index}", timeout=30)
    out: dict[str, list[str]] = {}
    for index, body in response.json().items():
        for alias in body.get("aliases", {}):
            out.setdefault(alias, []).append(index)
    return out


def count(settings: Settings, index: str) -> int:
    response = httpx.get(f"{settings.elasticsearch.url}/{index}/_count", timeout=30)
    response.raise_for_status()
    return int(response.json()["count"])


def run_rebuild(settings: Settings, encoder: Encoder,
                progress: Callable[[int], None] | None = None) -> versions.RebuildReport:
    async def go() -> versions.RebuildReport:
        es = async_client(settings.elasticsearch)
        try:
            return await versions.rebuild(es, encoder, settings, progress=progress)
        finally:
            await es.close()

    return asyncio.run(go())


def record_article(n: int, text: str | None = None) -> Article:
    from factcheck.articles import ArticleRecord

    body = text or (f"The council of district {n} approved a budget of {n} million euros on "
                    f"Monday, the mayor said. Work on the {n} new schools starts in spring.")
    return parse_record(ArticleRecord(id=f"r{n}", source="Test Wire", body=body),
                        origin=f"records.jsonl:{n}")


@pytest.fixture
def alias_settings(es_url: str) -> Iterator[Settings]:
    settings = make_settings(es_url, fresh_index_name("test-alias"))
    settings.indexing.chunk_sentences = 16  # several steps, so an interruption falls mid-way
    try:
        yield settings
    finally:
        drop_indices(settings)


@pytest.mark.time_limit(600)
def test_reads_never_fail_while_a_rebuild_swaps_the_alias(
    alias_settings: Settings, encoder: Encoder, judge: StanceJudge,
    seed_articles: list[Article],
) -> None:
    settings = alias_settings
    articles = [*seed_articles, *(record_article(n) for n in range(12))]
    index_articles(settings, encoder, articles)
    first = indices.generation_name(settings.elasticsearch.index, 1)
    assert aliases(settings) == {settings.elasticsearch.index: [first],
                                 settings.elasticsearch.articles_index: [f"{first}-articles"]}
    total = count(settings, settings.elasticsearch.index)

    failures: list[str] = []
    counts: list[int] = []
    reads = {"count": 0, "check": 0}
    stop = threading.Event()
    app = create_app(settings, encoder=encoder, judge=judge)

    def read_continuously(client: TestClient) -> None:
        while not stop.is_set():
            response = httpx.get(f"{settings.elasticsearch.url}/{settings.elasticsearch.index}"
                                 "/_count", timeout=30)
            if response.status_code != 200:
                failures.append(f"count: {response.status_code} {response.text[:200]}")
            else:
                counts.append(response.json()["count"])
            reads["count"] += 1
            answer = client.post("/v1/check", json={
                "claim": "Russian forces took control of the port city of Kherson"})
            found = answer.json().get("supporting", []) + answer.json().get("related", []) + \
                answer.json().get("contradicting", []) if answer.status_code == 200 else []
            if answer.status_code != 200 or not found:
                failures.append(f"check: {answer.status_code} {answer.text[:200]}")
            reads["check"] += 1

    # A write and a delete land in the old generation while the rebuild copies it: both must
    # be in the new one.
    late = record_article(99, "The harbour reopened on Friday, the port authority said.")
    wrote: list[bool] = []

    def write_meanwhile(_done: int) -> None:
        if wrote:
            return
        wrote.append(True)

        def write() -> None:
            index_articles(settings, encoder, [late])

            async def delete() -> None:
                es = async_client(settings.elasticsearch)
                try:
                    await Ingestor(es, encoder, settings=settings.elasticsearch).delete(
                        "r0", refresh=True)
                finally:
                    await es.close()

            asyncio.run(delete())

        thread = threading.Thread(target=write)
        thread.start()
        thread.join()

    settings.elasticsearch.vector_format = "hnsw"  # the rebuild lands a mapping change
    with TestClient(app, raise_server_exceptions=False) as client:
        reader = threading.Thread(target=read_continuously, args=(client,))
        reader.start()
        try:
            time.sleep(1.0)
            report = run_rebuild(settings, encoder, progress=write_meanwhile)
        finally:
            stop.set()
            reader.join()

    assert not failures, failures[:5]
    assert reads["check"] >= 3, reads
    # Every count is a state the index really passed through (before the write, after it,
    # after the delete): never empty, never half-copied.
    written = total + len(late.sentences)
    moved = written - len(articles[5].sentences)  # r0 comes after the five seeds
    assert set(counts) <= {total, written, moved}, sorted(set(counts))
    assert counts[-1] == moved
    second = indices.generation_name(settings.elasticsearch.index, 2)
    assert report.target == second and report.source == first
    assert aliases(settings) == {settings.elasticsearch.index: [second],
                                 settings.elasticsearch.articles_index: [f"{second}-articles"]}
    gone = httpx.get(f"{settings.elasticsearch.url}/{first}", timeout=30)
    assert gone.status_code == 404  # deleted, after the swap
    assert count(settings, settings.elasticsearch.index) == moved
    assert report.from_input == len(articles)  # every marker kept its input
    assert report.caught_up == 1 and report.deleted == 1  # the late write, the delete
    mapping = httpx.get(f"{settings.elasticsearch.url}/{second}/_mapping", timeout=30).json()
    options = mapping[second]["mappings"]["properties"]["embedding"]["index_options"]
    assert options["type"] == "hnsw"
    ids = httpx.post(f"{settings.elasticsearch.url}/{settings.elasticsearch.articles_index}"
                     "/_search", json={"size": 100, "_source": False}, timeout=30).json()
    assert {h["_id"] for h in ids["hits"]["hits"]} == (
        {a.meta.id for a in articles} - {"r0"} | {"r99"})


@pytest.mark.time_limit(600)
def test_an_interrupted_rebuild_keeps_the_old_index_serving_and_resumes(
    alias_settings: Settings, encoder: Encoder, seed_articles: list[Article],
) -> None:
    settings = alias_settings
    index_articles(settings, encoder, seed_articles)
    total = count(settings, settings.elasticsearch.index)

    class Crash(Exception):
        pass

    def crash(_done: int) -> None:
        raise Crash

    with pytest.raises(Crash):
        run_rebuild(settings, encoder, progress=crash)
    first = indices.generation_name(settings.elasticsearch.index, 1)
    second = indices.generation_name(settings.elasticsearch.index, 2)
    assert aliases(settings)[settings.elasticsearch.index] == [first]
    assert count(settings, settings.elasticsearch.index) == total
    assert httpx.get(f"{settings.elasticsearch.url}/{second}", timeout=30).status_code == 200

    # The command resumes it.
    process = subprocess.run(
        [sys.executable, "-m", "indexer", "--rebuild", "--json", "--no-progress"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "ELASTICSEARCH_URL": settings.elasticsearch.url,
             "FACTCHECK_INDEX": settings.elasticsearch.index,
             "FACTCHECK_INDEXING__CHUNK_SENTENCES": "16"})
    assert process.returncode == 0, process.stderr[-2000:]
    report = json.loads(process.stdout)
    assert report["resumed"] and report["target"] == second
    assert report["unchanged"] >= 1  # the step committed before the crash is not redone
    assert report["articles"] + report["unchanged"] == len(seed_articles)
    assert aliases(settings)[settings.elasticsearch.index] == [second]
    assert count(settings, settings.elasticsearch.index) == total


@pytest.mark.time_limit(600)
def test_an_index_made_before_aliases_is_replaced_atomically(
    alias_settings: Settings, encoder: Encoder, seed_articles: list[Article],
) -> None:
    settings = alias_settings
    es = settings.elasticsearch
    # The layout of earlier versions: concrete indices named like the alias, no stored inputs.
    for name, body in ((es.index, layout.sentence_index_body(dimension=encoder.dimension)),
                       (es.articles_index, layout.article_index_body())):
        httpx.put(f"{es.url}/{name}", json=body, timeout=30).raise_for_status()
    index_articles(settings, encoder, seed_articles)
    # Markers written by earlier versions had no input: remove it, as they had none.
    hits = httpx.post(f"{es.url}/{es.articles_index}/_search",
                      json={"size": 100}, timeout=30).json()["hits"]["hits"]
    lines = []
    for hit in hits:
        source = {k: v for k, v in hit["_source"].items() if k != "raw"}
        lines += [json.dumps({"index": {"_index": es.articles_index, "_id": hit["_id"]}}),
                  json.dumps(source)]
    httpx.post(f"{es.url}/_bulk?refresh=true", content="\n".join(lines) + "\n",
               headers={"content-type": "application/x-ndjson"}, timeout=30).raise_for_status()
    before = _sources(settings)

    report = run_rebuild(settings, encoder)
    assert report.from_sentences == len(seed_articles) and report.from_input == 0
    generation = indices.generation_name(es.index, 1)
    assert aliases(settings) == {es.index: [generation],
                                 es.articles_index: [f"{generation}-articles"]}
    after = _sources(settings)
    assert after.keys() == before.keys()
    for doc_id, source in before.items():
        assert after[doc_id]["text"] == source["text"]
        assert after[doc_id]["fingerprint"] == source["fingerprint"]


def _sources(settings: Settings) -> dict[str, dict[str, Any]]:
    response = httpx.post(f"{settings.elasticsearch.url}/{settings.elasticsearch.index}/_search",
                          json={"size": 1000, "_source": {"excludes": ["embedding"]}},
                          timeout=30)
    response.raise_for_status()
    return {h["_id"]: h["_source"] for h in response.json()["hits"]["hits"]}

