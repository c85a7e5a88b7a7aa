"""API keys over REST and GraphQL: who may write, who may read, what a refusal says."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import SecretStr
from starlette.testclient import TestClient

from api.auth import Caller, KeyRing, Principal, Scope, authorize
from factcheck.settings import ApiSettings, Settings

from .apps import app_client, gql
from .fakes import BrokenEncoder

KEYS = ["k-first-0123456789", "k-second-abcdefgh"]
GOOD = {"Authorization": f"Bearer {KEYS[1]}"}
WRONG = {"Authorization": "Bearer not-a-key"}
MALFORMED = {"Authorization": f"Basic {KEYS[1]}"}

DELETE = 'mutation { deleteArticle(id: "a1") { __typename } }'
INGEST = 'mutation { ingestArticle(input: {body: " "}) { __typename } }'
READ = '{ check(claim: "Kherson fell") { __typename } }'


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with app_client(api_keys=[SecretStr(k) for k in KEYS]) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def closed() -> Iterator[TestClient]:
    with app_client(api_keys=[SecretStr(k) for k in KEYS], require_key_for_reads=True) as c:
        yield c


def test_keyring_knows_keys_by_position_and_refuses_others() -> None:
    ring = KeyRing([SecretStr(k) for k in KEYS])
    assert ring.identify(None) == Caller()
    assert ring.identify(f"Bearer {KEYS[0]}").principal == Principal(1)
    assert ring.identify(f"bearer   {KEYS[1]}  ").principal == Principal(2)
    for header, status in [("Bearer nope", 403), (f"Bearer {KEYS[1]}x", 403),
                           ("Bearer", 401), ("Bearer   ", 401), (f"Token {KEYS[0]}", 401)]:
        problem = ring.identify(header).problem
        assert problem is not None and problem.status == status, header


def test_every_key_is_compared_even_after_a_match(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = hmac.compare_digest

    def counting(a: bytes, b: bytes) -> bool:
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", counting)
    KeyRing([SecretStr(k) for k in KEYS]).identify(f"Bearer {KEYS[0]}")
    assert len(calls) == len(KEYS)  # no early exit: timing does not tell which key matched


def test_authorize_rules() -> None:
    open_reads, closed_reads = ApiSettings(), ApiSettings(require_key_for_reads=True)
    assert authorize(Caller(), Scope.READ, settings=open_reads) is None
    assert authorize(Caller(Principal(1)), Scope.WRITE, settings=open_reads) == Principal(1)
    for scope, settings in [(Scope.WRITE, open_reads), (Scope.READ, closed_reads)]:
        with pytest.raises(Exception, match="needs an API key") as raised:
            authorize(Caller(), scope, settings=settings)
        assert getattr(raised.value, "status", None) == 401


def test_keys_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_API__API_KEYS", '["k1","k2"]')
    keys = Settings().api.api_keys
    assert [k.get_secret_value() for k in keys] == ["k1", "k2"]
    assert "k1" not in repr(keys)


def _challenge(response: Any) -> str:
    value: str = response.headers.get("www-authenticate", "")
    return value


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [("post", "/v1/articles", {"articles": [{"body": "Kherson fell on Thursday."}]}),
     ("delete", "/v1/articles/a1", None)],
)
def test_rest_writes_need_a_valid_key(
    client: TestClient, method: str, path: str, body: dict[str, Any] | None
) -> None:
    def call(headers: dict[str, str]) -> Any:
        kwargs: dict[str, Any] = {"headers": headers}
        if body is not None:
            kwargs["json"] = body
        return client.request(method.upper(), path, **kwargs)

    missing = call({})
    assert missing.status_code == 401
    assert "Authorization: Bearer" in missing.json()["detail"]
    assert _challenge(missing) == 'Bearer realm="factcheck"'

    malformed = call(MALFORMED)
    assert malformed.status_code == 401
    assert 'error="invalid_request"' in _challenge(malformed)

    wrong = call(WRONG)
    assert wrong.status_code == 403
    assert wrong.json()["detail"] == "The API key is not accepted."
    assert 'error="invalid_token"' in _challenge(wrong)

    # Past the key check the request reaches Elasticsearch, which is down here.
    assert call(GOOD).status_code == 503


def test_rest_reads_are_open_unless_configured(client: TestClient, closed: TestClient) -> None:
    body = {"claim": "Kherson fell"}
    assert client.post("/v1/check", json=body).status_code == 503  # open: reaches the node
    assert client.post("/v1/check", json=body, headers=WRONG).status_code == 403
    refused = closed.post("/v1/check", json=body)
    assert refused.status_code == 401 and _challenge(refused)
    assert closed.get("/v1/articles").status_code == 401
    assert closed.post("/v1/check", json=body, headers=GOOD).status_code == 503
    assert closed.get("/healthz").status_code == 200  # probes stay open
    assert closed.get("/openapi.json").status_code == 200


def test_key_is_checked_before_the_body_is_read(client: TestClient) -> None:
    response = client.post("/v1/articles", content=b"not json",
                           headers={"content-type": "text/plain"})
    assert response.status_code == 401


def test_graphql_mutations_need_a_key(client: TestClient) -> None:
    missing = gql(client, DELETE)
    assert missing.status_code == 401
    assert _challenge(missing) == 'Bearer realm="factcheck"'
    (error,) = missing.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "Authorization: Bearer" in error["message"]

    wrong = gql(client, DELETE, headers=WRONG)
    assert wrong.status_code == 403
    assert 'error="invalid_token"' in _challenge(wrong)
    assert wrong.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    # With the key the mutation runs: the blank body comes back as InvalidInput.
    allowed = gql(client, INGEST, headers=GOOD)
    assert allowed.status_code == 200
    assert allowed.json()["data"]["ingestArticle"]["__typename"] == "InvalidInput"


def test_graphql_reads_follow_the_same_rule(client: TestClient, closed: TestClient) -> None:
    assert gql(client, READ).json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert gql(client, READ, headers=WRONG).status_code == 403
    refused = gql(closed, READ)
    assert refused.status_code == 401 and _challenge(refused)
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    introspection = gql(closed, "{ __schema { queryType { name } } }")
    assert introspection.status_code == 401
    assert gql(closed, READ, headers=GOOD).status_code == 200


def test_keys_never_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    keys = [SecretStr(k) for k in KEYS]
    with app_client(api_keys=keys, encoder=BrokenEncoder("boom")) as client, \
            caplog.at_level(logging.DEBUG):
        for headers in (GOOD, WRONG, {"Authorization": f"Bearer {KEYS[0]}"}):
            client.post("/v1/check", json={"claim": "Kherson fell"}, headers=headers)
            gql(client, READ, headers=headers)
            gql(client, DELETE, headers=headers)
    assert caplog.records, "the failures above must have been logged"
    text = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''} {r.exc_info[1] if r.exc_info else ''}"
        for r in caplog.records
    )
    for key in [*KEYS, "not-a-key"]:
        assert key not in text
