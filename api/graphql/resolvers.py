"""Root resolvers: validate the arguments, call the service layer, convert the answer.

The same service calls as the REST endpoints in :mod:`api.rest`; nothing is decided here.
"""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.scalars import JSON

from api import factchecks, publish
from api.graphql import types as t
from api.graphql.context import Info
from factcheck.documents import InvalidArticleError, check_article_id, is_article_id
from factcheck.schemas import (
    ArticleRef,
    ArticlesRequest,
    CheckRequest,
    CheckTextRequest,
    FactCheckOut,
    FactChecksRequest,
    IngestRequest,
    search_filters,
)

# The REST body wraps records in "articles"; the mutation takes one as "input".
_AS_INPUT = {"articles.0": "input"}


async def check(
    info: Info,
    claim: str,
    top_k: int = 10,
    filters: t.CheckFilters | None = None,
) -> t.CheckPayload:
    request = t.parse_input(CheckRequest, {"claim": claim, "top_k": top_k, "filters": filters})
    if isinstance(request, t.InvalidInput):
        return request
    answer, _ = await info.context.service.check(
        request.claim, top_k=request.top_k, filters=search_filters(request.filters)
    )
    return t.convert(answer, t.CheckResult)


async def check_text(
    info: Info,
    text: str,
    max_claims: int = 20,
    top_k: int = 5,
    filters: t.CheckFilters | None = None,
) -> t.TextCheckPayload:
    request = t.parse_input(
        CheckTextRequest,
        {"text": text, "max_claims": max_claims, "top_k": top_k, "filters": filters},
    )
    if isinstance(request, t.InvalidInput):
        return request
    answer, _ = await info.context.service.check_text(
        request.text, max_claims=request.max_claims, top_k=request.top_k,
        filters=search_filters(request.filters),
    )
    return t.convert(answer, t.TextCheck)


async def article(info: Info, id: strawberry.ID) -> t.Article | None:
    if not is_article_id(id):
        return None  # no article can have such an id
    ref: ArticleRef | None = await info.context.articles.load(str(id))
    return t.convert(ref, t.Article) if ref else None


async def articles(
    info: Info,
    first: int = 20,
    after: str | None = None,
    source: str | None = None,
    published_after: dt.date | None = None,
    published_before: dt.date | None = None,
) -> t.ArticlesPayload:
    request = t.parse_input(
        ArticlesRequest,
        {"first": first, "after": after, "source": source,
         "published_after": published_after, "published_before": published_before},
    )
    if isinstance(request, t.InvalidInput):
        return request
    page = await info.context.reader.list_articles(
        first=request.first, after=request.after, filters=request.search_filters()
    )
    return t.convert(page, t.ArticleConnection)


async def ingest_article(info: Info, input: t.ArticleInput) -> t.IngestPayload:
    request = t.parse_input(IngestRequest, {"articles": [input]}, renames=_AS_INPUT)
    if isinstance(request, t.InvalidInput):
        return request
    try:
        answer = await publish.ingest(info.context.ingestor, request.articles,
                                      writer=info.context.fact_check_writer)
    except InvalidArticleError as exc:
        return t.invalid_input(exc.errors, renames=_AS_INPUT)
    return t.convert(answer, t.IngestResult)


async def fact_checks(
    info: Info,
    query: str | None = None,
    publisher: str | None = None,
    language: str | None = None,
    max_age_days: int | None = None,
    first: int = 10,
    after: str | None = None,
) -> t.FactChecksPayload:
    request = t.parse_input(
        FactChecksRequest,
        {"query": query, "publisher": publisher, "language": language,
         "max_age_days": max_age_days, "first": first, "after": after},
    )
    if isinstance(request, t.InvalidInput):
        return request
    page = await factchecks.list_fact_checks(
        info.context.fact_checks, info.context.service.encoder, request
    )
    return t.convert(page, t.FactCheckConnection)


async def fact_check(info: Info, id: strawberry.ID) -> t.FactCheck | None:
    if not is_article_id(id):  # the same rule for any id (1 to 512 characters)
        return None
    review = await info.context.fact_checks.get(str(id))
    return t.convert(FactCheckOut.of(review), t.FactCheck) if review else None


async def ingest_fact_checks(info: Info, input: list[JSON]) -> t.FactCheckIngestPayload:
    documents = list(input)
    if not 1 <= len(documents) <= 100:
        return t.invalid_input([{"field": "input", "message": "1 to 100 documents"}])
    try:
        answer = await publish.ingest_fact_checks(
            info.context.fact_check_writer, documents, field="input"
        )
    except InvalidArticleError as exc:
        return t.invalid_input(exc.errors)
    return t.convert(answer, t.FactCheckIngestResult)


async def delete_article(info: Info, id: strawberry.ID) -> t.DeletePayload:
    try:
        article_id = check_article_id(str(id), field="id")
    except InvalidArticleError as exc:
        return t.invalid_input(exc.errors)
    return t.convert(await publish.delete(info.context.ingestor, article_id), t.DeleteResult)

