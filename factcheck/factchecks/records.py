"""A published fact-check (one ClaimReview) as this service stores it.

Ids decide what an update replaces. A review is ``fc_<16 hex>``: a hash of its normalised review
URL and its claim as written (case, quotes, spacing folded), so the same review read again (from a
page, an export or the Fact Check Tools API) has the same id. A review URL is the unit of update:
one ingestion that carries reviews of a URL replaces every stored review of that URL, so an
edited claim or rating replaces the old review instead of standing beside it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from pydantic import BaseModel, ConfigDict, Field

from factcheck.articles import article_id
from factcheck.factchecks.ratings import NormalisedRating
from factcheck.text.sentences import match_key

__all__ = ["FactCheck", "fact_check_id", "fingerprint", "url_key"]

# Bumped when what is stored per review changes, so that a re-run rewrites every review.
RECORD_VERSION = 1


class FactCheck(BaseModel):
    """One review of one claim. Fields the source does not hold stay ``None``."""

    model_config = ConfigDict(frozen=True)

    id: str
    claim: str = Field(description="The claim as reviewed (claimReviewed).")
    claimant: str | None = Field(default=None, description="Who made it (itemReviewed.author).")
    claim_date: dt.date | None = None
    appearances: tuple[str, ...] = Field(
        default=(), description="URLs where the claim appeared (itemReviewed)."
    )
    publisher: str | None = Field(default=None, description="The reviewing organisation.")
    publisher_site: str | None = Field(default=None, description="Its site (host name).")
    url: str | None = Field(default=None, description="The review's URL.")
    title: str | None = Field(default=None, description="The review's headline.")
    review_date: dt.date | None = None
    language: str | None = Field(default=None, description="BCP 47 code when the source says.")
    rating: str | None = Field(default=None, description="The textual rating as published.")
    rating_normalised: NormalisedRating = "other"
    # Where it came from ("page.html", "export.jsonl:12"); for messages, never indexed as fact.
    origin: str | None = None


def url_key(url: str) -> str:
    """The key shared by every review published at ``url`` (scheme/host case, www., utm_* and a
    trailing slash do not matter)."""
    return article_id(record_id=None, url=url, stem=None, body="")


def fact_check_id(*, url: str | None, claim: str, publisher: str | None) -> str:
    """The review id (module docstring).

    Example:
        >>> a = fact_check_id(url="https://www.example.org/fc/1/", claim="Kyiv fell.",
        ...                   publisher=None)
        >>> a == fact_check_id(url="https://example.org/fc/1", claim="KYIV  fell.",
        ...                    publisher="X")
        True
    """
    scope = url_key(url) if url else f"publisher:{(publisher or '').casefold()}"
    digest = hashlib.sha256(f"{scope}\n{match_key(claim)}".encode()).hexdigest()[:16]
    return f"fc_{digest}"


def fingerprint(review: FactCheck) -> str:
    """A hash of everything stored for a review: equal fingerprints mean nothing to redo."""
    payload = review.model_dump(mode="json", exclude={"origin"})
    payload["version"] = RECORD_VERSION
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()[:32]
