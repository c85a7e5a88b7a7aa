"""The indexer on HTML pages, ClaimReview exports and feeds, against the real node and model."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from factcheck.settings import Settings
from tests.feedserver import FeedServer, feed_server
from tests.unit.shared_factchecks import shared

from .conftest import ROOT, drop_indices, fresh_index_name, make_settings

pytestmark = pytest.mark.integration


@pytest.fixture
def settings(es_url: str) -> Iterator[Settings]:
    settings = make_settings(es_url, fresh_index_name("test-web"))
    yield settings
    drop_indices(settings)


def run_indexer(settings: Settings, *args: str) -> tuple[int, dict[str, Any], str]:
    env = {**os.environ, "ELASTICSEARCH_URL": settings.elasticsearch.url,
           "FACTCHECK_INDEX": settings.elasticsearch.index}
    process = subprocess.run(
        [sys.executable, "-m", "indexer", "--json", "--no-progress", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False,
    )
    summary = json.loads(process.stdout) if process.stdout.strip().startswith("{") else {}
    return process.returncode, summary, process.stderr


def reviews(settings: Settings) -> dict[str, dict[str, Any]]:
    response = httpx.post(
        f"{settings.elasticsearch.url}/{settings.elasticsearch.factchecks_index}/_search",
        json={"size": 1000, "_source": {"excludes": ["embedding"]}}, timeout=30,
    )
    response.raise_for_status()
    return {h["_id"]: h["_source"] for h in response.json()["hits"]["hits"]}


def articles(settings: Settings) -> dict[str, dict[str, Any]]:
    response = httpx.post(
        f"{settings.elasticsearch.url}/{settings.elasticsearch.articles_index}/_search",
        json={"size": 1000}, timeout=30,
    )
    response.raise_for_status()
    return {h["_id"]: h["_source"] for h in response.json()["hits"]["hits"]}


def test_pages_exports_and_api_shapes_ingest_once(settings: Settings, tmp_path: Path) -> None:
    data = tmp_path / "in"
    data.mkdir()
    for name in ("afp.html", "the_quint.html", "africa_check.html"):
        shutil.copy(shared("pages", "english", name), data / name)
    shutil.copy(shared("feeds-claimreview", "fact-check-tools-response.json"), data / "tools.json")
    shutil.copy(shared("feeds-claimreview", "data-commons-feed.json"), data / "feed.json")
    lines = shared("snopes-claimreview.jsonl").read_text("utf-8").splitlines()[:40]
    (data / "snopes.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (data / "empty.html").write_text("<html><body></body></html>")

    code, summary, stderr = run_indexer(settings, str(data))
    assert code == 1, stderr  # the empty page is reported ...
    assert [s["path"] for s in summary["skipped"]] == [str(data / "empty.html")]
    assert summary["fact_checks"] == 3 + 1 + 1 + 40 and not summary["errors"]  # ... the rest in
    assert summary["articles"] == 3  # each fact-check page is also an article
    stored = reviews(settings)
    afp = next(r for r in stored.values() if r["publisher"] == "AFP Fact Check")
    assert afp["rating"] == "False" and afp["rating_normalised"] == "false"
    assert afp["claimant"] == "multiple sources" and afp["review_date"] == "2020-06-24"
    assert next(r for r in stored.values() if r["language"] == "ur")["claimant"] == (
        "FB User-Harshit Pandey")

    # Again: nothing changes.
    (data / "empty.html").unlink()
    code, again, stderr = run_indexer(settings, str(data))
    assert code == 0, stderr
    assert again["fact_checks"] == 0 and again["fact_checks_unchanged"] == 45
    assert again["articles"] == 0 and again["unchanged"] == 3

    # The page's claim is reworded and re-rated: the new review replaces the old one.
    page = (data / "afp.html").read_text("utf-8")
    edited = page.replace("lied about the number of deaths", "misreported the number of deaths")
    edited = edited.replace('"alternateName": "False"', '"alternateName": "Misleading"')
    assert edited != page
    (data / "afp.html").write_text(edited, "utf-8")
    code, third, stderr = run_indexer(settings, str(data / "afp.html"))
    assert code == 0, stderr
    assert third["fact_checks"] == 1 and third["fact_checks_replaced"] == 1
    now = [r for r in reviews(settings).values() if r["publisher"] == "AFP Fact Check"]
    assert len(now) == 1 and "misreported" in now[0]["claim"]
    assert now[0]["rating_normalised"] == "mixed"


def test_news_pages_index_as_articles_with_their_metadata(settings: Settings) -> None:
    folder = shared("news-html")
    code, summary, stderr = run_indexer(settings, str(folder / "cnn" / "source.html"),
                                        str(folder / "guardian-1" / "source.html"))
    assert code == 0, stderr
    assert summary["articles"] == 2 and summary["fact_checks"] == 0
    by_source = {a["source"]: a for a in articles(settings).values()}
    assert by_source["CNNMoney"]["author"] == "Ahiza Garcia"
    assert by_source["CNNMoney"]["published_at"] == "2016-02-01"
    assert by_source["The Guardian"]["title"].startswith("'What is the sea telling us?'")


@pytest.fixture(scope="module")
def server() -> Iterator[FeedServer]:
    with feed_server() as running:
        yield running


def test_a_feed_indexes_its_pages_reports_failures_and_honours_etag(
    settings: Settings, server: FeedServer, tmp_path: Path
) -> None:
    state = tmp_path / "feeds.json"
    livemint = f"{server.base}/feeds/livemint.xml"
    code, summary, stderr = run_indexer(
        settings, "--feed", f"{server.base}/mixed.rss", "--feed", livemint,
        "--feed-state", str(state), "--fetch-timeout", "0.5", "--host-delay", "0",
        "--fetch-max-bytes", "2000000",
    )
    assert code == 1, stderr
    failed = {s["path"].rsplit("/", 1)[-1]: s["reason"] for s in summary["skipped"]}
    assert set(failed) == {"slow", "huge", "empty", "missing"}
    # 25 livemint items (8 saved pages, served in turn: equal pages are one article) plus the
    # mixed feed's news page, fact-check page and embedded item.
    assert summary["articles"] >= 8 + 3 and summary["fact_checks"] == 1
    # The mixed feed had failures, so only the clean feed is remembered ...
    remembered = json.loads(state.read_text("utf-8"))
    assert list(remembered) == [f"{server.base}/feeds/livemint.xml"]
    # ... and answers 304 next time.
    code, again, stderr = run_indexer(
        settings, "--feed", f"{server.base}/feeds/livemint.xml", "--feed-state", str(state),
        "--host-delay", "0",
    )
    assert code == 0, stderr
    assert again["articles"] == 0 and again["unchanged"] == 0
    assert server.requests[-1][1].get("If-None-Match") == remembered[
        f"{server.base}/feeds/livemint.xml"]["etag"]
