"""Published reviews out: candidates for a claim (kNN + BM25), listings with filters, lookups.

Candidates for the same-claim decision come from both searches in one ``_msearch`` (the kNN finds
rewordings, BM25 the rare names and numbers a short claim turns on); each comes back with its
cosine similarity to the claim, computed from its stored vector. Listings follow the Fact Check
Tools ``claims:search`` parameters: a text query (BM25 on the claim and the review's title, plus
kNN when a vector is given), publisher name or site, language (``en`` also finds ``en-GB``),
maximum age in days of the review, and pages of ``first`` with an opaque ``after`` cursor.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from elasticsearch import AsyncElasticsearch, NotFoundError

from factcheck.embedding import Vectors
from factcheck.factchecks.matching import ReviewCandidate
from factcheck.factchecks.records import FactCheck
from factcheck.index.errors import IndexMissingError, is_index_missing, on_index
from factcheck.index.factchecks.layout import F, review_from_document

__all__ = [
    "MAX_FACT_CHECK_OFFSET",
    "FactCheckFilters",
    "FactCheckSearch",
    "ReviewPage",
    "decode_offset_cursor",
    "encode_offset_cursor",
]

@dataclass(frozen=True)
class FactCheckFilters:
    publisher: str | None = None
    language: str | None = None
    max_age_days: int | None = None

    def clauses(self, *, today: dt.date | None = None) -> list[dict[str, Any]]:
        clauses: list[dict[str, Any]] = []
        if self.publisher:
            name = self.publisher.strip()
            site = name.lower().removeprefix("https://").removeprefix("http://")
            site = site.removeprefix("www.").rstrip("/")
            clauses.append({"bool": {"should": [
                {"term": {F.PUBLISHER: name}}, {"term": {F.PUBLISHER_SITE: site}},
            ], "minimum_should_match": 1}})
        if self.language:
            code = self.language.strip().lower()
            clauses.append({"bool": {"should": [
                {"term": {F.LANGUAGE: code}}, {"prefix": {F.LANGUAGE: f"{code}-"}},
            ], "minimum_should_match": 1}})
        if self.max_age_days is not None:
            since = (today or dt.date.today()) - dt.timedelta(days=self.max_age_days)
            clauses.append({"range": {F.REVIEW_DATE: {"gte": since.isoformat()}}})
        return clauses


@dataclass
class ReviewPage:
    reviews: list[FactCheck] = field(default_factory=list)
    end_cursor: str | None = None
    has_next_page: bool = False
    total: int = 0


_LISTING_KNN = 100
MAX_FACT_CHECK_OFFSET = 10_000  # Elasticsearch's default max_result_window


def encode_offset_cursor(offset: int) -> str:
    """An opaque cursor for a page of fact-checks (they page by relevance, not by a sort key)."""
    return base64.urlsafe_b64encode(f"fc:{offset}".encode()).decode().rstrip("=")


def decode_offset_cursor(cursor: str) -> int:
    """The offset inside a fact-check cursor; ValueError when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, number = raw.partition(":")
        offset = int(number)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError("is not a cursor returned by this API") from exc
    if prefix != "fc" or not 0 < offset <= MAX_FACT_CHECK_OFFSET:
        raise ValueError("is not a cursor returned by this API")
    return offset


class FactCheckSearch:
    """Reads the fact-check index.

    Example:
        >>> search = FactCheckSearch(es, index="factcheck-factchecks")
        >>> hits = await search.candidates("Pope Francis endorsed Trump", vector, k=20)
        >>> hits[0].review.publisher
        'Snopes'
    """

    def __init__(self, es: AsyncElasticsearch, *, index: str, num_candidates: int = 100) -> None:
        self._es = es
        self._index = index
        self._num_candidates = num_candidates

    async def candidates(self, text: str, vector: Vectors, *, k: int) -> list[ReviewCandidate]:
        """Up to ``2 k`` reviews: the union of the kNN and BM25 top ``k``, best cosine first.

        An index that does not exist yet (no review ingested) gives no candidates.
        """
        knn = {"field": F.EMBEDDING, "query_vector": vector.astype(float).tolist(), "k": k,
               "num_candidates": max(self._num_candidates, k)}
        bodies = [
            {"knn": knn, "size": k, "_source": True},
            {"query": {"match": {F.CLAIM: {"query": text}}}, "size": k, "_source": True},
        ]
        searches: list[dict[str, Any]] = []
        for body in bodies:
            searches.extend([{"index": self._index}, body])
        response = await self._es.msearch(searches=searches)
        docs: dict[str, Mapping[str, Any]] = {}
        for result in response["responses"]:
            if "error" in result:
                if is_index_missing(result["error"]):
                    return []
                raise RuntimeError(f"fact-check search failed: {result['error']}")
            for hit in result["hits"]["hits"]:
                docs.setdefault(hit["_id"], hit["_source"])
        if not docs:
            return []
        ids = list(docs)
        matrix = np.asarray([docs[i][F.EMBEDDING] for i in ids], dtype=np.float32)
        query = vector.astype(np.float32)
        norms = np.maximum(np.linalg.norm(matrix, axis=1) * (np.linalg.norm(query) or 1.0), 1e-12)
        similarity = (matrix @ query) / norms
        hits = [
            ReviewCandidate(review_from_document(i, docs[i]), float(s))
            for i, s in zip(ids, similarity, strict=True)
        ]
        return sorted(hits, key=lambda h: (-h.similarity, h.review.id))

    async def page(
        self,
        *,
        query: str | None,
        vector: Vectors | None,
        filters: FactCheckFilters,
        first: int,
        after: str | None,
    ) -> ReviewPage:
        """One page of reviews: by relevance with a query, newest first without one."""
        offset = decode_offset_cursor(after) if after else 0
        size = min(first, MAX_FACT_CHECK_OFFSET - offset)
        body: dict[str, Any] = {
            "from": offset, "size": size, "track_total_hits": True,
            "_source": {"excludes": [F.EMBEDDING]},
        }
        clauses = filters.clauses()
        if query:
            body["query"] = {"bool": {
                "should": [{"match": {F.CLAIM: {"query": query}}},
                           {"match": {F.TITLE: {"query": query, "boost": 0.5}}}],
                "minimum_should_match": 1 if vector is None else 0,
                "filter": clauses,
            }}
            if vector is not None:
                # The same k on every page, so that a review's score (BM25 + kNN) does not
                # depend on which page is asked for, and pages never overlap.
                body["knn"] = {"field": F.EMBEDDING, "query_vector": vector.astype(float).tolist(),
                               "k": _LISTING_KNN, "filter": clauses,
                               "num_candidates": max(self._num_candidates, 2 * _LISTING_KNN)}
            body["sort"] = ["_score", {F.REVIEW_DATE: {"order": "desc", "missing": "_last"}}]
        else:
            body["query"] = {"bool": {"filter": clauses}}
            body["sort"] = [{F.REVIEW_DATE: {"order": "desc", "missing": "_last"}},
                            {F.URL: {"order": "asc", "missing": "_last"}}]
        try:
            response = await on_index(self._es.search(index=self._index, **body))
        except IndexMissingError:
            return ReviewPage()
        hits = response["hits"]["hits"]
        total = int(response["hits"]["total"]["value"])
        end = offset + len(hits)
        return ReviewPage(
            reviews=[review_from_document(h["_id"], h["_source"]) for h in hits],
            end_cursor=encode_offset_cursor(end) if hits else None,
            has_next_page=end < min(total, MAX_FACT_CHECK_OFFSET) and bool(hits),
            total=total,
        )

    async def get(self, review_id: str) -> FactCheck | None:
        try:
            doc = await self._es.get(index=self._index, id=review_id,
                                     source_excludes=[F.EMBEDDING])
        except NotFoundError:
            return None
        return review_from_document(review_id, doc["_source"])

    async def by_ids(self, ids: Sequence[str]) -> list[FactCheck]:
        if not ids:
            return []
        try:
            response = await self._es.mget(index=self._index, ids=list(ids),
                                           source_excludes=[F.EMBEDDING])
        except NotFoundError:
            return []
        return [review_from_document(d["_id"], d["_source"])
                for d in response["docs"] if d.get("found")]
