"""Published fact-checks over REST and GraphQL, against the real node and the real models:
ingestion (ClaimReview, Fact Check Tools, HTML pages), matching in checks, listings, the draft."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from starlette.testclient import TestClient

from tests.unit.shared_factchecks import shared
from tests.unit.test_claimreview_draft import SCHEMA

from .conftest import API_TEST_KEY

pytestmark = pytest.mark.integration

KEY = {"Authorization": f"Bearer {API_TEST_KEY}"}
POPE_TRUMP = "https://www.snopes.com/fact-check/pope-francis-donald-trump-endorsement/"


def snopes_rows() -> list[dict[str, Any]]:
    with shared("snopes-claimreview.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def snopes(*urls: str, first: int = 0) -> list[dict[str, Any]]:
    rows = snopes_rows()
    return rows[:first] + [r for r in rows if r["url"] in urls]


def gql(client: TestClient, query: str, variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None) -> Any:
    response = client.post("/graphql", json={"query": query, "variables": variables or {}},
                           headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


@pytest.fixture
def loaded(keyed_client: TestClient) -> TestClient:
    pope = [r for r in snopes_rows() if "Pope Francis" in r["claimReviewed"]
            and "endorse" in r["claimReviewed"]]
    assert {r["url"] for r in pope} >= {POPE_TRUMP}
    documents = [
        *snopes(first=30), *pope,
        json.loads(shared("feeds-claimreview", "fact-check-tools-response.json").read_text()),
        json.loads(shared("feeds-claimreview", "data-commons-feed.json").read_text()),
    ]
    unkeyed = keyed_client.post("/v1/fact-checks", json={"fact_checks": documents[:1]})
    assert unkeyed.status_code == 401
    answer = keyed_client.post("/v1/fact-checks", json={"fact_checks": documents}, headers=KEY)
    assert answer.status_code == 200, answer.text
    assert len(answer.json()["indexed"]) == len(documents) and not answer.json()["failed"]
    again = keyed_client.post("/v1/fact-checks", json={"fact_checks": documents}, headers=KEY)
    assert again.json()["indexed"] == [] and len(again.json()["unchanged"]) == len(documents)
    # Checks need the news index too (one article on another topic).
    news = keyed_client.post("/v1/articles", headers=KEY, json={"articles": [{
        "id": "harbour", "body": "The harbour authority reopened the northern pier on Tuesday, "
                                 "Ines Varga said."}]})
    assert news.status_code == 200, news.text
    return keyed_client


def test_bad_fact_check_documents_are_refused_naming_the_item(keyed_client: TestClient) -> None:
    for documents, field in [
        ([{"title": "an article"}], "fact_checks.0"),
        ([{"@type": "ClaimReview", "claimReviewed": "x", "url": "https://a.example/1"},
          {"@type": "ClaimReview", "url": "https://a.example/2"}], "fact_checks.1"),
        ([], "fact_checks"),
        (["just a string"], "fact_checks.0"),
    ]:
        response = keyed_client.post("/v1/fact-checks", json={"fact_checks": documents},
                                     headers=KEY)
        assert response.status_code == 422, response.text
        assert [e["field"] for e in response.json()["errors"]] == [field]


def test_a_check_shows_the_review_of_the_same_claim_not_of_another(loaded: TestClient) -> None:
    response = loaded.post("/v1/check", json={
        "claim": "Pope Francis backed Donald Trump for president."})
    assert response.status_code == 200, response.text
    reviews = response.json()["fact_checks"]
    assert [r["url"] for r in reviews] == [POPE_TRUMP]
    [review] = reviews
    assert review["publisher"] == "Snopes" and review["rating_normalised"] == "false"
    assert review["similarity"] >= 0.85
    # The same topic, another claim (Sanders, Clinton): no review of it comes back.
    sanders = loaded.post("/v1/check", json={"claim": "Pope Francis endorsed Jill Stein."})
    assert sanders.json()["fact_checks"] == []


def test_graphql_check_and_the_claim_review_draft(loaded: TestClient) -> None:
    claim = "Pope Francis backed Donald Trump for president."
    data = gql(loaded, """query($c: String!) { check(claim: $c) { __typename
      ... on CheckResult { factChecks { url rating ratingNormalised publisher reviewDate }
                           claimReviewDraft } } }""", {"c": claim})
    result = data["check"]
    assert [f["url"] for f in result["factChecks"]] == [POPE_TRUMP]
    draft = result["claimReviewDraft"]
    jsonschema.validate(draft, SCHEMA)
    assert draft["claimReviewed"] == claim and draft["reviewRating"]["alternateName"] is None

    rest = loaded.post("/v1/check", json={"claim": claim},
                       headers={"Accept": "application/ld+json"})
    assert rest.status_code == 200
    assert rest.headers["content-type"].startswith("application/ld+json")
    assert rest.json() == draft
    assert loaded.post("/v1/check", json={"claim": claim},
                       headers={"Accept": "application/json, application/ld+json;q=0.5"}
                       ).json()["verdict"]


def test_listing_filters_pages_and_lookups(loaded: TestClient) -> None:
    first = loaded.get("/v1/fact-checks", params={"query": "Pope Francis endorsement",
                                                  "publisher": "snopes.com", "first": 2})
    assert first.status_code == 200, first.text
    page = first.json()
    assert len(page["fact_checks"]) == 2 and page["page_info"]["has_next_page"]
    assert all("Pope" in f["claim"] for f in page["fact_checks"])
    second = loaded.get("/v1/fact-checks", params={
        "query": "Pope Francis endorsement", "publisher": "Snopes", "first": 2,
        "after": page["page_info"]["end_cursor"]}).json()
    assert not {f["id"] for f in second["fact_checks"]} & {f["id"] for f in page["fact_checks"]}
    urdu = loaded.get("/v1/fact-checks", params={"language": "ur"}).json()
    assert [f["claimant"] for f in urdu["fact_checks"]] == ["FB User-Harshit Pandey"]
    recent = loaded.get("/v1/fact-checks", params={"max_age_days": 30}).json()
    assert recent["fact_checks"] == []  # the shared reviews are years old
    newest = loaded.get("/v1/fact-checks", params={"first": 5}).json()["fact_checks"]
    dates = [f["review_date"] for f in newest if f["review_date"]]
    assert dates == sorted(dates, reverse=True)
    one = loaded.get(f"/v1/fact-checks/{newest[0]['id']}")
    assert one.status_code == 200 and one.json()["id"] == newest[0]["id"]
    assert loaded.get("/v1/fact-checks/fc_0000000000000000").status_code == 404
    for params, field in [({"after": "nope"}, "after"), ({"first": 0}, "first"),
                          ({"language": "english!"}, "language"), ({"quer": "x"}, "quer")]:
        bad = loaded.get("/v1/fact-checks", params=params)
        assert bad.status_code == 422, bad.text
        assert [e["field"] for e in bad.json()["errors"]] == [field]
    data = gql(loaded, """{ factChecks(publisher: "snopes.com", first: 3) { __typename
      ... on FactCheckConnection { total factChecks { publisher } pageInfo { hasNextPage } } } }""")
    assert data["factChecks"]["total"] >= 30
    assert {f["publisher"] for f in data["factChecks"]["factChecks"]} == {"Snopes"}


def test_an_html_page_ingests_its_article_and_its_review(keyed_client: TestClient) -> None:
    page = shared("pages", "english", "afp.html").read_text("utf-8")
    answer = keyed_client.post("/v1/articles", json={"articles": [{"html": page}]}, headers=KEY)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert len(body["indexed"]) == 1 and len(body["fact_checks"]) == 1
    article = keyed_client.get(f"/v1/articles/{body['indexed'][0]}").json()
    assert article["title"] == "CDC does not add flu and pneumonia deaths to COVID-19 toll"
    assert article["published_at"] == "2020-06-24"
    check = keyed_client.post("/v1/check", json={
        "claim": "The CDC lied about COVID-19 deaths by adding flu and pneumonia deaths to the "
                 "count."}).json()
    assert [f["publisher"] for f in check["fact_checks"]] == ["AFP Fact Check"]
    # GraphQL takes the same field; a page without text is refused naming it.
    data = gql(keyed_client, """mutation($i: ArticleInput!) { ingestArticle(input: $i) {
      __typename ... on InvalidInput { errors { field message } } } }""",
               {"i": {"html": "<html><body></body></html>"}}, headers=KEY)
    assert data["ingestArticle"]["errors"][0]["field"] == "input.html"
    both = keyed_client.post("/v1/articles", json={"articles": [{"html": page, "body": "x"}]},
                             headers=KEY)
    assert both.status_code == 422
    assert both.json()["errors"][0]["field"] == "articles.0.body"


def test_graphql_ingests_fact_checks_with_a_key(keyed_client: TestClient) -> None:
    mutation = """mutation($i: [JSON!]!) { ingestFactChecks(input: $i) { __typename
      ... on FactCheckIngestResult { indexed unchanged replaced }
      ... on InvalidInput { errors { field } } } }"""
    documents = snopes(POPE_TRUMP)
    refused = keyed_client.post("/graphql", json={"query": mutation,
                                                  "variables": {"i": documents}})
    assert refused.status_code == 401
    data = gql(keyed_client, mutation, {"i": documents}, headers=KEY)
    assert len(data["ingestFactChecks"]["indexed"]) == 1
    bad = gql(keyed_client, mutation, {"i": [{"nothing": 1}]}, headers=KEY)
    assert bad["ingestFactChecks"]["errors"] == [{"field": "input.0"}]
