"""The public request and response shapes of the check service.

REST validates requests and serialises answers with these models, the OpenAPI document is
generated from them, and the GraphQL types mirror them, so the three never drift apart.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from factcheck.stance import StanceLabel, StanceScores

MAX_CLAIM_CHARS = 2000
MAX_TOP_K = 50

SourceName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class _Request(BaseModel):
    # Unknown fields are a client bug worth telling about (a typo in "top_k" would pass silently).
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class CheckFilters(_Request):
    sources: list[SourceName] | None = Field(
        default=None, max_length=50, description="Only passages from these outlets."
    )
    published_after: dt.date | None = Field(
        default=None,
        strict=True,
        description="Only articles published on or after this day (YYYY-MM-DD).",
    )
    published_before: dt.date | None = Field(
        default=None,
        strict=True,
        description="Only articles published on or before this day (YYYY-MM-DD).",
    )

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if (
            self.published_after
            and self.published_before
            and self.published_after > self.published_before
        ):
            raise ValueError("published_after must not be later than published_before")
        return self


def _claim_text(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise ValueError("must not be empty or whitespace")
    if len(stripped) > MAX_CLAIM_CHARS:
        raise ValueError(f"must be at most {MAX_CLAIM_CHARS} characters (got {len(stripped)})")
    return stripped


class CheckRequest(_Request):
    claim: str = Field(description=f"The claim to check, 1 to {MAX_CLAIM_CHARS} characters.")
    top_k: int = Field(
        default=10, ge=1, le=MAX_TOP_K, strict=True, description="How many passages to judge."
    )
    filters: CheckFilters | None = None

    _claim = field_validator("claim")(_claim_text)


class StanceRequest(_Request):
    claim: str = Field(description=f"The claim, 1 to {MAX_CLAIM_CHARS} characters.")
    passages: list[Annotated[str, StringConstraints(min_length=1, max_length=5000)]] = Field(
        min_length=1, max_length=50, description="1 to 50 passages to judge against the claim."
    )

    _claim = field_validator("claim")(_claim_text)


class VerdictLabel(StrEnum):
    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    DISPUTED = "disputed"
    NOT_ENOUGH_EVIDENCE = "not_enough_evidence"


class AttributionOut(BaseModel):
    speaker: str
    cue: str


class ArticleRef(BaseModel):
    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: dt.date | None = None
    author: str | None = None


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


class CheckResponse(BaseModel):
    claim: str
    verdict: Verdict
    supporting: list[Passage]
    contradicting: list[Passage]
    related: list[Passage]


class StanceOut(BaseModel):
    label: StanceLabel
    confidence: float = Field(ge=0, le=1)
    scores: StanceScores
    reason: str | None = None


class StanceResponse(BaseModel):
    results: list[StanceOut]


class SentenceOut(BaseModel):
    index: int
    text: str
    attribution: AttributionOut | None = None


class ArticleDetail(ArticleRef):
    sentences: list[SentenceOut]
