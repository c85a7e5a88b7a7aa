"""A CMS publishes, updates and unpublishes articles; each is searchable (or gone) at once."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from .conftest import API_TEST_KEY

KEY = {"Authorization": f"Bearer {API_TEST_KEY}"}

INGEST = """mutation($input: ArticleInput!) { ingestArticle(input: $input) {
  __typename ... on IngestResult { indexed unchanged failed { id reason } }
  ... on InvalidInput { errors { field message } } } }"""
DELETE = """mutation($id: ID!) { deleteArticle(id: $id) { __typename
  ... on DeleteResult { id deleted } } }"""
CHECK = """query($claim: String!) { check(claim: $claim, topK: 5) { __typename
  ... on CheckResult { verdict { label } supporting { text article { id source publishedAt } }
    contradicting { text article { id } } related { text article { id } } } } }"""
ARTICLE = """query($id: ID!) { article(id: $id) { id title source publishedAt
  sentences { index text attribution { speaker cue } } } }"""

HARBOUR = (
    "The harbour authority of Port Elsworth reopened the northern pier on Tuesday after a "
    "three-week closure, Ines Varga said."
)
ARTICLE_INPUT = {
    "id": "cms-elsworth-1",
    "title": "Port Elsworth pier reopens",
    "url": "https://news.example/elsworth/pier-reopens",
    "source": "Elsworth Gazette",
    "publishedAt": "2024-05-14",
    "author": "Staff",
    "body": f"{HARBOUR}\n\nShips queued overnight to dock at the pier.",
}


def gql(client: TestClient, query: str, variables: dict[str, Any],
        headers: dict[str, str] | None = None) -> Any:
    response = client.post("/graphql", json={"query": query, "variables": variables},
                           headers=headers or {})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def all_passages(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [*answer["supporting"], *answer["contradicting"], *answer["related"]]


def found(client: TestClient, claim: str, article_id: str) -> list[dict[str, Any]]:
    answer = gql(client, CHECK, {"claim": claim})["check"]
    return [p for p in all_passages(answer) if p["article"]["id"] == article_id]


def test_an_article_ingested_by_mutation_is_found_by_check_right_after(
    keyed_client: TestClient,
) -> None:
    result = gql(keyed_client, INGEST, {"input": ARTICLE_INPUT}, KEY)["ingestArticle"]
    assert result == {"__typename": "IngestResult", "indexed": ["cms-elsworth-1"],
                      "unchanged": [], "failed": []}

    hits = found(keyed_client, "Port Elsworth reopened its northern pier", "cms-elsworth-1")
    assert any("northern pier" in h["text"] for h in hits), hits
    article = gql(keyed_client, ARTICLE, {"id": "cms-elsworth-1"})["article"]
    assert article["source"] == "Elsworth Gazette" and article["publishedAt"] == "2024-05-14"
    assert article["sentences"][0]["attribution"] == {"speaker": "Ines Varga",
                                                      "cue": "said"}
    # The same record again changes nothing.
    again = gql(keyed_client, INGEST, {"input": ARTICLE_INPUT}, KEY)["ingestArticle"]
    assert again["indexed"] == [] and again["unchanged"] == ["cms-elsworth-1"]


def test_an_update_replaces_the_old_text_and_delete_removes_it(keyed_client: TestClient) -> None:
    gql(keyed_client, INGEST, {"input": ARTICLE_INPUT}, KEY)
    corrected = {**ARTICLE_INPUT,
                 "body": "Port Elsworth kept the northern pier closed on Tuesday for repairs."}
    result = gql(keyed_client, INGEST, {"input": corrected}, KEY)["ingestArticle"]
    assert result["indexed"] == ["cms-elsworth-1"]
    sentences = gql(keyed_client, ARTICLE, {"id": "cms-elsworth-1"})["article"]["sentences"]
    assert [s["text"] for s in sentences] == [corrected["body"]]
    hits = found(keyed_client, "Port Elsworth pier", "cms-elsworth-1")
    assert hits and all("reopened" not in h["text"] for h in hits)

    deleted = gql(keyed_client, DELETE, {"id": "cms-elsworth-1"}, KEY)["deleteArticle"]
    assert deleted == {"__typename": "DeleteResult", "id": "cms-elsworth-1", "deleted": True}
    assert found(keyed_client, "Port Elsworth pier", "cms-elsworth-1") == []
    assert gql(keyed_client, ARTICLE, {"id": "cms-elsworth-1"}) == {"article": None}
    again = gql(keyed_client, DELETE, {"id": "cms-elsworth-1"}, KEY)["deleteArticle"]
    assert again["deleted"] is False


def test_rest_ingests_a_batch_and_deletes(keyed_client: TestClient) -> None:
    records = [
        {"id": "cms-batch-1", "source": "Elsworth Gazette", "published_at": "2024-05-15",
         "body": "The Elsworth city council approved a new ferry timetable on Wednesday."},
        {"url": "https://news.example/elsworth/bridge", "source": "Elsworth Gazette",
         "body": "Engineers closed the old Elsworth bridge to lorries heavier than 7 tonnes."},
    ]
    response = keyed_client.post("/v1/articles", json={"articles": records}, headers=KEY)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["failed"] == [] and answer["unchanged"] == []
    assert answer["indexed"][0] == "cms-batch-1"
    derived = answer["indexed"][1]
    assert derived.startswith("url_")  # no id given: derived from the URL, stable across edits

    hits = keyed_client.post("/v1/check", json={"claim": "Elsworth bridge closed to lorries"})
    assert any(p["article"]["id"] == derived for p in hits.json()["related"]
               + hits.json()["supporting"] + hits.json()["contradicting"])
    listed = keyed_client.get("/v1/articles").json()
    assert [e["node"]["id"] for e in listed["edges"]] == ["cms-batch-1", derived]

    repeat = keyed_client.post("/v1/articles", json={"articles": records}, headers=KEY).json()
    assert repeat["indexed"] == [] and repeat["unchanged"] == ["cms-batch-1", derived]

    gone = keyed_client.delete(f"/v1/articles/{derived}", headers=KEY)
    assert gone.status_code == 200 and gone.json() == {"id": derived, "deleted": True}
    assert keyed_client.get(f"/v1/articles/{derived}").status_code == 404
    assert keyed_client.delete(f"/v1/articles/{derived}", headers=KEY).status_code == 404


def test_writes_without_the_key_change_nothing(keyed_client: TestClient) -> None:
    refused = keyed_client.post("/graphql", json={"query": INGEST,
                                                  "variables": {"input": ARTICLE_INPUT}})
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert keyed_client.get("/v1/articles/cms-elsworth-1").status_code == 404
