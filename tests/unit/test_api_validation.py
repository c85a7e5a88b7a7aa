"""Bad input is refused with a 4xx naming the field, before anything reaches Elasticsearch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from factcheck.settings import ApiSettings, ElasticsearchSettings, Settings

from .fakes import HashEncoder, NeutralJudge


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    # Port 9 (discard) has no listener: any request that slipped past validation would be a 503.
    settings = Settings(
        elasticsearch=ElasticsearchSettings(url="http://127.0.0.1:9", max_retries=0),
        api=ApiSettings(max_body_bytes=4096),
    )
    app = create_app(settings, encoder=HashEncoder(), judge=NeutralJudge())
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def fields(response: Any) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"claim": ""}, "claim", "empty"),
        ({"claim": "   \n\t"}, "claim", "empty"),
        ({"claim": "x" * 2001}, "claim", "2000"),
        ({}, "claim", "required"),
        ({"claim": 42}, "claim", "string"),
        ({"claim": "ok", "top_k": 0}, "top_k", "greater than or equal to 1"),
        ({"claim": "ok", "top_k": 51}, "top_k", "less than or equal to 50"),
        ({"claim": "ok", "top_k": "5"}, "top_k", "integer"),
        ({"claim": "ok", "top_k": 10**20}, "top_k", "less than"),
        ({"claim": "ok", "filters": {"published_after": "2022-13-01"}},
         "filters.published_after", "month"),
        ({"claim": "ok", "filters": {"published_before": "03/03/2022"}},
         "filters.published_before", "date"),
        ({"claim": "ok", "filters": {"published_after": 1646265600}},
         "filters.published_after", "date"),
        ({"claim": "ok", "filters": {"published_after": "2022-03-04",
                                     "published_before": "2022-03-03"}},
         "filters", "published_after must not be later"),
        ({"claim": "ok", "filters": {"sources": "VOA"}}, "filters.sources", "array"),
        ({"claim": "ok", "filters": {"sources": [""]}}, "filters.sources.0", "at least 1"),
        ({"claim": "ok", "topk": 5}, "topk", "Extra inputs"),
        ({"claim": "ok", "filters": {"source": ["VOA"]}}, "filters.source", "Extra inputs"),
    ],
)
def test_bad_check_bodies_are_422_naming_the_field(
    client: TestClient, body: dict[str, Any], field: str, words: str
) -> None:
    response = client.post("/v1/check", json=body)
    assert response.status_code == 422, response.text
    assert field in fields(response)
    messages = " ".join(e["message"] for e in response.json()["errors"])
    assert words in messages
    assert field in response.json()["detail"]


@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1, 2]", b"null", b'{"claim": "a"'])
def test_malformed_json_is_422(client: TestClient, raw: bytes) -> None:
    response = client.post("/v1/check", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["errors"]


def test_wrong_content_type_is_415(client: TestClient) -> None:
    response = client.post("/v1/check", content=b"claim=x",
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]


def test_body_over_the_limit_is_413(client: TestClient) -> None:
    response = client.post("/v1/check", json={"claim": "x" * 5000})
    assert response.status_code == 413


def test_invalid_utf8_is_400(client: TestClient) -> None:
    response = client.post("/v1/check", content=b'{"claim": "\xff\xfe"}',
                           headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "UTF-8" in response.json()["detail"]


def test_deeply_nested_json_is_refused_cleanly(client: TestClient) -> None:
    raw = b'{"claim": "x", "filters": ' + b'{"a": ' * 1000 + b"1" + b"}" * 1001
    response = client.post("/v1/check", content=raw, headers={"content-type": "application/json"})
    assert response.status_code in (413, 422)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"claim": "ok", "passages": []}, "passages"),
        ({"claim": "ok", "passages": ["a"] * 51}, "passages"),
        ({"claim": "ok", "passages": [""]}, "passages.0"),
        ({"claim": " ", "passages": ["a"]}, "claim"),
    ],
)
def test_bad_stance_bodies_are_422(client: TestClient, body: dict[str, Any], field: str) -> None:
    response = client.post("/v1/stance", json=body)
    assert response.status_code == 422
    assert field in fields(response)


def test_valid_request_reaching_a_dead_node_is_503_not_500(client: TestClient) -> None:
    response = client.post("/v1/check", json={"claim": "Kherson fell"})
    assert response.status_code == 503
    assert "Elasticsearch" in response.json()["detail"]


def test_unknown_route_and_wrong_method(client: TestClient) -> None:
    assert client.get("/v1/nothing").status_code == 404
    assert client.get("/v1/check").status_code == 405
