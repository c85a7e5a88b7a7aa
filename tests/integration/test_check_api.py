"""/v1/check and friends over REST, against the real node, the real models and the seeds."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from factcheck.embedding import Encoder
from factcheck.settings import ElasticsearchSettings, Settings
from factcheck.stance import StanceJudge


def all_passages(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [*answer["supporting"], *answer["contradicting"], *answer["related"]]


def find(answer: dict[str, Any], fragment: str) -> list[dict[str, Any]]:
    return [p for p in all_passages(answer) if fragment in p["text"]]


def check(client: TestClient, claim: str, **extra: Any) -> dict[str, Any]:
    response = client.post("/v1/check", json={"claim": claim, **extra})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_lavrov_claim_finds_his_sentence_with_speaker_source_and_date(client: TestClient) -> None:
    answer = check(
        client, "Lavrov said Ukraine would be demilitarized even if a peace deal were signed"
    )
    hits = find(answer, "demilitarized even if a peace agreement were signed")
    assert len(hits) == 1, "the syndicated sentence must come back exactly once"
    passage = hits[0]
    assert passage["attribution"] == {"speaker": "Foreign Minister Sergei Lavrov", "cue": "told"}
    assert passage["article"]["published_at"] == "2022-03-03"
    copies = [passage["article"], *passage["also_in"]]
    assert any(c["source"] == "unionleader.com" for c in copies)
    assert passage["stance"]["label"] in {"supports", "contradicts", "neutral"}
    assert 0 <= passage["stance"]["confidence"] <= 1
    assert passage["context"]["after"] is None or isinstance(passage["context"]["after"], str)
    assert answer["verdict"]["label"] in {
        "supported",
        "contradicted",
        "disputed",
        "not_enough_evidence",
    }


def test_pronoun_quote_is_attributed_to_reznikov(client: TestClient) -> None:
    answer = check(client, "Reznikov said Ukraine has every reason to be confident")
    hits = find(answer, "every reason to be confident")
    assert hits, all_passages(answer)
    assert hits[0]["attribution"]["speaker"] == "Defense Minister Oleksii Reznikov"
    assert "Reznikov" in (hits[0]["context"]["before"] or "")


def test_syndicated_paragraph_comes_back_once_with_also_in(client: TestClient) -> None:
    answer = check(client, "Russian troops seized a key government building in the port of Kherson")
    hits = find(answer, "MUKACHEVO")
    assert len(hits) == 1
    passage = hits[0]
    assert len(passage["also_in"]) == 1
    other = passage["also_in"][0]
    assert other["article_id"] != passage["article"]["id"]
    texts = [p["text"] for p in all_passages(answer)]
    assert len(texts) == len(set(texts))


def test_source_filter_restricts_passages(client: TestClient) -> None:
    answer = check(client, "Kherson population", filters={"sources": ["The Quint"]})
    passages = all_passages(answer)
    assert passages
    assert {p["article"]["source"] for p in passages} == {"The Quint"}


def test_date_filter_in_the_future_finds_nothing(client: TestClient) -> None:
    answer = check(
        client, "Kherson fell to Russian troops", filters={"published_after": "2030-01-01"}
    )
    assert all_passages(answer) == []
    assert answer["verdict"]["label"] == "not_enough_evidence"


def test_top_k_bounds_the_answer(client: TestClient) -> None:
    answer = check(client, "Putin spoke with Macron", top_k=3)
    assert 1 <= len(all_passages(answer)) <= 3


def test_server_timing_header_splits_the_time(client: TestClient) -> None:
    response = client.post("/v1/check", json={"claim": "Kherson fell"})
    timing = response.headers["server-timing"]
    for part in ("embed", "search", "stance", "total"):
        assert f"{part};dur=" in timing


def test_article_endpoint_returns_sentences_in_order(client: TestClient) -> None:
    answer = check(client, "Podolyak said the results Ukraine needs are not yet achieved")
    article_id = find(answer, "Podolyak")[0]["article"]["id"]
    response = client.get(f"/v1/articles/{article_id}")
    assert response.status_code == 200
    article = response.json()
    indices = [s["index"] for s in article["sentences"]]
    assert indices == list(range(len(indices))) and indices
    assert article["source"] == "The Quint"


def test_unknown_article_is_404(client: TestClient) -> None:
    response = client.get("/v1/articles/no-such-article")
    assert response.status_code == 404
    assert "no-such-article" in response.json()["detail"]


def test_probes(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}


def test_missing_index_is_not_ready_and_check_is_503(
    es_url: str, encoder: Encoder, judge: StanceJudge
) -> None:
    settings = Settings(elasticsearch=ElasticsearchSettings(url=es_url, index="test-never-made"))
    with TestClient(create_app(settings, encoder=encoder, judge=judge)) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert "missing" in ready.json()["detail"]
        response = client.post("/v1/check", json={"claim": "Kherson fell"})
        assert response.status_code == 503
        assert "index" in response.json()["detail"]


@pytest.mark.parametrize("url", ["http://127.0.0.1:9"])  # nothing listens on the discard port
def test_elasticsearch_down_answers_503(url: str, encoder: Encoder, judge: StanceJudge) -> None:
    settings = Settings(
        elasticsearch=ElasticsearchSettings(url=url, index="x", request_timeout=2, max_retries=0)
    )
    with TestClient(create_app(settings, encoder=encoder, judge=judge)) as client:
        response = client.post("/v1/check", json={"claim": "Kherson fell"})
        assert response.status_code == 503
        assert "Elasticsearch is unavailable" in response.json()["detail"]
        assert response.headers["retry-after"]
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert "unreachable" in ready.json()["detail"]


def test_stance_endpoint_keeps_input_order(client: TestClient) -> None:
    claim = "Kherson has two million inhabitants"
    passages = [
        "Kherson, a city of 280,000 people, is a strategic port to the Black Sea.",
        "Russian troops also bombed Kharkiv on Tuesday.",
    ]

    def judge(order: list[str]) -> list[dict[str, Any]]:
        response = client.post("/v1/stance", json={"claim": claim, "passages": order})
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        return results

    forward, backward = judge(passages), judge(passages[::-1])
    assert len(forward) == 2
    for result in forward:
        scores = result["scores"]
        assert abs(scores["supports"] + scores["contradicts"] + scores["neutral"] - 1) < 1e-3
    assert forward == backward[::-1]
    # The number rule fires on the population figure and says so.
    assert forward[0]["label"] == "contradicts"
    assert "280,000" in (forward[0]["reason"] or "")


def test_stance_calls_an_unrelated_passage_neutral_without_judging_it(
    client: TestClient,
) -> None:
    claim = "Kherson has two million inhabitants"
    passages = [
        "Kherson, a city of 280,000 people, is a strategic port to the Black Sea.",
        "Stir the flour into the butter and bake the cake for forty minutes.",
    ]
    response = client.post("/v1/stance", json={"claim": claim, "passages": passages})
    assert response.status_code == 200, response.text
    related, unrelated = response.json()["results"]
    assert related["label"] == "contradicts"
    assert unrelated["label"] == "neutral"
    assert unrelated["reason"].startswith("unrelated to the claim: similarity")


def test_openapi_document_covers_every_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in ("/v1/check", "/v1/stance", "/v1/articles/{article_id}", "/healthz", "/readyz"):
        assert path in spec["paths"]
    schemas = spec["components"]["schemas"]
    assert {"CheckRequest", "CheckResponse", "Passage"} <= set(schemas)
    passage = schemas["Passage"]["properties"]
    assert {
        "id",
        "text",
        "score",
        "stance",
        "attribution",
        "article",
        "sentence_index",
        "context",
        "also_in",
    } <= set(passage)
