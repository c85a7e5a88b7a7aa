"""An app on the fake models and a dead Elasticsearch, for tests that never reach the node."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from starlette.testclient import TestClient

from api.app import create_app
from factcheck.embedding import Encoder
from factcheck.settings import ApiSettings, ElasticsearchSettings, Settings

from .fakes import HashEncoder, NeutralJudge

DEAD_NODE = "http://127.0.0.1:9"  # the discard port: anything reaching Elasticsearch is a 503


@contextmanager
def app_client(*, encoder: Encoder | None = None, **api: Any) -> Iterator[TestClient]:
    settings = Settings(
        elasticsearch=ElasticsearchSettings(url=DEAD_NODE, max_retries=0, request_timeout=2),
        api=ApiSettings(**api),
    )
    app = create_app(settings, encoder=encoder or HashEncoder(), judge=NeutralJudge())
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def gql(
    client: TestClient, query: str, variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    """POST a GraphQL document; the whole httpx response."""
    return client.post("/graphql", json={"query": query, "variables": variables or {}},
                       headers=headers or {})
