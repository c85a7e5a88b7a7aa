"""Fixtures for integration tests: the real Elasticsearch node, the real models, throw-away
indices holding the seed articles, the app in-process and as a real server."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from starlette.testclient import TestClient

from api.app import create_app, load_encoder, load_judge
from factcheck.articles import read_articles
from factcheck.documents import Article
from factcheck.embedding import Encoder
from factcheck.es import async_client
from factcheck.ingest import Ingestor
from factcheck.settings import ElasticsearchSettings, Settings
from factcheck.stance import StanceJudge

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ES_URL = os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def es_url() -> str:
    try:
        httpx.get(f"{ES_URL}/_cluster/health", timeout=5).raise_for_status()
    except httpx.HTTPError as exc:
        pytest.fail(
            f"Elasticsearch does not answer at {ES_URL} ({exc}); start it with `make es-up`",
            pytrace=False,
        )
    return ES_URL


def make_settings(es_url: str, index: str) -> Settings:
    return Settings(elasticsearch=ElasticsearchSettings(url=es_url, index=index))


def fresh_index_name(prefix: str = "test") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def drop_indices(settings: Settings) -> None:
    names = f"{settings.elasticsearch.index},{settings.elasticsearch.articles_index}"
    httpx.delete(f"{settings.elasticsearch.url}/{names}?ignore_unavailable=true", timeout=30)


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return load_encoder(Settings())


@pytest.fixture(scope="session")
def judge() -> StanceJudge:
    return load_judge(Settings())


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
    index_articles(settings, encoder, seed_articles)
    yield settings
    drop_indices(settings)


@pytest.fixture
def empty_settings(es_url: str) -> Iterator[Settings]:
    """Settings naming a fresh index that does not exist yet; dropped afterwards."""
    settings = make_settings(es_url, fresh_index_name())
    yield settings
    drop_indices(settings)


@pytest.fixture(scope="session")
def client(
    seed_settings: Settings, encoder: Encoder, judge: StanceJudge
) -> Iterator[TestClient]:
    app = create_app(seed_settings, encoder=encoder, judge=judge)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


def _serve(settings: Settings, extra_env: dict[str, str]) -> Iterator[str]:
    """``python -m api`` in its own process on ``settings``' index, until the generator closes."""
    port = _free_port()
    env = {
        **os.environ,
        "ELASTICSEARCH_URL": settings.elasticsearch.url,
        "FACTCHECK_INDEX": settings.elasticsearch.index,
        **extra_env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "api", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                output = process.stdout.read() if process.stdout else ""
                pytest.fail(f"API server exited early:\n{output}", pytrace=False)
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("API server did not become ready in 120 s", pytrace=False)
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def keyed_api_server_url(
    es_url: str, encoder: Encoder, seed_articles: list[Article]
) -> Iterator[str]:
    """The real server accepting API_TEST_KEY, on its own writable copy of the seed index."""
    settings = make_settings(es_url, fresh_index_name("test-keyed"))
    index_articles(settings, encoder, seed_articles)
    try:
        yield from _serve(settings, {"FACTCHECK_API__API_KEYS": json.dumps([API_TEST_KEY])})
    finally:
        drop_indices(settings)
