"""The fact-check index ``<index>-factchecks``: one document per review, defined once here.

Its id is the review's id (:func:`factcheck.factchecks.records.fact_check_id`). The claim is
analysed for BM25 and embedded (``dense_vector``, dimension from the encoder) for kNN; the
filters of the listing (publisher or site, language, review date) are keywords and dates.
``url_key`` groups the reviews published at one URL, so that a page's new version replaces all of
its old reviews.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

from factcheck.factchecks.records import FactCheck, url_key
from factcheck.index.layout import parse_date

MAPPING_VERSION = 1


class FactCheckFields:
    CLAIM: Final = "claim"
    EMBEDDING: Final = "embedding"
    CLAIMANT: Final = "claimant"
    CLAIM_DATE: Final = "claim_date"
    APPEARANCES: Final = "appearances"
    PUBLISHER: Final = "publisher"
    PUBLISHER_SITE: Final = "publisher_site"
    URL: Final = "url"
    URL_KEY: Final = "url_key"
    TITLE: Final = "title"
    REVIEW_DATE: Final = "review_date"
    LANGUAGE: Final = "language"
    RATING: Final = "rating"
    RATING_NORMALISED: Final = "rating_normalised"
    FINGERPRINT: Final = "fingerprint"
    ORIGIN: Final = "origin"
    INDEXED_AT: Final = "indexed_at"


F = FactCheckFields


def factcheck_index_body(*, dimension: int) -> dict[str, Any]:
    """Settings and mappings of the fact-check index; ``dimension`` comes from the encoder."""
    keyword_ci = {"type": "keyword", "normalizer": "folded"}
    return {
        "settings": {
            "index": {"number_of_shards": 1, "auto_expand_replicas": "0-1"},
            "analysis": {
                "analyzer": {"claim_text": {"type": "standard", "stopwords": "_english_"}},
                # Publisher, site and language filters ignore case ("AFP" = "afp", "en-GB").
                "normalizer": {"folded": {"type": "custom", "filter": ["lowercase"]}},
            },
        },
        "mappings": {
            "dynamic": "strict",
            "_meta": {"mapping_version": MAPPING_VERSION, "embedding_dimension": dimension},
            "properties": {
                F.CLAIM: {"type": "text", "analyzer": "claim_text"},
                F.EMBEDDING: {
                    "type": "dense_vector",
                    "dims": dimension,
                    "index": True,
                    "similarity": "cosine",
                    "index_options": {"type": "hnsw", "m": 16, "ef_construction": 100},
                },
                F.CLAIMANT: {"type": "text", "fields": {"raw": {"type": "keyword"}}},
                F.CLAIM_DATE: {"type": "date", "format": "strict_date"},
                F.APPEARANCES: {"type": "keyword", "index": False},
                F.PUBLISHER: keyword_ci,
                F.PUBLISHER_SITE: keyword_ci,
                F.URL: {"type": "keyword"},
                F.URL_KEY: {"type": "keyword"},
                F.TITLE: {"type": "text", "analyzer": "claim_text"},
                F.REVIEW_DATE: {"type": "date", "format": "strict_date"},
                F.LANGUAGE: keyword_ci,
                F.RATING: {"type": "keyword"},
                F.RATING_NORMALISED: {"type": "keyword"},
                F.FINGERPRINT: {"type": "keyword"},
                F.ORIGIN: {"type": "keyword", "index": False},
                F.INDEXED_AT: {"type": "date"},
            },
        },
    }


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def review_document(
    review: FactCheck, *, embedding: list[float], fingerprint: str, indexed_at: dt.datetime
) -> dict[str, Any]:
    return {
        F.CLAIM: review.claim,
        F.EMBEDDING: embedding,
        F.CLAIMANT: review.claimant,
        F.CLAIM_DATE: _date(review.claim_date),
        F.APPEARANCES: list(review.appearances),
        F.PUBLISHER: review.publisher,
        F.PUBLISHER_SITE: review.publisher_site,
        F.URL: review.url,
        F.URL_KEY: url_key(review.url) if review.url else None,
        F.TITLE: review.title,
        F.REVIEW_DATE: _date(review.review_date),
        F.LANGUAGE: review.language,
        F.RATING: review.rating,
        F.RATING_NORMALISED: review.rating_normalised,
        F.FINGERPRINT: fingerprint,
        F.ORIGIN: review.origin,
        F.INDEXED_AT: indexed_at.isoformat(),
    }


def review_from_document(review_id: str, doc: Mapping[str, Any]) -> FactCheck:
    return FactCheck(
        id=review_id,
        claim=doc[F.CLAIM],
        claimant=doc.get(F.CLAIMANT),
        claim_date=parse_date(doc.get(F.CLAIM_DATE)),
        appearances=tuple(doc.get(F.APPEARANCES) or ()),
        publisher=doc.get(F.PUBLISHER),
        publisher_site=doc.get(F.PUBLISHER_SITE),
        url=doc.get(F.URL),
        title=doc.get(F.TITLE),
        review_date=parse_date(doc.get(F.REVIEW_DATE)),
        language=doc.get(F.LANGUAGE),
        rating=doc.get(F.RATING),
        rating_normalised=doc.get(F.RATING_NORMALISED) or "other",
        origin=doc.get(F.ORIGIN),
    )
