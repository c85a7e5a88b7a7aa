"""Vector formats, shards and replicas from settings; generation names."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from factcheck.index import indices, layout, versions
from factcheck.settings import ElasticsearchSettings


@pytest.mark.parametrize("fmt", ["hnsw", "int8_hnsw", "bbq_hnsw"])
def test_vector_format_and_rescoring(fmt: str) -> None:
    settings = ElasticsearchSettings(vector_format=fmt, vector_oversample=3)
    body = layout.sentence_index_body(dimension=384, settings=settings)
    options = body["mappings"]["properties"]["embedding"]["index_options"]
    assert options["type"] == fmt
    # Float vectors have nothing to re-score with; the quantised ones use their float copy.
    assert ("rescore_vector" in options) == (fmt != "hnsw")
    if fmt != "hnsw":
        assert options["rescore_vector"] == {"oversample": 3}
    no_rescore = ElasticsearchSettings(vector_format=fmt, vector_oversample=0)
    assert "rescore_vector" not in layout.vector_index_options(no_rescore)


def test_shards_and_replicas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_SHARDS", "6")
    monkeypatch.setenv("FACTCHECK_REPLICAS", "2")
    monkeypatch.setenv("FACTCHECK_VECTOR_FORMAT", "bbq_hnsw")
    settings = ElasticsearchSettings()
    assert layout.index_settings(settings) == {"number_of_shards": 6, "number_of_replicas": 2}
    assert layout.article_index_body(settings)["settings"]["index"]["number_of_shards"] == 6
    assert layout.vector_index_options(settings)["type"] == "bbq_hnsw"
    auto = ElasticsearchSettings(replicas="0-all")
    assert layout.index_settings(auto) == {"number_of_shards": 6, "auto_expand_replicas": "0-all"}
    with pytest.raises(ValidationError):
        ElasticsearchSettings(replicas="many")
    with pytest.raises(ValidationError):
        ElasticsearchSettings(vector_format="pq")  # type: ignore[arg-type]


def test_generation_names() -> None:
    name = indices.generation_name("news", 12)
    assert name == "news-v000012"
    assert versions.generation_number("news", name) == 12
    assert versions.generation_number("news", "news-v000012-articles") is None
    assert versions.generation_number("news", "news-eu-v000001") is None
    assert indices.articles_name(name) == "news-v000012-articles"


def test_markers_keep_the_input_for_a_rebuild() -> None:
    from factcheck.articles import ArticleRecord, parse_raw_article, parse_record

    record = ArticleRecord(id="a1", source="VOA", body="Kherson fell, the mayor said.")
    article = parse_record(record, origin="feed.jsonl:3")
    assert article.raw is not None and article.raw.kind == "record"
    assert ArticleRecord.model_validate_json(article.raw.content) == record
    text = "Kherson fell on Thursday, the mayor said."
    raw = parse_raw_article(text, origin="x/7.txt").raw
    assert raw is not None and (raw.kind, raw.content) == ("text", text)
