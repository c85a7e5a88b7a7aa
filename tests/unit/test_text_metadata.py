"""Metadata found in raw text: what the seeds really hold, and nothing invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from factcheck.text.metadata import extract_metadata, outlet_from_url, parse_date

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
MARCH_3 = dt.date(2022, 3, 3)
UNION_LEADER_URL = (
    "https://www.unionleader.com/news/military/russia-takes-kherson-government-building-in-siege"
    "-of-ukraines-port-cities-2nd-round-of-talks/article_8ef57b7b-9d09-5988-be40-9eb12679dcda.html"
)


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("seed", "title", "published_at", "url", "source", "author"),
    [
        pytest.param(
            "000",
            "Russia takes Kherson government building in siege of Ukraines port cities 2nd round "
            "of talks under way",
            MARCH_3,
            UNION_LEADER_URL,
            "unionleader.com",
            None,
            id="000-title-date-url",
        ),
        pytest.param("001", None, MARCH_3, None, None, None, id="001-glued-date-only"),
        pytest.param(
            "002",
            "Russia takes over first major Ukrainian city as talks resume",
            None,
            None,
            None,
            "Ben Burke",
            id="002-title-and-contributor",
        ),
        pytest.param(
            "003",
            None,
            None,
            None,
            "VOA",
            "Nike Ching, Jeff Seldin, Carla Babb, Heather Murdock, Anita Powell",
            id="003-staff-credit",
        ),
        pytest.param("004", None, None, None, "The Quint", None, id="004-promo-outlet"),
    ],
)
def test_seed_metadata(
    seed: str,
    title: str | None,
    published_at: dt.date | None,
    url: str | None,
    source: str | None,
    author: str | None,
) -> None:
    found, _ = extract_metadata(_seed(seed))
    assert found.title == title
    assert found.published_at == published_at
    assert found.url == url
    assert found.source == source
    assert found.author == author


def test_header_lines_leave_the_body() -> None:
    _, body = extract_metadata(_seed("000"))
    first = body.splitlines()[0]
    assert first.startswith("Foreign Minister Sergei Lavrov earlier told journalists")
    assert "20220303" not in body
    assert "unionleader.com" not in body


def test_glued_date_is_cut_from_the_lead() -> None:
    _, body = extract_metadata(_seed("001"))
    assert body.startswith("MUKACHEVO, Ukraine - Russian troops have seized")


def test_title_that_is_a_body_paragraph_is_not_a_title() -> None:
    found, body = extract_metadata(_seed("003"))
    assert found.title is None
    assert body.startswith("Russian forces took control Thursday")


def test_credit_lines_stay_for_boilerplate() -> None:
    # Metadata reads credits but does not decide what is body; boilerplate drops them.
    _, body = extract_metadata(_seed("002"))
    assert body.rstrip().endswith("Ben Burke (Producer/Editor) contributed to this report.")


@pytest.mark.parametrize(
    "text",
    [
        "Kherson fell.\n(With inputs from Reuters and AP.)",
        "Kherson fell.\nSome information for this report came from The Associated Press, "
        "Agence France-Presse and Reuters.",
        "Kherson fell.\nReuters contributed to this report.",
        "Kherson fell.\nThe Associated Press contributed to this report.",
        "Kherson fell.\nAP and AFP contributed to this report.",
        "Kherson fell.\nAt Kherson, we saw tanks on the square.",
        "Kherson fell.\nCopyright 2022 The Associated Press. All rights reserved.",
    ],
)
def test_wire_credits_are_not_the_outlet_or_author(text: str) -> None:
    found, _ = extract_metadata(text)
    assert found.source is None
    assert found.author is None


def test_dates_in_the_body_are_not_publication_dates() -> None:
    found, _ = extract_metadata(
        "A Ukrainian delegation arrived in Belarus on Thursday, 3 March for talks.\n20220303"
    )
    assert found.published_at is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20220303", MARCH_3),
        ("2022-03-03", MARCH_3),
        ("date 2022-03-03", MARCH_3),
        ("Published: March 3, 2022", MARCH_3),
        ("Updated on Mar. 3, 2022", MARCH_3),
        ("3 March 2022", MARCH_3),
        ("3rd March, 2022", MARCH_3),
        ("Thursday, March 3, 2022 10:15 AM EST", MARCH_3),
        ("2022-03-03T10:15:00Z", MARCH_3),
        ("2022/03/03", MARCH_3),
        ("Thu, 03 Mar 2022 10:15:00 GMT", MARCH_3),
        ("03/04/2022", None),  # day and month cannot be told apart
        ("20221340", None),  # not a calendar date
        ("March 3", None),  # no year: not guessed
        ("Russia takes Kherson", None),
        ("Russia takes Kherson on March 3, 2022", None),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "title", "author", "published_at"),
    [
        (
            "Kherson falls\nPublished: March 3, 2022\nBy Jane Doe\n\nKherson fell.",
            "Kherson falls",
            "Jane Doe",
            MARCH_3,
        ),
        (
            "By Jane Doe and John Roe, Reuters\nKherson fell on Thursday.",
            None,
            "Jane Doe, John Roe",
            None,
        ),
        (
            "Kherson fell.\n(Reporting by Pavel Polityuk in Kyiv; Editing by Mark Heinrich)",
            None,
            "Pavel Polityuk",
            None,
        ),
        (
            "advertisement\nRussia takes Kherson\nKherson fell.",
            "Russia takes Kherson",
            None,
            None,
        ),
    ],
)
def test_header_forms(
    text: str, title: str | None, author: str | None, published_at: dt.date | None
) -> None:
    found, body = extract_metadata(text)
    assert (found.title, found.author, found.published_at) == (title, author, published_at)
    assert "Kherson fell" in body
    if title is not None:
        assert title not in body


def test_date_from_url_path_when_no_date_line() -> None:
    found, body = extract_metadata(
        "https://www.nytimes.com/2022/03/03/world/europe/kherson.html\nKherson fell."
    )
    assert found.published_at == MARCH_3
    assert found.source == "nytimes.com"
    assert body == "Kherson fell."


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("Kherson fell.\nhttps://twitter.com/x/status/1", None),
        (
            "Kherson fell.\nSource: https://www.voanews.com/a/1.html",
            "https://www.voanews.com/a/1.html",
        ),
    ],
)
def test_only_labelled_links_in_the_body_are_the_article_url(text: str, url: str | None) -> None:
    found, body = extract_metadata(text)
    assert found.url == url
    assert ("twitter.com" in body) == (url is None)


def test_copyright_line_names_the_outlet() -> None:
    found, _ = extract_metadata("Kherson fell.\n\u00a9 2022 The Quint. All rights reserved.")
    assert found.source == "The Quint"


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.unionleader.com/news/a.html", "unionleader.com"),
        ("https://m.voanews.com/a/123.html", "voanews.com"),
        ("http://thequint.com/news/world", "thequint.com"),
        ("https://edition.cnn.com/2022/03/03/x", "edition.cnn.com"),
    ],
)
def test_outlet_from_url(url: str, outlet: str) -> None:
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize(
    "text",
    [
        "Will the wet get wetter and the dry drier?",
        "According to the Valley Courier, will the wet get wetter and the dry drier?",
        "https://example.com/a\nHow do we know if we have the right scenarios?",
    ],
)
def test_a_lone_title_like_line_is_the_body(text: str) -> None:
    # A title needs a story under it; a one-line question (no full stop) is no title.
    found, body = extract_metadata(text)
    assert found.title is None
    assert body == text.splitlines()[-1]


def test_a_title_above_a_body_stays_a_title() -> None:
    found, body = extract_metadata("Will the wet get wetter?\n\nRain fell on Monday.")
    assert (found.title, body) == ("Will the wet get wetter?", "Rain fell on Monday.")
