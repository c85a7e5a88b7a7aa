"""One HTML page in, what it holds out: its article and the ClaimReviews embedded in it.

The main text and its metadata come from trafilatura (title, author, date, site name and URL
from the page's own metadata: ``<meta>``, Open Graph, JSON-LD, ``<link rel=canonical>``), then go
through the same cleaning, sentence and attribution pipeline as any article
(:func:`factcheck.articles.parse_record`). The date comes from the page's metadata only
(``<meta>`` tags and JSON-LD, read by htmldate), never guessed from the text: htmldate's own
search also reads dates in the body ("1 May 1998" in a reference list) and image paths.
ClaimReview comes from ``<script type="application/ld+json">`` blocks
(:mod:`factcheck.factchecks.claimreview`). A fact-check page holds both: its ClaimReview and its
article (the fact-checker's write-up, good evidence in its own right).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from lxml.html import builder as E
from pydantic import ValidationError
from trafilatura.settings import Document

from factcheck.articles import MAX_BODY_CHARS, ArticleRecord, article_id, parse_record
from factcheck.documents import Article, ArticleMeta
from factcheck.factchecks.claimreview import FactCheckProblem, parse_fact_checks
from factcheck.factchecks.records import FactCheck

__all__ = [
    "MAX_PAGE_BYTES",
    "PageContent",
    "PageMetadata",
    "article_from_record",
    "json_ld",
    "read_page",
    "with_record_fields",
]

MAX_PAGE_BYTES = 10_000_000
_COMMENTS = re.compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$")


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What the caller already knows of a page (a feed item's fields); the page's own win."""

    url: str | None = None
    title: str | None = None
    author: str | None = None
    published_at: dt.date | None = None
    source: str | None = None


@dataclass(slots=True)
class PageContent:
    """An article (None when the page has no main text), the reviews, and what went wrong."""

    origin: str
    article: Article | None = None
    reviews: list[FactCheck] = field(default_factory=list)
    problems: list[FactCheckProblem] = field(default_factory=list)
    # Why there is no article, when there is none.
    no_article: str | None = None


def json_ld(tree: HtmlElement) -> list[Any]:
    """The parsed JSON-LD blocks of a page; a block that is not valid JSON is skipped.

    Example:
        >>> import lxml.html
        >>> page = lxml.html.fromstring('<html><script type="application/ld+json">'
        ...     '{"@type": "ClaimReview"}</script><p>x</p></html>')
        >>> json_ld(page)
        [{'@type': 'ClaimReview'}]
    """
    blocks: list[Any] = []
    for script in tree.iter("script"):
        kind = (script.get("type") or "").lower()
        if "ld+json" not in kind or not script.text:
            continue
        text = _COMMENTS.sub("", script.text.strip())
        try:
            # strict=False: raw line breaks inside strings are common in publishers' JSON-LD.
            blocks.append(json.loads(text, strict=False))
        except (json.JSONDecodeError, RecursionError):
            continue
    return blocks


def _language(tree: HtmlElement) -> str | None:
    root = tree.getroottree().getroot()
    lang = (root.get("lang") or root.get("xml:lang") or "").strip()
    return lang or None


def _author(value: str | None) -> str | None:
    # trafilatura joins every byline it finds ("Jeffrey Gettleman; JEFFREY GETTLEMAN").
    if not value:
        return None
    names = [n.strip() for n in value.split(";") if n.strip()]
    unique = {n.casefold(): n for n in reversed(names)}
    return "; ".join(reversed(list(unique.values())))[:500] or None


def _date(tree: HtmlElement) -> dt.date | None:
    """The publication date from the page's metadata alone (module docstring)."""
    metadata = tree.xpath('//meta | //script[contains(@type, "ld+json")]')
    if not metadata:
        return None
    head = E.HTML(E.HEAD(*(copy.deepcopy(e) for e in metadata)), E.BODY())
    found = find_date(head, extensive_search=False, original_date=True)
    try:
        return dt.date.fromisoformat(found) if found else None
    except ValueError:
        return None


def _article(
    tree: HtmlElement, *, origin: str, given: PageMetadata
) -> tuple[Article | None, str | None]:
    published_at = _date(tree)
    document = trafilatura.bare_extraction(
        tree,
        url=given.url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if not isinstance(document, Document):  # None when nothing was found
        return None, "no main text found in the page"
    text = (document.text or "").strip()
    if not text:
        return None, "no main text found in the page"
    # One paragraph per line, as trafilatura writes them.
    body = "\n\n".join(line for line in text.splitlines() if line.strip())[:MAX_BODY_CHARS]
    fields = {
        "title": document.title or given.title,
        "url": document.url or given.url,
        "source": document.sitename or given.source,
        "published_at": published_at or given.published_at,
        "author": _author(document.author) or given.author,
    }
    try:
        record = ArticleRecord.model_validate({**fields, "body": body})
    except ValidationError:
        # A metadata field the page got wrong (an over-long title, a relative canonical URL)
        # must not cost the article: keep the fields that pass on their own.
        kept = {}
        for name, value in fields.items():
            try:
                ArticleRecord.model_validate({name: value, "body": "x"})
            except ValidationError:
                continue
            kept[name] = value
        record = ArticleRecord.model_validate({**kept, "body": body})
    article = parse_record(record, origin=origin)
    if not article.sentences:
        return None, "no complete sentences left after cleaning"
    return article, None


def read_page(
    page: str | bytes, *, origin: str, given: PageMetadata | None = None
) -> PageContent:
    """Read one HTML page; never raises for bad input (``no_article`` says what was missing).

    Example:
        >>> html = ('<html lang="en"><head><title>Dams</title></head><body><article>'
        ...         '<p>The dam on the Dnipro river was destroyed on Tuesday, officials said.</p>'
        ...         '</article></body></html>')
        >>> content = read_page(html, origin="dam.html")
        >>> content.article is not None, content.reviews
        (True, [])
    """
    given = given or PageMetadata()
    content = PageContent(origin=origin)
    if len(page) > MAX_PAGE_BYTES:
        content.no_article = f"page larger than {MAX_PAGE_BYTES} bytes"
        return content
    tree = trafilatura.load_html(page)
    if tree is None:
        content.no_article = "not an HTML page"
        return content
    language = _language(tree)
    # JSON-LD first: trafilatura's extraction prunes the tree it is given.
    for block in json_ld(tree):
        parsed = parse_fact_checks(block, origin=origin, language=language)
        content.reviews.extend(parsed.reviews)
        content.problems.extend(parsed.problems)
    content.article, content.no_article = _article(tree, origin=origin, given=given)
    return content


def with_record_fields(article: Article, record: ArticleRecord) -> Article:
    """``article`` (read from a page) with the fields the record gives explicitly, which win."""
    meta = article.meta
    url = record.url or meta.url
    return article.model_copy(update={"meta": ArticleMeta(
        id=article_id(record_id=record.id, url=url, stem=None, body=article.body),
        title=record.title or meta.title,
        url=url,
        source=record.source or meta.source,
        published_at=record.published_at or meta.published_at,
        author=record.author or meta.author,
    )})


def article_from_record(record: ArticleRecord, *, origin: str) -> Article:
    """The article of a record that carries ``html``: the page read, the record's fields win.
    Without text, an article with no sentences (the caller reports it)."""
    assert record.html is not None
    page = read_page(record.html, origin=origin)
    if page.article is None:
        return Article(meta=ArticleMeta(id=record.id or "html"), body="", sentences=(),
                       origin=origin)
    return with_record_fields(page.article, record)
