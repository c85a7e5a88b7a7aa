"""Hostile and malformed input against the real service (real node, real models): generated
requests from the OpenAPI and GraphQL schemas, and hand-made nasties beyond the field-level cases
of tests/unit/test_api_validation.py and tests/unit/test_api_inputs.py. Nothing may answer 5xx;
refusals are 4xx with a message a client can act on."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck
from pydantic import SecretStr
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig
from starlette.testclient import TestClient

from api.app import create_app
from api.graphql.schema import MAX_ALIASES, MAX_DEPTH
from api.openapi import build_openapi
from factcheck.documents import Article
from factcheck.embedding import Encoder
from factcheck.settings import ApiSettings, Settings
from factcheck.stance import StanceJudge

from .conftest import _serve, drop_indices, fresh_index_name, index_articles, make_settings

JSON = {"content-type": "application/json"}
KEY = "hostile-test-key"

# Bounded: the whole module runs in a minute or two on two cores (the fuzz tests ~30 s of it).
EXAMPLES = int(os.environ.get("FACTCHECK_FUZZ_EXAMPLES", "50"))
# Seconds one generated request may take (the slowest valid one, check-text with 20 claims, takes
# a few), and one fuzz test in all: a hang fails loudly instead of blocking the run.
REQUEST_TIMEOUT = 30
FUZZ_TIME_LIMIT = 300
FUZZ = hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
# 413 is a refusal too: a generated body can be over the size limit before anything else.
_REFUSALS = SchemathesisConfig().projects.default.checks.negative_data_rejection.expected_statuses
CONFIG = SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {
    "expected-statuses": [*_REFUSALS, "413"]}}})


def detail(response: Any) -> str:
    body = response.json()
    assert isinstance(body.get("detail"), str) and body["detail"], body
    return str(body["detail"])


@pytest.fixture(scope="module")
def hostile_client(
    seed_settings: Settings, encoder: Encoder, judge: StanceJudge
) -> Iterator[TestClient]:
    """The seed index under production-like settings: a write key, introspection off."""
    settings = seed_settings.model_copy(update={"api": ApiSettings(
        api_keys=[SecretStr(KEY)], introspection=False,
    )})
    app = create_app(settings, encoder=encoder, judge=judge)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


# -- generated requests: every REST operation and GraphQL field ------------------------------

_PATHS = build_openapi()["paths"]
# Negative cases need something to break: a body or a parameter.
CASES = [(method.upper(), path, mode) for path, item in _PATHS.items()
         for method, operation in item.items()
         for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
         if mode is GenerationMode.POSITIVE
         or "requestBody" in operation or operation.get("parameters")]


@pytest.fixture(scope="module")
def fuzz_server(es_url: str, encoder: Encoder, seed_articles: list[Article]) -> Iterator[str]:
    """``python -m api`` on its own copy of the seeds, with a write key: generated writes and
    deletes must not disturb the indices the other tests read."""
    settings = make_settings(es_url, fresh_index_name("test-fuzz"))
    try:
        index_articles(settings, encoder, seed_articles)
        yield from _serve(settings, {"FACTCHECK_API__API_KEYS": json.dumps([KEY])})
    finally:
        drop_indices(settings)


@pytest.mark.fuzz
@pytest.mark.time_limit(FUZZ_TIME_LIMIT)
@pytest.mark.parametrize(("method", "path", "mode"), CASES,
                         ids=[f"{m} {p} {mode.value}" for m, p, mode in CASES])
def test_every_rest_operation_survives_generated_input(
    fuzz_server: str, method: str, path: str, mode: GenerationMode
) -> None:
    """Valid bodies are served, invalid ones refused with a documented 4xx, and every answer
    matches the documented schema (status, content type, body)."""
    schema = schemathesis.openapi.from_url(f"{fuzz_server}/openapi.json", config=CONFIG)
    operation = schema[path][method]
    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance, negative_data_rejection]

    @FUZZ
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"}, checks=checks,
                               timeout=REQUEST_TIMEOUT)

    run()


def _json_values() -> Any:
    """GraphQL literals for the JSON scalar (ingestFactChecks' documents): objects of strings,
    numbers and lists, the shapes a ClaimReview document takes, and everything else."""
    import graphql
    from hypothesis import strategies as st

    leaves = st.one_of(
        st.text(max_size=30).map(lambda v: graphql.StringValueNode(value=v)),
        st.integers(-1000, 1000).map(lambda v: graphql.IntValueNode(value=str(v))),
        st.booleans().map(lambda v: graphql.BooleanValueNode(value=v)),
        st.just(graphql.NullValueNode()),
    )
    keys = st.sampled_from(["@type", "claimReviewed", "url", "itemReviewed", "reviewRating",
                            "text", "claimReview", "author", "name", "@graph", "x"])

    def objects(children: Any) -> Any:
        return st.lists(st.tuples(keys, children), max_size=5).map(
            lambda pairs: graphql.ObjectValueNode(fields=tuple(
                graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=v)
                for k, v in pairs)))

    return st.recursive(
        leaves,
        lambda children: st.one_of(
            objects(children),
            st.lists(children, max_size=4).map(lambda v: graphql.ListValueNode(values=tuple(v))),
        ),
        max_leaves=12,
    )


@pytest.mark.fuzz
@pytest.mark.time_limit(FUZZ_TIME_LIMIT)
def test_every_graphql_field_survives_generated_queries(fuzz_server: str) -> None:
    schemathesis.graphql.scalar("JSON", _json_values())
    schema = schemathesis.graphql.from_url(f"{fuzz_server}/graphql")
    # An invalid schema comes back as Err, which has no ok(): the test fails on it.
    results: list[Any] = list(schema.get_all_operations())
    operations = [result.ok() for result in results]
    assert len(operations) >= 4

    for operation in operations:
        @FUZZ
        @hypothesis.given(case=operation.as_strategy())
        def run(case: Any) -> None:
            response = case.call(headers={"Authorization": f"Bearer {KEY}"},
                                 timeout=REQUEST_TIMEOUT)
            assert response.status_code < 500, response.text
            for error in response.json().get("errors") or []:
                assert error.get("message") != "Unexpected error.", (case.body, error)

        run()


# -- bodies ---------------------------------------------------------------------------------


def test_streamed_body_over_the_limit_is_413_without_a_content_length(
    client: TestClient, seed_settings: Settings
) -> None:
    limit = seed_settings.api.max_body_bytes

    def chunks() -> Iterator[bytes]:  # chunked transfer: no Content-Length to refuse early
        yield b'{"claim": "'
        for _ in range(limit // 10_000 + 2):
            yield b"x" * 10_000
        yield b'"}'

    response = client.post("/v1/check", content=chunks(), headers=JSON)
    assert response.status_code == 413
    assert str(limit) in detail(response)


def test_declared_length_over_the_limit_is_413_for_graphql_too(
    client: TestClient, seed_settings: Settings
) -> None:
    big = json.dumps({"query": "{ __typename }", "padding": "x" * seed_settings.api.max_body_bytes})
    response = client.post("/graphql", content=big, headers=JSON)
    assert response.status_code == 413
    assert "larger than" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("content_type", "status"),
    [
        (None, 415),
        ("text/plain", 415),
        ("application/x-www-form-urlencoded", 415),
        ("multipart/form-data; boundary=x", 415),
        ("application/jsonx", 415),
        ("application/json; charset=utf-8", 200),
        ("APPLICATION/JSON", 200),
    ],
)
def test_content_types(client: TestClient, content_type: str | None, status: int) -> None:
    headers = {"content-type": content_type} if content_type else {}
    body = json.dumps({"claim": "Kherson fell to Russian forces", "top_k": 1}).encode()
    response = client.post("/v1/check", content=body, headers=headers)
    assert response.status_code == status, response.text
    if status == 415:
        assert "application/json" in detail(response)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        # Deep nesting far past any limit, well inside the 1 MB body limit.
        (b'{"claim": "x", "filters": ' + b"[" * 200_000 + b"]" * 200_000 + b"}", "recursion"),
        (b"[" * 400_000 + b"]" * 400_000, "recursion"),
        (b'{"claim": "x", "top_k": 1' + b"0" * 5000 + b"}", "number"),
        (b'{"claim": "x", "top_k": 1e400}', "integer"),
        (b'{"claim": "x", "top_k": NaN}', "top_k"),
        (b'{"claim": "x", "top_k": -Infinity}', "top_k"),
        (b'\xef\xbb\xbf{"claim": "x"}', "JSON"),  # a UTF-8 byte-order mark
        (b'{"claim": "\\ud800"}', "JSON"),  # a lone surrogate cannot be text
        (b'{"claim": "x"} trailing', "JSON"),
        (b'{"claim": "x", "top_k": true}', "integer"),
    ],
    ids=["deep-filters", "deep-array", "huge-int", "huge-float", "nan", "infinity", "bom",
         "lone-surrogate", "trailing-garbage", "bool-as-int"],
)
def test_malformed_json_is_a_clear_4xx(client: TestClient, raw: bytes, words: str) -> None:
    response = client.post("/v1/check", content=raw, headers=JSON)
    assert 400 <= response.status_code < 500, response.text[:300]
    assert words.lower() in detail(response).lower()


def test_invalid_utf8_names_the_byte(client: TestClient) -> None:
    response = client.post("/v1/check", content=b'{"claim": "caf\xc3\x28"}', headers=JSON)
    assert response.status_code == 400
    assert "UTF-8" in detail(response) and "byte 14" in detail(response)


def test_a_wide_object_is_refused_with_a_bounded_answer(client: TestClient) -> None:
    # 60,000 unknown fields: each is an error, but the answer must not grow with them.
    body = json.dumps({"claim": "x", **{f"k{i}": i for i in range(60_000)}}).encode()
    response = client.post("/v1/check", content=body, headers=JSON)
    assert response.status_code == 422
    assert len(response.content) < 64_000, f"{len(response.content)} bytes of errors"
    assert "Extra inputs" in detail(response)


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"published_after": "2022-02-30"}, "filters.published_after"),
        ({"published_after": "0000-01-01"}, "filters.published_after"),
        ({"published_before": "10000-01-01"}, "filters.published_before"),
        ({"published_before": "2022-03-03T10:00:00"}, "filters.published_before"),
        ({"published_after": "2022-3-3"}, "filters.published_after"),
        ({"published_after": ""}, "filters.published_after"),
        ({"published_after": None, "published_before": [2022, 3, 3]},
         "filters.published_before"),
        ({"sources": ["x" * 201]}, "filters.sources.0"),
        ({"sources": ["a"] * 51}, "filters.sources"),
    ],
)
def test_more_malformed_filters_name_the_field(
    client: TestClient, filters: dict[str, Any], field: str
) -> None:
    response = client.post("/v1/check", json={"claim": "Kherson fell", "filters": filters})
    assert response.status_code == 422, response.text
    assert field in {e["field"] for e in response.json()["errors"]}


@pytest.mark.parametrize("value", ["0", "0.0", "1646265600", "2022-03-03T00:00:00", "2022-3-3",
                                   "", "\uff12\uff10\uff12\uff12-03-03", "2022-02-30"],
                         ids=["zero", "zero-float", "epoch-seconds", "datetime", "short",
                              "empty", "fullwidth-digits", "no-such-day"])
@pytest.mark.parametrize("name", ["published_after", "published_before"])
def test_article_page_dates_are_days(client: TestClient, name: str, value: str) -> None:
    # Query values are strings; pydantic alone reads a number in one as seconds since 1970.
    response = client.get("/v1/articles", params={name: value})
    assert response.status_code == 422, response.text
    assert name in {e["field"] for e in response.json()["errors"]}
    assert client.get("/v1/articles", params={name: "2022-03-03"}).status_code == 200


@pytest.mark.parametrize("top_k", [2**31, 2**63, -(2**63), 10**30, 50.5, "50"])
def test_huge_or_odd_top_k(client: TestClient, top_k: Any) -> None:
    response = client.post("/v1/check", json={"claim": "Kherson fell", "top_k": top_k})
    assert response.status_code == 422
    assert "top_k" in {e["field"] for e in response.json()["errors"]}


@pytest.mark.parametrize(
    "claim",
    ["a\u0000b", "\u202eevil\u202c", "\u200b\u200bKherson\u200b", "🙂" * 500, "Ω" * 2000,
     "x" * 2000, "<script>alert(1)</script>", "' OR 1=1 --", "{{7*7}}", "*:* AND _exists_:x"],
    ids=["nul", "bidi", "zero-width", "emoji", "long-greek", "one-token", "html", "sql",
         "template", "lucene-syntax"],
)
def test_odd_but_valid_claims_are_served(client: TestClient, claim: str) -> None:
    response = client.post("/v1/check", json={"claim": claim, "top_k": 3})
    assert response.status_code == 200, response.text[:300]
    assert response.json()["claim"] == claim.strip()


@pytest.mark.parametrize(
    "path",
    ["/v1/articles/" + "é" * 400, "/v1/articles/%00%01", "/v1/articles/..%2F..%2Fetc",
     "/v1/articles/_search", "/v1/articles/a%20b", "/v1/articles/" + "a" * 513,
     "/v1/articles/%FF%FE"],
    ids=["multibyte-long", "control", "traversal", "es-endpoint", "space", "too-long",
         "bad-percent"],
)
def test_odd_article_ids_are_4xx(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert 400 <= response.status_code < 500, response.text[:300]


@pytest.mark.parametrize("method", ["PUT", "PATCH", "HEAD", "OPTIONS", "TRACE"])
def test_other_methods_are_405(client: TestClient, method: str) -> None:
    response = client.request(method, "/v1/check")
    assert response.status_code == 405


# -- writes need a valid key ----------------------------------------------------------------


ARTICLE = {"id": "hostile-1", "title": "T", "source": "Test", "body": "The council met."}


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong-key"}, 403),
        ({"Authorization": f"Basic {KEY}"}, 401),
        ({"Authorization": "Bearer"}, 401),
        ({"Authorization": f"Bearer {KEY}x"}, 403),
        ({"Authorization": f"Bearer {KEY[:-1]}"}, 403),
        ({"X-API-Key": KEY}, 401),  # the key goes in Authorization, nowhere else
    ],
)
def test_writes_without_a_valid_key_are_refused(
    hostile_client: TestClient, headers: dict[str, str], status: int
) -> None:
    for method, path, body in [("POST", "/v1/articles", {"articles": [ARTICLE]}),
                               ("DELETE", "/v1/articles/001_62c23869d16e3724", None)]:
        response = hostile_client.request(method, path, json=body, headers=headers)
        assert response.status_code == status, (method, response.text)
        assert "key" in detail(response).lower()
        assert response.headers["www-authenticate"].startswith("Bearer")
    mutation = ('mutation { deleteArticle(id: "001_62c23869d16e3724") '
                '{ __typename } }')
    response = hostile_client.post("/graphql", json={"query": mutation}, headers=headers)
    assert response.status_code == status
    assert "key" in response.json()["errors"][0]["message"].lower()
    # Nothing was deleted.
    assert hostile_client.get("/v1/articles/001_62c23869d16e3724").status_code == 200


# -- GraphQL documents beyond the limits -------------------------------------------------------


def gql(client: TestClient, query: str, **extra: Any) -> Any:
    return client.post("/graphql", json={"query": query, **extra})


def messages(response: Any) -> str:
    return " ".join(e["message"] for e in response.json().get("errors") or [])


PASSAGE = "supporting { text article { id sentences { text attribution { speaker } } } }"


def test_batched_operations_are_refused(hostile_client: TestClient) -> None:
    batch = [{"query": '{ check(claim: "Kherson fell") { __typename } }'}] * 20
    response = hostile_client.post("/graphql", json=batch)
    assert 400 <= response.status_code < 500
    assert "batch" in response.text.lower()


def test_depth_hidden_in_fragments_is_refused(hostile_client: TestClient) -> None:
    # Each fragment adds a level; the limiter must follow spreads, not just the text.
    fragments = ["fragment F0 on Sentence { text }",
                 "fragment F1 on Article { sentences { ...F0 } }"]
    for n in range(2, MAX_DEPTH + 2):
        fragments.append(f"fragment F{n} on AlsoIn {{ article {{ ...F{n - 1} }} }}")
    query = ('{ check(claim: "Kherson fell") { ... on CheckResult { supporting { alsoIn { '
             f'...F{MAX_DEPTH + 1} }} }} }} }} }}\n' + "\n".join(fragments))
    response = gql(hostile_client, query)
    assert response.json().get("data") is None
    assert f"exceeds maximum operation depth of {MAX_DEPTH}" in messages(response)


def test_fragment_cycles_are_refused(hostile_client: TestClient) -> None:
    query = """{ article(id: "x") { ...A } }
      fragment A on Article { sentences { text } ...B }
      fragment B on Article { ...A }"""
    response = gql(hostile_client, query)
    assert response.json().get("data") is None
    assert "cannot spread fragment" in messages(response).lower()


def test_aliases_hidden_in_fragments_count(hostile_client: TestClient) -> None:
    fields = " ".join(f'c{n}: check(claim: "Kherson fell") {{ __typename }}'
                      for n in range(MAX_ALIASES + 1))
    response = gql(hostile_client, f"{{ ...Q }} fragment Q on Query {{ {fields} }}")
    assert response.json().get("data") is None
    assert "aliases" in messages(response).lower()


def test_the_same_field_repeated_thousands_of_times_is_refused(
    hostile_client: TestClient
) -> None:
    wide = " ".join(['check(claim: "Kherson fell") { __typename }'] * 500)
    response = gql(hostile_client, f"{{ {wide} }}")
    assert response.json().get("data") is None
    assert "tokens" in messages(response).lower()


def test_huge_variables_are_refused_cleanly(hostile_client: TestClient) -> None:
    variables = {"claim": "x" * 5000, "deep": json.loads("[" * 500 + "]" * 500)}
    response = gql(hostile_client, "query($claim: String!) { check(claim: $claim) { "
                   "__typename ... on InvalidInput { errors { field message } } } }",
                   variables=variables)
    assert response.status_code < 500
    body = response.json()
    assert body.get("errors") or body["data"]["check"]["__typename"] == "InvalidInput"


@pytest.mark.parametrize(
    "query",
    ["{ __schema { types { name } } }",
     '{ __type(name: "Query") { fields { name } } }',
     "{ a: __schema { queryType { name } } }",
     "query { ...I } fragment I on Query { __schema { queryType { name } } }"],
    ids=["schema", "type", "aliased", "in-fragment"],
)
def test_introspection_is_off_in_production_settings(
    hostile_client: TestClient, query: str
) -> None:
    response = gql(hostile_client, query)
    assert response.json().get("data") is None
    assert "introspection" in messages(response).lower()


def test_production_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_API__INTROSPECTION", "false")
    monkeypatch.setenv("FACTCHECK_API__RATE_LIMIT_PER_MINUTE", "120")
    settings = Settings()
    assert settings.api.introspection is False
    assert settings.api.rate_limit_per_minute == 120


def test_valid_queries_still_work_under_production_settings(hostile_client: TestClient) -> None:
    response = gql(hostile_client, '{ check(claim: "Russian forces took control of Kherson") '
                   f"{{ ... on CheckResult {{ verdict {{ label }} {PASSAGE} }} }} }}")
    assert response.status_code == 200, response.text
    assert response.json()["data"]["check"]["verdict"]["label"]


# -- rate limit on the real service -----------------------------------------------------------


def test_rate_limit_answers_429_with_retry_after(
    seed_settings: Settings, encoder: Encoder, judge: StanceJudge
) -> None:
    settings = seed_settings.model_copy(update={"api": ApiSettings(
        api_keys=[SecretStr(KEY)], rate_limit_per_minute=2, rate_limit_burst=2,
    )})
    app = create_app(settings, encoder=encoder, judge=judge)
    claim = {"claim": "Kherson fell", "top_k": 1}
    with TestClient(app, raise_server_exceptions=False) as client:
        assert [client.post("/v1/check", json=claim).status_code for _ in range(2)] == [200, 200]
        refused = client.post("/v1/check", json=claim)
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 30
        assert "rate limit" in detail(refused).lower()
        # GraphQL shares the bucket: it is the same client.
        assert gql(client, "{ __typename }").status_code == 429
        # A client with its own key has its own bucket.
        keyed = client.post("/v1/check", json=claim, headers={"Authorization": f"Bearer {KEY}"})
        assert keyed.status_code == 200
        assert client.get("/readyz").status_code == 200
