"""ClaimReview in: schema.org JSON-LD, JSON / JSON Lines exports and the Fact Check Tools API shape.

:func:`parse_fact_checks` takes any parsed JSON value and finds the reviews in it, wherever a
publisher put them:

* a ``ClaimReview`` object, a list of them, an ``@graph``, or one nested in another node
  (``mainEntity``, a ``DataFeed``'s ``dataFeedElement``, a ``DataFeedItem``'s ``item``);
* the Fact Check Tools API shape: ``{"claims": [{"text", "claimant", "claimDate",
  "claimReview": [{"publisher", "url", "title", "reviewDate", "textualRating",
  "languageCode"}]}]}``, or one such claim.

Nothing is invented: a field the source does not hold stays empty, a relative URL is dropped, a
date is read only when it starts with ``YYYY-MM-DD``. A review without a claim is reported, not
stored. ``claimReviewed`` given as a list yields one review per claim.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import lxml.html

from factcheck.factchecks.ratings import normalise_rating
from factcheck.factchecks.records import FactCheck, fact_check_id

__all__ = ["FactCheckProblem", "ParsedFactChecks", "has_fact_checks", "parse_fact_checks"]

MAX_CLAIM_CHARS = 5_000
_MAX_FIELD_CHARS = 1_000
_MAX_DEPTH = 32
_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class FactCheckProblem:
    """A review that could not be stored, and why (``where`` names it within its origin)."""

    where: str
    reason: str


@dataclass(slots=True)
class ParsedFactChecks:
    reviews: list[FactCheck] = field(default_factory=list)
    problems: list[FactCheckProblem] = field(default_factory=list)


def _is_claim_review(node: dict[str, Any]) -> bool:
    kinds = node.get("@type")
    names = kinds if isinstance(kinds, list) else [kinds]
    # "ClaimReview", "schema:ClaimReview", "http://schema.org/ClaimReview"
    return any(isinstance(k, str) and re.split(r"[/:#]", k)[-1] == "ClaimReview" for k in names)


def _is_tools_claim(node: dict[str, Any]) -> bool:
    return isinstance(node.get("claimReview"), list) and "@type" not in node


def _nodes(data: Any, depth: int = 0) -> Iterator[tuple[str, dict[str, Any]]]:
    """("claimreview" | "tools", node) for every review-bearing node, outermost first."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item, depth + 1)
    elif isinstance(data, dict):
        if _is_claim_review(data):
            yield "claimreview", data
        elif _is_tools_claim(data):
            yield "tools", data
        else:
            for value in data.values():
                if isinstance(value, dict | list):
                    yield from _nodes(value, depth + 1)


def has_fact_checks(data: Any) -> bool:
    """Does this JSON value hold a ClaimReview or a Fact Check Tools claim anywhere?

    Example:
        >>> has_fact_checks({"@graph": [{"@type": "WebPage"}, {"@type": "ClaimReview"}]})
        True
        >>> has_fact_checks({"title": "x", "body": "y"})
        False
    """
    return next(_nodes(data), None) is not None


# -- field readers: tolerant of the shapes real pages use ------------------------------------


def _text(value: Any, *, limit: int = _MAX_FIELD_CHARS) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    text = html.unescape(value)
    if "<" in text and ">" in text:
        # Some publishers put markup ("<br />") inside JSON-LD strings.
        text = lxml.html.fragment_fromstring(text, create_parent="div").text_content()
    text = _SPACE.sub(" ", text).strip()
    return text[:limit] or None


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for v in value if (n := _name(v))]
        return ", ".join(dict.fromkeys(names)) or None
    if isinstance(value, dict):
        name: Any = value.get("name")
        if isinstance(name, list):
            return _name(name)
        return _text(name) or _text(value.get("alternateName"))
    return _text(value)


def _url(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if not isinstance(value, str):
        return None
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname or " " in url:
        return None
    return url[:2048]


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    return host.removeprefix("www.") or None


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not (m := _DATE.match(value)):
        return None
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return day if day.year >= 1800 else None


def _language(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    if isinstance(value, str) and _LANGUAGE.match(value.strip()):
        return value.strip().replace("_", "-")
    return None


def _kind(value: Any) -> str:
    kinds = value.get("@type") if isinstance(value, dict) else None
    return kinds if isinstance(kinds, str) else ""


def _appearances(item: dict[str, Any]) -> tuple[str, ...]:
    urls: list[str] = []
    for key in ("url", "appearance", "firstAppearance"):
        value = item.get(key)
        for one in value if isinstance(value, list) else [value]:
            if (url := _url(one)) is not None:
                urls.append(url)
    return tuple(dict.fromkeys(urls))


def _claims(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    claims = [c for v in values if (c := _text(v, limit=MAX_CLAIM_CHARS))]
    return list(dict.fromkeys(claims))


# -- the two shapes ----------------------------------------------------------------------------


def _from_claim_review(
    node: dict[str, Any], *, origin: str, language: str | None, out: ParsedFactChecks
) -> None:
    item = node.get("itemReviewed")
    item = item if isinstance(item, dict) else {}
    rating = node.get("reviewRating")
    rating = rating if isinstance(rating, dict) else {}
    author, publisher = node.get("author"), node.get("publisher")
    # The reviewing organisation: an Organization author, else the publisher, else the author
    # (some pages name the writer as author and the outlet as publisher).
    if _kind(author) == "Organization" or not publisher:
        organisation = _name(author) or _name(publisher)
    else:
        organisation = _name(publisher) or _name(author)
    url = _url(node.get("url"))
    claims = _claims(node.get("claimReviewed")) or _claims(item.get("name"))
    if not claims:
        out.problems.append(FactCheckProblem(url or origin, "ClaimReview without claimReviewed"))
        return
    textual = _text(rating.get("alternateName")) or _text(rating.get("name"))
    for claim in claims:
        out.reviews.append(
            FactCheck(
                id=fact_check_id(url=url, claim=claim, publisher=organisation),
                claim=claim,
                claimant=_name(item.get("author")),
                claim_date=_date(item.get("datePublished")) or _date(item.get("dateCreated")),
                appearances=_appearances(item),
                publisher=organisation,
                publisher_site=_host(url) or _host(_url(author)) or _host(_url(publisher)),
                url=url,
                title=_text(node.get("name")) or _text(node.get("headline")),
                review_date=_date(node.get("datePublished")) or _date(node.get("dateModified")),
                language=_language(node.get("inLanguage")) or language,
                rating=textual,
                rating_normalised=normalise_rating(
                    textual,
                    value=rating.get("ratingValue"),
                    best=rating.get("bestRating"),
                    worst=rating.get("worstRating"),
                ),
                origin=origin,
            )
        )


def _from_tools_claim(
    node: dict[str, Any], *, origin: str, language: str | None, out: ParsedFactChecks
) -> None:
    claim = _text(node.get("text"), limit=MAX_CLAIM_CHARS)
    for review in node["claimReview"]:
        if not isinstance(review, dict):
            continue
        url = _url(review.get("url"))
        if claim is None:
            out.problems.append(FactCheckProblem(url or origin, "claim without text"))
            continue
        publisher = review.get("publisher")
        publisher = publisher if isinstance(publisher, dict) else {}
        organisation = _name(publisher) or _text(publisher.get("site"))
        textual = _text(review.get("textualRating"))
        out.reviews.append(
            FactCheck(
                id=fact_check_id(url=url, claim=claim, publisher=organisation),
                claim=claim,
                claimant=_text(node.get("claimant")),
                claim_date=_date(node.get("claimDate")),
                publisher=organisation,
                publisher_site=_host(url) or _host(_text(publisher.get("site"))),
                url=url,
                title=_text(review.get("title")),
                review_date=_date(review.get("reviewDate")),
                language=_language(review.get("languageCode")) or language,
                rating=textual,
                rating_normalised=normalise_rating(textual),
                origin=origin,
            )
        )


def parse_fact_checks(data: Any, *, origin: str, language: str | None = None) -> ParsedFactChecks:
    """Every review in a parsed JSON value; ``language`` is the default (a page's ``lang``).

    Example:
        >>> parsed = parse_fact_checks({
        ...     "@type": "ClaimReview", "url": "https://example.org/fc/1",
        ...     "claimReviewed": "The moon is made of cheese.",
        ...     "itemReviewed": {"author": {"@type": "Person", "name": "A. Baker"}},
        ...     "reviewRating": {"alternateName": "Pants on Fire"},
        ... }, origin="example.json")
        >>> [(r.claimant, r.rating, r.rating_normalised) for r in parsed.reviews]
        [('A. Baker', 'Pants on Fire', 'false')]
    """
    out = ParsedFactChecks()
    for kind, node in _nodes(data):
        if kind == "claimreview":
            _from_claim_review(node, origin=origin, language=language, out=out)
        else:
            _from_tools_claim(node, origin=origin, language=language, out=out)
    return out
