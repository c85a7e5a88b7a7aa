"""Reading what the writer stored: articles, their sentences, pages of articles, readiness.

The article index answers lookups by id and listings; the sentence index gives an article's
sentences in reading order. A missing index reads as "nothing there" for lookups (a 404 to the
caller, not a 503) and as :class:`~factcheck.index.errors.IndexMissingError` for listings.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from elasticsearch import AsyncElasticsearch

from factcheck.index.errors import IndexMissingError, on_index
from factcheck.index.layout import Fields, parse_date
from factcheck.index.retrieval import SearchFilters
from factcheck.results import (
    ArticleDetail,
    ArticleEdge,
    ArticlePage,
    ArticleRef,
    AttributionOut,
    PageInfo,
    SentenceOut,
)
from factcheck.settings import ElasticsearchSettings

_SENTENCE_PAGE = 1000
_SENTENCE_FIELDS = [Fields.ARTICLE_ID, Fields.SENTENCE_INDEX, Fields.TEXT, Fields.SPEAKER,
                    Fields.CUE]


def encode_cursor(sort_values: Sequence[object]) -> str:
    """An opaque page cursor from the sort values of the last hit of a page."""
    raw = json.dumps(list(sort_values), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[int | str]:
    """The sort values inside a cursor; ValueError when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError("is not a cursor returned by this API") from exc
    if (
        not isinstance(values, list)
        or len(values) != 2
        or not isinstance(values[0], int)
        or not isinstance(values[1], str)
    ):
        raise ValueError("is not a cursor returned by this API")
    return values


@dataclass(frozen=True)
class Readiness:
    ready: bool
    detail: str


def attribution(doc: Mapping[str, Any]) -> AttributionOut | None:
    """The speaker and cue of a sentence document, when it has both."""
    speaker, cue = doc.get(Fields.SPEAKER), doc.get(Fields.CUE)
    return AttributionOut(speaker=speaker, cue=cue) if speaker and cue else None


def article_ref(article_id: str, doc: Mapping[str, Any]) -> ArticleRef:
    """An article's metadata from either index's document (both carry the same fields)."""
    return ArticleRef(
        id=article_id,
        title=doc.get(Fields.TITLE),
        url=doc.get(Fields.URL),
        source=doc.get(Fields.SOURCE),
        published_at=parse_date(doc.get(Fields.PUBLISHED_AT)),
        author=doc.get(Fields.AUTHOR),
    )


class ArticleReader:
    """Articles and sentences as the API shows them.

    Example:
        >>> reader = ArticleReader(es, settings=Settings().elasticsearch)
        >>> (article,) = await reader.articles_by_id(["002_da11f4af9ad70b4a"])
        >>> article.source
        'VOA'
    """

    def __init__(self, es: AsyncElasticsearch, *, settings: ElasticsearchSettings) -> None:
        self._es = es
        self._settings = settings

    async def article(self, article_id: str) -> ArticleDetail | None:
        (ref,) = await self.articles_by_id([article_id])
        if ref is None:
            return None
        (sentences,) = await self.sentences_by_article([article_id])
        return ArticleDetail(**ref.model_dump(), sentences=sentences)

    async def articles_by_id(self, article_ids: Sequence[str]) -> list[ArticleRef | None]:
        """Many articles in one round trip, in the order asked; None where there is none."""
        if not article_ids:
            return []
        try:
            response = await on_index(
                self._es.mget(index=self._settings.articles_index,
                              ids=list(article_ids), source_excludes=[Fields.ORIGIN])
            )
        except IndexMissingError:
            # Nothing indexed yet: no article exists (as before, a 404, not a 503).
            return [None] * len(article_ids)
        found = {d["_id"]: d["_source"] for d in response["docs"] if d.get("found")}
        return [
            article_ref(article_id, found[article_id]) if article_id in found else None
            for article_id in article_ids
        ]

    async def sentences_by_article(
        self, article_ids: Sequence[str]
    ) -> list[list[SentenceOut]]:
        """The sentences of many articles in reading order, one search (paged) for all of them."""
        by_article: dict[str, list[SentenceOut]] = {a: [] for a in article_ids}
        if not by_article:
            return []
        after: list[Any] | None = None
        while True:
            response = await on_index(
                self._es.search(
                    index=self._settings.index,
                    query={"terms": {Fields.ARTICLE_ID: list(by_article)}},
                    sort=[{Fields.ARTICLE_ID: "asc"}, {Fields.SENTENCE_INDEX: "asc"}],
                    size=_SENTENCE_PAGE,
                    search_after=after,
                    source_includes=_SENTENCE_FIELDS,
                )
            )
            hits = response["hits"]["hits"]
            for hit in hits:
                doc = hit["_source"]
                by_article[str(doc[Fields.ARTICLE_ID])].append(
                    SentenceOut(index=doc[Fields.SENTENCE_INDEX], text=doc[Fields.TEXT],
                                attribution=attribution(doc))
                )
            if len(hits) < _SENTENCE_PAGE:
                return [by_article[a] for a in article_ids]
            after = hits[-1]["sort"]

    async def list_articles(
        self, *, first: int, after: str | None = None, filters: SearchFilters | None = None
    ) -> ArticlePage:
        """``first`` articles, newest first, undated last; ``after`` continues from a cursor
        (:func:`decode_cursor` must accept it).

        Example:
            >>> page = await reader.list_articles(first=2, filters=SearchFilters(sources=["VOA"]))
            >>> page.page_info.has_next_page, [e.node.id for e in page.edges]
            (False, ['002_da11f4af9ad70b4a'])
        """
        filters = filters or SearchFilters()
        response = await on_index(
            self._es.search(
                index=self._settings.articles_index,
                query={"bool": {"filter": filters.clauses()}},
                # _id cannot be sorted on (no fielddata for it in Elasticsearch 8); the
                # fingerprint is a keyword unique per article (it hashes the id with the
                # content), so it breaks ties between articles of the same day.
                sort=[
                    {Fields.PUBLISHED_AT: {"order": "desc", "missing": "_last"}},
                    {Fields.FINGERPRINT: "asc"},
                ],
                size=first + 1,  # one more tells whether there is a next page
                search_after=decode_cursor(after) if after else None,
                source_excludes=[Fields.ORIGIN],
                track_total_hits=False,
            )
        )
        hits = response["hits"]["hits"]
        edges = [
            ArticleEdge(cursor=encode_cursor(hit["sort"]),
                        node=article_ref(hit["_id"], hit["_source"]))
            for hit in hits[:first]
        ]
        return ArticlePage(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(hits) > first,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )

    async def readiness(self) -> Readiness:
        names = self._settings
        try:
            exists = await self._es.indices.exists(index=[names.index, names.articles_index])
        except Exception as exc:  # any failure to answer means "not ready", with the reason
            reason = f"Elasticsearch unreachable at {names.url}: {type(exc).__name__}"
            return Readiness(False, reason)
        if not exists:
            return Readiness(False, f"index {names.index!r} or {names.articles_index!r} is missing")
        return Readiness(True, "ok")
