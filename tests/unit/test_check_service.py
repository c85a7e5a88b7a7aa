"""CheckService through its seam: a retriever, an encoder, a judge and a policy handed to it."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from factcheck.check import CheckService
from factcheck.claims import SkipReason
from factcheck.embedding import Vectors
from factcheck.index.retrieval import Candidate, SearchFilters
from factcheck.results import VerdictLabel
from factcheck.stance import StanceLabel, StanceResult, StanceScores
from factcheck.verdict import VerdictPolicy

from .fakes import HashEncoder

POLICY = VerdictPolicy(min_relevance=0.4, support=0.6, contradict=0.6, disputed=0.7)


def _doc(article_id: str, text: str, **extra: Any) -> dict[str, Any]:
    return {"article_id": article_id, "sentence_index": 0, "text": text, "title": "T",
            "source": "VOA", "published_at": "2022-11-10", **extra}


class ListRetriever:
    """Returns the same candidates for every claim and remembers what it was asked."""

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        self.candidates = list(candidates)
        self.calls: list[tuple[str, int, SearchFilters | None]] = []

    async def search(
        self, text: str, vector: Vectors, *, top_k: int, filters: SearchFilters | None = None
    ) -> list[Candidate]:
        self.calls.append((text, top_k, filters))
        return self.candidates[:top_k]


class ScriptedJudge:
    """Supports every passage whose text contains "yes", contradicts "no"; records its calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[str]]] = []

    def judge(self, claim: str, passages: Sequence[str]) -> list[StanceResult]:
        self.calls.append((claim, list(passages)))
        return [self._one(p) for p in passages]

    @staticmethod
    def _one(passage: str) -> StanceResult:
        if "yes" in passage:
            scores = StanceScores(supports=0.9, contradicts=0.05, neutral=0.05)
            return StanceResult(label=StanceLabel.SUPPORTS, confidence=0.9, scores=scores)
        if "no" in passage.split():
            scores = StanceScores(supports=0.05, contradicts=0.9, neutral=0.05)
            return StanceResult(label=StanceLabel.CONTRADICTS, confidence=0.9, scores=scores)
        scores = StanceScores(supports=0.1, contradicts=0.1, neutral=0.8)
        return StanceResult(label=StanceLabel.NEUTRAL, confidence=0.8, scores=scores)


class CountingEncoder(HashEncoder):
    def __init__(self) -> None:
        super().__init__()
        self.batches: list[list[str]] = []

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None) -> Vectors:
        self.batches.append(list(texts))
        return super().encode(texts, batch_size=batch_size)


def _candidate(doc_id: str, doc: Mapping[str, Any], similarity: float, score: float = 0.01,
               copies: Sequence[Mapping[str, Any]] = ()) -> Candidate:
    return Candidate(id=doc_id, doc=doc, score=score, similarity=similarity, copies=list(copies))


def _service(candidates: Sequence[Candidate], *, policy: VerdictPolicy = POLICY,
             encoder: HashEncoder | None = None) -> tuple[CheckService, ListRetriever,
                                                          ScriptedJudge]:
    retriever, judge = ListRetriever(candidates), ScriptedJudge()
    service = CheckService(retriever=retriever, encoder=encoder or HashEncoder(), judge=judge,
                           policy=policy)
    return service, retriever, judge


def test_supporting_passage_makes_a_supported_verdict_with_its_article() -> None:
    copy = _doc("b", "yes it fell", source="AP", url="https://ap.example/b")
    service, _, _ = _service([
        _candidate("a:0", _doc("a", "yes it fell", speaker="Lahuta", cue="said"), 0.8,
                   copies=[copy]),
        _candidate("c:0", _doc("c", "the weather was mild"), 0.6),
    ])
    answer, timings = asyncio.run(service.check("Kherson fell"))
    assert answer.verdict.label is VerdictLabel.SUPPORTED
    (passage,) = answer.supporting
    assert passage.id == "a:0" and passage.article.id == "a"
    assert passage.article.published_at == dt.date(2022, 11, 10)
    assert passage.attribution is not None and passage.attribution.speaker == "Lahuta"
    assert [(c.article_id, c.source) for c in passage.also_in] == [("b", "AP")]
    assert [p.id for p in answer.related] == ["c:0"]
    assert timings.total >= timings.stance >= 0.0


def test_passages_below_the_policy_cut_off_are_never_judged_nor_shown() -> None:
    service, _, judge = _service([
        _candidate("a:0", _doc("a", "yes it fell"), 0.35),  # above the floor, below 0.4
        _candidate("b:0", _doc("b", "no it did not"), 0.7),
    ])
    answer, _ = asyncio.run(service.check("Kherson fell"))
    assert judge.calls == [("Kherson fell", ["no it did not"])]
    assert answer.verdict.label is VerdictLabel.CONTRADICTED
    shown = [p.id for p in [*answer.supporting, *answer.contradicting, *answer.related]]
    assert shown == ["b:0"]


def test_the_policy_handed_in_decides() -> None:
    candidates = [_candidate("a:0", _doc("a", "yes it fell"), 0.8)]
    strict = POLICY.model_copy(update={"support": 0.95})
    lenient_answer, _ = asyncio.run(_service(candidates)[0].check("x"))
    strict_answer, _ = asyncio.run(
        _service(candidates, policy=strict)[0].check("x")
    )
    assert lenient_answer.verdict.label is VerdictLabel.SUPPORTED
    assert strict_answer.verdict.label is VerdictLabel.NOT_ENOUGH_EVIDENCE
    assert [p.id for p in strict_answer.related] == ["a:0"]


def test_request_filters_and_top_k_reach_the_retriever() -> None:
    service, retriever, _ = _service([])
    filters = SearchFilters(sources=["VOA"], published_after=dt.date(2022, 1, 1))
    answer, _ = asyncio.run(service.check("x", top_k=3, filters=filters))
    assert answer.verdict.label is VerdictLabel.NOT_ENOUGH_EVIDENCE
    assert retriever.calls == [("x", 3, filters)]


def test_check_text_embeds_all_claims_in_one_batch_and_says_why_others_were_skipped() -> None:
    encoder = CountingEncoder()
    service, retriever, _ = _service([_candidate("a:0", _doc("a", "yes"), 0.9)],
                                     encoder=encoder)
    draft = ("Is it over? Kherson fell on Thursday. Russia lost 3,000 tanks in 2022. "
             "The mayor said 40 schools reopened on Monday.")
    answer, _ = asyncio.run(service.check_text(draft, max_claims=2))
    checked = [c.text for c in answer.claims]
    assert len(checked) == 2 and encoder.batches == [checked]
    assert [c.result.verdict.label for c in answer.claims] == [VerdictLabel.SUPPORTED] * 2
    assert [call[0] for call in retriever.calls] == checked
    reasons = {s.reason for s in answer.skipped}
    assert SkipReason.QUESTION in reasons and SkipReason.OVER_LIMIT in reasons
    for claim in answer.claims:
        assert draft[claim.start:claim.end] == claim.text


def test_stance_of_unrelated_passages_is_neutral_and_unjudged() -> None:
    class TwoTopics(HashEncoder):
        """Texts about Kherson point one way, everything else the other."""

        def encode(self, texts: Sequence[str], *, batch_size: int | None = None) -> Vectors:
            rows = [[1.0, 0.0] if "Kherson" in t else [0.0, 1.0] for t in texts]
            return np.asarray(rows, dtype=np.float32)

    service, _, judge = _service([], encoder=TwoTopics())
    results = asyncio.run(service.stance("Kherson fell", ["yes Kherson fell", "yes, cake"]))
    assert judge.calls == [("Kherson fell", ["yes Kherson fell"])]
    assert results[0].label is StanceLabel.SUPPORTS
    assert results[1].label is StanceLabel.NEUTRAL
    assert results[1].reason is not None and "unrelated" in results[1].reason
