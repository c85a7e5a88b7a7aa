"""REST and GraphQL give the same answers: one table of cases, run through both transports,
against the real node, the real models and the seed index."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from elasticsearch import AsyncElasticsearch
from starlette.testclient import TestClient

# Every field of the answer, so the two transports can be compared whole.
PASSAGE = """
  id text score sentenceIndex
  stance { label confidence reason }
  attribution { speaker cue }
  article { id title url source publishedAt author }
  context { before after }
  alsoIn { articleId source url }
"""
FACT_CHECK = """
  id claim claimant claimDate appearances publisher publisherSite url title reviewDate language
  rating ratingNormalised similarity
"""
CHECK = f"""query($claim: String!, $topK: Int!, $filters: CheckFilters) {{
  check(claim: $claim, topK: $topK, filters: $filters) {{
    __typename
    ... on CheckResult {{
      claim verdict {{ label confidence }}
      supporting {{ {PASSAGE} }} contradicting {{ {PASSAGE} }} related {{ {PASSAGE} }}
      factChecks {{ {FACT_CHECK} }}
    }}
  }}
}}"""
CHECK_TEXT = f"""query($text: String!, $maxClaims: Int!, $topK: Int!) {{
  checkText(text: $text, maxClaims: $maxClaims, topK: $topK) {{
    __typename
    ... on TextCheck {{
      claims {{ text start end signals result {{
        claim verdict {{ label confidence }}
        supporting {{ {PASSAGE} }} contradicting {{ {PASSAGE} }} related {{ {PASSAGE} }}
        factChecks {{ {FACT_CHECK} }} }} }}
      skipped {{ text start end reason }}
    }}
  }}
}}"""
ARTICLES = """query($first: Int!, $after: String, $source: String, $publishedAfter: Date,
                    $publishedBefore: Date) {
  articles(first: $first, after: $after, source: $source, publishedAfter: $publishedAfter,
           publishedBefore: $publishedBefore) {
    __typename
    ... on ArticleConnection {
      edges { cursor node { id title url source publishedAt author } }
      pageInfo { hasNextPage endCursor }
    }
  }
}"""

ENUM_FIELDS = {"label", "reason", "signals"}
# GraphQL spells enum values as upper-case names; a stance's "reason" is free text (it may quote a
# name of the claim: "name missing from the passage: 'Kherson'") and stays as it is.
ENUM_VALUE = re.compile(r"[A-Z][A-Z0-9_]*")


def snake_case(value: Any, key: str = "") -> Any:
    """A GraphQL answer in the REST shape: snake_case keys, enum values as the REST strings."""
    if isinstance(value, dict):
        return {re.sub(r"(?<!^)([A-Z])", r"_\1", k).lower(): snake_case(v, k)
                for k, v in value.items() if k != "__typename"}
    if isinstance(value, list):
        return [snake_case(v, key) for v in value]
    if key in ENUM_FIELDS and isinstance(value, str) and ENUM_VALUE.fullmatch(value):
        return value.lower()
    return value


def graphql_data(client: TestClient, query: str, variables: dict[str, Any]) -> Any:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def passages(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [*answer["supporting"], *answer["contradicting"], *answer["related"]]


def with_text(answer: dict[str, Any], fragment: str) -> list[dict[str, Any]]:
    return [p for p in passages(answer) if fragment in p["text"]]


# -- the shared cases ---------------------------------------------------------------------------


def expect_lavrov(answer: dict[str, Any]) -> None:
    (hit,) = with_text(answer, "demilitarized even if a peace agreement were signed")
    assert hit["attribution"] == {"speaker": "Foreign Minister Sergei Lavrov", "cue": "told"}
    assert hit["article"]["published_at"] == "2022-03-03"
    assert any(c["source"] == "unionleader.com" for c in [hit["article"], *hit["also_in"]])


def expect_reznikov(answer: dict[str, Any]) -> None:
    hits = with_text(answer, "every reason to be confident")
    assert hits and hits[0]["attribution"]["speaker"] == "Defense Minister Oleksii Reznikov"


def expect_syndicated_once(answer: dict[str, Any]) -> None:
    (hit,) = with_text(answer, "MUKACHEVO")
    assert len(hit["also_in"]) == 1
    assert hit["also_in"][0]["article_id"] != hit["article"]["id"]


def expect_only_the_quint(answer: dict[str, Any]) -> None:
    assert passages(answer)
    assert {p["article"]["source"] for p in passages(answer)} == {"The Quint"}


def expect_nothing(answer: dict[str, Any]) -> None:
    assert passages(answer) == []
    assert answer["verdict"]["label"] == "not_enough_evidence"


def expect_at_most_three(answer: dict[str, Any]) -> None:
    assert 1 <= len(passages(answer)) <= 3


CASES: list[tuple[str, str, dict[str, Any], Callable[[dict[str, Any]], None]]] = [
    ("lavrov", "Lavrov said Ukraine would be demilitarized even if a peace deal were signed", {},
     expect_lavrov),
    ("reznikov", "Reznikov said Ukraine has every reason to be confident", {}, expect_reznikov),
    ("syndicated", "Russian troops seized a key government building in the port of Kherson", {},
     expect_syndicated_once),
    ("source filter", "Kherson population", {"filters": {"sources": ["The Quint"]}},
     expect_only_the_quint),
    ("future dates", "Kherson fell to Russian troops",
     {"filters": {"published_after": "2030-01-01"}}, expect_nothing),
    ("top_k", "Putin spoke with Macron", {"top_k": 3}, expect_at_most_three),
]


def _graphql_variables(claim: str, extra: dict[str, Any]) -> dict[str, Any]:
    filters = extra.get("filters")
    return {
        "claim": claim,
        "topK": extra.get("top_k", 10),
        "filters": {re.sub(r"_(\w)", lambda m: m.group(1).upper(), k): v
                    for k, v in filters.items()} if filters else None,
    }


@pytest.mark.parametrize(("claim", "extra", "expect"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_check_gives_the_same_answer_over_rest_and_graphql(
    client: TestClient, claim: str, extra: dict[str, Any],
    expect: Callable[[dict[str, Any]], None],
) -> None:
    rest = client.post("/v1/check", json={"claim": claim, **extra})
    assert rest.status_code == 200, rest.text
    rest_answer = rest.json()
    graphql_answer = snake_case(graphql_data(client, CHECK, _graphql_variables(claim, extra))
                                ["check"])
    expect(rest_answer)
    expect(graphql_answer)
    assert graphql_answer == rest_answer


DRAFT = (
    "Russian forces took control of the port city of Kherson on Thursday. Is this the beginning "
    "of the end?\n\nKherson is a city of 5 million people. I think the talks were a waste of time."
    " Foreign Minister Sergei Lavrov told journalists that Ukraine would be demilitarized."
)


def test_check_text_gives_the_same_answer_over_rest_and_graphql(client: TestClient) -> None:
    rest = client.post("/v1/check-text", json={"text": DRAFT, "max_claims": 2, "top_k": 3})
    assert rest.status_code == 200, rest.text
    rest_answer = rest.json()
    graphql_answer = snake_case(
        graphql_data(client, CHECK_TEXT, {"text": DRAFT, "maxClaims": 2, "topK": 3})["checkText"]
    )
    assert graphql_answer == rest_answer

    claims = rest_answer["claims"]
    assert [c["text"] for c in claims] == [
        "Russian forces took control of the port city of Kherson on Thursday.",
        "Kherson is a city of 5 million people.",
    ]
    for item in [*claims, *rest_answer["skipped"]]:
        assert re.sub(r"\s+", " ", DRAFT[item["start"]:item["end"]]) == item["text"]
    reasons = {s["text"][:20]: s["reason"] for s in rest_answer["skipped"]}
    assert reasons == {"Is this the beginnin": "question", "I think the talks we": "opinion",
                       "Foreign Minister Ser": "over_limit"}
    first = claims[0]["result"]
    assert any("Kherson" in p["text"] for p in passages(first))


def test_a_checked_sentence_gets_the_verdict_check_gives_it(client: TestClient) -> None:
    answer = client.post("/v1/check-text", json={"text": DRAFT, "top_k": 5}).json()
    for claim in answer["claims"]:
        alone = client.post("/v1/check", json={"claim": claim["text"], "top_k": 5}).json()
        assert claim["result"]["verdict"]["label"] == alone["verdict"]["label"]
        assert [p["id"] for p in passages(claim["result"])] == [p["id"] for p in passages(alone)]


# -- articles -----------------------------------------------------------------------------------


def walk_rest(client: TestClient, **query: Any) -> list[dict[str, Any]]:
    edges: list[dict[str, Any]] = []
    after = None
    while True:
        params = {**query, **({"after": after} if after else {})}
        page = client.get("/v1/articles", params=params)
        assert page.status_code == 200, page.text
        body = page.json()
        edges.extend(body["edges"])
        if not body["page_info"]["has_next_page"]:
            assert len(body["edges"]) <= query.get("first", 20)
            return edges
        after = body["page_info"]["end_cursor"]
        assert after == body["edges"][-1]["cursor"]


def walk_graphql(client: TestClient, **variables: Any) -> list[dict[str, Any]]:
    edges: list[dict[str, Any]] = []
    after = None
    while True:
        page = graphql_data(client, ARTICLES, {**variables, "after": after})["articles"]
        assert page["__typename"] == "ArticleConnection"
        edges.extend(page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            return edges
        after = page["pageInfo"]["endCursor"]


def test_articles_page_through_the_same_way_on_both_transports(client: TestClient) -> None:
    rest = walk_rest(client, first=2)
    graphql = walk_graphql(client, first=2)
    assert snake_case(graphql) == rest
    ids = [e["node"]["id"] for e in rest]
    assert len(ids) == len(set(ids)) == 5
    dates = [e["node"]["published_at"] for e in rest]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates[: len(dated)] == dated  # undated articles come last


def test_articles_filters(client: TestClient) -> None:
    quint = walk_rest(client, source="The Quint")
    assert quint and {e["node"]["source"] for e in quint} == {"The Quint"}
    assert snake_case(walk_graphql(client, first=20, source="The Quint")) == quint
    window = walk_graphql(client, first=20, publishedAfter="2022-03-03",
                          publishedBefore="2022-03-03")
    assert window and {e["node"]["publishedAt"] for e in window} == {"2022-03-03"}
    assert walk_rest(client, published_after="2030-01-01") == []


def test_article_by_id_matches_rest_and_unknown_is_null(client: TestClient) -> None:
    article_id = walk_rest(client, source="The Quint")[0]["node"]["id"]
    rest = client.get(f"/v1/articles/{article_id}").json()
    query = """query($id: ID!) { article(id: $id) { id title url source publishedAt author
               sentences { index text attribution { speaker cue } } } }"""
    graphql = snake_case(graphql_data(client, query, {"id": article_id})["article"])
    assert graphql == rest
    assert graphql_data(client, query, {"id": "no-such-article"}) == {"article": None}


def test_article_lookups_in_one_query_are_one_mget(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = AsyncElasticsearch.mget
    article_gets: list[list[str]] = []

    async def counting(self: AsyncElasticsearch, **kwargs: Any) -> Any:
        if str(kwargs.get("index", "")).endswith("-articles"):
            article_gets.append(list(kwargs.get("ids") or []))
        return await real(self, **kwargs)

    monkeypatch.setattr(AsyncElasticsearch, "mget", counting)
    ids = [e["node"]["id"] for e in walk_rest(client, first=20)]
    query = """query($a: ID!, $b: ID!) {
      check(claim: "Russian troops seized a government building in Kherson", topK: 10) {
        ... on CheckResult { related { alsoIn { article { title publishedAt } } }
                             supporting { alsoIn { article { title } } } } }
      first: article(id: $a) { title }
      second: article(id: $b) { title }
    }"""
    data = graphql_data(client, query, {"a": ids[0], "b": ids[1]})
    assert data["first"] is not None and data["second"] is not None
    assert len(article_gets) == 1, article_gets
    assert {ids[0], ids[1]} <= set(article_gets[0])
