"""CORS: the CMS origin and browser extensions may call the API from a browser; others may not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from .apps import app_client

CMS = "https://cms.newsroom.example"
CHROME = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
FIREFOX = "moz-extension://0f3e9c1a-2b4d-4e6f-8a9b-0c1d2e3f4a5b"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with app_client(cors_origins=[CMS]) as test_client:
        yield test_client


def preflight(client: TestClient, origin: str, path: str = "/graphql",
              method: str = "POST") -> object:
    return client.options(path, headers={
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization, content-type",
    })


@pytest.mark.parametrize("origin", [CMS, CHROME, FIREFOX])
@pytest.mark.parametrize(("path", "method"),
                         [("/graphql", "POST"), ("/v1/check-text", "POST"),
                          ("/v1/articles/a1", "DELETE")])
def test_preflight_is_answered_for_allowed_origins(
    client: TestClient, origin: str, path: str, method: str
) -> None:
    response = preflight(client, origin, path, method)
    assert response.status_code == 200  # type: ignore[attr-defined]
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["access-control-allow-origin"] == origin
    assert method in headers["access-control-allow-methods"]
    assert "authorization" in headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in headers


@pytest.mark.parametrize("origin", [
    "https://evil.example",
    "https://cms.newsroom.example.evil.example",
    "chrome-extension://not-an-extension-id",
    "chrome-extension://abcdefghijklmnopabcdefghijklmnop.evil.example",
    "moz-extension://0f3e9c1a",
])
def test_other_origins_are_refused(client: TestClient, origin: str) -> None:
    response = preflight(client, origin)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "access-control-allow-origin" not in response.headers  # type: ignore[attr-defined]


def test_extension_origins_can_be_turned_off() -> None:
    with app_client(cors_origins=[CMS], allow_extension_origins=False) as client:
        assert preflight(client, CHROME).status_code == 400  # type: ignore[attr-defined]
        assert preflight(client, CMS).status_code == 200  # type: ignore[attr-defined]


def test_answers_and_refusals_carry_cors_headers(client: TestClient) -> None:
    # 503 from the dead node and 401 from the key check: a browser script can read both.
    answer = client.post("/v1/check", json={"claim": "Kherson fell"}, headers={"Origin": CMS})
    assert answer.status_code == 503
    assert answer.headers["access-control-allow-origin"] == CMS
    assert "retry-after" in answer.headers["access-control-expose-headers"].lower()
    refused = client.delete("/v1/articles/a1", headers={"Origin": CHROME})
    assert refused.status_code == 401
    assert refused.headers["access-control-allow-origin"] == CHROME
    assert "www-authenticate" in refused.headers["access-control-expose-headers"].lower()
