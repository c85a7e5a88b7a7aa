"""The ClaimReview draft against the schema.org shape: types, properties, what stays empty."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jsonschema

from factcheck.factchecks.draft import Evidence, claim_review_draft
from factcheck.factchecks.records import FactCheck

# The schema.org properties each type may use here (schema.org/ClaimReview and the types it
# points to, properties inherited from CreativeWork/Thing included), and Google's requirements
# for a ClaimReview (claimReviewed, reviewRating, itemReviewed with author and date optional).
_THING = {"@type", "name", "url"}
PROPERTIES: dict[str, set[str]] = {
    "ClaimReview": {"@context", "@type", "claimReviewed", "itemReviewed", "reviewRating",
                    "author", "url", "datePublished", "citation", "inLanguage"},
    "Claim": {"@type", "author", "appearance", "firstAppearance", "datePublished", "name"},
    "Rating": {"@type", "alternateName", "ratingValue", "bestRating", "worstRating"},
    "Organization": _THING,
    "Person": _THING,
    "CreativeWork": {"@type", "url", "headline", "publisher", "datePublished"},
    "NewsArticle": {"@type", "url", "headline", "publisher", "datePublished"},
}
NULLABLE_STRING = {"type": ["string", "null"]}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["@context", "@type", "claimReviewed", "itemReviewed", "reviewRating"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "ClaimReview"},
        "claimReviewed": {"type": "string", "minLength": 1},
        "url": NULLABLE_STRING,
        "datePublished": NULLABLE_STRING,
        "inLanguage": {"type": "string"},
        "author": {"type": "object", "properties": {"@type": {"enum": ["Organization"]}}},
        "itemReviewed": {
            "type": "object",
            "required": ["@type"],
            "properties": {
                "@type": {"const": "Claim"},
                "author": {"type": "object", "required": ["@type", "name"],
                           "properties": {"@type": {"enum": ["Person", "Organization"]}}},
                "appearance": {"type": "array", "items": {
                    "type": "object", "required": ["@type", "url"],
                    "properties": {"url": {"type": "string", "format": "uri"}}}},
                "datePublished": {"type": "string", "format": "date"},
            },
        },
        "reviewRating": {
            "type": "object",
            "required": ["@type", "alternateName"],
            "properties": {
                "@type": {"const": "Rating"},
                # Left for the editor: never filled in by the service.
                "alternateName": {"type": "null"},
                "ratingValue": {"type": "null"},
            },
        },
        "citation": {"type": "array", "items": {
            "type": "object", "required": ["@type", "url"],
            "properties": {"@type": {"const": "NewsArticle"}}}},
    },
}


def _types_and_properties(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _types_and_properties(item)
    elif isinstance(node, dict):
        kind = node["@type"]
        assert kind in PROPERTIES, kind
        assert set(node) <= PROPERTIES[kind], set(node) - PROPERTIES[kind]
        for value in node.values():
            if isinstance(value, dict | list):
                _types_and_properties(value)


def _valid(draft: dict[str, Any]) -> None:
    jsonschema.validate(draft, SCHEMA, format_checker=jsonschema.FormatChecker())
    _types_and_properties(draft)


def test_draft_with_claimant_appearances_and_evidence() -> None:
    reviews = [
        FactCheck(id="fc_1", claim="x", claimant="Someone else",
                  appearances=("https://social.example/p/1",), claim_date=dt.date(2022, 3, 1)),
        FactCheck(id="fc_2", claim="y", appearances=("https://social.example/p/2",
                                                     "https://social.example/p/1")),
    ]
    evidence = [
        Evidence(url="https://news.example/a", title="Kyiv holds", source="VOA",
                 published_at=dt.date(2022, 3, 3)),
        Evidence(url="https://news.example/a"),
        Evidence(url="https://news.example/b"),
    ]
    draft = claim_review_draft("Lavrov said Kyiv would fall within days.", evidence=evidence,
                               reviews=reviews, language="en")
    _valid(draft)
    item = draft["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Lavrov"}  # the claim names its speaker
    assert [a["url"] for a in item["appearance"]] == ["https://social.example/p/1",
                                                      "https://social.example/p/2"]
    assert item["datePublished"] == "2022-03-01"
    assert [c["url"] for c in draft["citation"]] == ["https://news.example/a",
                                                     "https://news.example/b"]
    assert draft["reviewRating"]["alternateName"] is None


def test_unknown_claimant_stays_out() -> None:
    reviews = [FactCheck(id="a", claim="x", claimant="A"), FactCheck(id="b", claim="x",
                                                                     claimant="B")]
    draft = claim_review_draft("The moon is made of cheese.", reviews=reviews)
    _valid(draft)
    assert "author" not in draft["itemReviewed"] and draft["citation"] == []


def test_the_reviews_claimant_when_they_agree() -> None:
    reviews = [FactCheck(id="a", claim="x", claimant="Viral post")]
    draft = claim_review_draft("Saudi players will each get a Rolls Royce.", reviews=reviews)
    _valid(draft)
    assert draft["itemReviewed"]["author"]["name"] == "Viral post"
