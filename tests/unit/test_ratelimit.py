"""The token-bucket rate limit: its arithmetic on a fake clock, the middleware, the app wiring."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from api.app import create_app
from api.ratelimit import RateLimitMiddleware, TokenBuckets, presented_key
from factcheck.settings import ApiSettings, ElasticsearchSettings, Settings

from .fakes import HashEncoder, NeutralJudge


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_refusal_then_refill_at_the_configured_rate() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(per_minute=30, burst=3, clock=clock)  # one token every 2 s
    assert [buckets.take("a").allowed for _ in range(3)] == [True, True, True]
    refused = buckets.take("a")
    assert not refused.allowed
    assert refused.retry_after == pytest.approx(2.0)

    clock.now += 1.0  # half a token back: still refused, one second to go
    refused = buckets.take("a")
    assert not refused.allowed and refused.retry_after == pytest.approx(1.0)
    clock.now += 1.0
    assert buckets.take("a").allowed
    assert not buckets.take("a").allowed

    clock.now += 3600  # a long pause refills to the burst size, never beyond
    assert [buckets.take("a").allowed for _ in range(4)] == [True, True, True, False]


def test_clients_have_separate_buckets_and_memory_is_bounded() -> None:
    buckets = TokenBuckets(per_minute=60, burst=1, max_clients=3, clock=FakeClock())
    assert buckets.take("a").allowed and not buckets.take("a").allowed
    assert buckets.take("b").allowed
    for name in ("c", "d", "e"):
        buckets.take(name)
    assert len(buckets) == 3
    # "a" was the least recently seen and was dropped: it starts over with a full bucket.
    assert buckets.take("a").allowed


def test_remaining_counts_down() -> None:
    buckets = TokenBuckets(per_minute=60, burst=3, clock=FakeClock())
    assert [buckets.take("a").remaining for _ in range(3)] == [2, 1, 0]


@pytest.mark.parametrize(
    ("headers", "key"),
    [
        ({"Authorization": "Bearer k2"}, "k2"),
        ({"Authorization": "bearer  k3 "}, "k3"),
        ({"Authorization": "Basic abc"}, None),
        ({"Authorization": "Bearer   "}, None),
        ({"X-API-Key": "k1"}, None),  # api.auth reads keys from Authorization only
        ({}, None),
    ],
)
def test_presented_key(headers: dict[str, str], key: str | None) -> None:
    scope = {"headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}
    assert presented_key(scope) == key


async def _ok(_: Request) -> Response:
    return JSONResponse({"ok": True})


def limited_app(clock: FakeClock, **options: object) -> Starlette:
    app = Starlette(routes=[Route("/x", _ok), Route("/healthz", _ok)])
    app.add_middleware(RateLimitMiddleware, clock=clock, **options)  # type: ignore[arg-type]
    return app


def test_middleware_answers_429_with_retry_after_and_a_clear_message() -> None:
    clock = FakeClock()
    client = TestClient(limited_app(clock, per_minute=6, burst=2))  # a token every 10 s
    assert [client.get("/x").status_code for _ in range(2)] == [200, 200]
    response = client.get("/x")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "10"
    assert "rate limit" in response.json()["detail"].lower()
    assert "6 requests per minute" in response.json()["detail"]
    clock.now += 4.5
    assert client.get("/x").headers["retry-after"] == "6"  # rounded up, never 0
    clock.now += 5.5
    assert client.get("/x").status_code == 200


def test_probes_are_never_limited() -> None:
    client = TestClient(limited_app(FakeClock(), per_minute=1, burst=1))
    assert client.get("/x").status_code == 200
    assert client.get("/x").status_code == 429
    assert all(client.get("/healthz").status_code == 200 for _ in range(5))


def test_known_keys_get_their_own_bucket_unknown_keys_count_as_the_address() -> None:
    client = TestClient(limited_app(FakeClock(), per_minute=1, burst=1, api_keys=["good-key"]))
    assert client.get("/x").status_code == 200  # the address's one token
    # Made-up keys must not buy fresh buckets: they share the address's, which is empty.
    for n in range(3):
        assert client.get("/x", headers={"Authorization": f"Bearer made-up-{n}"}
                          ).status_code == 429
    assert client.get("/x", headers={"Authorization": "Bearer good-key"}).status_code == 200
    assert client.get("/x", headers={"Authorization": "Bearer good-key"}).status_code == 429


def test_forwarded_address_is_used_only_when_trusted() -> None:
    untrusted = TestClient(limited_app(FakeClock(), per_minute=1, burst=1))
    assert untrusted.get("/x", headers={"X-Forwarded-For": "10.0.0.1"}).status_code == 200
    assert untrusted.get("/x", headers={"X-Forwarded-For": "10.0.0.2"}).status_code == 429

    trusted = TestClient(limited_app(FakeClock(), per_minute=1, burst=1, trust_forwarded=True))
    assert trusted.get("/x", headers={"X-Forwarded-For": "10.0.0.1, 1.2.3.4"}).status_code == 200
    assert trusted.get("/x", headers={"X-Forwarded-For": "10.0.0.2"}).status_code == 200
    assert trusted.get("/x", headers={"X-Forwarded-For": "10.0.0.1"}).status_code == 429


def test_bad_configuration_is_refused() -> None:
    with pytest.raises(ValueError):
        TokenBuckets(per_minute=0, burst=1)
    with pytest.raises(ValueError):
        TokenBuckets(per_minute=10, burst=0)


@pytest.fixture
def service_client() -> Iterator[TestClient]:
    settings = Settings(
        elasticsearch=ElasticsearchSettings(url="http://127.0.0.1:9", max_retries=0),
        api=ApiSettings(
            rate_limit_per_minute=3, rate_limit_burst=3, api_keys=[SecretStr("editor-key")]
        ),
    )
    app = create_app(settings, encoder=HashEncoder(), judge=NeutralJudge())
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_create_app_wires_the_limit_from_settings(service_client: TestClient) -> None:
    # Bad bodies still spend tokens: the limit comes before any work is done.
    statuses = [service_client.post("/v1/check", json={"claim": ""}).status_code for _ in range(4)]
    assert statuses == [422, 422, 422, 429]
    refused = service_client.post("/v1/check", json={"claim": ""})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert service_client.get("/healthz").status_code == 200
    keyed = service_client.post(
        "/v1/check", json={"claim": ""}, headers={"Authorization": "Bearer editor-key"}
    )
    assert keyed.status_code == 422


def test_limit_is_off_by_default() -> None:
    settings = Settings(
        elasticsearch=ElasticsearchSettings(url="http://127.0.0.1:9", max_retries=0)
    )
    app = create_app(settings, encoder=HashEncoder(), judge=NeutralJudge())
    with TestClient(app, raise_server_exceptions=False) as client:
        assert all(
            client.post("/v1/check", json={"claim": ""}).status_code == 422 for _ in range(30)
        )
