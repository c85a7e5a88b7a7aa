"""The API edge: every shape the API publishes, and the validation of what callers send.

Requests (with their limits and error messages) are defined here; answers are the domain's
records (:mod:`factcheck.results`), re-exported so that the API has one place to import its
shapes from. REST validates requests and serialises answers with these models, the OpenAPI
document is generated from them, and the GraphQL types mirror them, so the three never drift
apart. Only the transports (``api/``) import this module; the core never does.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from factcheck.articles import ArticleRecord
from factcheck.claims import MAX_CLAIM_CHARS, ClaimSignal, SkipReason
from factcheck.index.factchecks.search import decode_offset_cursor
from factcheck.index.reader import decode_cursor
from factcheck.index.retrieval import SearchFilters
from factcheck.results import (
    AlsoIn,
    ArticleDetail,
    ArticleEdge,
    ArticlePage,
    ArticleRef,
    AttributionOut,
    CheckedClaim,
    CheckResponse,
    Context,
    FactCheckOut,
    PageInfo,
    Passage,
    PassageStance,
    SentenceOut,
    SkippedSentence,
    StanceOut,
    TextCheckResponse,
    Verdict,
    VerdictLabel,
)

__all__ = [  # the answers, re-exported: the API imports every shape it publishes from here
    "AlsoIn",
    "ArticleDetail",
    "ArticleEdge",
    "ArticlePage",
    "ArticleRef",
    "AttributionOut",
    "CheckResponse",
    "CheckedClaim",
    "ClaimSignal",
    "Context",
    "FactCheckOut",
    "PageInfo",
    "Passage",
    "PassageStance",
    "SentenceOut",
    "SkipReason",
    "SkippedSentence",
    "StanceOut",
    "TextCheckResponse",
    "Verdict",
    "VerdictLabel",
]

MAX_TOP_K = 50

SourceName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str) -> dt.date:
    """A calendar day written YYYY-MM-DD; ``date.fromisoformat`` alone also reads "20220303"."""
    if not _ISO_DAY.fullmatch(text):
        raise ValueError("must be a date written YYYY-MM-DD")
    return dt.date.fromisoformat(text)


def _iso_day(value: object) -> object:
    # pydantic alone also reads 0, "0.0" (seconds since 1970) and "2022-03-03T00:00" as a day.
    written_as_day = isinstance(value, str) and _ISO_DAY.fullmatch(value)
    if isinstance(value, dt.datetime) or not (isinstance(value, dt.date) or written_as_day):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


# A calendar day, written YYYY-MM-DD in JSON and in query strings alike.
Day = Annotated[dt.date, BeforeValidator(_iso_day)]


def _check_date_range(after: dt.date | None, before: dt.date | None) -> None:
    if after and before and after > before:
        raise ValueError("published_after must not be later than published_before")


class _Request(BaseModel):
    # Unknown fields are a client bug worth telling about (a typo in "top_k" would pass silently).
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class CheckFilters(_Request):
    sources: list[SourceName] | None = Field(
        default=None, max_length=50, description="Only passages from these outlets."
    )
    published_after: Day | None = Field(
        default=None,
        description="Only articles published on or after this day (YYYY-MM-DD).",
    )
    published_before: Day | None = Field(
        default=None,
        description="Only articles published on or before this day (YYYY-MM-DD).",
    )

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        _check_date_range(self.published_after, self.published_before)
        return self

    def search_filters(self) -> SearchFilters:
        return SearchFilters(sources=self.sources, published_after=self.published_after,
                             published_before=self.published_before)


def search_filters(filters: CheckFilters | None) -> SearchFilters:
    """What retrieval is restricted to (nothing, without filters)."""
    return filters.search_filters() if filters else SearchFilters()


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


class StanceResponse(BaseModel):
    results: list[StanceOut]


# -- checking a whole draft ------------------------------------------------------------------------

MAX_TEXT_CHARS = 20_000
MAX_CLAIMS = 50


class CheckTextRequest(_Request):
    text: str = Field(
        description=f"The draft, 1 to {MAX_TEXT_CHARS} characters; offsets in the answer index it."
    )
    max_claims: int = Field(
        default=20, ge=1, le=MAX_CLAIMS, strict=True,
        description="Check at most this many sentences (the first check-worthy ones).",
    )
    # Fewer passages than /v1/check by default: a draft has many claims and the cost of each is
    # linear in top_k; the editor opens one claim at a time.
    top_k: int = Field(
        default=5, ge=1, le=MAX_TOP_K, strict=True, description="Passages judged per claim."
    )
    filters: CheckFilters | None = None

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        # Not stripped: the offsets in the answer must index the text exactly as sent.
        if not value.strip():
            raise ValueError("must not be empty or whitespace")
        if len(value) > MAX_TEXT_CHARS:
            raise ValueError(f"must be at most {MAX_TEXT_CHARS} characters (got {len(value)})")
        return value


# -- listing, ingesting and deleting articles ------------------------------------------------------

MAX_PAGE_SIZE = 100
MAX_INGEST_BATCH = 100


class ArticlesRequest(_Request):
    first: int = Field(default=20, ge=1, le=MAX_PAGE_SIZE, description="Page size.")
    after: str | None = Field(
        default=None, max_length=512, description="`end_cursor` of the previous page."
    )
    source: SourceName | None = Field(default=None, description="Only articles of this outlet.")
    published_after: Day | None = Field(
        default=None, description="Only articles published on or after this day."
    )
    published_before: Day | None = Field(
        default=None, description="Only articles published on or before this day."
    )

    @field_validator("after")
    @classmethod
    def _cursor(cls, value: str | None) -> str | None:
        if value is not None:
            decode_cursor(value)
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        _check_date_range(self.published_after, self.published_before)
        return self

    def search_filters(self) -> SearchFilters:
        return SearchFilters(sources=[self.source] if self.source else None,
                             published_after=self.published_after,
                             published_before=self.published_before)


class IngestRequest(_Request):
    articles: list[ArticleRecord] = Field(
        min_length=1, max_length=MAX_INGEST_BATCH,
        description=f"1 to {MAX_INGEST_BATCH} articles, each like a line of the indexer's JSONL.",
    )


class IngestFailure(BaseModel):
    id: str
    reason: str


class IngestResponse(BaseModel):
    """Which articles are now searchable, which were already indexed as sent, which failed."""

    indexed: list[str]
    unchanged: list[str]
    failed: list[IngestFailure]
    fact_checks: list[str] = Field(
        default_factory=list,
        description="Ids of the fact-checks (ClaimReview) found in `html` pages and indexed.",
    )


class DeleteResponse(BaseModel):
    id: str
    deleted: bool = Field(description="False when there was no such article.")


# -- published fact-checks ----------------------------------------------------------------------

Language = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
                           max_length=35)
]


class FactChecksRequest(_Request):
    """The parameters of Google's Fact Check Tools ``claims:search``, by the same names."""

    query: Annotated[str, StringConstraints(min_length=1, max_length=MAX_CLAIM_CHARS)] | None = (
        Field(default=None, description="Text to search the reviewed claims for.")
    )
    publisher: SourceName | None = Field(
        default=None, description="Only this fact-checker: its name or its site (`snopes.com`)."
    )
    language: Language | None = Field(
        default=None, description="Only reviews in this language (`en` also finds `en-GB`)."
    )
    max_age_days: int | None = Field(
        default=None, ge=0, le=36500, description="Only reviews at most this many days old."
    )
    first: int = Field(default=10, ge=1, le=MAX_PAGE_SIZE, description="Page size.")
    after: str | None = Field(
        default=None, max_length=512, description="`end_cursor` of the previous page."
    )

    @field_validator("after")
    @classmethod
    def _cursor(cls, value: str | None) -> str | None:
        if value is not None:
            decode_offset_cursor(value)
        return value


class FactCheckPage(BaseModel):
    """Fact-checks by relevance to `query` (newest first without one), a page at a time."""

    fact_checks: list[FactCheckOut]
    total: int = Field(description="How many fact-checks match (counted up to 10,000).")
    page_info: PageInfo


class FactCheckIngestRequest(_Request):
    fact_checks: list[dict[str, object]] = Field(
        min_length=1, max_length=MAX_INGEST_BATCH,
        description=f"1 to {MAX_INGEST_BATCH} JSON documents, each a schema.org ClaimReview, a "
        "Fact Check Tools claim (`text`, `claimReview`) or a document holding them (`@graph`, "
        "a Data Commons feed, a Fact Check Tools response).",
    )


class FactCheckIngestResponse(BaseModel):
    """Which fact-checks are now searchable, which were stored already, which failed."""

    indexed: list[str]
    unchanged: list[str]
    replaced: int = Field(description="Older reviews of the same URLs that were removed.")
    failed: list[IngestFailure]
