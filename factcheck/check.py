"""The check service: one claim in, judged evidence and a verdict out.

Both the REST and the GraphQL layer call this for every claim, so a behaviour exists once. The
service is *handed* its parts (a retriever, an encoder, a stance judge, a verdict policy) and
only coordinates them: it speaks to no index and loads no model itself. Blocking work (the
encoder, the stance model) runs in worker threads; retrieval is async, so one process serves many
requests at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from factcheck import claims
from factcheck.claims import SkipReason
from factcheck.embedding import Encoder, Vectors
from factcheck.factchecks.matching import FactCheckMatcher
from factcheck.index.layout import Fields
from factcheck.index.reader import article_ref, attribution
from factcheck.index.retrieval import Candidate, SearchFilters
from factcheck.results import (
    AlsoIn,
    CheckedClaim,
    CheckResponse,
    Context,
    FactCheckOut,
    Passage,
    PassageStance,
    SkippedSentence,
    StanceOut,
    TextCheckResponse,
    Verdict,
)
from factcheck.stance import StanceJudge, StanceLabel, StanceResult, StanceScores
from factcheck.timings import Clock, Timings
from factcheck.verdict import RELEVANCE_FLOOR, JudgedPassage, VerdictPolicy, decide_verdict

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


class CandidateSource(Protocol):
    """Where candidates come from (:class:`factcheck.index.retrieval.Retriever` in the service)."""

    async def search(
        self, text: str, vector: Vectors, *, top_k: int, filters: SearchFilters | None = None
    ) -> list[Candidate]: ...


class CheckService:
    """Checks claims against the indexed news.

    Example:
        >>> service = CheckService(retriever=Retriever.from_settings(es, settings),
        ...                        encoder=encoder_from(settings), judge=judge_from(settings),
        ...                        policy=policy_from(settings))
        >>> answer, timings = await service.check("Kherson fell on Thursday")
        >>> answer.verdict.label
        <VerdictLabel.SUPPORTED: 'supported'>
    """

    def __init__(
        self,
        *,
        retriever: CandidateSource,
        encoder: Encoder,
        judge: StanceJudge,
        policy: VerdictPolicy,
        fact_checks: FactCheckMatcher | None = None,
    ) -> None:
        self.retriever = retriever
        self.encoder = encoder
        self.judge = judge
        self.policy = policy
        # Published reviews of the same claim; None: answers carry no fact_checks.
        self.fact_checks = fact_checks

    async def check(
        self, claim: str, *, top_k: int = 10, filters: SearchFilters | None = None
    ) -> tuple[CheckResponse, Timings]:
        """Judge the ``top_k`` passages that bear most on ``claim`` and decide a verdict."""
        timings = Timings()
        total = Clock()
        clock = Clock()
        vector = (await asyncio.to_thread(self.encoder.encode, [claim]))[0]
        timings.embed = clock.lap()
        candidates, reviews = await asyncio.gather(
            self.retriever.search(claim, vector, top_k=top_k, filters=filters),
            self._fact_checks(claim, vector),
        )
        timings.search = clock.lap()
        response = await self._answer(claim, candidates)
        timings.stance = clock.lap()
        timings.total = total.lap()
        return response.model_copy(update={"fact_checks": reviews}), timings

    async def check_text(
        self, text: str, *, max_claims: int = 20, top_k: int = 5,
        filters: SearchFilters | None = None,
    ) -> tuple[TextCheckResponse, Timings]:
        """Check every check-worthy sentence of a draft; the others come back with the reason.

        Example:
            >>> draft = "Is it over? Kherson fell on Thursday."
            >>> answer, _ = await service.check_text(draft)
            >>> [(c.start, c.end) for c in answer.claims], answer.skipped[0].reason
            ([(12, 37)], <SkipReason.QUESTION: 'question'>)
        """
        timings = Timings()
        total = Clock()
        clock = Clock()
        chosen, skipped = _choose(await asyncio.to_thread(claims.find_claims, text),
                                  max_claims=max_claims)
        timings.extra["split"] = clock.lap()
        texts = [a.span.text for a in chosen]
        # One encoder batch for all claims, the searches side by side; the stance model runs
        # one claim at a time since it already uses every core.
        vectors = list(await asyncio.to_thread(self.encoder.encode, texts)) if texts else []
        timings.embed = clock.lap()
        found = await asyncio.gather(*(
            self.retriever.search(claim, vector, top_k=top_k, filters=filters)
            for claim, vector in zip(texts, vectors, strict=True)
        ))
        timings.search = clock.lap()
        checked = []
        for assessment, candidates, vector in zip(chosen, found, vectors, strict=True):
            span = assessment.span
            answer = await self._answer(span.text, candidates)
            reviews = await self._fact_checks(span.text, vector)
            checked.append(
                CheckedClaim(
                    text=span.text, start=span.start, end=span.end,
                    signals=list(assessment.signals),
                    result=answer.model_copy(update={"fact_checks": reviews}),
                )
            )
        timings.stance = clock.lap()
        timings.total = total.lap()
        return TextCheckResponse(claims=checked, skipped=skipped), timings

    async def _fact_checks(self, claim: str, vector: Vectors) -> list[FactCheckOut]:
        if self.fact_checks is None:
            return []
        matched = await self.fact_checks.match(claim, vector)
        return [FactCheckOut.of(m.review, similarity=round(m.similarity, 4)) for m in matched]

    async def _answer(self, claim: str, candidates: Sequence[Candidate]) -> CheckResponse:
        # The verdict ignores passages below its relevance cut-off, whatever their stance, and
        # leaves them out of the answer: the cross-encoder (most of a check's time) only sees
        # the others. (tests/unit/test_model_cache.py holds the verdict to that.)
        cutoff = self.policy.relevance_cutoff
        wanted = [i for i, c in enumerate(candidates) if (c.similarity or 0.0) >= cutoff]
        judged_ones = await self.judge_passages(claim, [candidates[i].doc[Fields.TEXT]
                                                        for i in wanted])
        results = [_UNJUDGED] * len(candidates)
        for i, result in zip(wanted, judged_ones, strict=True):
            results[i] = result
        judged = [
            JudgedPassage(stance=result, relevance=candidate.similarity or 0.0, rank=rank)
            for rank, (candidate, result) in enumerate(zip(candidates, results, strict=True))
        ]
        decision = decide_verdict(judged, policy=self.policy)
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


def _choose(
    assessments: Sequence[claims.Assessment], *, max_claims: int
) -> tuple[list[claims.Assessment], list[SkippedSentence]]:
    """The first ``max_claims`` check-worthy sentences, and every other one with its reason."""
    chosen: list[claims.Assessment] = []
    skipped: list[SkippedSentence] = []
    for assessment in assessments:
        span = assessment.span
        reason = assessment.skip
        if reason is None and len(span.text) > claims.MAX_CLAIM_CHARS:
            reason = SkipReason.TOO_LONG
        elif reason is None and len(chosen) >= max_claims:
            reason = SkipReason.OVER_LIMIT
        if reason is None:
            chosen.append(assessment)
        else:
            skipped.append(SkippedSentence(text=span.text, start=span.start, end=span.end,
                                           reason=reason))
    return chosen, skipped


def _passage(candidate: Candidate, result: StanceResult) -> Passage:
    doc = candidate.doc
    return Passage(
        id=candidate.id,
        text=doc[Fields.TEXT],
        score=round(candidate.score, 6),
        stance=PassageStance(label=result.label, confidence=result.confidence,
                             reason=result.reason),
        attribution=attribution(doc),
        article=article_ref(str(doc[Fields.ARTICLE_ID]), doc),
        sentence_index=int(doc[Fields.SENTENCE_INDEX]),
        context=Context(before=doc.get(Fields.CONTEXT_BEFORE), after=doc.get(Fields.CONTEXT_AFTER)),
        also_in=[
            AlsoIn(article_id=str(c[Fields.ARTICLE_ID]), source=c.get(Fields.SOURCE),
                   url=c.get(Fields.URL))
            for c in candidate.copies
        ],
    )
