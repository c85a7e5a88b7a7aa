"""Dates: the same event on a different day, month or year, weekday or part of the day."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.stance.rules.base import RULE_WEIGHTS, RuleFinding
from factcheck.stance.rules.words import content, related, tokens
from factcheck.text.lexicon import MONTHS, WEEKDAYS


@dataclass(frozen=True, slots=True)
class DateMention:
    text: str
    year: int | None
    month: int | None
    day: int | None
    context: frozenset[str] = frozenset()  # content words near the date
    weekday: int | None = None  # "on Thursday" (1 = Monday); set only on weekday mentions
    part: str | None = None  # "Thursday afternoon": morning, afternoon or evening

    def compatible(self, other: DateMention) -> bool:
        pairs = (
            (self.year, other.year),
            (self.month, other.month),
            (self.day, other.day),
            (self.weekday, other.weekday),
            (self.part, other.part),
        )
        return all(a is None or b is None or a == b for a, b in pairs)

    def comparable(self, other: DateMention) -> bool:
        """Same granularity (both a day, or both only a month / a year, or both a weekday) and
        about the same thing: at least two content words in common near the two dates."""
        if (self.weekday is None) != (other.weekday is None):
            return False  # "Thursday" vs "3 March": we do not know the calendar
        same_shape = self.weekday is not None or (
            (self.day is None) == (other.day is None)
            and (
                (self.year is not None and other.year is not None)
                or (self.month is not None and other.month is not None)
            )
        )
        return same_shape and len(self.context & other.context) >= 2


_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_PATTERNS = [
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    re.compile(
        rf"\b(?P<mon>{_MON})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?\b", re.I
    ),
    re.compile(
        rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MON})(?:,?\s+(?P<y>\d{{4}}))?\b",
        re.I,
    ),
    re.compile(rf"\b(?P<mon>{_MON})\s+(?P<y>\d{{4}})\b", re.I),
    re.compile(
        r"\b(?:in|since|by|until|from|during|of|before|after)\s+(?P<y>1[89]\d\d|20\d\d)\b", re.I
    ),
]

_WEEKDAY = re.compile(
    rf"\b(?P<wd>{'|'.join(WEEKDAYS)})(?:'s)?(?:\s+(?P<part>morning|afternoon|evening|night))?\b",
    re.I,
)
_PARTS = {"morning": "morning", "afternoon": "afternoon", "evening": "evening", "night": "evening"}
# "officials said Thursday": the day of the report, not of the event; "by Friday", "until
# Monday": a bound, not the day itself.
_NOT_THE_EVENT_DAY = re.compile(
    r"(?:\b(?:said|says|told|added|announced|reported|stated|wrote|tweeted|by|until|till|"
    r"through|since|before|after|from)\s+(?:on\s+)?(?:last\s+|this\s+)?)$",
    re.I,
)
_NOT_CONTEXT = frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(_PARTS)
# "freed on June 12, a week after the deal was signed", "resigned on Saturday, a day before the
# vote", "went back on Friday, 30 hours after the strike began": the passage dates a second event
# by its distance from the first, so a claim date it never names may still be the passage's. On
# the team-written time pairs, firings on such passages were right about 1 time in 8.
_NUM_WORD = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|some|few|several)"
)
_RELATIVE = re.compile(
    rf"\b(?:{_NUM_WORD}\s+(?:full\s+)?(?:hours?|days?|nights?|weeks?|months?|years?)"
    r"\s+(?:before|after|later|earlier|ahead\s+of|since|into)"
    r"|(?:the\s+)?(?:following|next|previous|preceding)\s+(?:day|morning|evening|night|week|month)"
    rf"|within\s+{_NUM_WORD}\s+(?:hours?|days?|weeks?)"
    r"|the\s+day\s+(?:before|after)|(?:overnight|night)\s+(?:into|from)|(?:a\s+)?week\s+later"
    r"|(?:from|between)\s+\w+(?:\s+\w+)?\s+(?:into|to|and)\s+(?:"
    + "|".join(WEEKDAYS)
    + r"))\b",
    re.I,
)


def _context(text: str, start: int, end: int) -> frozenset[str]:
    words = content(tokens(text[max(0, start - 60) : end + 60]))
    return frozenset(w for w in words if w.lower() not in _NOT_CONTEXT)


_Found = list[tuple[int, int, "DateMention"]]


def _weekdays(text: str, taken: _Found) -> _Found:
    """Weekday mentions outside calendar dates: "on Thursday", "Thursday afternoon"."""
    out: _Found = []
    for m in _WEEKDAY.finditer(text):
        if any(s <= m.start() < e for s, e, _ in taken):
            continue
        if _NOT_THE_EVENT_DAY.search(text[max(0, m.start() - 30) : m.start()]):
            continue
        part = m.group("part")
        mention = DateMention(
            m.group(0).strip(),
            None,
            None,
            None,
            _context(text, m.start(), m.end()),
            weekday=WEEKDAYS[m.group("wd").lower()],
            part=_PARTS[part.lower()] if part else None,
        )
        out.append((m.start(), m.end(), mention))
    return out


def extract_dates(text: str) -> list[DateMention]:
    """Calendar dates and years ("March 3, 2022", "3 March", "2022-03-03", "in 2014"), and
    weekdays with their part of the day ("on Thursday", "Thursday afternoon").

    Example:
        >>> found = extract_dates("on Thursday, 3 March 2022")
        >>> [(d.year, d.month, d.day, d.weekday) for d in found]
        [(None, None, None, 4), (2022, 3, 3, None)]
    """
    found: list[tuple[int, int, DateMention]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(s <= m.start() < e or s < m.end() <= e for s, e, _ in found):
                continue
            if re.search(
                r"(?:as of|by|published|updated|copyright|\(c\))[\s:,]*(?:on\s+)?$",
                text[max(0, m.start() - 25) : m.start()],
                re.I,
            ):
                continue  # reporting dates ("as of 27 April", "published June 1"), not events
            groups = m.groupdict()
            mon = groups.get("mon")
            month = MONTHS.get(mon.lower().rstrip(".")) if mon else None
            if groups.get("m"):
                month = int(groups["m"])
            if mon and mon.lower().rstrip(".") == "may" and groups.get("d") is None:
                continue  # "may 2020" is usually the verb: "it may 2020..." rarely; skip to be safe
            day = int(groups["d"]) if groups.get("d") else None
            year = int(groups["y"]) if groups.get("y") else None
            if day is not None and not 1 <= day <= 31:
                continue
            context = _context(text, m.start(), m.end())
            found.append(
                (m.start(), m.end(), DateMention(m.group(0).strip(), year, month, day, context))
            )
    found += _weekdays(text, found)
    return [d for _, _, d in sorted(found, key=lambda x: x[0])]


def check_dates(claim: str, passage: str) -> RuleFinding | None:
    """A claim date that no comparable passage date matches, on the same topic -> contradiction.

    Example:
        >>> check_dates("Russia annexed Crimea in 2015",
        ...             "Russia annexed the Crimean Peninsula from Ukraine in 2014").reason
        'date mismatch: in 2015 vs in 2014'
    """
    if not related(claim, passage, min_shared=2, min_share=0.4):
        return None
    p_dates = extract_dates(passage)
    if not p_dates or _RELATIVE.search(passage):
        return None
    for cd in extract_dates(claim):
        comparable = [pd for pd in p_dates if cd.comparable(pd)]
        if comparable and not any(cd.compatible(pd) for pd in comparable):
            return RuleFinding(
                "date", f"date mismatch: {cd.text} vs {comparable[0].text}", RULE_WEIGHTS["date"]
            )
    return None
