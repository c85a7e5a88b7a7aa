"""The GraphQL schema itself: exported SDL, mirror of the pydantic models, limits, error policy,
batching. Nothing here reaches Elasticsearch (the node is dead; faults are injected)."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import graphql
import pytest
from pydantic import BaseModel
from starlette.testclient import TestClient
from strawberry.utils.str_converters import to_camel_case

from api.graphql.export import schema_sdl
from api.graphql.schema import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS
from factcheck import schemas as s
from factcheck.articles import ArticleRecord
from factcheck.index.reader import ArticleReader
from factcheck.schemas import ArticleRef, SentenceOut

from .apps import app_client, gql
from .fakes import BrokenEncoder

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with app_client() as test_client:
        yield test_client


@pytest.fixture(scope="module")
def sdl_schema() -> graphql.GraphQLSchema:
    return graphql.build_schema(schema_sdl())


def test_committed_schema_matches_the_code() -> None:
    committed = (ROOT / "schema.graphql").read_text()
    assert committed == schema_sdl(), (
        "schema.graphql is out of date: run `.venv/bin/python -m api.graphql.export > "
        "schema.graphql` and commit it"
    )


# GraphQL type <- pydantic model, and the GraphQL-only fields (resolved through loaders).
MIRRORS: list[tuple[str, type[BaseModel], set[str]]] = [
    ("Attribution", s.AttributionOut, set()),
    ("Article", s.ArticleRef, {"sentences"}),
    ("Sentence", s.SentenceOut, set()),
    ("Context", s.Context, set()),
    ("AlsoIn", s.AlsoIn, {"article"}),
    ("PassageStance", s.PassageStance, set()),
    ("Passage", s.Passage, set()),
    ("Verdict", s.Verdict, set()),
    ("CheckResult", s.CheckResponse, {"claimReviewDraft"}),
    ("FactCheck", s.FactCheckOut, set()),
    ("FactCheckConnection", s.FactCheckPage, set()),
    ("FactCheckIngestResult", s.FactCheckIngestResponse, set()),
    ("CheckedClaim", s.CheckedClaim, set()),
    ("SkippedSentence", s.SkippedSentence, set()),
    ("TextCheck", s.TextCheckResponse, set()),
    ("ArticleEdge", s.ArticleEdge, set()),
    ("PageInfo", s.PageInfo, set()),
    ("ArticleConnection", s.ArticlePage, set()),
    ("IngestFailure", s.IngestFailure, set()),
    ("IngestResult", s.IngestResponse, set()),
    ("DeleteResult", s.DeleteResponse, set()),
    ("CheckFilters", s.CheckFilters, set()),
    ("ArticleInput", ArticleRecord, set()),
]


@pytest.mark.parametrize(("name", "model", "extra"), MIRRORS, ids=[m[0] for m in MIRRORS])
def test_graphql_types_mirror_the_pydantic_models(
    sdl_schema: graphql.GraphQLSchema, name: str, model: type[BaseModel], extra: set[str]
) -> None:
    graphql_type = sdl_schema.get_type(name)
    assert isinstance(graphql_type, graphql.GraphQLObjectType | graphql.GraphQLInputObjectType)
    expected = {to_camel_case(field) for field in model.model_fields} | extra
    assert set(graphql_type.fields) == expected


@pytest.mark.parametrize(
    ("field", "model"),
    [("check", s.CheckRequest), ("checkText", s.CheckTextRequest),
     ("articles", s.ArticlesRequest)],
)
def test_query_arguments_mirror_the_request_models(
    sdl_schema: graphql.GraphQLSchema, field: str, model: type[BaseModel]
) -> None:
    assert sdl_schema.query_type is not None
    arguments = sdl_schema.query_type.fields[field].args
    assert set(arguments) == {to_camel_case(name) for name in model.model_fields}
    for name, info in model.model_fields.items():
        if not info.is_required() and info.default is not None:
            argument = arguments[to_camel_case(name)]
            assert argument.ast_node is not None and argument.ast_node.default_value is not None
            default = graphql.value_from_ast(argument.ast_node.default_value, argument.type)
            assert default == info.default


def test_enums_have_the_values_of_the_python_enums(sdl_schema: graphql.GraphQLSchema) -> None:
    for name, enum in [("VerdictLabel", s.VerdictLabel), ("SkipReason", s.SkipReason),
                       ("ClaimSignal", s.ClaimSignal)]:
        graphql_enum = sdl_schema.get_type(name)
        assert isinstance(graphql_enum, graphql.GraphQLEnumType)
        assert set(graphql_enum.values) == {member.name for member in enum}


# -- limits -------------------------------------------------------------------------------------


def _messages(response: Any) -> str:
    return " ".join(e["message"] for e in response.json().get("errors", []))


DEEPEST = """{ checkText(text: "x") { ... on TextCheck { claims { result { supporting {
  alsoIn { article { sentences { attribution { speaker } } } } } } } } } }"""


def test_the_deepest_real_query_is_within_the_depth_limit(client: TestClient) -> None:
    response = gql(client, DEEPEST)
    assert "depth" not in _messages(response)


def test_too_deep_a_query_is_refused_before_it_runs(client: TestClient) -> None:
    inner = "speaker"
    for _ in range(MAX_DEPTH + 1):
        inner = f"nested {{ {inner} }}"
    response = gql(client, f"{{ article(id: \"a\") {{ {inner} }} }}")
    assert f"exceeds maximum operation depth of {MAX_DEPTH}" in _messages(response)
    assert response.json().get("data") is None


def test_too_many_aliases_are_refused(client: TestClient) -> None:
    fields = " ".join(f'c{n}: check(claim: "Kherson fell") {{ __typename }}'
                      for n in range(MAX_ALIASES + 1))
    response = gql(client, f"{{ {fields} }}")
    assert "aliases" in _messages(response).lower()
    assert response.json().get("data") is None


def test_too_many_tokens_are_refused(client: TestClient) -> None:
    fields = " ".join(["__typename"] * MAX_TOKENS)
    response = gql(client, f"{{ {fields} }}")
    assert f"more than {MAX_TOKENS} tokens" in _messages(response)


def test_introspection_follows_the_setting() -> None:
    query = "{ __schema { queryType { name } } }"
    with app_client(introspection=True) as open_client:
        assert gql(open_client, query).json()["data"]["__schema"]["queryType"]["name"] == "Query"
    with app_client(introspection=False) as closed_client:
        response = gql(closed_client, query)
        assert "introspection" in _messages(response).lower()
        assert gql(closed_client, "{ __typename }").json()["data"] == {"__typename": "Query"}


def test_graphiql_only_when_enabled() -> None:
    html = {"accept": "text/html"}
    with app_client(graphiql=False) as off:
        assert off.get("/graphql", headers=html).status_code == 404
    with app_client(graphiql=True) as on:
        page = on.get("/graphql", headers=html)
        assert page.status_code == 200 and "graphiql" in page.text.lower()


def test_bodies_over_the_limit_are_refused_like_rest() -> None:
    with app_client(max_body_bytes=4096) as small:
        response = gql(small, '{ check(claim: "%s") { __typename } }' % ("x" * 5000))
        assert response.status_code == 413
        (error,) = response.json()["errors"]
        assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
        assert "4096 bytes" in error["message"]


def test_queries_are_not_accepted_by_get(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": "{ __typename }"})
    assert response.status_code >= 400


# -- error policy -------------------------------------------------------------------------------


def test_unexpected_errors_are_masked_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    broken = BrokenEncoder("internal detail: /srv/secret/path")
    with app_client(encoder=broken) as client, caplog.at_level(logging.ERROR):
        response = gql(client, '{ check(claim: "Kherson fell") { __typename } }')
        rest = client.post("/v1/check", json={"claim": "Kherson fell"})
    (error,) = response.json()["errors"]
    assert error["message"] == "Unexpected error."
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "secret" not in response.text
    assert rest.status_code == 500 and "secret" not in rest.text
    logged = [r for r in caplog.records if r.exc_info and "secret" in str(r.exc_info[1])]
    assert len(logged) == 2  # one traceback per transport


def test_elasticsearch_down_is_named_not_masked(client: TestClient) -> None:
    response = gql(client, '{ check(claim: "Kherson fell") { __typename } }')
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert "Elasticsearch is unavailable" in error["message"]


def test_syntax_errors_are_shown_not_masked(client: TestClient) -> None:
    response = gql(client, "{ check(claim: ) }")
    assert "Syntax Error" in _messages(response)
    response = gql(client, '{ check(claim: "x") { nope } }')
    assert "nope" in _messages(response)


# -- batching -----------------------------------------------------------------------------------


def test_article_lookups_of_one_query_are_batched(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, list[str]]] = []

    async def articles_by_id(self: ArticleReader, ids: Sequence[str]) -> list[ArticleRef | None]:
        calls.append(("articles", list(ids)))
        return [ArticleRef(id=i, title=f"T{i}") if i != "missing" else None for i in ids]

    async def sentences_by_article(
        self: ArticleReader, ids: Sequence[str]
    ) -> list[list[SentenceOut]]:
        calls.append(("sentences", list(ids)))
        return [[SentenceOut(index=0, text=f"{i} fell.")] for i in ids]

    # Elasticsearch stands in at the reader's edge; the loaders and resolvers are the real ones.
    monkeypatch.setattr(ArticleReader, "articles_by_id", articles_by_id)
    monkeypatch.setattr(ArticleReader, "sentences_by_article", sentences_by_article)
    response = gql(client, """{
      a: article(id: "x") { id title sentences { text } }
      b: article(id: "y") { title sentences { text } }
      c: article(id: "missing") { id }
      d: article(id: "x") { title }
    }""")
    data = response.json()["data"]
    assert data["a"] == {"id": "x", "title": "Tx", "sentences": [{"text": "x fell."}]}
    assert data["b"]["title"] == "Ty"
    assert data["c"] is None
    assert calls == [("articles", ["x", "y", "missing"]), ("sentences", ["x", "y"])]
