"""GraphQL types mirroring :mod:`factcheck.schemas`, and the one place models are converted.

Output types are built from the pydantic answer models by one generic :func:`convert`;
input arguments become the pydantic request models through :func:`parse_input`, so GraphQL and
REST validate with the same rules and answer the same shapes (camelCase here, snake_case there).
Descriptions are taken from the pydantic fields so the two documents say the same thing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, TypeVar

import strawberry
from pydantic import BaseModel, ValidationError
from strawberry.scalars import JSON
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.utils.str_converters import to_camel_case

from api.errors import field_errors
from api.graphql.context import Info
from factcheck import schemas as s
from factcheck.articles import ArticleRecord
from factcheck.factchecks.draft import Evidence, claim_review_draft
from factcheck.stance import StanceLabel

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


def _doc(model: type[BaseModel], name: str) -> str | None:
    return model.model_fields[name].description


# -- scalars ------------------------------------------------------------------------------------


def _parse_date(value: object) -> dt.date:
    # Strawberry's own Date reads anything date.fromisoformat reads, "20220303" included; REST
    # takes only YYYY-MM-DD, and both transports must accept the same days.
    if not isinstance(value, str):
        raise ValueError("must be a date string YYYY-MM-DD")
    return s.parse_day(value)


# Replaces the built-in Date through the schema's scalar_overrides; same name, stricter parsing.
DATE = strawberry.scalar(
    name="Date",
    description="A calendar day written YYYY-MM-DD.",
    serialize=dt.date.isoformat,
    parse_value=_parse_date,
)


# -- enums (the Python enums themselves, so values cannot drift) --------------------------------

strawberry.enum(StanceLabel, name="StanceLabel")
strawberry.enum(s.VerdictLabel, name="VerdictLabel")
strawberry.enum(s.ClaimSignal, name="ClaimSignal", description=s.ClaimSignal.__doc__)
strawberry.enum(s.SkipReason, name="SkipReason", description=s.SkipReason.__doc__)


# -- output types -------------------------------------------------------------------------------


@strawberry.type
class Attribution:
    speaker: str
    cue: str


@strawberry.type
class Sentence:
    index: int
    text: str
    attribution: Attribution | None


async def _sentences(root: Article, info: Info) -> list[Sentence]:
    return [convert(x, Sentence) for x in await info.context.sentences.load(str(root.id))]


@strawberry.type(description="An indexed news article.")
class Article:
    id: strawberry.ID
    title: str | None
    url: str | None
    source: str | None
    published_at: dt.date | None
    author: str | None
    sentences: list[Sentence] = strawberry.field(
        resolver=_sentences, description="The article's sentences in reading order."
    )


@strawberry.type
class Context:
    before: str | None
    after: str | None


async def _also_in_article(root: AlsoIn, info: Info) -> Article | None:
    ref = await info.context.articles.load(str(root.article_id))
    return convert(ref, Article) if ref else None


@strawberry.type
class AlsoIn:
    article_id: strawberry.ID
    source: str | None
    url: str | None
    article: Article | None = strawberry.field(
        resolver=_also_in_article,
        description="The other article in full; null if it was deleted meanwhile.",
    )


@strawberry.type
class PassageStance:
    label: StanceLabel
    confidence: float
    reason: str | None = strawberry.field(description=_doc(s.PassageStance, "reason"))


@strawberry.type
class Passage:
    id: strawberry.ID
    text: str
    score: float = strawberry.field(description=_doc(s.Passage, "score"))
    stance: PassageStance
    attribution: Attribution | None
    article: Article
    sentence_index: int
    context: Context
    also_in: list[AlsoIn] = strawberry.field(description=_doc(s.Passage, "also_in"))


@strawberry.type
class Verdict:
    label: s.VerdictLabel
    confidence: float


@strawberry.type(description=s.FactCheckOut.__doc__)
class FactCheck:
    id: strawberry.ID
    claim: str = strawberry.field(description=_doc(s.FactCheckOut, "claim"))
    claimant: str | None = strawberry.field(description=_doc(s.FactCheckOut, "claimant"))
    claim_date: dt.date | None
    appearances: list[str] = strawberry.field(description=_doc(s.FactCheckOut, "appearances"))
    publisher: str | None = strawberry.field(description=_doc(s.FactCheckOut, "publisher"))
    publisher_site: str | None
    url: str | None = strawberry.field(description=_doc(s.FactCheckOut, "url"))
    title: str | None
    review_date: dt.date | None
    language: str | None
    rating: str | None = strawberry.field(description=_doc(s.FactCheckOut, "rating"))
    rating_normalised: str = strawberry.field(
        description=f"{_doc(s.FactCheckOut, 'rating_normalised')} One of true, mostly_true, "
        "mixed, mostly_false, false, unverifiable, other."
    )
    similarity: float | None = strawberry.field(description=_doc(s.FactCheckOut, "similarity"))


def _claim_review_draft(root: CheckResult) -> JSON:
    # Built from the answer's own fields, the same ones POST /v1/check's draft reads.
    evidence = [
        Evidence(url=p.article.url, title=p.article.title, source=p.article.source,
                 published_at=p.article.published_at)
        for p in [*root.supporting, *root.contradicting]
        if p.article.url
    ]
    return JSON(claim_review_draft(root.claim, evidence=evidence, reviews=root.fact_checks))


@strawberry.type(description="The evidence on one claim and the verdict it adds up to.")
class CheckResult:
    claim: str
    verdict: Verdict
    supporting: list[Passage]
    contradicting: list[Passage]
    related: list[Passage]
    fact_checks: list[FactCheck] = strawberry.field(
        description=_doc(s.CheckResponse, "fact_checks")
    )
    claim_review_draft: JSON = strawberry.field(
        resolver=_claim_review_draft,
        description="A schema.org ClaimReview JSON-LD draft of this check for the newsroom to "
        "complete (the same as POST /v1/check with `Accept: application/ld+json`): the rating, "
        "the reviewing organisation and the review's URL and date are left empty.",
    )


@strawberry.type(description="A sentence of the draft that was checked.")
class CheckedClaim:
    text: str = strawberry.field(description=_doc(s.CheckedClaim, "text"))
    start: int = strawberry.field(description=_doc(s.CheckedClaim, "start"))
    end: int = strawberry.field(description=_doc(s.CheckedClaim, "end"))
    signals: list[s.ClaimSignal]
    result: CheckResult


@strawberry.type(description="A sentence of the draft that was not checked, and why.")
class SkippedSentence:
    text: str = strawberry.field(description=_doc(s.SkippedSentence, "text"))
    start: int = strawberry.field(description=_doc(s.SkippedSentence, "start"))
    end: int = strawberry.field(description=_doc(s.SkippedSentence, "end"))
    reason: s.SkipReason


@strawberry.type(description="A draft checked sentence by sentence.")
class TextCheck:
    claims: list[CheckedClaim] = strawberry.field(description=_doc(s.TextCheckResponse, "claims"))
    skipped: list[SkippedSentence] = strawberry.field(
        description=_doc(s.TextCheckResponse, "skipped")
    )


@strawberry.type
class ArticleEdge:
    cursor: str
    node: Article


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type(description="A page of articles; `pageInfo.endCursor` continues it.")
class ArticleConnection:
    edges: list[ArticleEdge]
    page_info: PageInfo


@strawberry.type
class IngestFailure:
    id: strawberry.ID
    reason: str


@strawberry.type(description=s.IngestResponse.__doc__)
class IngestResult:
    indexed: list[strawberry.ID]
    unchanged: list[strawberry.ID]
    failed: list[IngestFailure]
    fact_checks: list[strawberry.ID] = strawberry.field(
        description=_doc(s.IngestResponse, "fact_checks")
    )


@strawberry.type(description=s.FactCheckPage.__doc__)
class FactCheckConnection:
    fact_checks: list[FactCheck]
    total: int = strawberry.field(description=_doc(s.FactCheckPage, "total"))
    page_info: PageInfo


@strawberry.type(description=s.FactCheckIngestResponse.__doc__)
class FactCheckIngestResult:
    indexed: list[strawberry.ID]
    unchanged: list[strawberry.ID]
    replaced: int = strawberry.field(description=_doc(s.FactCheckIngestResponse, "replaced"))
    failed: list[IngestFailure]


@strawberry.type
class DeleteResult:
    id: strawberry.ID
    deleted: bool = strawberry.field(description=_doc(s.DeleteResponse, "deleted"))


@strawberry.type
class FieldError:
    field: str = strawberry.field(description="Argument path, e.g. `filters.publishedAfter`.")
    message: str


@strawberry.type(description="The arguments were refused; nothing was done.")
class InvalidInput:
    message: str
    errors: list[FieldError]


CheckPayload = Annotated[CheckResult | InvalidInput, strawberry.union("CheckPayload")]
TextCheckPayload = Annotated[TextCheck | InvalidInput, strawberry.union("TextCheckPayload")]
ArticlesPayload = Annotated[
    ArticleConnection | InvalidInput, strawberry.union("ArticlesPayload")
]
IngestPayload = Annotated[IngestResult | InvalidInput, strawberry.union("IngestPayload")]
DeletePayload = Annotated[DeleteResult | InvalidInput, strawberry.union("DeletePayload")]
FactChecksPayload = Annotated[
    FactCheckConnection | InvalidInput, strawberry.union("FactChecksPayload")
]
FactCheckIngestPayload = Annotated[
    FactCheckIngestResult | InvalidInput, strawberry.union("FactCheckIngestPayload")
]


# -- input types --------------------------------------------------------------------------------


@strawberry.input
class CheckFilters:
    sources: list[str] | None = strawberry.field(
        default=None, description=_doc(s.CheckFilters, "sources")
    )
    published_after: dt.date | None = strawberry.field(
        default=None, description=_doc(s.CheckFilters, "published_after")
    )
    published_before: dt.date | None = strawberry.field(
        default=None, description=_doc(s.CheckFilters, "published_before")
    )


@strawberry.input(description="An article as the CMS publishes it (the indexer's JSONL record).")
class ArticleInput:
    id: strawberry.ID | None = strawberry.field(
        default=None, description="Stable id; without one it is derived from the URL or body."
    )
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: dt.date | None = None
    author: str | None = None
    html: str | None = strawberry.field(default=None, description=_doc(ArticleRecord, "html"))
    body: str | None = strawberry.field(default=None, description=_doc(ArticleRecord, "body"))


# -- conversion ---------------------------------------------------------------------------------


def snake(value: object) -> Any:
    """An input object (nested) as the snake_case dict the pydantic models take."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # Strawberry input types are dataclasses whose attributes have the Python names.
        return {f.name: snake(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {name: snake(item) for name, item in value.items()}
    if isinstance(value, list):
        return [snake(item) for item in value]
    return value


def _graphql_path(field: str, renames: Mapping[str, str]) -> str:
    for old, new in renames.items():
        if field == old or field.startswith(f"{old}."):
            field = new + field[len(old):]
    return ".".join(part if part.isdigit() else to_camel_case(part) for part in field.split("."))


def invalid_input(
    errors: Sequence[Mapping[str, str]], *, renames: Mapping[str, str] | None = None
) -> InvalidInput:
    """Field errors named as in the GraphQL arguments (``top_k`` -> ``topK``)."""
    fields = [
        FieldError(field=_graphql_path(e["field"], renames or {}), message=e["message"])
        for e in errors
    ]
    summary = "; ".join(f"{f.field}: {f.message}" for f in fields[:5])
    return InvalidInput(message=f"invalid input: {summary}", errors=fields)


def parse_input(
    model: type[M], data: Mapping[str, Any], *, renames: Mapping[str, str] | None = None
) -> M | InvalidInput:
    """Validate GraphQL arguments with the REST request model; InvalidInput instead of raising."""
    try:
        return model.model_validate(snake(dict(data)))
    except ValidationError as exc:
        errors = field_errors(exc.errors(include_url=False, include_input=False))
        return invalid_input(errors, renames=renames)


def convert(value: BaseModel, to: type[T]) -> T:
    """The GraphQL object ``to`` for the answer model ``value``: every field of ``to`` takes the
    same-named attribute of ``value``, nested models converted to the field's GraphQL type.

    One converter for every answer, so a field added to a model and to its GraphQL type needs no
    code here. Fields with their own resolver (an article's sentences) are left to it.

    Example:
        >>> convert(s.Verdict(label="supported", confidence=0.9), Verdict).confidence
        0.9
    """
    definition = to.__strawberry_definition__  # type: ignore[attr-defined]
    values = {
        f.python_name: _converted(getattr(value, f.python_name), f.type)
        for f in definition.fields
        if f.base_resolver is None
    }
    return to(**values)


def _converted(value: Any, kind: Any) -> Any:
    if value is None:
        return None
    if isinstance(kind, StrawberryOptional):
        return _converted(value, kind.of_type)
    if isinstance(kind, StrawberryList):
        return [_converted(item, kind.of_type) for item in value]
    if hasattr(kind, "__strawberry_definition__"):
        return convert(value, kind)
    return value  # scalars and enums: the same values on both sides
