"""What a raw article text says about itself: title, date, URL, outlet and author.

Only what the text really holds is returned; everything else stays ``None``. In particular wire
credits ("With inputs from Reuters and AP", "Some information ... came from The Associated Press")
never become the outlet, and dates are read only from header lines or the article URL, never from
the body ("on Thursday, 3 March" is news, not a publication date).

The header is the run of lines before the first body paragraph. Title, date, URL and byline lines
found there are removed from the returned body; credit lines at the end are read but left in place
for :mod:`factcheck.text.boilerplate` to drop.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from factcheck.text.boilerplate import boilerplate_reason
from factcheck.text.lexicon import MONTHS

__all__ = ["FoundMetadata", "extract_metadata", "outlet_from_url", "parse_date"]


class FoundMetadata(BaseModel):
    """Fields found in the text; ``None`` when the text does not hold them."""

    model_config = ConfigDict(frozen=True)

    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: dt.date | None = None
    author: str | None = None


_MONTHS = MONTHS
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
# A time (and zone) may follow a date on a dateline: "March 3, 2022 10:15 AM EST",
# "2022-03-03T10:15Z".
_TIME_TAIL = (
    r"(?:(?:\s*(?:at|,|-|\|))?\s*(?:T|\s)?\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?"
    r"(?:\s*[ap]\.?m\.?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5}))?)?"
)
_DATE_FORMS = tuple(
    re.compile(form + _TIME_TAIL, re.IGNORECASE)
    for form in (
        r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})",  # 20220303
        r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})",  # 2022-03-03
        _WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})",
        _WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})",
    )
)
# RFC 2822 as in feeds: "Thu, 03 Mar 2022 10:15:00 GMT"; handed to the standard library.
_RFC2822 = re.compile(r"^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}")
_DATE_LABEL = r"(?:date|dated|published(?: on| at)?|posted(?: on)?|updated(?: on)?|last updated)"
_LABELLED_DATE_LINE = re.compile(rf"^\s*(?:{_DATE_LABEL}\s*[:\-]?\s*)?(?P<date>.+?)\s*$", re.I)
# " date 2022-03-03 MUKACHEVO, Ukraine - ..." (seed 001): a labelled date glued to the lead.
_GLUED_DATE = re.compile(
    rf"^\s*{_DATE_LABEL}\s*[:\-]?\s*(?P<date>\d{{8}}|\d{{4}}-\d{{2}}-\d{{2}})\s+(?P<rest>\S.*)$",
    re.I,
)
_URL_LINE = re.compile(
    r"^\s*(?P<label>(?:url|link|source|original(?: article)?)\s*:\s*)?(?P<url>https?://\S+)\s*$",
    re.I,
)
_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/-](?P<month>\d{1,2})[/-](?P<day>\d{1,2})(?:/|$)|"
    r"/(?P<compact>(?:19|20)\d{6})(?:/|$)"
)
_TERMINAL = re.compile(r"[.!\u2026:;,][\"'\u201d\u2019)\]]*\s*$")
_WORD = re.compile(r"\S+")

# Credit lines that name the outlet. Acronyms of wire services are excluded: their credits say
# where material came from, not who published this text.
_WIRE_NAMES = frozenset(
    {
        "ap",
        "afp",
        "ani",
        "pti",
        "ians",
        "upi",
        "dpa",
        "reuters",
        "xinhua",
        "tass",
        "associated press",
        "the associated press",
        "agence france-presse",
    }
)
_PROMO_OUTLET = re.compile(
    r"^\(?At (?P<outlet>(?:The |the )?[A-Z][\w&'\u2019.-]*(?: [A-Z][\w&'\u2019.-]*){0,4}), we\b"
    # Only a promo names the outlet this way, not "At Kherson, we saw ...".
    r"(?=.*\b(?:our|members?|membership|subscribe|subscription|journalism)\b)"
)
_COPYRIGHT_OUTLET = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?\d{4}\s+(?P<outlet>[A-Z][\w&'\u2019.-]*"
    r"(?: [A-Z][\w&'\u2019.-]*){0,4})",
    re.I,
)
_CONTRIBUTED = re.compile(
    r"^\(?(?P<who>.+?)\s+contributed (?:to )?(?:this|the) (?:report|story|article)\b", re.I
)
_STAFF_OUTLET = re.compile(r"^(?P<outlet>[A-Z]{2,6})\s+(?=[A-Za-z])")
_REPORTING_BY = re.compile(r"^\(?(?:additional )?reporting by (?P<who>[^;)]+)", re.I)
_BYLINE = re.compile(r"^By\s+(?P<who>[A-Z].*?)\s*$")

# Words that end a job description in a credit ("Pentagon correspondent Carla Babb"): the name is
# what follows the last of them.
_ROLE_WORDS = frozenset(
    {
        "chief",
        "correspondent",
        "reporter",
        "writer",
        "writers",
        "editor",
        "producer",
        "photographer",
        "videographer",
        "journalist",
        "analyst",
        "staff",
        "contributor",
        "columnist",
    }
)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][A-Za-z\u00c0-\u024f'\u2019-]*[a-z\u00c0-\u024f]|[A-Z]\.)$")
_LOCATION_TAIL = re.compile(r"\s+(?:in|from)\s+[A-Z].*$")


def parse_date(text: str) -> dt.date | None:
    """Parse a date line ("20220303", "2022-03-03", "March 3, 2022", "3 March 2022", RFC 2822).

    Returns None for anything that is not just a (labelled) date, or is not a real calendar date.
    Day/month orders that cannot be told apart ("03/04/2022") are not guessed.

    Example:
        >>> parse_date("Published: Thursday, March 3, 2022 10:15 AM EST")
        datetime.date(2022, 3, 3)
    """
    line = _LABELLED_DATE_LINE.match(text)
    if line is None:
        return None
    candidate = line.group("date").strip()
    for form in _DATE_FORMS:
        m = form.fullmatch(candidate)
        if m is not None:
            return _date(m.group("year"), m.group("month"), m.group("day"))
    if not _RFC2822.match(candidate):
        return None
    try:
        return email.utils.parsedate_to_datetime(candidate).date()
    except (TypeError, ValueError, IndexError):
        return None


def _date(year: str, month: str, day: str) -> dt.date | None:
    month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."))
    if month_number is None:
        return None
    try:
        return dt.date(int(year), month_number, int(day))
    except ValueError:
        return None


def _date_from_url(url: str) -> dt.date | None:
    m = _URL_DATE.search(urlsplit(url).path)
    if m is None:
        return None
    if m.group("compact"):
        c = m.group("compact")
        return _date(c[:4], c[4:6], c[6:])
    return _date(m.group("year"), m.group("month"), m.group("day"))


def outlet_from_url(url: str) -> str | None:
    """The outlet's host name without a "www."/"m."/"amp." prefix; no public-suffix guessing.

    Example:
        >>> outlet_from_url("https://www.unionleader.com/news/article.html")
        'unionleader.com'
    """
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    host = re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", host)
    return host or None


def _looks_like_title(line: str) -> bool:
    words = _WORD.findall(line)
    return (
        2 <= len(words) <= 30
        and len(line) <= 250
        and not _TERMINAL.search(line)
        and line[:1].isupper()
        and boilerplate_reason(line) in (None, "subheading")
    )


def _names(credit: str) -> list[str]:
    """Person names in a credit list; items that are not clearly a name are skipped, not guessed."""
    names: list[str] = []
    for item in re.split(r",\s*|\s+and\s+|\s*&\s*|;\s*", credit):
        item = re.sub(r"\s*\([^)]*\)", "", item).strip()  # "(Producer/Editor)"
        item = _LOCATION_TAIL.sub("", item)  # "Pavel Polityuk in Kyiv"
        tokens = item.split()
        for i in range(len(tokens) - 1, -1, -1):
            if tokens[i].lower() in _ROLE_WORDS:
                tokens = tokens[i + 1 :]
                break
        if (
            2 <= len(tokens) <= 4
            and all(_NAME_TOKEN.match(t) for t in tokens)
            and " ".join(tokens).lower() not in _WIRE_NAMES
            and tokens[0].lower() != "the"
        ):
            names.append(" ".join(tokens))
    return names


def _credits(lines: list[str]) -> tuple[str | None, str | None]:
    """(outlet, author) from credit and promo lines anywhere in the text."""
    outlet: str | None = None
    reporting: list[str] = []
    contributors: list[str] = []
    for line in lines:
        if outlet is None and (m := _PROMO_OUTLET.match(line) or _COPYRIGHT_OUTLET.match(line)):
            # "© 2022 The Quint. All rights reserved." names "The Quint".
            candidate = m.group("outlet").split(". ")[0].rstrip(".")
            if candidate.lower() not in _WIRE_NAMES:
                outlet = candidate
        if m := _REPORTING_BY.match(line):
            reporting.extend(_names(m.group("who")))
        if m := _CONTRIBUTED.match(line):
            who = m.group("who")
            staff = _STAFF_OUTLET.match(who)
            if staff is not None and staff.group("outlet").lower() not in _WIRE_NAMES:
                # "VOA State Department Bureau Chief Nike Ching, ... contributed to this report."
                outlet = outlet or staff.group("outlet")
                who = who[staff.end() :]
            contributors.extend(_names(who))
    names = reporting or contributors
    return outlet, (", ".join(dict.fromkeys(names)) or None)


def extract_metadata(text: str) -> tuple[FoundMetadata, str]:
    """Find title, date, URL, outlet and author; return them and the text without header lines.

    Example:
        >>> found, body = extract_metadata(
        ...     "Russia takes Kherson\\n20220303\\n"
        ...     "https://www.unionleader.com/a.html\\nKherson fell."
        ... )
        >>> (found.title, found.published_at.isoformat(), found.source, body)
        ('Russia takes Kherson', '2022-03-03', 'unionleader.com', 'Kherson fell.')
    """
    lines = text.lstrip("\ufeff").splitlines()
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    author: str | None = None
    body: list[str] = []
    in_header = True
    for raw in lines:
        line = raw.strip()
        if not in_header or not line:
            # In the body, a bare link is a link (to a tweet, a report); only a labelled one
            # ("Source: https://...") names the article itself.
            if url is None and (m := _URL_LINE.match(line)) and m.group("label"):
                url = m.group("url")
                continue
            body.append(raw)
            continue
        if m := _URL_LINE.match(line):
            url = url or m.group("url")
        elif published is None and (date := parse_date(line)) is not None:
            published = date
        elif published is None and (glued := _GLUED_DATE.match(line)):
            date = parse_date(glued.group("date"))
            if date is None:
                body.append(raw)
            else:
                published = date
                body.append(glued.group("rest"))
            in_header = False
        elif (
            author is None
            and (byline := _BYLINE.match(line))
            and boilerplate_reason(line) == "byline"
        ):
            author = ", ".join(_names(byline.group("who"))) or None
        elif title is None and _looks_like_title(line):
            title = line
        elif boilerplate_reason(line) is not None:
            body.append(raw)  # "advertisement" before the title: left for the boilerplate pass
        else:
            body.append(raw)
            in_header = False
    return _found(lines, body, title=title, url=url, published=published, author=author)


def _found(
    lines: list[str], body: list[str], *, title: str | None, url: str | None,
    published: dt.date | None, author: str | None,
) -> tuple[FoundMetadata, str]:
    """What the header held, completed from credit lines and the URL; and the body."""
    if title is not None and not any(line.strip() for line in body):
        # A title needs a story under it: a text that is one title-like line (a question such as
        # "Will the wet get wetter?", which has no full stop) is that line as the body.
        body = [title]
        title = None
    stripped = [line.strip() for line in lines]
    outlet, credited = _credits(stripped)
    if url is not None:
        outlet = outlet_from_url(url) or outlet
        published = published or _date_from_url(url)
    found = FoundMetadata(
        title=title,
        url=url,
        source=outlet,
        published_at=published,
        author=author or credited,
    )
    return found, "\n".join(body).strip("\n")
