"""The Elasticsearch layout: index mappings, document shapes and ids, defined once.

Two indices:

* ``<index>``: one document per sentence — its text for BM25, its embedding for kNN, its
  attribution and context, and the article fields it is filtered by. Id: ``<article id>:<n>``.
* ``<index>-articles``: one document per article. It is written *after* all of the article's
  sentences, carrying the fingerprint of the content those sentences were made from, so it doubles
  as the commit marker: an article whose marker matches is complete and is skipped on a re-run.

Only features of the Elasticsearch core are used (the local node is the minimal integ-test
distribution): the ``standard`` analyzer with English stop words, ``dense_vector`` with HNSW.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from factcheck.documents import Article, Sentence
from factcheck.text.sentences import match_key

MAPPING_VERSION = 1

_TEXT_ANALYSIS: dict[str, Any] = {
    "analyzer": {
        # The "english" analyzer lives in a module the minimal distribution lacks; the standard
        # analyzer with English stop words is available everywhere and close enough for BM25.
        "news_text": {"type": "standard", "stopwords": "_english_"},
    },
}


def sentence_index_body(*, dimension: int) -> dict[str, Any]:
    """Settings and mappings of the sentence index; ``dimension`` comes from the encoder."""
    return {
        "settings": {
            "index": {"number_of_shards": 1, "auto_expand_replicas": "0-1"},
            "analysis": _TEXT_ANALYSIS,
        },
        "mappings": {
            "dynamic": "strict",
            "_meta": {"mapping_version": MAPPING_VERSION, "embedding_dimension": dimension},
            "properties": {
                "article_id": {"type": "keyword"},
                "sentence_index": {"type": "integer"},
                "text": {"type": "text", "analyzer": "news_text"},
                "match_key": {"type": "keyword"},
                "embedding": {
                    "type": "dense_vector",
                    "dims": dimension,
                    "index": True,
                    "similarity": "cosine",
                    "index_options": {"type": "hnsw", "m": 16, "ef_construction": 100},
                },
                "speaker": {
                    "type": "text",
                    "analyzer": "news_text",
                    "fields": {"raw": {"type": "keyword"}},
                },
                "cue": {"type": "keyword"},
                "context_before": {"type": "text", "index": False},
                "context_after": {"type": "text", "index": False},
                "title": {"type": "text", "analyzer": "news_text"},
                "url": {"type": "keyword"},
                "source": {"type": "keyword"},
                "published_at": {"type": "date", "format": "strict_date"},
                "author": {"type": "keyword"},
                "fingerprint": {"type": "keyword"},
            },
        },
    }


def article_index_body() -> dict[str, Any]:
    return {
        "settings": {"index": {"number_of_shards": 1, "auto_expand_replicas": "0-1"}},
        "mappings": {
            "dynamic": "strict",
            "_meta": {"mapping_version": MAPPING_VERSION},
            "properties": {
                "title": {"type": "text", "fields": {"raw": {"type": "keyword"}}},
                "url": {"type": "keyword"},
                "source": {"type": "keyword"},
                "published_at": {"type": "date", "format": "strict_date"},
                "author": {"type": "keyword"},
                "fingerprint": {"type": "keyword"},
                "sentence_count": {"type": "integer"},
                "origin": {"type": "keyword", "index": False},
                "indexed_at": {"type": "date"},
            },
        },
    }


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


def sentence_document(
    article: Article, sentence: Sentence, *, embedding: list[float], article_fingerprint: str
) -> dict[str, Any]:
    sentences = article.sentences
    position = sentence.index
    meta = article.meta
    return {
        "article_id": meta.id,
        "sentence_index": position,
        "text": sentence.text,
        "match_key": match_key(sentence.text),
        "embedding": embedding,
        "speaker": sentence.attribution.speaker if sentence.attribution else None,
        "cue": sentence.attribution.cue if sentence.attribution else None,
        "context_before": sentences[position - 1].text if position > 0 else None,
        "context_after": sentences[position + 1].text if position + 1 < len(sentences) else None,
        "title": meta.title,
        "url": meta.url,
        "source": meta.source,
        "published_at": _date(meta.published_at),
        "author": meta.author,
        "fingerprint": article_fingerprint,
    }


def article_document(
    article: Article, *, article_fingerprint: str, indexed_at: dt.datetime
) -> dict[str, Any]:
    meta = article.meta
    return {
        "title": meta.title,
        "url": meta.url,
        "source": meta.source,
        "published_at": _date(meta.published_at),
        "author": meta.author,
        "fingerprint": article_fingerprint,
        "sentence_count": len(article.sentences),
        "origin": article.origin,
        "indexed_at": indexed_at.isoformat(),
    }


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value[:10])
    return None


def source_fields(hit: Mapping[str, Any]) -> Mapping[str, Any]:
    source = hit.get("_source")
    return source if isinstance(source, Mapping) else {}
