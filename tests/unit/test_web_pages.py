from __future__ import annotations

import datetime as dt
import json

import lxml.html
import pytest

from factcheck.web.pages import PageMetadata, read_page
from tests.unit.shared_factchecks import shared

NEWS = sorted(p.name for p in shared("news-html").iterdir() if p.is_dir())


@pytest.mark.parametrize("site", NEWS)
def test_news_pages_give_their_main_text_and_own_metadata(site: str) -> None:
    folder = shared("news-html", site)
    expected = json.loads((folder / "expected-metadata.json").read_text("utf-8"))
    content = read_page((folder / "source.html").read_bytes(), origin=site)
    assert content.article is not None and not content.reviews
    meta = content.article.meta
    # The page's title (Wikipedia's <title> carries " - Wikipedia"; its metadata does not).
    assert meta.title and meta.title in expected["title"]
    if expected.get("publishedTime"):
        assert meta.published_at == dt.date.fromisoformat(expected["publishedTime"][:10])
    # The reader's extraction of the main text holds the sentences we index.
    reader_text = lxml.html.fromstring((folder / "expected.html").read_bytes()).text_content()
    reader_words = set(reader_text.split())
    first = content.article.sentences[0].text.split()
    assert sum(w in reader_words for w in first) >= 0.8 * len(first)


def test_dates_are_never_guessed_from_the_text() -> None:
    # Neither page has a date in its metadata; their texts are full of dates.
    for site in ("wikipedia", "herald-sun-1"):
        page = shared("news-html", site, "source.html").read_bytes()
        article = read_page(page, origin=site).article
        assert article is not None and article.meta.published_at is None


def test_a_fact_check_page_holds_an_article_and_a_review() -> None:
    page = shared("pages", "english", "afp.html")
    content = read_page(page.read_bytes(), origin=str(page))
    assert content.article is not None and len(content.reviews) == 1
    assert content.article.meta.url == content.reviews[0].url


def test_given_metadata_fills_only_what_the_page_lacks() -> None:
    html = ("<html><head><title>Own title</title></head><body><article><p>The reservoir "
            "was drained by Friday, the regional governor said in a statement.</p>"
            "</article></body></html>")
    given = PageMetadata(url="https://news.example/a", title="Feed title", author="Feed Author",
                         published_at=dt.date(2023, 6, 9), source="Example News")
    meta = read_page(html, origin="x", given=given).article.meta  # type: ignore[union-attr]
    assert meta.title == "Own title"
    assert (meta.author, meta.published_at, meta.url) == (
        "Feed Author", dt.date(2023, 6, 9), "https://news.example/a")


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (b"", "not an HTML page"),
        (b"\x00\x01\x02\xff" * 10, "not an HTML page"),
        (b"<html><body><nav>Home | About</nav></body></html>", "no complete sentences"),
        (b"<html><body></body></html>", "no main text"),
    ],
)
def test_pages_without_text_say_so(page: bytes, reason: str) -> None:
    content = read_page(page, origin="bad.html")
    assert content.article is None and content.no_article and reason in content.no_article
