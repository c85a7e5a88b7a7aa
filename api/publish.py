"""Publishing from a CMS: article records and fact-checks in, searchable out; shared by REST and
GraphQL.

Records are cleaned and split exactly like the indexer's JSONL lines
(:func:`factcheck.articles.parse_record`; an ``html`` record is read like the indexer reads a
page, and the ClaimReviews in it are ingested too), all of them before anything is written, so a
batch with an unusable record is refused whole instead of half-indexed. Fact-checks (ClaimReview
JSON, Fact Check Tools claims) are parsed like the indexer's ``.json`` inputs. Writes are
refreshed before the answer goes out: what an ingest call indexed is searchable when it returns.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from factcheck.articles import ArticleRecord, parse_record
from factcheck.documents import Article, InvalidArticleError
from factcheck.factchecks.claimreview import has_fact_checks, parse_fact_checks
from factcheck.factchecks.records import FactCheck
from factcheck.index.factchecks.writer import FactCheckWriter
from factcheck.index.writer import Ingestor
from factcheck.schemas import (
    DeleteResponse,
    FactCheckIngestResponse,
    IngestFailure,
    IngestResponse,
)
from factcheck.web.pages import read_page, with_record_fields


def _refuse(errors: list[dict[str, str]]) -> None:
    if errors:
        raise InvalidArticleError(errors)


def prepare(records: Sequence[ArticleRecord]) -> tuple[list[Article], list[FactCheck]]:
    """Clean and split every record; 422 naming ``articles.<n>.body`` (or ``.html``) when one
    has no sentence. The fact-checks come from the ``html`` records' pages."""
    articles: list[Article] = []
    reviews: list[FactCheck] = []
    errors: list[dict[str, str]] = []
    for n, record in enumerate(records):
        origin = f"api:articles.{n}"
        if record.html is None:
            article = parse_record(record, origin=origin)
            if not article.sentences:
                errors.append({"field": f"articles.{n}.body",
                               "message": "no complete sentence left after removing boilerplate"})
            articles.append(article)
            continue
        page = read_page(record.html, origin=origin)
        reviews.extend(page.reviews)
        if page.article is not None:
            articles.append(with_record_fields(page.article, record))
        elif not page.reviews:
            errors.append({"field": f"articles.{n}.html",
                           "message": page.no_article or "no text in the page"})
    _refuse(errors)
    return articles, reviews


async def ingest(
    ingestor: Ingestor, records: Sequence[ArticleRecord], *, writer: FactCheckWriter
) -> IngestResponse:
    """Index ``records`` now and say which ids were indexed, unchanged or failed.

    Example:
        >>> answer = await ingest(ingestor, [ArticleRecord(id="a1", body="Kherson fell.")])
        >>> answer.indexed, answer.unchanged, answer.failed
        (['a1'], [], [])
    """
    # Page extraction is CPU work: off the event loop.
    articles, reviews = await asyncio.to_thread(prepare, records)
    report = await ingestor.index(articles, refresh=True)
    review_report = await writer.index(reviews, refresh=True)
    indexed = set(report.indexed_ids)
    failed = {f.article_id: f.reason for f in report.failed if f.article_id}
    ids = list(dict.fromkeys(a.meta.id for a in articles))  # a repeated id counts once
    return IngestResponse(
        indexed=[i for i in ids if i in indexed],
        unchanged=[i for i in ids if i not in indexed and i not in failed],
        failed=[
            *(IngestFailure(id=i, reason=failed[i]) for i in ids if i in failed),
            *(IngestFailure(id=f.review_id, reason=f.reason) for f in review_report.failed),
        ],
        fact_checks=[*review_report.indexed_ids, *review_report.unchanged_ids],
    )


def parse_documents(documents: Sequence[Any], *, field: str) -> list[FactCheck]:
    """The reviews in ClaimReview / Fact Check Tools documents; 422 naming ``<field>.<n>`` for a
    document that holds none, or a review without a claim."""
    reviews: list[FactCheck] = []
    errors: list[dict[str, str]] = []
    for n, document in enumerate(documents):
        where = f"{field}.{n}"
        if not has_fact_checks(document):
            errors.append({"field": where, "message": "holds no ClaimReview and no Fact Check "
                                                      "Tools claim (`text` + `claimReview`)"})
            continue
        parsed = parse_fact_checks(document, origin=f"api:{where}")
        errors.extend({"field": where, "message": p.reason} for p in parsed.problems)
        reviews.extend(parsed.reviews)
    _refuse(errors)
    return reviews


async def ingest_fact_checks(
    writer: FactCheckWriter, documents: Sequence[Any], *, field: str = "fact_checks"
) -> FactCheckIngestResponse:
    """Index the fact-checks in ``documents`` now.

    Example:
        >>> answer = await ingest_fact_checks(writer, [{"@type": "ClaimReview",
        ...     "url": "https://fc.example/1", "claimReviewed": "The moon is cheese."}])
        >>> len(answer.indexed)
        1
    """
    reviews = parse_documents(documents, field=field)
    report = await writer.index(reviews, refresh=True)
    return FactCheckIngestResponse(
        indexed=report.indexed_ids,
        unchanged=report.unchanged_ids,
        replaced=report.replaced,
        failed=[IngestFailure(id=f.review_id, reason=f.reason) for f in report.failed],
    )


async def delete(ingestor: Ingestor, article_id: str) -> DeleteResponse:
    deleted = await ingestor.delete(article_id, refresh=True)
    return DeleteResponse(id=article_id, deleted=deleted)
