"""Bad input is refused the same way by REST (422) and GraphQL (InvalidInput), naming the field
(snake_case in REST, the argument's camelCase in GraphQL), before anything reaches the node."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import SecretStr
from starlette.testclient import TestClient
from strawberry.utils.str_converters import to_camel_case

from .apps import app_client, gql

KEY = {"Authorization": "Bearer k1"}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with app_client(api_keys=[SecretStr("k1")]) as test_client:
        yield test_client


def camel(field: str) -> str:
    return ".".join(p if p.isdigit() else to_camel_case(p) for p in field.split("."))


CHECK = """query($claim: String!, $topK: Int!, $filters: CheckFilters) {
  check(claim: $claim, topK: $topK, filters: $filters) {
    __typename ... on InvalidInput { message errors { field message } } } }"""
CHECK_TEXT = """query($text: String!, $maxClaims: Int!, $topK: Int!) {
  checkText(text: $text, maxClaims: $maxClaims, topK: $topK) {
    __typename ... on InvalidInput { errors { field message } } } }"""
ARTICLES = """query($first: Int!, $after: String, $source: String, $publishedAfter: Date,
                    $publishedBefore: Date) {
  articles(first: $first, after: $after, source: $source, publishedAfter: $publishedAfter,
           publishedBefore: $publishedBefore) {
    __typename ... on InvalidInput { errors { field message } } } }"""
INGEST = """mutation($input: ArticleInput!) { ingestArticle(input: $input) {
    __typename ... on InvalidInput { errors { field message } } } }"""

# (case id, REST call, GraphQL document, GraphQL variables, field as REST names it, words)
CASES: list[tuple[str, tuple[str, str, dict[str, Any]], str, dict[str, Any], str, str]] = [
    ("blank claim", ("post", "/v1/check", {"claim": "  "}), CHECK,
     {"claim": "  ", "topK": 10}, "claim", "empty"),
    ("claim too long", ("post", "/v1/check", {"claim": "x" * 2001}), CHECK,
     {"claim": "x" * 2001, "topK": 10}, "claim", "2000"),
    ("top_k too big", ("post", "/v1/check", {"claim": "ok", "top_k": 51}), CHECK,
     {"claim": "ok", "topK": 51}, "top_k", "less than or equal to 50"),
    ("dates reversed",
     ("post", "/v1/check", {"claim": "ok", "filters": {"published_after": "2022-03-04",
                                                       "published_before": "2022-03-03"}}),
     CHECK, {"claim": "ok", "topK": 10, "filters": {"publishedAfter": "2022-03-04",
                                                     "publishedBefore": "2022-03-03"}},
     "filters", "must not be later"),
    ("empty source", ("post", "/v1/check", {"claim": "ok", "filters": {"sources": [""]}}),
     CHECK, {"claim": "ok", "topK": 10, "filters": {"sources": [""]}}, "filters.sources.0",
     "at least 1"),
    ("blank draft", ("post", "/v1/check-text", {"text": "\n \t"}), CHECK_TEXT,
     {"text": "\n \t", "maxClaims": 20, "topK": 5}, "text", "empty"),
    ("draft too long", ("post", "/v1/check-text", {"text": "Kyiv. " * 4000}), CHECK_TEXT,
     {"text": "Kyiv. " * 4000, "maxClaims": 20, "topK": 5}, "text", "20000"),
    ("max_claims zero", ("post", "/v1/check-text", {"text": "Kyiv held.", "max_claims": 0}),
     CHECK_TEXT, {"text": "Kyiv held.", "maxClaims": 0, "topK": 5}, "max_claims",
     "greater than or equal to 1"),
    ("page too big", ("get", "/v1/articles?first=101", {}), ARTICLES, {"first": 101}, "first",
     "less than or equal to 100"),
    ("forged cursor", ("get", "/v1/articles?after=bm90LWEtY3Vyc29y", {}), ARTICLES,
     {"first": 20, "after": "bm90LWEtY3Vyc29y"}, "after", "not a cursor"),
    ("page dates reversed",
     ("get", "/v1/articles?published_after=2022-03-04&published_before=2022-03-01", {}),
     ARTICLES, {"first": 20, "publishedAfter": "2022-03-04", "publishedBefore": "2022-03-01"},
     "", "must not be later"),
]


@pytest.mark.parametrize(("rest", "document", "variables", "field", "words"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_same_bad_input_is_refused_by_both_transports(
    client: TestClient, rest: tuple[str, str, dict[str, Any]], document: str,
    variables: dict[str, Any], field: str, words: str,
) -> None:
    method, path, body = rest
    response = client.post(path, json=body) if method == "post" else client.get(path)
    assert response.status_code == 422, response.text
    rest_errors = response.json()["errors"]
    assert any(e["field"] == (field or "body") and words in e["message"] for e in rest_errors)

    answer = gql(client, document, variables).json()
    assert "errors" not in answer, answer
    (payload,) = answer["data"].values()
    assert payload["__typename"] == "InvalidInput"
    graphql_errors = payload["errors"]
    assert any(e["field"] == (camel(field) or "body") and words in e["message"]
               for e in graphql_errors), graphql_errors
    assert {camel(e["field"]) for e in rest_errors} == {e["field"] for e in graphql_errors}


@pytest.mark.parametrize(
    ("record", "field", "words"),
    [
        ({"body": ""}, "body", "at least 1"),
        ({"body": "Kherson fell.", "url": "ftp://example.com/a"}, "url", "http(s)"),
        ({"body": "Kherson fell.", "id": "has space"}, "id", "pattern"),
        ({"body": "Kherson fell.", "publishedAt": "1700-01-01"}, "published_at", "after 1800"),
        # Nothing left once boilerplate is removed: refused as a whole, nothing is written.
        ({"body": "advertisement"}, "body", "no complete sentence"),
    ],
)
def test_bad_articles_are_refused_by_both_transports(
    client: TestClient, record: dict[str, Any], field: str, words: str
) -> None:
    rest_record = {("published_at" if k == "publishedAt" else k): v for k, v in record.items()}
    response = client.post("/v1/articles", json={"articles": [rest_record]}, headers=KEY)
    assert response.status_code == 422, response.text
    assert any(e["field"] == f"articles.0.{field}" and words in e["message"]
               for e in response.json()["errors"]), response.json()

    answer = gql(client, INGEST, {"input": record}, headers=KEY).json()
    payload = answer["data"]["ingestArticle"]
    assert payload["__typename"] == "InvalidInput", answer
    assert any(e["field"] == f"input.{camel(field)}" and words in e["message"]
               for e in payload["errors"]), payload


def test_batches_are_bounded(client: TestClient) -> None:
    records = [{"body": "Kherson fell on Thursday."}] * 101
    response = client.post("/v1/articles", json={"articles": records}, headers=KEY)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "articles"


def test_bad_article_ids_in_paths(client: TestClient) -> None:
    long_id = "a" * 513
    assert client.get(f"/v1/articles/{long_id}").status_code == 422
    assert client.delete(f"/v1/articles/{long_id}", headers=KEY).status_code == 422
    answer = gql(client, f'mutation {{ deleteArticle(id: "{long_id}") {{ __typename }} }}',
                 headers=KEY).json()
    assert answer["data"]["deleteArticle"]["__typename"] == "InvalidInput"
    assert gql(client, f'{{ article(id: "{long_id}") {{ id }} }}').json()["data"] == {
        "article": None
    }


def test_unknown_query_parameters_are_refused(client: TestClient) -> None:
    response = client.get("/v1/articles?sources=VOA")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "sources"


def test_openapi_documents_every_rest_route_with_its_key_rule(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert {"post", "get"} <= set(paths["/v1/articles"])
    assert {"get", "delete"} <= set(paths["/v1/articles/{article_id}"])
    assert "post" in paths["/v1/check-text"]
    writes = [paths["/v1/articles"]["post"], paths["/v1/articles/{article_id}"]["delete"]]
    assert all(op["security"] == [{"apiKey": []}] for op in writes)
    assert {} in paths["/v1/check"]["post"]["security"]  # reads: the key is optional
    assert spec["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    listed = {p["name"] for p in paths["/v1/articles"]["get"]["parameters"]}
    assert listed == {"first", "after", "source", "published_after", "published_before"}
    schemas = spec["components"]["schemas"]
    assert {"CheckTextRequest", "TextCheckResponse", "IngestRequest", "IngestResponse",
            "ArticlePage", "DeleteResponse"} <= set(schemas)


@pytest.mark.parametrize("value", ["20220303", "2022-3-3", "2022-03-03T00:00:00", "2022-W09-4",
                                   "\uff12\uff10\uff12\uff12-03-03", "2022-02-30", 20220303],
                         ids=["basic-format", "short", "datetime", "week-date", "fullwidth-digits",
                              "no-such-day", "number"])
def test_graphql_dates_are_the_days_rest_accepts(client: TestClient, value: Any) -> None:
    # date.fromisoformat (strawberry's own Date) reads "20220303" and "2022-W09-4"; REST does not.
    rest = client.get("/v1/articles", params={"published_after": str(value)})
    assert rest.status_code == 422, rest.text
    answer = gql(client, ARTICLES, {"first": 20, "publishedAfter": value}).json()
    assert answer.get("data") is None, answer
    (error,) = answer["errors"]
    assert "$publishedAfter" in error["message"], error
    assert "YYYY-MM-DD" in error["message"] or "out of range" in error["message"], error
    # The same day written properly passes both (and reaches the dead node: a 503 / an error
    # with code UNAVAILABLE, not a refusal of the input).
    assert client.get("/v1/articles", params={"published_after": "2022-03-03"}).status_code == 503
    ok = gql(client, ARTICLES, {"first": 20, "publishedAfter": "2022-03-03"}).json()
    assert "Date" not in str(ok.get("errors")), ok
