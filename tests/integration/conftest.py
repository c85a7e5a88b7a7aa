"""Fixtures for integration tests: the real Elasticsearch node, the real models, throw-away
indices holding the seed articles, the app in-process and as a real server.

Also two guards, so that a broken run neither blocks CI nor litters the shared node:

* every integration test has a time limit (``@pytest.mark.time_limit(seconds)``, default
  :data:`DEFAULT_TIME_LIMIT`): past it the test fails with the stack of every thread;
* throw-away indices are named ``<prefix>-p<pid>-<random>`` after the pytest process that made
  them. Fixtures drop theirs on teardown; the end of a session drops any of its own left over;
  the start of a session drops those of pytest processes no longer running (a killed run), and
  any ``test-*`` index older than :data:`STALE_AFTER` hours. SIGTERM is handled like Ctrl-C, so
  a run stopped by CI still tears down.
"""

from __future__ import annotations

import asyncio
import faulthandler
import json
import os
import re
import signal
import sys
import tempfile
import threading
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from starlette.testclient import TestClient

from api.app import create_app
from factcheck import models
from factcheck.articles import read_articles
from factcheck.documents import Article
from factcheck.embedding import Encoder
from factcheck.factchecks.claimreview import parse_fact_checks
from factcheck.index.client import async_client
from factcheck.index.factchecks.writer import FactCheckWriter
from factcheck.index.writer import Ingestor
from factcheck.settings import ElasticsearchSettings, Settings
from factcheck.stance import StanceJudge
from tests.support.server import ServerNotReady, api_server

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ES_URL = Settings().elasticsearch.url  # $ELASTICSEARCH_URL


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


# -- time limits --------------------------------------------------------------------------------

# Seconds one integration test may run (its call, not its fixtures: those have their own bounds).
DEFAULT_TIME_LIMIT = 900.0


class TimeLimitExceeded(BaseException):
    """Raised in the main thread when a test runs past its limit. Not an ``Exception``, so that
    hypothesis does not take it for a failing example and replay it (hanging again)."""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    marker = item.get_closest_marker("time_limit")
    seconds = float(marker.args[0]) if marker else DEFAULT_TIME_LIMIT
    if threading.current_thread() is not threading.main_thread():
        return (yield)

    def expire(_signum: int, _frame: Any) -> None:
        sys.stderr.write(f"\n{item.nodeid} ran past its {seconds:.0f} s limit; threads:\n")
        faulthandler.dump_traceback(all_threads=True)
        raise TimeLimitExceeded(f"ran past its {seconds:.0f} s time limit")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    # The backstop, for a hang the signal cannot interrupt (a C call that never returns): dump
    # the stacks and exit, so CI fails instead of waiting for its own timeout.
    faulthandler.dump_traceback_later(seconds + 60, exit=True)
    try:
        return (yield)
    finally:
        faulthandler.cancel_dump_traceback_later()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt("SIGTERM")


def pytest_configure(config: pytest.Config) -> None:
    # SIGTERM (CI cancelling the job, `timeout`, `kill`) would end Python without teardown:
    # servers left running, indices left in the node. As Ctrl-C, pytest tears down first.
    if (threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL):
        signal.signal(signal.SIGTERM, _interrupt)


# -- the node and throw-away indices ------------------------------------------------------------

# test-* indices older than this are deleted at the start of a session whoever made them.
STALE_AFTER = 3.0
_OWNED = re.compile(r"^test(?:-.+)?-p(\d+)-[0-9a-f]{8}(?:-v\d{6})?(?:-articles|-factchecks)?$")
_session_used_es = False


@pytest.fixture(scope="session")
def es_url() -> str:
    global _session_used_es
    try:
        httpx.get(f"{ES_URL}/_cluster/health", timeout=5).raise_for_status()
    except httpx.HTTPError as exc:
        pytest.fail(
            f"Elasticsearch does not answer at {ES_URL} ({exc}); start it with `make es-up`",
            pytrace=False,
        )
    _session_used_es = True
    sweep_indices(ES_URL, mine=False)
    return ES_URL


def make_settings(es_url: str, index: str) -> Settings:
    return Settings(elasticsearch=ElasticsearchSettings(url=es_url, index=index))


def fresh_index_name(prefix: str = "test") -> str:
    """A new index name under ``prefix`` (which starts with ``test``), tagged with this pid."""
    assert prefix.startswith("test"), prefix
    return f"{prefix}-p{os.getpid()}-{uuid.uuid4().hex[:8]}"


def drop_indices(settings: Settings) -> None:
    """Drop the test's indices: the names, or the versioned indices behind them when aliases
    (the node deletes no index through an alias), and unfinished rebuilds of them."""
    es = settings.elasticsearch
    names = [es.index, es.articles_index, es.factchecks_index]
    behind = httpx.get(f"{es.url}/_alias/{','.join(names)}", timeout=30)
    concrete = {k for k, v in behind.json().items() if isinstance(v, dict) and "aliases" in v}
    listed = httpx.get(f"{es.url}/_cat/indices/{es.index}-v*", params={"format": "json"},
                       timeout=30)
    if listed.status_code == 200:
        concrete |= {row["index"] for row in listed.json()}
    doomed = sorted(concrete | {n for n in names if n not in _aliased(behind)})
    httpx.delete(f"{es.url}/{','.join(doomed)}?ignore_unavailable=true", timeout=30)


def _aliased(response: httpx.Response) -> set[str]:
    return {alias for body in response.json().values() if isinstance(body, dict)
            for alias in body.get("aliases", {})}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def sweep_indices(es_url: str, *, mine: bool) -> list[str]:
    """Delete this process's test indices (``mine``), or else the stale ones: made by a pytest
    process that is no longer running, or older than STALE_AFTER hours. Returns their names.

    Assumes the node's other clients run on this host (it listens on the loopback), so a pid
    that is not running here is a finished run's."""
    try:
        response = httpx.get(f"{es_url}/_cat/indices/test-*", timeout=30, params={
            "format": "json", "h": "index,creation.date", "expand_wildcards": "all"})
        response.raise_for_status()
        now_ms = time.time() * 1000
        doomed = []
        for row in response.json():
            name, owner = row["index"], _OWNED.match(row["index"])
            if mine:
                stale = owner is not None and int(owner[1]) == os.getpid()
            else:
                old = now_ms - int(row["creation.date"]) > STALE_AFTER * 3600 * 1000
                stale = old or (owner is not None and not _alive(int(owner[1])))
            if stale:
                doomed.append(name)
        for start in range(0, len(doomed), 50):  # names, not a wildcard: the node refuses those
            names = ",".join(doomed[start:start + 50])
            httpx.delete(f"{es_url}/{names}?ignore_unavailable=true",
                         timeout=60).raise_for_status()
    except httpx.HTTPError as exc:
        warnings.warn(f"could not clear test indices at {es_url}: {exc}", stacklevel=1)
        return []
    return doomed


@pytest.hookimpl(trylast=True)  # after the fixtures' own teardown
def pytest_sessionfinish(session: pytest.Session) -> None:
    if _session_used_es:
        left = sweep_indices(ES_URL, mine=True)
        if left:
            sys.stderr.write(f"\ndropped test indices a fixture left behind: {left}\n")


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return models.encoder_from(Settings())


@pytest.fixture(scope="session")
def judge() -> StanceJudge:
    return models.judge_from(Settings())


def index_articles(settings: Settings, encoder: Encoder, articles: list[Article]) -> None:
    async def run() -> None:
        es = async_client(settings.elasticsearch)
        try:
            report = await Ingestor(es, encoder, settings=settings.elasticsearch).index(
                articles, refresh=True
            )
            assert report.ok, report.failed
        finally:
            await es.close()

    asyncio.run(run())


# A made-up review (example.org) of a seed-story quote: the seed index's one published fact-check.
SEED_FACT_CHECK = Path(__file__).resolve().parents[1] / "fixtures" / "lavrov-claimreview.json"


def index_fact_checks(settings: Settings, encoder: Encoder, paths: list[Path]) -> None:
    reviews = [r for path in paths
               for r in parse_fact_checks(json.loads(path.read_text("utf-8")),
                                          origin=str(path)).reviews]

    async def run() -> None:
        es = async_client(settings.elasticsearch)
        try:
            writer = FactCheckWriter(es, encoder, index=settings.elasticsearch.factchecks_index)
            report = await writer.index(reviews, refresh=True)
            assert not report.failed, report.failed
        finally:
            await es.close()

    asyncio.run(run())


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    items = list(read_articles([SEEDS]))
    articles = [item for item in items if isinstance(item, Article)]
    assert len(articles) == 5, items
    return articles


@pytest.fixture(scope="session")
def seed_settings(
    es_url: str, encoder: Encoder, seed_articles: list[Article]
) -> Iterator[Settings]:
    """A throw-away index holding the five seed articles, shared by read-only tests."""
    settings = make_settings(es_url, fresh_index_name("test-seeds"))
    try:
        index_articles(settings, encoder, seed_articles)
        index_fact_checks(settings, encoder, [SEED_FACT_CHECK])
        yield settings
    finally:
        drop_indices(settings)


@pytest.fixture
def empty_settings(es_url: str) -> Iterator[Settings]:
    """Settings naming a fresh index that does not exist yet; dropped afterwards."""
    settings = make_settings(es_url, fresh_index_name())
    try:
        yield settings
    finally:
        drop_indices(settings)


@pytest.fixture(scope="session")
def client(
    seed_settings: Settings, encoder: Encoder, judge: StanceJudge
) -> Iterator[TestClient]:
    app = create_app(seed_settings, encoder=encoder, judge=judge)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def api_server_url(seed_settings: Settings) -> Iterator[str]:
    """The real server (``python -m api``) in its own process, serving the seed index."""
    yield from _serve(seed_settings, {})


# -- API keys (appended for the GraphQL/CMS tests) --------------------------------------------

API_TEST_KEY = "cms-test-key-2f0c7a9e41d3"


def keyed_settings(es_url: str, index: str) -> Settings:
    """Settings for an app that accepts API_TEST_KEY (so ingest and delete can be exercised)."""
    settings = make_settings(es_url, index)
    settings.api.api_keys = [SecretStr(API_TEST_KEY)]
    return settings


@pytest.fixture
def keyed_client(
    empty_settings: Settings, encoder: Encoder, judge: StanceJudge
) -> Iterator[TestClient]:
    """The app on a fresh, empty index that accepts API_TEST_KEY; the index is dropped after."""
    settings = keyed_settings(empty_settings.elasticsearch.url, empty_settings.elasticsearch.index)
    with TestClient(create_app(settings, encoder=encoder, judge=judge),
                    raise_server_exceptions=False) as test_client:
        yield test_client


def _tail(log: Any, limit: int = 20_000) -> str:
    log.flush()
    log.seek(0)
    return str(log.read())[-limit:]


def _serve(settings: Settings, extra_env: dict[str, str]) -> Iterator[str]:
    """``python -m api`` in its own process on ``settings``' index, until the generator closes."""
    env = {
        "ELASTICSEARCH_URL": settings.elasticsearch.url,
        "FACTCHECK_INDEX": settings.elasticsearch.index,
        **extra_env,
    }
    # The log is read only once the server has exited: it shares the file offset.
    with tempfile.TemporaryFile(mode="w+") as log:
        try:
            with api_server(env, log=log, cwd=ROOT, timeout=120) as server:
                yield server.url
                if server.process.poll() is not None:  # it died under the tests: say why
                    sys.stderr.write(f"\nAPI server on {server.url} exited with "
                                     f"{server.process.returncode} while serving:\n{_tail(log)}\n")
        except ServerNotReady as exc:
            pytest.fail(f"API server: {exc}:\n{_tail(log)}", pytrace=False)


@pytest.fixture(scope="session")
def keyed_api_server_url(
    es_url: str, encoder: Encoder, seed_articles: list[Article]
) -> Iterator[str]:
    """The real server accepting API_TEST_KEY, on its own writable copy of the seed index."""
    settings = make_settings(es_url, fresh_index_name("test-keyed"))
    try:
        index_articles(settings, encoder, seed_articles)
        yield from _serve(settings, {"FACTCHECK_API__API_KEYS": json.dumps([API_TEST_KEY])})
    finally:
        drop_indices(settings)
