"""The check service: one claim in, judged evidence and a verdict out.

Both the REST and the GraphQL layer call this and nothing else, so a behaviour exists once.
Blocking work (the encoder, the stance model) runs in worker threads; Elasticsearch calls are
async, so one process serves many requests at once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from elasticsearch import AsyncElasticsearch, NotFoundError

from factcheck import store
from factcheck.embedding import Encoder
from factcheck.retrieval import Candidate, RetrievalMode, Retriever, SearchFilters
from factcheck.schemas import (
    AlsoIn,
    ArticleDetail,
    ArticleRef,
    AttributionOut,
    CheckRequest,
    CheckResponse,
    Context,
    Passage,
    PassageStance,
    SentenceOut,
    StanceOut,
    Verdict,
)
from factcheck.settings import Settings
from factcheck.stance import StanceJudge, StanceResult
from factcheck.verdict import JudgedPassage, decide_verdict


@dataclass
class Timings:
    """Where a request's time went, in milliseconds (sent as the ``Server-Timing`` header)."""

    embed: float = 0.0
    search: float = 0.0
    stance: float = 0.0
    total: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)

    def header(self) -> str:
        parts = {"embed": self.embed, "search": self.search, "stance": self.stance,
                 **self.extra, "total": self.total}
        return ", ".join(f"{name};dur={value:.1f}" for name, value in parts.items())


@dataclass(frozen=True)
class Readiness:
    ready: bool
    detail: str


class _Clock:
    def __init__(self) -> None:
        self._start = time.perf_counter()

    def lap(self) -> float:
        now = time.perf_counter()
        elapsed = (now - self._start) * 1000.0
        self._start = now
        return elapsed


class CheckService:
    """Checks claims against the indexed news.

    Example:
        >>> service = CheckService(es=es, encoder=encoder, judge=judge, settings=Settings())
        >>> answer, timings = await service.check(CheckRequest(claim="Kherson fell on Thursday"))
        >>> answer.verdict.label
        <VerdictLabel.SUPPORTED: 'supported'>
    """

    def __init__(
        self,
        *,
        es: AsyncElasticsearch,
        encoder: Encoder,
        judge: StanceJudge,
        settings: Settings,
    ) -> None:
        self.es = es
        self.encoder = encoder
        self.judge = judge
        self.settings = settings
        self.retriever = Retriever(
            es,
            index=settings.elasticsearch.index,
            candidates=settings.retrieval.candidates,
            num_candidates=settings.retrieval.knn_num_candidates,
            rrf_k=settings.retrieval.rrf_k,
        )

    async def check(
        self, request: CheckRequest, *, mode: RetrievalMode = RetrievalMode.HYBRID
    ) -> tuple[CheckResponse, Timings]:
        timings = Timings()
        total = _Clock()
        clock = _Clock()
        vector = (await asyncio.to_thread(self.encoder.encode, [request.claim]))[0]
        timings.embed = clock.lap()
        filters = request.filters
        candidates = await self.retriever.search(
            request.claim,
            vector,
            top_k=request.top_k,
            filters=SearchFilters(
                sources=filters.sources if filters else None,
                published_after=filters.published_after if filters else None,
                published_before=filters.published_before if filters else None,
            ),
            mode=mode,
        )
        timings.search = clock.lap()
        results = await self.judge_passages(request.claim, [c.doc["text"] for c in candidates])
        timings.stance = clock.lap()

        judged = [
            JudgedPassage(stance=result, relevance=candidate.similarity or 0.0, rank=rank)
            for rank, (candidate, result) in enumerate(zip(candidates, results, strict=True))
        ]
        decision = decide_verdict(judged)
        passages = [
            _passage(candidate, result)
            for candidate, result in zip(candidates, results, strict=True)
        ]
        response = CheckResponse(
            claim=request.claim,
            verdict=Verdict(label=decision.label, confidence=decision.confidence),
            supporting=[passages[i] for i in decision.supporting],
            contradicting=[passages[i] for i in decision.contradicting],
            related=[passages[i] for i in decision.related],
        )
        timings.total = total.lap()
        return response, timings

    async def judge_passages(self, claim: str, passages: Sequence[str]) -> list[StanceResult]:
        if not passages:
            return []
        return await asyncio.to_thread(self.judge.judge, claim, list(passages))

    async def stance(self, claim: str, passages: Sequence[str]) -> list[StanceOut]:
        results = await self.judge_passages(claim, passages)
        return [
            StanceOut(label=r.label, confidence=r.confidence, scores=r.scores, reason=r.reason)
            for r in results
        ]

    async def article(self, article_id: str) -> ArticleDetail | None:
        names = self.settings.elasticsearch
        try:
            marker = await self.es.get(index=names.articles_index, id=article_id)
        except NotFoundError:
            return None
        meta = marker["_source"]
        count = int(meta.get("sentence_count") or 0)
        sentences: list[SentenceOut] = []
        if count:
            response = await self.es.search(
                index=names.index,
                query={"term": {"article_id": article_id}},
                sort=[{"sentence_index": "asc"}],
                size=min(count, 10_000),
                source_includes=["sentence_index", "text", "speaker", "cue"],
            )
            sentences = [
                SentenceOut(
                    index=hit["_source"]["sentence_index"],
                    text=hit["_source"]["text"],
                    attribution=_attribution(hit["_source"]),
                )
                for hit in response["hits"]["hits"]
            ]
        return ArticleDetail(**_article_ref(article_id, meta).model_dump(), sentences=sentences)

    async def readiness(self) -> Readiness:
        names = self.settings.elasticsearch
        try:
            exists = await self.es.indices.exists(index=[names.index, names.articles_index])
        except Exception as exc:  # any failure to answer means "not ready", with the reason
            reason = f"Elasticsearch unreachable at {names.url}: {type(exc).__name__}"
            return Readiness(False, reason)
        if not exists:
            return Readiness(False, f"index {names.index!r} or {names.articles_index!r} is missing")
        return Readiness(True, "ok")


def _attribution(doc: Mapping[str, Any]) -> AttributionOut | None:
    speaker, cue = doc.get("speaker"), doc.get("cue")
    return AttributionOut(speaker=speaker, cue=cue) if speaker and cue else None


def _article_ref(article_id: str, doc: Mapping[str, Any]) -> ArticleRef:
    return ArticleRef(
        id=article_id,
        title=doc.get("title"),
        url=doc.get("url"),
        source=doc.get("source"),
        published_at=store.parse_date(doc.get("published_at")),
        author=doc.get("author"),
    )


def _passage(candidate: Candidate, result: StanceResult) -> Passage:
    doc = candidate.doc
    return Passage(
        id=candidate.id,
        text=doc["text"],
        score=round(candidate.score, 6),
        stance=PassageStance(label=result.label, confidence=result.confidence,
                             reason=result.reason),
        attribution=_attribution(doc),
        article=_article_ref(str(doc["article_id"]), doc),
        sentence_index=int(doc["sentence_index"]),
        context=Context(before=doc.get("context_before"), after=doc.get("context_after")),
        also_in=[
            AlsoIn(article_id=str(c["article_id"]), source=c.get("source"), url=c.get("url"))
            for c in candidate.copies
        ],
    )
