"""RSS 2.0 / Atom feeds in: fetch a feed, then the page behind each item, politely.

Fetching (:class:`Fetcher`) has a connect/read time-out and an overall deadline per request (a
server that drips bytes cannot hold a run), a size limit checked on ``Content-Length`` and again
while streaming, a delay between two requests to the same host, and conditional requests: the
feed's ``ETag`` / ``Last-Modified`` from the last complete run are sent back, and a ``304`` means
nothing to do. Feeds are parsed by feedparser; each item's page goes through
:func:`factcheck.web.pages.read_page` with the item's title, author and date as fall-backs for
what the page's own metadata lacks. An item without a link is read from its embedded content.

Every failure (time-out, too large, HTTP error, not a feed, a page with no text) is one
:class:`~factcheck.articles.ReadError` naming the URL; the other items go on.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import httpx

from factcheck.articles import ReadError
from factcheck.inputs import Item, read_page_items
from factcheck.web.pages import PageMetadata, read_page

__all__ = ["FetchError", "FetchLimits", "Fetched", "Fetcher", "ValidatorStore", "read_feed"]

log = logging.getLogger(__name__)
USER_AGENT = "factcheck-indexer/0.1 (+https://github.com/; feed reader)"


@dataclass(frozen=True, slots=True)
class FetchLimits:
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    deadline: float = 30.0  # seconds for one whole request, body included
    max_feed_bytes: int = 5_000_000
    max_page_bytes: int = 5_000_000
    per_host_delay: float = 1.0  # seconds between two requests to one host
    max_items: int = 200


class FetchError(Exception):
    """A request that gave no usable body; the message is the reason shown to the user."""


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    status: int
    body: bytes
    headers: httpx.Headers


class Fetcher:
    """GET with the limits of :class:`FetchLimits`.

    Example:
        >>> with httpx.Client() as client:                                      # doctest: +SKIP
        ...     page = Fetcher(client).get("https://example.org/", max_bytes=1_000_000)
    """

    def __init__(
        self,
        client: httpx.Client,
        *,
        limits: FetchLimits = FetchLimits(),
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = client
        self._limits = limits
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}

    @property
    def limits(self) -> FetchLimits:
        return self._limits

    def _wait_for(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = self._limits.per_host_delay - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)
        self._last[host] = self._clock()

    def get(self, url: str, *, max_bytes: int, headers: dict[str, str] | None = None) -> Fetched:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise FetchError("not an http(s) URL")
        self._wait_for(parts.hostname.lower())
        limits = self._limits
        timeout = httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout)
        started = self._clock()
        try:
            with self._client.stream(
                "GET", url, headers={"User-Agent": USER_AGENT, **(headers or {})},
                timeout=timeout, follow_redirects=True,
            ) as response:
                if response.status_code == 304:
                    return Fetched(str(response.url), 304, b"", response.headers)
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code}")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"too large: {declared} bytes (limit {max_bytes})")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(f"too large: over {max_bytes} bytes")
                    if self._clock() - started > limits.deadline:
                        raise FetchError(f"timed out: no complete answer in {limits.deadline}s")
                    chunks.append(chunk)
                return Fetched(str(response.url), response.status_code, b"".join(chunks),
                               response.headers)
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out ({type(exc).__name__})") from exc
        except httpx.TooManyRedirects as exc:
            raise FetchError("too many redirects") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch: {exc}") from exc


@dataclass
class ValidatorStore:
    """The feeds' ``ETag`` / ``Last-Modified`` from the last complete run, kept in a JSON file."""

    path: Path | None = None
    validators: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> ValidatorStore:
        if path is None or not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            log.warning("%s: unreadable feed state, starting afresh", path)
            return cls(path)
        return cls(path, data if isinstance(data, dict) else {})

    def request_headers(self, url: str) -> dict[str, str]:
        saved = self.validators.get(url, {})
        headers = {}
        if etag := saved.get("etag"):
            headers["If-None-Match"] = etag
        if modified := saved.get("last_modified"):
            headers["If-Modified-Since"] = modified
        return headers

    def remember(self, url: str, headers: httpx.Headers) -> None:
        saved = {"etag": headers.get("etag"), "last_modified": headers.get("last-modified")}
        self.validators[url] = {k: v for k, v in saved.items() if v}

    def save(self) -> None:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.validators, indent=2), "utf-8")


def _entry_date(entry: Any) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None


def _entry_html(entry: Any) -> str | None:
    for content in entry.get("content") or []:
        if value := content.get("value"):
            return str(value)
    summary = entry.get("summary")
    return str(summary) if summary else None


@dataclass
class FeedRun:
    """What one feed gave besides its items: was it unchanged, its new validators."""

    url: str
    unchanged: bool = False
    headers: httpx.Headers | None = None


def read_feed(
    url: str, fetcher: Fetcher, *, validators: ValidatorStore | None = None,
    run: FeedRun | None = None,
) -> Iterator[Item]:
    """The articles and fact-checks behind a feed's items, fetched lazily, one by one.

    ``run`` (when given) learns whether the feed was unchanged and its response headers, to be
    remembered in ``validators`` once the items were indexed.
    """
    run = run if run is not None else FeedRun(url)
    headers = validators.request_headers(url) if validators else {}
    try:
        feed = fetcher.get(url, max_bytes=fetcher.limits.max_feed_bytes, headers=headers)
    except FetchError as exc:
        yield ReadError(url, f"feed: {exc}")
        return
    if feed.status == 304:
        run.unchanged = True
        log.info("%s: not modified since the last run", url)
        return
    run.headers = feed.headers
    parsed = feedparser.parse(feed.body)
    if not parsed.entries:
        reason = parsed.get("bozo_exception") or "no items"
        yield ReadError(url, f"not an RSS/Atom feed: {reason}")
        return
    source = parsed.feed.get("title")
    for entry in parsed.entries[: fetcher.limits.max_items]:
        link = entry.get("link")
        if link and urlsplit(link).scheme not in {"http", "https"}:
            link = None  # a guid taken for a link ("tag:...", "item-1")
        given = PageMetadata(
            url=link, title=entry.get("title"), author=entry.get("author"),
            published_at=_entry_date(entry), source=source,
        )
        if not link:
            embedded = _entry_html(entry)
            origin = f"{url}#{entry.get('id', '?')}"
            if embedded is None:
                yield ReadError(origin, "item without a link or text")
            else:
                # A fragment, not a page: give it the body trafilatura looks for.
                wrapped = f"<html><body><article>{embedded}</article></body></html>"
                yield from read_page_items(read_page(wrapped, origin=origin, given=given))
            continue
        try:
            page = fetcher.get(link, max_bytes=fetcher.limits.max_page_bytes)
        except FetchError as exc:
            yield ReadError(link, str(exc))
            continue
        given = PageMetadata(
            url=page.url, title=given.title, author=given.author,
            published_at=given.published_at, source=given.source,
        )
        yield from read_page_items(read_page(page.body, origin=link, given=given))
