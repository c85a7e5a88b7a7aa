"""Publishing from a CMS: article records in, searchable articles out; shared by REST and GraphQL.

Records are cleaned and split exactly like the indexer's JSONL lines
(:func:`factcheck.articles.parse_record`), all of them before anything is written, so a batch
with an unusable record is refused whole instead of half-indexed. Writes are refreshed before
the answer goes out: an article is searchable when its ingest call returns.
"""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.articles import ArticleRecord, parse_record
from factcheck.documents import Article, InvalidArticleError
from factcheck.index.writer import Ingestor
from factcheck.schemas import DeleteResponse, IngestFailure, IngestResponse


def prepare(records: Sequence[ArticleRecord]) -> list[Article]:
    """Clean and split every record; :class:`InvalidArticleError` naming ``articles.<n>.body``
    when one has no sentence left (each transport says so in its own way)."""
    articles = [parse_record(record, origin=f"api:articles.{n}") for n, record in
                enumerate(records)]
    errors = [
        {"field": f"articles.{n}.body",
         "message": "no complete sentence left after removing boilerplate"}
        for n, article in enumerate(articles)
        if not article.sentences
    ]
    if errors:
        raise InvalidArticleError(errors)
    return articles


async def ingest(ingestor: Ingestor, records: Sequence[ArticleRecord]) -> IngestResponse:
    """Index ``records`` now and say which ids were indexed, unchanged or failed.

    Example:
        >>> answer = await ingest(ingestor, [ArticleRecord(id="a1", body="Kherson fell.")])
        >>> answer.indexed, answer.unchanged, answer.failed
        (['a1'], [], [])
    """
    articles = prepare(records)
    report = await ingestor.index(articles, refresh=True)
    indexed = set(report.indexed_ids)
    failed = {f.article_id: f.reason for f in report.failed if f.article_id}
    ids = list(dict.fromkeys(a.meta.id for a in articles))  # a repeated id counts once
    return IngestResponse(
        indexed=[i for i in ids if i in indexed],
        unchanged=[i for i in ids if i not in indexed and i not in failed],
        failed=[IngestFailure(id=i, reason=failed[i]) for i in ids if i in failed],
    )


async def delete(ingestor: Ingestor, article_id: str) -> DeleteResponse:
    deleted = await ingestor.delete(article_id, refresh=True)
    return DeleteResponse(id=article_id, deleted=deleted)
