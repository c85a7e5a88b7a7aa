"""Hybrid retrieval of candidate sentences: kNN on embeddings plus BM25, fused by rank.

Both searches go out in one ``_msearch`` round trip. Reciprocal rank fusion is done here rather
than by Elasticsearch's ``rrf`` retriever, which needs a licence and a module the minimal node
lacks. The same sentence syndicated by several outlets (equal ``match_key``) comes back once; the
other copies ride along in ``copies``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
from elasticsearch import AsyncElasticsearch

from factcheck.embedding import Vectors
from factcheck.index.errors import IndexMissingError, is_index_missing
from factcheck.index.layout import Fields
from factcheck.settings import Settings

# Never ship the vectors back unless asked: they are most of a document's bytes.
_SOURCE_EXCLUDES = [Fields.EMBEDDING]


class RetrievalMode(StrEnum):
    HYBRID = "hybrid"
    BM25 = "bm25"
    KNN = "knn"


@dataclass(frozen=True)
class SearchFilters:
    sources: Sequence[str] | None = None
    published_after: dt.date | None = None
    published_before: dt.date | None = None

    def clauses(self) -> list[dict[str, Any]]:
        clauses: list[dict[str, Any]] = []
        if self.sources:
            clauses.append({"terms": {Fields.SOURCE: list(self.sources)}})
        if self.published_after or self.published_before:
            bounds: dict[str, str] = {}
            if self.published_after:
                bounds["gte"] = self.published_after.isoformat()
            if self.published_before:
                bounds["lte"] = self.published_before.isoformat()
            clauses.append({"range": {Fields.PUBLISHED_AT: bounds}})
        return clauses


@dataclass
class Candidate:
    """One retrieved sentence (the best-ranked copy) with its fused score."""

    id: str
    doc: Mapping[str, Any]
    score: float
    # Cosine similarity of claim and sentence, in [-1, 1]; the verdict uses it as relevance.
    similarity: float | None = None
    copies: list[Mapping[str, Any]] = field(default_factory=list)


def knn_search(
    vector: Vectors, *, k: int, num_candidates: int, filters: SearchFilters
) -> dict[str, Any]:
    knn: dict[str, Any] = {
        "field": Fields.EMBEDDING,
        "query_vector": vector.astype(float).tolist(),
        "k": k,
        "num_candidates": max(num_candidates, k),
    }
    if clauses := filters.clauses():
        knn["filter"] = clauses
    return {"knn": knn, "size": k, "_source": {"excludes": _SOURCE_EXCLUDES}}


def bm25_search(text: str, *, k: int, filters: SearchFilters) -> dict[str, Any]:
    query: dict[str, Any] = {
        "bool": {
            "must": [{"match": {Fields.TEXT: {"query": text}}}],
            # Naming the speaker in the claim ("Lavrov said ...") should pull their sentences up.
            "should": [{"match": {Fields.SPEAKER: {"query": text, "boost": 0.5}}}],
            "filter": filters.clauses(),
        }
    }
    return {"query": query, "size": k, "_source": {"excludes": _SOURCE_EXCLUDES}}


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], *, k: int = 60
) -> dict[str, float]:
    """RRF: each list adds ``1 / (k + rank)`` to an id's score (ranks start at 1)."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, doc_id in enumerate(ranking, start=1):
            scores[doc_id] = scores.get(doc_id, 0.0) + 1.0 / (k + rank)
    return scores


def fold_syndicated(
    fused: Mapping[str, float],
    docs: Mapping[str, Mapping[str, Any]],
    *,
    similarity: Mapping[str, float],
    top_k: int,
) -> list[Candidate]:
    """The ``top_k`` best distinct sentences, best first, from fused scores.

    Copies of one sentence (equal ``match_key``) become one candidate, the best-ranked copy; the
    others from *other* articles ride along in ``copies`` (a repeat within one article adds
    nothing). Ties in score go to the smaller id, so the order never depends on dict order.
    """
    ranked = sorted(fused, key=lambda doc_id: (-fused[doc_id], doc_id))
    groups: dict[str, Candidate] = {}
    for doc_id in ranked:
        doc = docs[doc_id]
        key = str(doc.get(Fields.MATCH_KEY) or doc_id)
        if key in groups:
            group = groups[key]
            if all(c.get(Fields.ARTICLE_ID) != doc.get(Fields.ARTICLE_ID)
                   for c in [group.doc, *group.copies]):
                group.copies.append(doc)
            continue
        if len(groups) >= top_k:
            continue
        groups[key] = Candidate(id=doc_id, doc=doc, score=fused[doc_id],
                                similarity=similarity.get(doc_id))
    return list(groups.values())


class Retriever:
    """Finds the sentences most likely to bear on a claim.

    Example:
        >>> retriever = Retriever(es, index="factcheck")
        >>> hits = await retriever.search("Kherson fell", vector, top_k=5)
        >>> hits[0].doc["text"]
        'Russian forces took control Thursday of the strategic Ukranian port city of Kherson ...'
    """

    def __init__(
        self,
        es: AsyncElasticsearch,
        *,
        index: str,
        candidates: int = 50,
        num_candidates: int = 200,
        rrf_k: int = 60,
    ) -> None:
        self._es = es
        self._index = index
        self._candidates = candidates
        self._num_candidates = num_candidates
        self._rrf_k = rrf_k

    @classmethod
    def from_settings(cls, es: AsyncElasticsearch, settings: Settings) -> Retriever:
        """The retriever over ``settings.elasticsearch.index``, tuned by ``settings.retrieval``."""
        tuning = settings.retrieval
        return cls(es, index=settings.elasticsearch.index, candidates=tuning.candidates,
                   num_candidates=tuning.knn_num_candidates, rrf_k=tuning.rrf_k)

    async def search(
        self,
        text: str,
        vector: Vectors,
        *,
        top_k: int,
        filters: SearchFilters | None = None,
        mode: RetrievalMode = RetrievalMode.HYBRID,
    ) -> list[Candidate]:
        filters = filters or SearchFilters()
        # Fetch extra so that folding syndicated copies still leaves top_k distinct sentences.
        depth = max(self._candidates, top_k * 3)
        bodies: list[tuple[str, dict[str, Any]]] = []
        if mode in (RetrievalMode.HYBRID, RetrievalMode.KNN):
            bodies.append(("knn", knn_search(vector, k=depth, num_candidates=self._num_candidates,
                                              filters=filters)))
        if mode in (RetrievalMode.HYBRID, RetrievalMode.BM25):
            bodies.append(("bm25", bm25_search(text, k=depth, filters=filters)))
        searches: list[dict[str, Any]] = []
        for _, body in bodies:
            searches.extend([{"index": self._index}, body])
        response = await self._es.msearch(searches=searches)

        docs: dict[str, Mapping[str, Any]] = {}
        rankings: dict[str, list[str]] = {}
        similarity: dict[str, float] = {}
        for (name, _), result in zip(bodies, response["responses"], strict=True):
            if "error" in result:
                if is_index_missing(result["error"]):
                    raise IndexMissingError(self._index)
                raise RuntimeError(f"{name} search failed: {result['error']}")
            ids = []
            for hit in result["hits"]["hits"]:
                docs[hit["_id"]] = hit.get("_source", {})
                ids.append(hit["_id"])
                if name == "knn":
                    # ES scores cosine kNN as (1 + cos) / 2.
                    similarity[hit["_id"]] = 2.0 * float(hit["_score"]) - 1.0
            rankings[name] = ids

        result = fold_syndicated(
            reciprocal_rank_fusion(list(rankings.values()), k=self._rrf_k), docs,
            similarity=similarity, top_k=top_k,
        )
        await self._fill_similarity(result, vector)
        return result

    async def _fill_similarity(self, candidates: Sequence[Candidate], vector: Vectors) -> None:
        """BM25-only hits have no cosine yet: fetch their vectors and compute it here."""
        missing = [c for c in candidates if c.similarity is None]
        if not missing:
            return
        response = await self._es.mget(
            index=self._index, ids=[c.id for c in missing], source_includes=[Fields.EMBEDDING]
        )
        by_id = {d["_id"]: d for d in response["docs"] if d.get("found")}
        for candidate in missing:
            embedding = by_id.get(candidate.id, {}).get("_source", {}).get(Fields.EMBEDDING)
            if embedding is not None:
                candidate.similarity = float(np.dot(np.asarray(embedding, dtype=np.float32),
                                                    vector))
