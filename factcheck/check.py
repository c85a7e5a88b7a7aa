"""The check service: one claim in, judged evidence and a verdict out.

Both the REST and the GraphQL layer call this and nothing else, so a behaviour exists once.
Blocking work (the encoder, the stance model) runs in worker threads; Elasticsearch calls are
async, so one process serves many requests at once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from elasticsearch import AsyncElasticsearch, NotFoundError

from factcheck import claims
from factcheck.embedding import Encoder, Vectors
from factcheck.index import layout as store
from factcheck.index.retrieval import (
    Candidate,
    IndexMissingError,
    RetrievalMode,
    Retriever,
    SearchFilters,
)
from factcheck.schemas import (
    MAX_CLAIM_CHARS,
    AlsoIn,
    ArticleDetail,
    ArticleEdge,
    ArticlePage,
    ArticleRef,
    ArticlesRequest,
    AttributionOut,
    CheckedClaim,
    CheckRequest,
    CheckResponse,
    CheckTextRequest,
    Context,
    PageInfo,
    Passage,
    PassageStance,
    SentenceOut,
    SkippedSentence,
    SkipReason,
    StanceOut,
    TextCheckResponse,
    Verdict,
    decode_cursor,
    encode_cursor,
)
from factcheck.settings import Settings
from factcheck.stance import StanceJudge, StanceLabel, StanceResult, StanceScores
from factcheck.verdict import RELEVANCE_FLOOR, JudgedPassage, decide_verdict, default_policy

T = TypeVar("T")
_SENTENCE_PAGE = 1000


# Stands in for the stance of a passage the verdict will not look at (see CheckService._answer).
_UNJUDGED = StanceResult(label=StanceLabel.NEUTRAL, confidence=1.0,
                         scores=StanceScores(supports=0.0, contradicts=0.0, neutral=1.0),
                         reason="not judged: below the relevance cut-off")


def _unrelated(similarity: float) -> StanceResult:
    return StanceResult(
        label=StanceLabel.NEUTRAL, confidence=1.0,
        scores=StanceScores(supports=0.0, contradicts=0.0, neutral=1.0),
        reason=f"unrelated to the claim: similarity {similarity:.2f} < {RELEVANCE_FLOOR}",
    )


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
        candidates = await self._retrieve(request, vector, mode=mode)
        timings.search = clock.lap()
        response = await self._answer(request.claim, candidates)
        timings.stance = clock.lap()
        timings.total = total.lap()
        return response, timings

    async def check_text(self, request: CheckTextRequest) -> tuple[TextCheckResponse, Timings]:
        """Check every check-worthy sentence of a draft; the others come back with the reason.

        Example:
            >>> draft = "Is it over? Kherson fell on Thursday."
            >>> answer, _ = await service.check_text(CheckTextRequest(text=draft))
            >>> [(c.start, c.end) for c in answer.claims], answer.skipped[0].reason
            ([(12, 37)], <SkipReason.QUESTION: 'question'>)
        """
        timings = Timings()
        total = _Clock()
        clock = _Clock()
        chosen: list[claims.Assessment] = []
        skipped: list[SkippedSentence] = []
        for assessment in await asyncio.to_thread(claims.find_claims, request.text):
            span = assessment.span
            reason = assessment.skip
            if reason is None and len(span.text) > MAX_CLAIM_CHARS:
                reason = SkipReason.TOO_LONG
            elif reason is None and len(chosen) >= request.max_claims:
                reason = SkipReason.OVER_LIMIT
            if reason is None:
                chosen.append(assessment)
            else:
                skipped.append(SkippedSentence(text=span.text, start=span.start, end=span.end,
                                               reason=reason))
        timings.extra["split"] = clock.lap()
        requests = [
            CheckRequest(claim=a.span.text, top_k=request.top_k, filters=request.filters)
            for a in chosen
        ]
        # One encoder batch for all claims, the searches side by side; the stance model runs
        # one claim at a time since it already uses every core.
        vectors = list(
            await asyncio.to_thread(self.encoder.encode, [r.claim for r in requests])
        ) if requests else []
        timings.embed = clock.lap()
        found = await asyncio.gather(
            *(self._retrieve(r, v) for r, v in zip(requests, vectors, strict=True))
        )
        timings.search = clock.lap()
        checked = []
        for assessment, check_request, candidates in zip(chosen, requests, found, strict=True):
            span = assessment.span
            checked.append(
                CheckedClaim(
                    text=span.text, start=span.start, end=span.end,
                    signals=list(assessment.signals),
                    result=await self._answer(check_request.claim, candidates),
                )
            )
        timings.stance = clock.lap()
        timings.total = total.lap()
        return TextCheckResponse(claims=checked, skipped=skipped), timings

    async def _retrieve(
        self, request: CheckRequest, vector: Vectors, *, mode: RetrievalMode = RetrievalMode.HYBRID
    ) -> list[Candidate]:
        filters = request.filters
        return await self.retriever.search(
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

    async def _answer(self, claim: str, candidates: Sequence[Candidate]) -> CheckResponse:
        # The verdict ignores passages below its relevance cut-off, whatever their stance, and
        # leaves them out of the answer: the cross-encoder (most of a check's time) only sees
        # the others. (tests/unit/test_model_cache.py holds the verdict to that.)
        policy = default_policy()
        cutoff = max(policy.min_relevance, RELEVANCE_FLOOR)
        wanted = [i for i, c in enumerate(candidates) if (c.similarity or 0.0) >= cutoff]
        judged_ones = await self.judge_passages(claim, [candidates[i].doc["text"]
                                                        for i in wanted])
        results = [_UNJUDGED] * len(candidates)
        for i, result in zip(wanted, judged_ones, strict=True):
            results[i] = result
        judged = [
            JudgedPassage(stance=result, relevance=candidate.similarity or 0.0, rank=rank)
            for rank, (candidate, result) in enumerate(zip(candidates, results, strict=True))
        ]
        decision = decide_verdict(judged)
        passages = [
            _passage(candidate, result)
            for candidate, result in zip(candidates, results, strict=True)
        ]
        return CheckResponse(
            claim=claim,
            verdict=Verdict(label=decision.label, confidence=decision.confidence),
            supporting=[passages[i] for i in decision.supporting],
            contradicting=[passages[i] for i in decision.contradicting],
            related=[passages[i] for i in decision.related],
        )

    async def judge_passages(self, claim: str, passages: Sequence[str]) -> list[StanceResult]:
        if not passages:
            return []
        return await asyncio.to_thread(self.judge.judge, claim, list(passages))

    async def stance(self, claim: str, passages: Sequence[str]) -> list[StanceOut]:
        """Judge a client's own passages; those about something else are neutral, unjudged.

        The cross-encoder learned from pairs that share a topic; on unrelated text its supports
        and contradicts are noise. /v1/check never shows it such pairs (the relevance cut-off),
        and this applies the same floor to passages a client brings.
        """
        vectors = await asyncio.to_thread(self.encoder.encode, [claim, *passages])
        norms = np.linalg.norm(vectors, axis=1).clip(min=1e-12)
        similarity = (vectors[1:] @ vectors[0]) / (norms[1:] * norms[0])
        related = [i for i, s in enumerate(similarity) if s >= RELEVANCE_FLOOR]
        judged = await self.judge_passages(claim, [passages[i] for i in related])
        results = [_unrelated(float(s)) for s in similarity]
        for i, result in zip(related, judged, strict=True):
            results[i] = result
        return [
            StanceOut(label=r.label, confidence=r.confidence, scores=r.scores, reason=r.reason)
            for r in results
        ]

    async def article(self, article_id: str) -> ArticleDetail | None:
        (ref,) = await self.articles_by_id([article_id])
        if ref is None:
            return None
        (sentences,) = await self.sentences_by_article([article_id])
        return ArticleDetail(**ref.model_dump(), sentences=sentences)

    async def articles_by_id(self, article_ids: Sequence[str]) -> list[ArticleRef | None]:
        """Many articles in one round trip, in the order asked; None where there is none."""
        if not article_ids:
            return []
        try:
            response = await self._on_index(
                self.es.mget(index=self.settings.elasticsearch.articles_index,
                             ids=list(article_ids), source_excludes=["origin"])
            )
        except IndexMissingError:
            # Nothing indexed yet: no article exists (as before, a 404, not a 503).
            return [None] * len(article_ids)
        found = {d["_id"]: d["_source"] for d in response["docs"] if d.get("found")}
        return [
            _article_ref(article_id, found[article_id]) if article_id in found else None
            for article_id in article_ids
        ]

    async def sentences_by_article(
        self, article_ids: Sequence[str]
    ) -> list[list[SentenceOut]]:
        """The sentences of many articles in reading order, one search (paged) for all of them."""
        by_article: dict[str, list[SentenceOut]] = {a: [] for a in article_ids}
        if not by_article:
            return []
        after: list[Any] | None = None
        while True:
            response = await self._on_index(
                self.es.search(
                    index=self.settings.elasticsearch.index,
                    query={"terms": {"article_id": list(by_article)}},
                    sort=[{"article_id": "asc"}, {"sentence_index": "asc"}],
                    size=_SENTENCE_PAGE,
                    search_after=after,
                    source_includes=["article_id", "sentence_index", "text", "speaker", "cue"],
                )
            )
            hits = response["hits"]["hits"]
            for hit in hits:
                doc = hit["_source"]
                by_article[str(doc["article_id"])].append(
                    SentenceOut(index=doc["sentence_index"], text=doc["text"],
                                attribution=_attribution(doc))
                )
            if len(hits) < _SENTENCE_PAGE:
                return [by_article[a] for a in article_ids]
            after = hits[-1]["sort"]

    async def list_articles(self, request: ArticlesRequest) -> ArticlePage:
        """A page of articles, newest first, undated last; ``after`` continues from a cursor.

        Example:
            >>> page = await service.list_articles(ArticlesRequest(first=2, source="VOA"))
            >>> page.page_info.has_next_page, [e.node.id for e in page.edges]
            (False, ['002_da11f4af9ad70b4a'])
        """
        filters = SearchFilters(
            sources=[request.source] if request.source else None,
            published_after=request.published_after,
            published_before=request.published_before,
        )
        response = await self._on_index(
            self.es.search(
                index=self.settings.elasticsearch.articles_index,
                query={"bool": {"filter": filters.clauses()}},
                # _id cannot be sorted on (no fielddata for it in Elasticsearch 8); the
                # fingerprint is a keyword unique per article (it hashes the id with the
                # content), so it breaks ties between articles of the same day.
                sort=[
                    {"published_at": {"order": "desc", "missing": "_last"}},
                    {"fingerprint": "asc"},
                ],
                size=request.first + 1,  # one more tells whether there is a next page
                search_after=decode_cursor(request.after) if request.after else None,
                source_excludes=["origin"],
                track_total_hits=False,
            )
        )
        hits = response["hits"]["hits"]
        edges = [
            ArticleEdge(cursor=encode_cursor(hit["sort"]), node=_article_ref(hit["_id"],
                                                                               hit["_source"]))
            for hit in hits[: request.first]
        ]
        return ArticlePage(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(hits) > request.first,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )

    async def _on_index(self, call: Awaitable[T]) -> T:
        try:
            return await call
        except NotFoundError as exc:
            if "index_not_found" in str(exc.body):
                raise IndexMissingError(str(exc.body)) from exc
            raise

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
