"""Reading quantities from text: "two million", "nearly 300,000", "2,90,000", "\u20b94,500 crore",
shares in words ("about a fifth", "three in ten"), ranges ("50\u201375%"), durations ("half an
hour", "7 hours 40 minutes"), temperature readings in either scale, and what a count counts (its
unit, its casualty slot, whether it is a population).

:func:`extract_quantities` is the entry point; the checks that compare quantities live in
:mod:`factcheck.stance.rules.numbers`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from factcheck.stance.rules.base import COUNT_UNITS
from factcheck.stance.rules.words import STOP, SYNONYMS, content, norm, tokens

_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
    "half": 0.5,
}
_SCALE = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "lakh": 1e5,
    "lakhs": 1e5,
    "million": 1e6,
    "millions": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "crore": 1e7,
    "crores": 1e7,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "dozen": 12.0,
}
_FULL_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
_WORD_NUM = "|".join(
    sorted((k for k in _SMALL if k not in ("a", "an", "half")), key=len, reverse=True)
)
_SCALE_RE = (
    "dozen|hundred|thousand|lakhs?|millions?|crores?|billion|trillion|bn|mn|tn|[kmb](?![a-z])"
)

# Qualifiers, longest first. Each maps to how the written value v becomes an interval.
_QUALIFIERS: list[tuple[str, str]] = [
    ("more than", "lower"),
    ("greater than", "lower"),
    ("higher than", "lower"),
    ("lower than", "upper"),
    ("in excess of", "lower"),
    ("upwards of", "lower"),
    ("at least", "lower"),
    ("over", "lower"),
    ("above", "lower"),
    ("exceeding", "lower"),
    ("exceeded", "lower"),
    ("exceeds", "lower"),
    ("topped", "lower"),
    ("just over", "just_over"),
    ("just above", "just_over"),
    ("less than", "upper"),
    ("fewer than", "upper"),
    ("under", "upper"),
    ("below", "upper"),
    ("up to", "upper"),
    ("within", "upper"),
    ("at most", "upper"),
    ("no more than", "upper"),
    ("as many as", "upper"),
    ("nearly", "nearly"),
    ("almost", "nearly"),
    ("close to", "nearly"),
    ("just under", "nearly"),
    ("about", "approx"),
    ("around", "approx"),
    ("approximately", "approx"),
    ("roughly", "approx"),
    ("some", "approx"),
    ("an estimated", "approx"),
    ("estimated", "approx"),
    ("circa", "approx"),
    ("approx", "approx"),
    ("~", "approx"),
    ("an approximate", "approx"),
]
# "four and a quarter", "2 and a half": a whole number and a common fraction.
_AND_PARTS = {"a half": 0.5, "a quarter": 0.25, "three quarters": 0.75, "three-quarters": 0.75}
_AND_PART = rf"\s+and\s+(?:{'|'.join(_AND_PARTS)})\b"
_QUAL_RE = "|".join(re.escape(q) for q, _ in sorted(_QUALIFIERS, key=lambda x: -len(x[0])))
QUAL_KIND = dict(_QUALIFIERS)
QUALIFIERS_LONGEST_FIRST = sorted(_QUALIFIERS, key=lambda x: -len(x[0]))

_NUMBER_RE = re.compile(
    rf"(?P<qual>\b(?:{_QUAL_RE})\s+)?"
    r"(?P<cur>(?:[$€£₹]|\bRs\.?)\s?)?"
    r"(?P<num>(?:\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    rf"|(?:{_WORD_NUM})(?:[- ](?:{_WORD_NUM}))?)(?:{_AND_PART})?"
    rf"|(?:a|an|half a)(?=\s+(?:{_SCALE_RE})\b)"
    r"|(?:half an|an)(?=\s+hours?\b))"
    rf"(?P<scale>\s*(?:{_SCALE_RE})\b)?"
    r"(?P<pct>\s*(?:%|per ?cent\b))?",
    re.IGNORECASE,
)


_FRACTIONS = {
    "half": 1 / 2,
    "a third": 1 / 3,
    "one third": 1 / 3,
    "a quarter": 1 / 4,
    "one quarter": 1 / 4,
    "a fifth": 1 / 5,
    "one fifth": 1 / 5,
    "a tenth": 1 / 10,
    "one tenth": 1 / 10,
    "two thirds": 2 / 3,
    "two-thirds": 2 / 3,
    "three quarters": 3 / 4,
    "three-quarters": 3 / 4,
}
_FRACTION_OF = re.compile(
    rf"\b(?P<f>{'|'.join(sorted(_FRACTIONS, key=len, reverse=True))})\s+of\s+"
    r"(?:the\s+|its\s+|their\s+|those\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as written in a sentence, as an interval of the values it allows."""

    text: str
    value: float
    low: float
    high: float
    unit: str | None  # normalised unit word ("people", "percent", "dollars", ...)
    context: frozenset[str]  # normalised content words near the number
    implied_unit: bool = False  # the unit is read from the words before ("a city of 300,000")
    # Where the number itself is written (currency sign to scale and percent sign, without the
    # qualifier); None for a quantity derived from another ("half of the 1 million").
    span: tuple[int, int] | None = None
    # The same with the qualifier ("more than 480"); equal to ``span`` when there is none.
    phrase_span: tuple[int, int] | None = None
    event: str | None = None  # "killed" or "wounded": the casualty slot a count fills
    population: bool = False  # the people living somewhere ("a city of 300,000", "residents")
    converted: bool = False  # read in another unit ("20 miles", "106 degrees Fahrenheit")

    @property
    def qualified(self) -> bool:
        """Written with a qualifier ("nearly", "more than", "about")."""
        return self.span is not None and self.phrase_span is not None and (
            self.phrase_span[0] < self.span[0]
        )

    def consistent_with(self, other: Quantity) -> bool:
        return self.low <= other.high and other.low <= self.high


def _parse_number(raw: str) -> float | None:
    s = re.sub(r"\s+", " ", raw.lower().strip())
    if s in ("a", "an"):
        return 1.0
    if s in ("half a", "half an"):
        return 0.5
    whole, _, part = s.partition(" and ")
    if part:
        base = _parse_number(whole)
        return None if base is None else base + _AND_PARTS[part]
    if s[0].isdigit():
        return float(s.replace(",", ""))  # also Indian grouping: 2,90,000 -> 290000
    parts = re.split(r"[- ]", s)
    total = 0.0
    for part in parts:
        if part not in _SMALL:
            return None
        total += _SMALL[part]
    return total


def _rounding_tolerance(raw: str, value: float) -> float:
    """Half a unit of the last significant digit, halved again: '300,000' -> 25,000."""
    digits = raw.replace(",", "")
    if not digits[0].isdigit() or "." in digits:
        return abs(value) * 0.01
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped)
    return max(abs(value) * 0.01, 0.25 * 10**zeros) if zeros >= 2 else abs(value) * 0.01


def _is_year(raw: str, scale: str | None, pct: str | None, value: float) -> bool:
    return not scale and not pct and raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100


def _not_a_quantity(m: re.Match[str], text: str) -> bool:
    """Model names, ordinals, clock times, years and days of dates look like numbers."""
    start, end = m.start("num"), m.end()
    before = text[max(0, start - 12) : start]
    after = text[end : end + 12]
    # RD-180, AK-47, COVID-19, 3rd, 1.5x; and numbers glued to letters.
    glued = before.endswith("-") or (before != "" and before[-1].isalpha())
    if glued and re.search(r"[A-Za-z]-?$", before) and not m.group("qual") and not m.group("cur"):
        return True
    if re.match(r"(?:st|nd|rd|th)\b|[A-Za-z]|-(?:thirds?|quarters?|fifths?|tenths?)\b", after) and (
        not m.group("scale")
    ):
        return True  # "3rd", "1.5x", and the "two" of "two-thirds" (a share, read below)
    if before.endswith(":") or re.match(r":\d|\s*[ap]\.?m\b", after, re.I):
        return True  # clock times: 3:15 p.m.
    # Days of a date ("March 3", "3 March") are dates, not quantities.
    return bool(
        re.search(rf"\b(?:{_FULL_MONTHS})\s*$", before, re.I)
        or re.match(rf"\s*(?:{_FULL_MONTHS})\b", after, re.I)
    )


def _interval(m: re.Match[str], raw: str, value: float, scale: str | None) -> tuple[float, ...]:
    """(value, low, high): the written value scaled, widened by rounding and the qualifier."""
    factor = _SCALE[scale] if scale else 1.0
    tol = _rounding_tolerance(raw, value) * factor
    if scale and raw[0].isdigit() and "." not in raw and value < 10:
        tol = 0.25 * factor  # "2 million" is rounded to the million
    if not raw[0].isdigit():
        tol = max(tol, 0.05 * value * factor)
    value *= factor
    kind = QUAL_KIND.get(re.sub(r"\s+", " ", (m.group("qual") or "").strip().lower()))
    low, high = _widen(kind, value, value - tol, value + tol)
    return value, low, high


def _widen(kind: str | None, value: float, low: float, high: float) -> tuple[float, float]:
    """The interval a qualifier of ``kind`` makes of ``value`` (written as [low, high])."""
    if kind == "lower":
        low, high = value, math.inf
    elif kind == "upper":
        low, high = 0.0, value
    elif kind == "nearly":
        # strictly below: "nearly 300,000" vs "more than 300,000" do not meet at 300,000
        low, high = value * 0.85, value * 0.995
    elif kind == "just_over":
        low, high = value, value * 1.15
    elif kind == "approx":
        low, high = value * 0.85, value * 1.15
    return low, high


# "a city of nearly 300,000", "home to 2.8 lakh": the count of people is left unsaid.
_POPULATION_OF = re.compile(
    r"\b(?:city|town|village|country|nation|region|population|home)\s+(?:of|to)\s*$", re.I
)
# People counted by nationality ("nearly 9,000 Russians have been killed"): a count of people
# (COUNT_UNITS' weight), kept apart from "people" because one is a part of the other.
_DEMONYMS = frozenset(
    {
        "russian",
        "ukrainian",
        "american",
        "israeli",
        "palestinian",
        "syrian",
        "afghan",
        "iraqi",
        "iranian",
        "briton",
        "civilian",
    }
)
# "rose by 5 billion", "cut ... by a quarter point": the number is a change, not a level.
BY_RE = re.compile(r"\b(?:by|down|up)\s+$", re.IGNORECASE)

# Units written two ways: the value is converted to the second ("20 miles" = 32.2 km, "half an
# hour" = 30 minutes).
_CONVERSIONS: dict[str, tuple[str, Callable[[float], float]]] = {
    "miles": ("km", lambda v: v * 1.609344),
    "hour": ("minute", lambda v: v * 60),
}
_DEGREES = re.compile(r"\s*(?:degrees?\s+|\u00b0\s*)(?P<scale>fahrenheit|celsius|f|c)\b", re.I)
_RATE_BEFORE = re.compile(r"\b(?:times|twice|once|thrice|every|per|km|miles|mph|\d+)\s+$", re.I)
_MINUS = re.compile(r"\bminus\s+$", re.IGNORECASE)
# Units of time and distance are written right after the number, and go with it.
_UNIT_WORD = re.compile(
    r"[\s-]*(?:hours?|minutes?|miles?|km|kilomet(?:re|er)s?)\b(?P<half>\s+and\s+a\s+half\b)?"
    r"(?P<minutes>,?\s+(?:and\s+)?\d{1,2}\s+minutes?\b)?",
    re.IGNORECASE,
)
# A Fahrenheit *reading* is converted to Celsius ("106 degrees Fahrenheit" = 41.1 C), but a
# difference is not ("warmer by 6 degrees", "6 degrees above normal": x 5/9, no -32), so a
# temperature written as a change keeps its own scale and is compared with nothing.
_TEMPERATURE_CHANGE = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:warmer|cooler|hotter|colder|higher|lower|above|below|more|less"
    r"|rise|increase|drop|fall)\b",
    re.IGNORECASE,
)
# Casualty counts are told apart by what happened, written after the number ("498 service
# members have died", "more than 1,500 have been wounded") or before it ("killed 12"): 498 dead
# and 1,500 wounded are two slots, and 900 killed is a count of the dead however the victims are
# named ("soldiers", "Russians", or not at all).
_EVENTS = frozenset({"killed", "wounded"})
_EVENT_BEFORE = re.compile(r"\b(?:killed|killing|wounded|wounding|injured|injuring)\s+$", re.I)
_SKIPPED_BEFORE_EVENT = frozenset(
    {"have", "has", "had", "been", "were", "was", "are", "is", "be", "being", "reportedly",
     "others", "other", "more", "of", "its", "their", "the", "service", "members", "people"}
)
# Population counts: "a city of 300,000", "2,90,000 locals", "two million inhabitants".
_POPULATION_WORDS = frozenset({"inhabitants", "residents", "locals"})


# Words that make "one" a count ("one mile", "one soldier"), not a pronoun.
_UNIT_WORDS = frozenset(SYNONYMS.values()) | frozenset(_CONVERSIONS)


def is_count(unit: str | None) -> bool:
    """A count of people or casualties: what the number check weighs most."""
    return unit in COUNT_UNITS or is_demonym(unit or "")


def is_demonym(word: str) -> bool:
    return word.lower().removesuffix("s") in _DEMONYMS


def _event(text: str, start: int, following: list[str], unit: str | None) -> str | None:
    """The casualty slot of the number at ``start``: "killed", "wounded" or None. A part is
    counted by what happened to it: "three of the injured died" are dead."""
    following = following[:6]
    if len(following) > 2 and following[0].lower() == "of" and (
        following[1].lower() in ("the", "those", "its", "their")
    ):
        following = following[3:]
    elif unit in _EVENTS:
        return unit
    for tok in following:
        key = norm(tok)
        if key in _EVENTS:
            return key
        if not (
            tok.lower() in _SKIPPED_BEFORE_EVENT or key in ("troops", "people") or is_demonym(key)
        ):
            break
    before = _EVENT_BEFORE.search(text[max(0, start - 20) : start])
    return norm(before.group(0).split()[0]) if before else None


_RANGE_BEFORE = re.compile(r"(?:[\u2013\u2014]|(?<=\d)\s+and)\s*$")


def _before(text: str, start: int) -> str:
    """The few words before ``start``: what the patterns anchored at a number's start read (a
    search over the whole text before it would make reading a long text quadratic)."""
    return text[max(0, start - 24) : start]


def _range_start(text: str, m: re.Match[str], found: list[Quantity]) -> Quantity | None:
    """The quantity that opens a range ending at ``m`` ("50\u201375%", "between 2 and 3 million"),
    if the text has one just before it with no unit of its own. A hyphen is not read as a range
    ("7-2" is a vote, "2-1" a score), nor is "from 5 to 7 percent" (a change: the level is 7)."""
    if not found or m.group("qual") or not _RANGE_BEFORE.search(_before(text, m.start())):
        return None
    first = found[-1]
    if first.span is None or first.unit is not None:
        return None
    between = text[first.span[1] : m.start()]
    if not re.fullmatch(r"\s*(?:[\u2013\u2014]|and)\s*", between):
        return None
    opens = re.search(r"\bbetween\s+$", _before(text, first.span[0]), re.I)
    if between.strip() == "and" and not opens:
        return None
    return first


def _is_population(text: str, m: re.Match[str], following: list[str]) -> bool:
    """"a city of 300,000", "a population of 2 million", "Kherson has 300,000 inhabitants", "the
    mayor of 2,90,000 locals"; not "12,000 residents spent the night in shelters"."""
    before = text[max(0, m.start() - 30) : m.start()]
    if _POPULATION_OF.search(before) or re.search(r"\bpopulation\s+of\s*$", before, re.I):
        return True
    return bool(following) and following[0].lower() in _POPULATION_WORDS and bool(
        re.search(r"\b(?:has|have|had|of|with)\s*$", before, re.I)
    )


def _unit(m: re.Match[str], following: list[str]) -> str | None:
    """The unit: percent, a currency, a temperature scale, else the first content word after
    the number ("498 of its troops" -> troops; "498 service members" -> troops; "280,000 people"
    -> people)."""
    if m.group("pct"):
        return "percent"
    cur = (m.group("cur") or "").strip()
    if cur:
        return norm(cur.rstrip("."))
    degrees = _DEGREES.match(m.string, m.end())
    if degrees:
        return "fahrenheit" if degrees.group("scale").lower().startswith("f") else "celsius"
    words: list[str] = []
    for tok in following[:5]:
        low_tok = tok.lower()
        if low_tok in ("of", "its", "the", "their", "his", "her", "our", "than", "more"):
            continue
        if tok[0].isdigit() or low_tok in STOP or len(words) == 2:
            break
        words.append(norm(tok))
    return next((w for w in words if w in SYNONYMS.values()), words[0] if words else None)


def extract_quantities(text: str) -> list[Quantity]:
    """Counts, amounts and percentages in ``text`` (years, dates and model names are skipped).

    Example:
        >>> [(q.text, q.value, q.unit) for q in extract_quantities("a city of 2,90,000 locals")]
        [('2,90,000', 290000.0, 'people')]
    """
    return list(quantities(text))


def clear_cache() -> None:
    """Forget the parsed texts (``bench.rules`` times every run from a cold cache)."""
    quantities.cache_clear()


# The service checks one claim against ~50 passages, and the number and bound checks read the
# same texts: each text is parsed once (Quantity is frozen, so sharing the tuple is safe).
@lru_cache(maxsize=8192)
def quantities(text: str) -> tuple[Quantity, ...]:
    out: list[Quantity] = []
    for m in _NUMBER_RE.finditer(text):
        raw = m.group("num")
        value = _parse_number(raw)
        if value is None or _not_a_quantity(m, text):
            continue
        scale = (m.group("scale") or "").strip().lower() or None
        if _is_year(raw, scale, m.group("pct"), value):
            continue
        following = tokens(text[m.end() : m.end() + 60])
        # "a", "one" alone are articles / pronouns far more often than counts; "one mile",
        # "one person", "an hour" are counts
        counted = raw.lower() in ("one", "an") and bool(following) and (
            norm(following[0]) in _UNIT_WORDS
        )
        if not raw[0].isdigit() and not scale and raw.lower() in ("a", "an", "one") and not counted:
            continue
        if raw.lower() == "an" and _RATE_BEFORE.search(_before(text, m.start())):
            continue  # "six times an hour", "80 km an hour": a rate's period, not a duration
        # "half an hour", "a 90-minute call": the unit word belongs to the number, so a rewrite
        # replaces "half an hour" whole; "an hour and a half" is 1.5 hours, "7 hours 40 minutes"
        # 7.67
        unit_word = _UNIT_WORD.match(text, m.end())
        if unit_word is not None:
            if unit_word.group("half"):
                value += 0.5
            if unit_word.group("minutes") and "hour" in unit_word.group(0).lower():
                value += float(re.sub(r"\D", "", unit_word.group("minutes"))) / 60
        value, low, high = _interval(m, raw, value, scale)
        prefix = _before(text, m.start())
        minus = _MINUS.search(prefix)
        if minus:
            value, low, high = -value, -high, -low
        # Eight words after the number: "1.5 crore households would receive the cooking-gas
        # subsidy" reaches "subsidy" (five did not; ten gained nothing more on the held-out sets).
        window = tokens(text[max(0, m.start() - 50) : m.start()]) + following[:8]
        context = frozenset(content(window))
        unit = _unit(m, following)
        implied = unit is None and bool(_POPULATION_OF.search(_before(text, m.start())))
        if implied:
            unit = "people"
        written = m.group(0).strip()
        end = m.end()
        converted = False
        if unit_word is not None:
            end = unit_word.end()
            written = text[m.start() : end].strip()
        if unit in _CONVERSIONS:
            if unit_word is None:  # the reason then reads "20 miles vs 80", not "20 vs 80"
                written = f"{written} {unit}"
            unit, convert = _CONVERSIONS[unit]
            value, low, high = convert(value), convert(low), convert(high)
            converted = True
        degrees = _DEGREES.match(text, m.end()) if unit in ("fahrenheit", "celsius") else None
        if degrees is not None:
            # the degrees belong to the number: a rewrite replaces "106 degrees Fahrenheit" whole
            end = degrees.end()
            written = text[m.start() : end].strip()
            change = BY_RE.search(_before(text, m.start())) or _TEMPERATURE_CHANGE.match(text[end:])
            if unit == "fahrenheit" and not change:
                unit, converted = "celsius", True
                value, low, high = ((v - 32) * 5 / 9 for v in (value, low, high))
        if minus:
            written = f"minus {written}"
        span = (m.start("cur") if m.group("cur") else m.start("num"), end)
        phrase = (m.start() - len(prefix) + minus.start() if minus else m.start(), end)
        first = _range_start(text, m, out)
        if first is not None and not converted:
            # "50\u201375%", "between 2 and 3 million": one interval from the first number to
            # this one, in this one's unit and scale
            out.remove(first)
            start_value = first.value * (_SCALE[scale] if scale and first.value < value else 1)
            low, high = min(low, start_value), max(high, start_value)
            written = text[first.phrase_span[0] if first.phrase_span else m.start() : end].strip()
            span = phrase = (span[0] if first.span is None else first.span[0], end)
        event = _event(text, m.start(), following, unit)
        population = _is_population(text, m, following)
        out.append(
            Quantity(
                written, value, low, high, unit, context, implied, span, phrase,
                event, population, converted,
            )
        )
        # "half of the more than 1 million refugees": the sentence counts the part as well.
        part = _FRACTION_OF.search(text[max(0, m.start() - 25) : m.start()])
        if part:
            f = _FRACTIONS[part.group("f").lower()]
            text_ = f"{part.group(0).strip()} {written}"
            out.append(
                Quantity(text_, value * f, low * f, high * f, unit, context, implied, event=event)
            )
    out += _shares(text)
    # "three in ten adults" is a share, not counts of three and of ten adults; the "40 minutes"
    # of "7 hours 40 minutes" is part of one duration
    spans = [q.phrase_span for q in out if q.phrase_span]

    def part_of_another(q: Quantity) -> bool:
        if q.span is None or q.phrase_span is None:
            return False
        own = q.phrase_span[1] - q.phrase_span[0]
        return any(a <= q.span[0] < b and b - a > own for a, b in spans)

    return tuple(q for q in out if not part_of_another(q))


# "about a fifth of its schedule", "nearly a third of its workforce", "cut by two-thirds", "three
# in ten adults": a share written in words is a percentage (20 %, 33 %, 30 %), unless a number
# follows ("half of the 1 million" is a count, read above). "7 out of 10" is left alone: it is as
# often a rating as a share.
_SHARE_RE = re.compile(
    rf"(?P<qual>\b(?:{_QUAL_RE})\s+)?(?<!first )(?<!second )(?<!other )"
    rf"(?:\b(?P<f>{'|'.join(sorted(_FRACTIONS, key=len, reverse=True))})\b"
    rf"|(?<![\d,.])\b(?P<n>{_WORD_NUM}|\d{{1,2}}) in (?P<d>{_WORD_NUM}|10|100)\b)",
    re.IGNORECASE,
)
_SHARE_OF = re.compile(r"\s+of\b", re.IGNORECASE)
_BY_SHARE = re.compile(r"\bby\s+$", re.IGNORECASE)  # "cut exports by two-thirds"
_OF_ARTICLE = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+|those\s+)?", re.IGNORECASE)


def _share_value(m: re.Match[str]) -> float | None:
    if m.group("f"):
        rest = m.string[m.end() :]
        if not (_SHARE_OF.match(rest) or _BY_SHARE.search(m.string[: m.start()])):
            return None
        if re.match(r"\s+of\s+an?\b", rest, re.IGNORECASE):
            return None  # "three quarters of a percentage point": a part of a unit
        article = _OF_ARTICLE.match(rest)
        number = _NUMBER_RE.match(rest[article.end() :] if article else rest)
        if number is not None and _parse_number(number.group("num")) is not None:
            return None
        return 100 * _FRACTIONS[m.group("f").lower()]
    n, d = _parse_number(m.group("n")), _parse_number(m.group("d"))
    return 100 * n / d if n is not None and d and 0 < n < d else None


# A share needs one of these words; most texts have none, and the share pattern, tried at every
# position, is the slowest part of reading a text.
_SHARE_HINT = re.compile(
    rf"\b(?:half|thirds?|quarters?|fifths?|tenths?)\b|\bin (?:{_WORD_NUM}|10|100)\b", re.I
)


def _shares(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    if not _SHARE_HINT.search(text):
        return out
    for m in _SHARE_RE.finditer(text):
        value = _share_value(m)
        if value is None:
            continue
        kind = QUAL_KIND.get(re.sub(r"\s+", " ", (m.group("qual") or "").strip().lower()))
        # a share in words is a round figure: "a third" is said of 30-37 %
        low, high = _widen(kind, value, value * 0.9, value * 1.1)
        following = tokens(text[m.end() : m.end() + 60])
        window = tokens(text[max(0, m.start() - 50) : m.start()]) + following[:8]
        words = (m.start("f") if m.group("f") else m.start("n"), m.end())
        out.append(
            Quantity(
                m.group(0).strip(), value, low, high, "percent", frozenset(content(window)),
                span=words, phrase_span=(m.start(), m.end()),
            )
        )
    return out
