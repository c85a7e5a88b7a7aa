"""Feed reading against a local HTTP server serving saved feeds and pages (tests/feedserver.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from factcheck.articles import ReadError
from factcheck.documents import Article
from factcheck.factchecks.records import FactCheck
from factcheck.web.feeds import FeedRun, Fetcher, FetchError, FetchLimits, ValidatorStore, read_feed
from tests.feedserver import FeedServer, feed_server

FAST = FetchLimits(read_timeout=0.5, deadline=1.0, max_page_bytes=2_000_000, per_host_delay=0.0)


@pytest.fixture(scope="module")
def server() -> Iterator[FeedServer]:
    with feed_server() as running:
        yield running


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with httpx.Client() as client:
        yield Fetcher(client, limits=FAST)


def test_a_saved_rss_feed_indexes_the_pages_it_links_to(
    server: FeedServer, fetcher: Fetcher
) -> None:
    items = list(read_feed(f"{server.base}/feeds/livemint.xml", fetcher))
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) == 25 and not [i for i in items if isinstance(i, ReadError)]
    # The page's own metadata wins; the feed fills in the URL it was fetched from.
    bbc = next(a for a in articles if a.meta.source == "BBC News")
    assert bbc.meta.title == "Obama admits US gun laws are his 'biggest frustration'"
    assert bbc.meta.url and bbc.meta.url.startswith(server.base)


def test_atom_feed(server: FeedServer) -> None:
    with httpx.Client() as client:
        fetcher = Fetcher(client, limits=FetchLimits(per_host_delay=0, max_items=12))
        items = list(read_feed(f"{server.base}/feeds/DaringFireball.atom", fetcher))
    assert sum(isinstance(i, Article) for i in items) == 12  # of 48: the limit holds


def test_every_failing_item_is_reported_and_the_rest_indexed(
    server: FeedServer, fetcher: Fetcher
) -> None:
    items = list(read_feed(f"{server.base}/mixed.rss", fetcher))
    errors = {e.origin.rsplit("/", 1)[-1]: e.reason for e in items if isinstance(e, ReadError)}
    assert set(errors) == {"slow", "huge", "empty", "missing"}
    assert "timed out" in errors["slow"]
    assert "too large" in errors["huge"]
    assert "no main text" in errors["empty"]
    assert errors["missing"] == "HTTP 404"
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) == 3  # the news page, the fact-check's write-up, the embedded item
    assert sum(isinstance(i, FactCheck) for i in items) == 1
    embedded = next(a for a in articles if a.meta.title == "Embedded")
    assert embedded.sentences[0].attribution is not None


def test_a_feed_that_is_not_a_feed(server: FeedServer, fetcher: Fetcher) -> None:
    [error] = list(read_feed(f"{server.base}/pages/1", fetcher))
    assert isinstance(error, ReadError) and "not an RSS/Atom feed" in error.reason


def test_a_feed_too_large_or_unreachable(server: FeedServer) -> None:
    with httpx.Client() as client:
        small = Fetcher(client, limits=FetchLimits(max_feed_bytes=1000, per_host_delay=0))
        [error] = list(read_feed(f"{server.base}/feeds/livemint.xml", small))
    assert "too large" in error.reason  # type: ignore[union-attr]
    with httpx.Client() as client:
        [gone] = list(read_feed("http://127.0.0.1:9/feed.xml", Fetcher(client, limits=FAST)))
    assert isinstance(gone, ReadError) and gone.reason.startswith("feed: ")


def test_etag_and_last_modified_are_sent_back(
    server: FeedServer, fetcher: Fetcher, tmp_path: Path
) -> None:
    url = f"{server.base}/feeds/scriptingNews.rss"
    store = ValidatorStore.load(tmp_path / "state.json")
    first = FeedRun(url)
    assert list(read_feed(url, fetcher, validators=store, run=first))
    assert first.headers is not None and not first.unchanged
    store.remember(url, first.headers)
    store.save()
    again = FeedRun(url)
    reloaded = ValidatorStore.load(tmp_path / "state.json")
    assert list(read_feed(url, fetcher, validators=reloaded, run=again)) == []
    assert again.unchanged
    sent = server.requests[-1][1]
    assert sent["If-None-Match"] == first.headers["etag"]
    assert sent["If-Modified-Since"] == first.headers["last-modified"]


def test_requests_to_one_host_wait_for_the_delay() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=b"ok"))
    with httpx.Client(transport=transport) as client:
        fetcher = Fetcher(client, limits=FetchLimits(per_host_delay=2.0),
                          clock=lambda: now[0], sleep=sleep)
        fetcher.get("https://a.example/1", max_bytes=10)
        now[0] += 0.5
        fetcher.get("https://a.example/2", max_bytes=10)
        fetcher.get("https://b.example/1", max_bytes=10)  # another host: no wait
    assert slept == [1.5]


def test_only_http_urls_are_fetched(fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="http"):
        fetcher.get("file:///etc/passwd", max_bytes=10)
