"""Faults between the service and Elasticsearch, injected by a loopback proxy in front of the
real node (the shared node itself is never stopped): the node stopping or hanging under the API,
stopping in the middle of indexing, and rejecting documents."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from api.app import create_app
from factcheck.articles import read_articles
from factcheck.documents import Article, ArticleMeta, Sentence
from factcheck.embedding import Encoder
from factcheck.index.client import async_client
from factcheck.index.writer import Ingestor, IngestReport
from factcheck.settings import ElasticsearchSettings, Settings
from factcheck.stance import StanceJudge

from .conftest import ROOT
from .faultproxy import FaultProxy

CLAIM = {"claim": "Russian forces took control of the port city of Kherson"}


@pytest.fixture
def proxy(es_url: str) -> Iterator[FaultProxy]:
    with FaultProxy(es_url) as running:
        yield running


def wait_until(predicate: Any, *, timeout: float, interval: float = 0.25) -> float:
    """Seconds until ``predicate()`` held; fails the test after ``timeout``."""
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            pytest.fail(f"condition not met within {timeout} s")
        time.sleep(interval)
    return time.monotonic() - start


# -- the API while the node goes away -------------------------------------------------------


def proxied_app(
    seed_settings: Settings, proxy: FaultProxy, encoder: Encoder, judge: StanceJudge, *,
    request_timeout: float, max_retries: int,
) -> TestClient:
    settings = Settings(elasticsearch=ElasticsearchSettings(
        url=proxy.url, index=seed_settings.elasticsearch.index,
        request_timeout=request_timeout, max_retries=max_retries,
    ))
    app = create_app(settings, encoder=encoder, judge=judge)
    return TestClient(app, raise_server_exceptions=False)


def assert_unavailable(response: Any) -> None:
    assert response.status_code == 503, response.text
    assert "Elasticsearch" in response.json()["detail"]
    assert int(response.headers["retry-after"]) > 0


def test_node_stopped_under_the_api_is_503_and_the_api_recovers_by_itself(
    seed_settings: Settings, proxy: FaultProxy, encoder: Encoder, judge: StanceJudge
) -> None:
    timeout = 5.0
    with proxied_app(seed_settings, proxy, encoder, judge, request_timeout=timeout,
                     max_retries=2) as client:
        assert client.get("/readyz").status_code == 200
        assert client.post("/v1/check", json=CLAIM).status_code == 200

        proxy.cut()
        started = time.monotonic()
        response = client.post("/v1/check", json=CLAIM)
        elapsed = time.monotonic() - started
        assert_unavailable(response)
        assert elapsed < timeout, f"a refused connection took {elapsed:.1f} s to report"

        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["status"] == "not_ready"
        assert "unreachable" in ready.json()["detail"]
        assert_unavailable(client.get("/v1/articles/001_62c23869d16e3724"))
        # GraphQL says the same, with the code clients know, not a masked "Unexpected error".
        graphql = client.post("/graphql", json={
            "query": '{ check(claim: "Kherson fell") { __typename } }'})
        (error,) = graphql.json()["errors"]
        assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE", error
        assert "Elasticsearch" in error["message"]
        assert client.get("/healthz").status_code == 200  # the process itself is fine

        proxy.restore()
        wait_until(lambda: client.get("/readyz").status_code == 200, timeout=15)
        answer = client.post("/v1/check", json=CLAIM)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["supporting"] or body["contradicting"] or body["related"]


def test_hung_node_is_503_within_the_request_timeout(
    seed_settings: Settings, proxy: FaultProxy, encoder: Encoder, judge: StanceJudge
) -> None:
    timeout, retries = 1.0, 1
    # The client waits request_timeout per attempt: max_retries + 1 attempts bound the answer.
    bound = timeout * (retries + 1) + 1.5
    with proxied_app(seed_settings, proxy, encoder, judge, request_timeout=timeout,
                     max_retries=retries) as client:
        assert client.post("/v1/check", json=CLAIM).status_code == 200
        proxy.hang()
        started = time.monotonic()
        response = client.post("/v1/check", json=CLAIM)
        elapsed = time.monotonic() - started
        assert_unavailable(response)
        assert elapsed < bound, f"took {elapsed:.1f} s, bound {bound:.1f} s"

        started = time.monotonic()
        assert client.get("/readyz").status_code == 503
        assert time.monotonic() - started < bound

        proxy.restore()
        wait_until(lambda: client.get("/readyz").status_code == 200, timeout=15)
        assert client.post("/v1/check", json=CLAIM).status_code == 200


# -- the indexer while the node goes away ---------------------------------------------------


def write_feed(path: Path, seed_articles: list[Article], *, copies: int) -> list[Article]:
    """``copies`` of each seed article under new ids, as JSONL; returns them as the reader
    parses them (the expected content of the index)."""
    with path.open("w") as feed:
        for copy in range(copies):
            for n, article in enumerate(seed_articles):
                record = {"id": f"fault-{copy:02d}-{n}", "title": article.meta.title,
                          "source": f"outlet-{copy}", "body": article.body}
                feed.write(json.dumps(record) + "\n")
    expected = [a for a in read_articles([path]) if isinstance(a, Article)]
    assert len(expected) == copies * len(seed_articles)
    return expected


def run_indexer(url: str, index: str, *paths: Path) -> tuple[int, dict[str, Any], str]:
    # The Ingestor's API-sized steps, so a small feed spans several (the CLI's default is 2,048).
    env = {**os.environ, "ELASTICSEARCH_URL": url, "FACTCHECK_INDEX": index,
           "FACTCHECK_INDEXING__CHUNK_SENTENCES": "256"}
    process = subprocess.run(
        [sys.executable, "-m", "indexer", "--json", "--no-progress", *map(str, paths)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    out = process.stdout.strip()
    summary = json.loads(out) if out.startswith("{") else {}
    return process.returncode, summary, process.stderr


def stored_ids(settings: Settings, index: str) -> list[str]:
    """Every document id in ``index`` (a list, so duplicates would show)."""
    response = httpx.post(f"{settings.elasticsearch.url}/{index}/_search",
                          json={"size": 10_000, "_source": False, "track_total_hits": True},
                          timeout=30)
    response.raise_for_status()
    hits = response.json()["hits"]
    assert hits["total"]["value"] < 10_000, "test indices stay small"
    return [hit["_id"] for hit in hits["hits"]]


def refresh(settings: Settings) -> None:
    names = f"{settings.elasticsearch.index},{settings.elasticsearch.articles_index}"
    httpx.post(f"{settings.elasticsearch.url}/{names}/_refresh", timeout=30).raise_for_status()


def test_node_stopped_while_indexing_reports_articles_and_rerun_completes_them(
    empty_settings: Settings, proxy: FaultProxy, seed_articles: list[Article], tmp_path: Path
) -> None:
    feed = tmp_path / "feed.jsonl"
    expected = write_feed(feed, seed_articles, copies=6)
    expected_sentences = {f"{a.meta.id}:{s.index}" for a in expected for s in a.sentences}
    all_ids = {a.meta.id for a in expected}
    assert len(expected_sentences) > 3 * 256  # several chunks, so the cut lands in the middle
    index = empty_settings.elasticsearch.index

    # Chunk 1 (sentences, markers) gets through, chunk 2's sentences too; its markers do not.
    proxy.cut_after_bulk(3)
    code, summary, stderr = run_indexer(proxy.url, index, feed)
    assert code != 0
    assert summary, f"no JSON summary; stderr:\n{stderr}"
    failed = {error["article_id"] for error in summary["errors"]}
    assert failed, summary
    assert all("Elasticsearch" in error["reason"] for error in summary["errors"])
    assert all(error["path"] for error in summary["errors"])

    refresh(empty_settings)
    committed = set(stored_ids(empty_settings, empty_settings.elasticsearch.articles_index))
    # Every article is either committed or reported, never both, never neither.
    assert committed | failed == all_ids
    assert not committed & failed
    assert summary["articles"] == len(committed) > 0

    proxy.restore()
    code, second, stderr = run_indexer(proxy.url, index, feed)
    assert code == 0, stderr
    assert second["errors"] == []
    assert second["articles"] == len(failed)
    assert second["unchanged"] == len(committed)

    ids = stored_ids(empty_settings, index)
    assert len(ids) == len(set(ids)), "duplicated sentences"
    assert set(ids) == expected_sentences, "lost or extra sentences"
    assert set(stored_ids(empty_settings, empty_settings.elasticsearch.articles_index)) == all_ids
    # The bulk load turns refreshes off; the cut run could not turn them back on, the re-run did.
    names = f"{index},{empty_settings.elasticsearch.articles_index}"
    response = httpx.get(f"{empty_settings.elasticsearch.url}/{names}/_settings", timeout=30)
    intervals = {name: body["settings"]["index"].get("refresh_interval")
                 for name, body in response.json().items()}
    assert "-1" not in intervals.values(), intervals


# -- documents the node rejects -------------------------------------------------------------


def small_articles(prefix: str, n: int) -> list[Article]:
    articles = []
    for i in range(n):
        texts = [f"The council of town {prefix}{i} met on Monday, the mayor said.",
                 f"It approved a budget of {i + 2} million dollars for new schools.",
                 "Residents will vote on the plan in the spring."]
        articles.append(Article(
            meta=ArticleMeta(id=f"{prefix}-{i}", title=f"Council {i}", source="Test Gazette"),
            body=" ".join(texts),
            sentences=tuple(Sentence(index=k, text=t) for k, t in enumerate(texts)),
            origin=f"test:{prefix}-{i}",
        ))
    return articles


def ingest(settings: ElasticsearchSettings, encoder: Encoder,
           articles: list[Article]) -> IngestReport:
    async def run() -> IngestReport:
        es = async_client(settings)
        try:
            return await Ingestor(es, encoder, settings=settings).index(articles, refresh=True)
        finally:
            await es.close()

    return asyncio.run(run())


def test_a_document_failing_the_mapping_is_reported_with_its_article(
    empty_settings: Settings, encoder: Encoder
) -> None:
    good = small_articles("good", 3)
    # A keyword term (match_key) over Lucene's 32766-byte limit: the node rejects that document.
    immense = "word " * 7000
    bad = Article(
        meta=ArticleMeta(id="bad-0", title="Immense", source="Test Gazette"),
        body=f"A normal first sentence. {immense}",
        sentences=(Sentence(index=0, text="A normal first sentence."),
                   Sentence(index=1, text=immense)),
        origin="test:bad-0",
    )
    report = ingest(empty_settings.elasticsearch, encoder, [*good, bad])
    assert [f.article_id for f in report.failed] == ["bad-0"]
    failure = report.failed[0]
    assert failure.origin == "test:bad-0"
    assert "match_key" in failure.reason and "parse" in failure.reason
    assert report.articles_indexed == 3
    assert sorted(report.indexed_ids) == sorted(a.meta.id for a in good)
    markers = set(stored_ids(empty_settings, empty_settings.elasticsearch.articles_index))
    assert markers == {a.meta.id for a in good}, "a rejected article must not be committed"

    again = ingest(empty_settings.elasticsearch, encoder, [*good, bad])
    assert [f.article_id for f in again.failed] == ["bad-0"], "reported again, not skipped"
    assert again.articles_unchanged == 3 and again.articles_indexed == 0


@pytest.mark.parametrize("mode", ["items", "request"])
def test_429_rejections_are_retried_and_nothing_is_lost(
    empty_settings: Settings, proxy: FaultProxy, encoder: Encoder, mode: str
) -> None:
    articles = small_articles("busy", 4)
    settings = ElasticsearchSettings(url=proxy.url, index=empty_settings.elasticsearch.index)
    proxy.reject_bulk(1, mode=mode)  # type: ignore[arg-type]
    report = ingest(settings, encoder, articles)
    assert proxy.counters.rejected_bulk == 1
    assert report.ok, report.failed
    assert report.articles_indexed == 4 and report.sentences_indexed == 12
    refresh(empty_settings)
    ids = stored_ids(empty_settings, empty_settings.elasticsearch.index)
    assert sorted(ids) == sorted(f"busy-{i}:{k}" for i in range(4) for k in range(3))


def test_persistent_429_is_reported_per_article_never_dropped(
    empty_settings: Settings, proxy: FaultProxy, encoder: Encoder
) -> None:
    articles = small_articles("full", 3)
    settings = ElasticsearchSettings(url=proxy.url, index=empty_settings.elasticsearch.index)
    proxy.reject_bulk(1000, mode="items")
    report = ingest(settings, encoder, articles)
    assert proxy.counters.rejected_bulk >= 2, "the rejected documents were not retried"
    assert report.articles_indexed == 0
    assert sorted(f.article_id or "" for f in report.failed) == ["full-0", "full-1", "full-2"]
    assert all("es_rejected_execution_exception" in f.reason for f in report.failed)
    markers = stored_ids(empty_settings, empty_settings.elasticsearch.articles_index)
    assert markers == []
