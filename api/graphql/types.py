"""GraphQL types mirroring :mod:`factcheck.schemas`, and the one place models are converted.

Output types are built from the pydantic answer models by the ``*_out`` functions at the bottom;
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
from strawberry.utils.str_converters import to_camel_case

from api.errors import field_errors
from api.graphql.context import Info
from factcheck import schemas as s
from factcheck.stance import StanceLabel

M = TypeVar("M", bound=BaseModel)


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
    return [sentence_out(x) for x in await info.context.sentences.load(str(root.id))]


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
    return article_out(ref) if ref else None


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


@strawberry.type(description="The evidence on one claim and the verdict it adds up to.")
class CheckResult:
    claim: str
    verdict: Verdict
    supporting: list[Passage]
    contradicting: list[Passage]
    related: list[Passage]


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
    body: str


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


def attribution_out(m: s.AttributionOut | None) -> Attribution | None:
    return Attribution(speaker=m.speaker, cue=m.cue) if m else None


def sentence_out(m: s.SentenceOut) -> Sentence:
    return Sentence(index=m.index, text=m.text, attribution=attribution_out(m.attribution))


def article_out(m: s.ArticleRef) -> Article:
    return Article(id=strawberry.ID(m.id), title=m.title, url=m.url, source=m.source,
                   published_at=m.published_at, author=m.author)


def passage_out(m: s.Passage) -> Passage:
    return Passage(
        id=strawberry.ID(m.id),
        text=m.text,
        score=m.score,
        stance=PassageStance(label=m.stance.label, confidence=m.stance.confidence,
                             reason=m.stance.reason),
        attribution=attribution_out(m.attribution),
        article=article_out(m.article),
        sentence_index=m.sentence_index,
        context=Context(before=m.context.before, after=m.context.after),
        also_in=[AlsoIn(article_id=strawberry.ID(a.article_id), source=a.source, url=a.url)
                 for a in m.also_in],
    )


def check_out(m: s.CheckResponse) -> CheckResult:
    return CheckResult(
        claim=m.claim,
        verdict=Verdict(label=m.verdict.label, confidence=m.verdict.confidence),
        supporting=[passage_out(p) for p in m.supporting],
        contradicting=[passage_out(p) for p in m.contradicting],
        related=[passage_out(p) for p in m.related],
    )


def text_check_out(m: s.TextCheckResponse) -> TextCheck:
    return TextCheck(
        claims=[CheckedClaim(text=c.text, start=c.start, end=c.end, signals=list(c.signals),
                             result=check_out(c.result)) for c in m.claims],
        skipped=[SkippedSentence(text=x.text, start=x.start, end=x.end, reason=x.reason)
                 for x in m.skipped],
    )


def page_out(m: s.ArticlePage) -> ArticleConnection:
    return ArticleConnection(
        edges=[ArticleEdge(cursor=e.cursor, node=article_out(e.node)) for e in m.edges],
        page_info=PageInfo(has_next_page=m.page_info.has_next_page,
                           end_cursor=m.page_info.end_cursor),
    )


def ingest_out(m: s.IngestResponse) -> IngestResult:
    return IngestResult(
        indexed=[strawberry.ID(i) for i in m.indexed],
        unchanged=[strawberry.ID(i) for i in m.unchanged],
        failed=[IngestFailure(id=strawberry.ID(f.id), reason=f.reason) for f in m.failed],
    )


def delete_out(m: s.DeleteResponse) -> DeleteResult:
    return DeleteResult(id=strawberry.ID(m.id), deleted=m.deleted)
