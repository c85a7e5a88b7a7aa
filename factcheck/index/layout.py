"""The Elasticsearch layout: index mappings, field names, document shapes and ids, defined once.

Two indices:

* ``<index>``: one document per sentence — its text for BM25, its embedding for kNN, its
  attribution and context, and the article fields it is filtered by. Id: ``<article id>:<n>``.
* ``<index>-articles``: one document per article. It is written *after* all of the article's
  sentences, carrying the fingerprint of the content those sentences were made from, so it doubles
  as the commit marker: an article whose marker matches is complete and is skipped on a re-run.

Both names are aliases of a versioned generation of indices (:mod:`factcheck.index.versions`).
Every marker also keeps the article's input (``raw``: the text or the record), so that
``python -m indexer --rebuild`` can parse and embed everything again into a new generation.

Only features of the Elasticsearch core are used (the local node is the minimal integ-test
distribution): the ``standard`` analyzer with English stop words, ``dense_vector`` with HNSW.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any, Final

from factcheck.documents import Article, ArticleMeta, Sentence
from factcheck.settings import ElasticsearchSettings
from factcheck.text.sentences import match_key

MAPPING_VERSION = 1


class Fields:
    """The field names of both indices; every query, document and mapping spells them from here."""

    # Sentence index (one document per sentence).
    ARTICLE_ID: Final = "article_id"
    SENTENCE_INDEX: Final = "sentence_index"
    TEXT: Final = "text"
    MATCH_KEY: Final = "match_key"  # equal for the same sentence syndicated by several outlets
    EMBEDDING: Final = "embedding"
    SPEAKER: Final = "speaker"
    CUE: Final = "cue"
    CONTEXT_BEFORE: Final = "context_before"
    CONTEXT_AFTER: Final = "context_after"
    # Both indices: the article's metadata and the fingerprint of its indexed content.
    TITLE: Final = "title"
    URL: Final = "url"
    SOURCE: Final = "source"
    PUBLISHED_AT: Final = "published_at"
    AUTHOR: Final = "author"
    FINGERPRINT: Final = "fingerprint"
    # Article index only.
    SENTENCE_COUNT: Final = "sentence_count"
    ORIGIN: Final = "origin"
    INDEXED_AT: Final = "indexed_at"
    RAW: Final = "raw"  # the input the article was parsed from (kept, never indexed)


_TEXT_ANALYSIS: dict[str, Any] = {
    "analyzer": {
        # The "english" analyzer lives in a module the minimal distribution lacks; the standard
        # analyzer with English stop words is available everywhere and close enough for BM25.
        "news_text": {"type": "standard", "stopwords": "_english_"},
    },
}


def index_settings(settings: ElasticsearchSettings | None) -> dict[str, Any]:
    """Shards and replicas of a new index (a replica range is ``auto_expand_replicas``)."""
    settings = settings or ElasticsearchSettings()
    replicas: dict[str, Any] = (
        {"auto_expand_replicas": settings.replicas} if "-" in settings.replicas
        else {"number_of_replicas": int(settings.replicas)}
    )
    return {"number_of_shards": settings.shards, **replicas}


def vector_index_options(settings: ElasticsearchSettings | None) -> dict[str, Any]:
    """The ``index_options`` of the embedding field for the configured vector format.

    Example:
        >>> vector_index_options(ElasticsearchSettings(vector_format="bbq_hnsw"))["type"]
        'bbq_hnsw'
    """
    settings = settings or ElasticsearchSettings()
    options: dict[str, Any] = {"type": settings.vector_format, "m": 16, "ef_construction": 100}
    if settings.vector_format != "hnsw" and settings.vector_oversample > 0:
        # Elasticsearch re-scores the best oversample x k hits of the quantised graph with the
        # float vectors it keeps on disk: most of the recall back, at a small cost.
        options["rescore_vector"] = {"oversample": settings.vector_oversample}
    return options


def sentence_index_body(
    *, dimension: int, settings: ElasticsearchSettings | None = None
) -> dict[str, Any]:
    """Settings and mappings of the sentence index; ``dimension`` comes from the encoder."""
    return {
        "settings": {
            "index": index_settings(settings),
            "analysis": _TEXT_ANALYSIS,
        },
        "mappings": {
            "dynamic": "strict",
            "_meta": {"mapping_version": MAPPING_VERSION, "embedding_dimension": dimension},
            "properties": {
                Fields.ARTICLE_ID: {"type": "keyword"},
                Fields.SENTENCE_INDEX: {"type": "integer"},
                Fields.TEXT: {"type": "text", "analyzer": "news_text"},
                Fields.MATCH_KEY: {"type": "keyword"},
                Fields.EMBEDDING: {
                    "type": "dense_vector",
                    "dims": dimension,
                    "index": True,
                    "similarity": "cosine",
                    "index_options": vector_index_options(settings),
                },
                Fields.SPEAKER: {
                    "type": "text",
                    "analyzer": "news_text",
                    "fields": {"raw": {"type": "keyword"}},
                },
                Fields.CUE: {"type": "keyword"},
                Fields.CONTEXT_BEFORE: {"type": "text", "index": False},
                Fields.CONTEXT_AFTER: {"type": "text", "index": False},
                Fields.TITLE: {"type": "text", "analyzer": "news_text"},
                Fields.URL: {"type": "keyword"},
                Fields.SOURCE: {"type": "keyword"},
                Fields.PUBLISHED_AT: {"type": "date", "format": "strict_date"},
                Fields.AUTHOR: {"type": "keyword"},
                Fields.FINGERPRINT: {"type": "keyword"},
            },
        },
    }


def article_index_body(settings: ElasticsearchSettings | None = None) -> dict[str, Any]:
    return {
        "settings": {"index": index_settings(settings)},
        "mappings": {
            "dynamic": "strict",
            "_meta": {"mapping_version": MAPPING_VERSION},
            "properties": {
                Fields.TITLE: {"type": "text", "fields": {"raw": {"type": "keyword"}}},
                Fields.URL: {"type": "keyword"},
                Fields.SOURCE: {"type": "keyword"},
                Fields.PUBLISHED_AT: {"type": "date", "format": "strict_date"},
                Fields.AUTHOR: {"type": "keyword"},
                Fields.FINGERPRINT: {"type": "keyword"},
                Fields.SENTENCE_COUNT: {"type": "integer"},
                Fields.ORIGIN: {"type": "keyword", "index": False},
                Fields.INDEXED_AT: {"type": "date"},
                Fields.RAW: RAW_MAPPING,
            },
        },
    }


# Kept in _source only: a rebuild reads it back, nothing searches it.
RAW_MAPPING: dict[str, Any] = {"type": "object", "enabled": False}


def fingerprint(article: Article) -> str:
    """A hash of everything indexed for an article: equal fingerprints mean nothing to redo."""
    payload = {
        "meta": article.meta.model_dump(mode="json"),
        "sentences": [s.model_dump(mode="json") for s in article.sentences],
        "mapping": MAPPING_VERSION,
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()[:32]


def sentence_id(article_id: str, index: int) -> str:
    return f"{article_id}:{index}"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _article_fields(meta: ArticleMeta, article_fingerprint: str) -> dict[str, Any]:
    """What both indices hold of an article: its metadata and its content's fingerprint."""
    return {
        Fields.TITLE: meta.title,
        Fields.URL: meta.url,
        Fields.SOURCE: meta.source,
        Fields.PUBLISHED_AT: _date(meta.published_at),
        Fields.AUTHOR: meta.author,
        Fields.FINGERPRINT: article_fingerprint,
    }


def sentence_document(
    article: Article, sentence: Sentence, *, embedding: list[float], article_fingerprint: str
) -> dict[str, Any]:
    sentences = article.sentences
    position = sentence.index
    meta = article.meta
    return {
        Fields.ARTICLE_ID: meta.id,
        Fields.SENTENCE_INDEX: position,
        Fields.TEXT: sentence.text,
        Fields.MATCH_KEY: match_key(sentence.text),
        Fields.EMBEDDING: embedding,
        Fields.SPEAKER: sentence.attribution.speaker if sentence.attribution else None,
        Fields.CUE: sentence.attribution.cue if sentence.attribution else None,
        Fields.CONTEXT_BEFORE: sentences[position - 1].text if position > 0 else None,
        Fields.CONTEXT_AFTER: (sentences[position + 1].text if position + 1 < len(sentences)
                               else None),
        **_article_fields(meta, article_fingerprint),
    }


def article_document(
    article: Article, *, article_fingerprint: str, indexed_at: dt.datetime
) -> dict[str, Any]:
    return {
        **_article_fields(article.meta, article_fingerprint),
        Fields.SENTENCE_COUNT: len(article.sentences),
        Fields.ORIGIN: article.origin,
        Fields.INDEXED_AT: indexed_at.isoformat(),
        Fields.RAW: article.raw.model_dump() if article.raw else None,
    }


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value[:10])
    return None


