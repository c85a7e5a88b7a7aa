"""Published fact-checks out: listings and the ClaimReview draft; shared by REST and GraphQL."""

from __future__ import annotations

import asyncio

from factcheck.embedding import Encoder
from factcheck.index.factchecks.search import FactCheckFilters, FactCheckSearch
from factcheck.schemas import FactCheckOut, FactCheckPage, FactChecksRequest, PageInfo

LD_JSON = "application/ld+json"


async def list_fact_checks(
    search: FactCheckSearch, encoder: Encoder, request: FactChecksRequest
) -> FactCheckPage:
    """A page of fact-checks: with a query, the reviews whose claims match it (BM25 + kNN),
    best first; without one, the newest first.

    Example:
        >>> page = await list_fact_checks(search, encoder, FactChecksRequest(query="Pope Trump"))
        >>> page.fact_checks[0].publisher
        'Snopes'
    """
    vector = None
    if request.query:
        vector = (await asyncio.to_thread(encoder.encode, [request.query]))[0]
    page = await search.page(
        query=request.query,
        vector=vector,
        filters=FactCheckFilters(publisher=request.publisher, language=request.language,
                                 max_age_days=request.max_age_days),
        first=request.first,
        after=request.after,
    )
    return FactCheckPage(
        fact_checks=[FactCheckOut.of(r) for r in page.reviews],
        total=page.total,
        page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
    )


def wants_ld_json(accept: str | None) -> bool:
    """Does an Accept header ask for JSON-LD over plain JSON? (``application/ld+json`` named,
    with a quality at least that of ``application/json``.)"""
    if not accept:
        return False
    quality: dict[str, float] = {}
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        quality[media.lower()] = q
    ld = quality.get(LD_JSON, 0.0)
    return ld > 0 and ld >= quality.get("application/json", 0.0)
