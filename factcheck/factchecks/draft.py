"""ClaimReview out: a schema.org JSON-LD draft of a fact-check, for a newsroom to complete.

What the service knows goes in: the claim as checked (``claimReviewed``), who made it when the
claim names them ("Lavrov said ...", read by the attribution finder) or when the published reviews
of the same claim agree on it, where it appeared (those reviews' ``appearance`` URLs), and the
articles the check found as evidence (``citation``). What only the editor can say stays empty
(JSON ``null``, which JSON-LD reads as absent): the rating, the reviewing organisation, the
review's URL and date. The service's own verdict is never turned into a rating.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from factcheck.text.attribution import attribute

if TYPE_CHECKING:
    from factcheck.results import CheckResponse

__all__ = ["Evidence", "claim_review_draft", "draft_for_check"]


class ReviewedClaim(Protocol):
    """What the draft reads of a published review (a FactCheck record or its API shape)."""

    @property
    def claimant(self) -> str | None: ...
    @property
    def claim_date(self) -> dt.date | None: ...
    @property
    def appearances(self) -> Sequence[str]: ...


@dataclass(frozen=True, slots=True)
class Evidence:
    """An article the check cited, as the draft names it."""

    url: str
    title: str | None = None
    source: str | None = None
    published_at: dt.date | None = None


def _claimant(claim: str, reviews: Sequence[ReviewedClaim]) -> str | None:
    [own] = attribute([claim])
    if own is not None:
        return own.speaker
    named = {r.claimant for r in reviews if r.claimant}
    return named.pop() if len(named) == 1 else None


def _citation(item: Evidence) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "NewsArticle", "url": item.url}
    if item.title:
        work["headline"] = item.title
    if item.source:
        work["publisher"] = {"@type": "Organization", "name": item.source}
    if item.published_at:
        work["datePublished"] = item.published_at.isoformat()
    return work


def claim_review_draft(
    claim: str,
    *,
    evidence: Sequence[Evidence] = (),
    reviews: Sequence[ReviewedClaim] = (),
    language: str | None = None,
) -> dict[str, Any]:
    """The draft (module docstring); ``reviews`` are the published reviews of the same claim.

    Example:
        >>> draft = claim_review_draft("Lavrov said Ukraine would be demilitarized.")
        >>> draft["itemReviewed"]["author"], draft["reviewRating"]["alternateName"]
        ({'@type': 'Person', 'name': 'Lavrov'}, None)
    """
    item: dict[str, Any] = {"@type": "Claim"}
    if claimant := _claimant(claim, reviews):
        # Person or Organization cannot be told from a name; Person is the common case and the
        # editor corrects it.
        item["author"] = {"@type": "Person", "name": claimant}
    appearances = list(dict.fromkeys(u for r in reviews for u in r.appearances))
    if appearances:
        item["appearance"] = [{"@type": "CreativeWork", "url": u} for u in appearances]
    dates = sorted(r.claim_date for r in reviews if r.claim_date)
    if dates:
        item["datePublished"] = dates[0].isoformat()
    unique = list({e.url: e for e in evidence}.values())
    draft: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim,
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            # For the editor: a verdict in words, and optionally a number on a 1-5 scale.
            "alternateName": None,
            "ratingValue": None,
            "bestRating": 5,
            "worstRating": 1,
        },
        "author": {"@type": "Organization", "name": None, "url": None},
        "url": None,
        "datePublished": None,
        "citation": [_citation(e) for e in unique],
    }
    if language:
        draft["inLanguage"] = language
    return draft


def draft_for_check(response: CheckResponse, *, language: str | None = None) -> dict[str, Any]:
    """The draft for a check's answer: its evidence (supporting, then contradicting articles with
    a URL) and the published reviews of the same claim."""
    evidence = [
        Evidence(url=p.article.url, title=p.article.title, source=p.article.source,
                 published_at=p.article.published_at)
        for p in [*response.supporting, *response.contradicting]
        if p.article.url
    ]
    return claim_review_draft(response.claim, evidence=evidence, reviews=response.fact_checks,
                              language=language)
