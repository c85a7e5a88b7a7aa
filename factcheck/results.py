"""What the service answers: verdicts, judged passages, articles and pages of them.

Domain records, shared by the check service, the index reader and both transports: REST
serialises them as they are (the OpenAPI document is generated from them, through
:mod:`factcheck.schemas`), GraphQL converts them to its types. They carry no request validation;
that is the API edge's job (:mod:`factcheck.schemas`).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field

from factcheck.claims import ClaimSignal, SkipReason
from factcheck.documents import ArticleMeta, Attribution
from factcheck.factchecks.ratings import NormalisedRating
from factcheck.factchecks.records import FactCheck
from factcheck.stance import StanceLabel, StanceScores


class VerdictLabel(StrEnum):
    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    DISPUTED = "disputed"
    NOT_ENOUGH_EVIDENCE = "not_enough_evidence"


# The domain's own shapes under the names the API has always published them with.
class AttributionOut(Attribution):
    pass


class ArticleRef(ArticleMeta):
    pass


class Context(BaseModel):
    before: str | None = None
    after: str | None = None


class AlsoIn(BaseModel):
    article_id: str
    source: str | None = None
    url: str | None = None


class PassageStance(BaseModel):
    label: StanceLabel
    confidence: float = Field(ge=0, le=1)
    reason: str | None = Field(default=None, description="Why, when a rule decided the label.")


class Passage(BaseModel):
    id: str
    text: str
    score: float = Field(description="Retrieval score (reciprocal rank fusion of kNN and BM25).")
    stance: PassageStance
    attribution: AttributionOut | None = None
    article: ArticleRef
    sentence_index: int
    context: Context
    also_in: list[AlsoIn] = Field(
        default_factory=list, description="Other outlets carrying the same sentence."
    )


class Verdict(BaseModel):
    label: VerdictLabel
    confidence: float = Field(ge=0, le=1)


class FactCheckOut(BaseModel):
    """A published fact-check (one ClaimReview) as the API returns it."""

    id: str
    claim: str = Field(description="The claim as the fact-checker reviewed it.")
    claimant: str | None = Field(description="Who made the claim, as the fact-checker says.")
    claim_date: dt.date | None
    appearances: list[str] = Field(description="Where the claim appeared (URLs).")
    publisher: str | None = Field(description="The reviewing organisation.")
    publisher_site: str | None
    url: str | None = Field(description="The fact-check's URL.")
    title: str | None
    review_date: dt.date | None
    language: str | None
    rating: str | None = Field(description="The textual rating exactly as published.")
    rating_normalised: NormalisedRating = Field(
        description="The rating on one scale; `other` when the publisher's words are not "
        "among the common ratings (never guessed)."
    )
    similarity: float | None = Field(
        default=None,
        description="Cosine similarity of the checked claim and the reviewed one (in checks).",
    )

    @classmethod
    def of(cls, review: FactCheck, *, similarity: float | None = None) -> FactCheckOut:
        return cls(
            **review.model_dump(exclude={"origin", "appearances"}),
            appearances=list(review.appearances),
            similarity=similarity,
        )


class CheckResponse(BaseModel):
    claim: str
    verdict: Verdict
    supporting: list[Passage]
    contradicting: list[Passage]
    related: list[Passage]
    fact_checks: list[FactCheckOut] = Field(
        default_factory=list,
        description="Published fact-checks of the same claim, newest first. They stand beside "
        "the verdict, which is this service's own.",
    )


class StanceOut(BaseModel):
    label: StanceLabel
    confidence: float = Field(ge=0, le=1)
    scores: StanceScores
    reason: str | None = None


class SentenceOut(BaseModel):
    index: int
    text: str
    attribution: AttributionOut | None = None


class ArticleDetail(ArticleRef):
    sentences: list[SentenceOut]


class _Span(BaseModel):
    text: str = Field(description="The sentence, whitespace collapsed.")
    start: int = Field(
        ge=0, description="Offset of its first character in the draft, in code points."
    )
    end: int = Field(ge=0, description="Offset just past its last character, in code points.")


class CheckedClaim(_Span):
    signals: list[ClaimSignal]
    result: CheckResponse


class SkippedSentence(_Span):
    reason: SkipReason


class TextCheckResponse(BaseModel):
    claims: list[CheckedClaim] = Field(description="Checked sentences, in reading order.")
    skipped: list[SkippedSentence] = Field(
        description="Sentences not checked and why, in reading order."
    )


class ArticleEdge(BaseModel):
    cursor: str
    node: ArticleRef


class PageInfo(BaseModel):
    has_next_page: bool
    end_cursor: str | None = None


class ArticlePage(BaseModel):
    """Articles newest first (undated last); pass ``page_info.end_cursor`` as ``after``."""

    edges: list[ArticleEdge]
    page_info: PageInfo
