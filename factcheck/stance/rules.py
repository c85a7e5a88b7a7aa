"""Checks for what small NLI models miss: numbers and quantities, negation, dates.

Pure functions over two strings. :func:`check_pair` runs all checks on (claim, passage) and returns
the first :class:`RuleFinding` (a contradiction it is sure enough about) or ``None``.
:func:`apply_finding` combines a finding with the model's probabilities (see its docstring).

Example:
    >>> f = check_pair("Kherson has two million inhabitants",
    ...                "Kherson, a city of 280,000 people, is a strategic port to the Black Sea.")
    >>> f.reason
    'number mismatch: two million vs 280,000'
    >>> check_pair("Kherson has 280,000 inhabitants", "the port city of nearly 300,000") is None
    True
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from factcheck.stance.base import StanceLabel, StanceScores
from factcheck.text.lexicon import FUNCTION_WORDS, MONTHS

RuleKind = Literal["number", "negation", "date"]

# How much of the probability mass a finding moves to "contradicts" (see apply_finding). Numbers
# are the most reliable check; negation and dates are heuristics over word overlap.
# Numbers decide (w > 0.5); negation and dates tip the balance unless the model is confident the
# other way (contradicts wins iff p_c + w / (1 - w) > max(p_s, p_n)).
RULE_WEIGHTS: dict[RuleKind, float] = {"number": 0.8, "negation": 0.4, "date": 0.3}
# Counts of people and casualties are what news claims get wrong and what the rule reads well;
# other quantities (percentages, money, degrees, years) are often about different things in the
# two texts, so a mismatch there only tips the balance (same weight as dates).
COUNT_UNITS = frozenset({"people", "troops", "killed", "wounded", "refugees", "jobs"})
OTHER_NUMBER_WEIGHT = 0.3


@dataclass(frozen=True, slots=True)
class RuleFinding:
    kind: RuleKind
    reason: str
    weight: float


# --- words ------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?|\d+(?:[.,]\d+)*")
# Function words plus quantity words and hedges: none of them anchors a comparison.
_STOP = FUNCTION_WORDS | frozenset(
    {
        "almost",
        "also",
        "approximately",
        "around",
        "billion",
        "crore",
        "eight",
        "fewer",
        "five",
        "four",
        "hundred",
        "if",
        "just",
        "lakh",
        "least",
        "less",
        "million",
        "must",
        "nearly",
        "nine",
        "one",
        "only",
        "other",
        "others",
        "out",
        "per",
        "roughly",
        "seven",
        "since",
        "six",
        "so",
        "ten",
        "thousand",
        "three",
        "trillion",
        "two",
        "under",
        "up",
        "while",
    }
)
# Words that mean the same quantity unit or the same event, mapped to one representative.
_SYNONYMS: dict[str, str] = {}
for _group in (
    "people persons person inhabitants inhabitant residents resident population locals local "
    "citizens citizen individuals dwellers",
    "troops troop soldiers soldier servicemen serviceman personnel fighters members member",
    "killed dead died die dies deaths death fatalities perished lives",
    "wounded injured injuries injury hurt",
    "jobs job workers worker employees employee staff positions layoffs",
    "refugees refugee fled flee flown displaced evacuated exodus",
    "percent per_cent pct %",
    "dollars dollar usd $",
    "euros euro eur €",
    "pounds pound gbp £",
    "km kilometres kilometers kilometre kilometer",
    "miles mile",
    "tonnes tonne tons ton",
):
    _words = _group.split()
    for _w in _words:
        _SYNONYMS[_w] = _words[0]


def _norm(word: str) -> str:
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _SYNONYMS:
        return _SYNONYMS[w]
    if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return _SYNONYMS.get(w, w)


def _content(tokens: list[str]) -> set[str]:
    return {
        _norm(t) for t in tokens if t.lower() not in _STOP and not t[0].isdigit() and len(t) > 2
    }


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def topic_overlap(claim: str, passage: str) -> tuple[int, float]:
    """Shared content words (normalised) and the share of the claim's content words found."""
    c, p = _content(_tokens(claim)), _content(_tokens(passage))
    shared = c & p
    return len(shared), (len(shared) / len(c) if c else 0.0)


def _related(claim: str, passage: str, *, min_shared: int = 1, min_share: float = 0.0) -> bool:
    shared, share = topic_overlap(claim, passage)
    return shared >= min_shared and share >= min_share


# --- numbers ----------------------------------------------------------------------------------

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
}
_MONTHS = MONTHS
_FULL_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
_WORD_NUM = "|".join(
    sorted((k for k in _SMALL if k not in ("a", "an", "half")), key=len, reverse=True)
)
_SCALE_RE = "hundred|thousand|lakhs?|millions?|crores?|billion|trillion|bn|mn|tn|[kmb](?![a-z])"

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
    ("just over", "just_over"),
    ("just above", "just_over"),
    ("less than", "upper"),
    ("fewer than", "upper"),
    ("under", "upper"),
    ("below", "upper"),
    ("up to", "upper"),
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
_QUAL_RE = "|".join(re.escape(q) for q, _ in sorted(_QUALIFIERS, key=lambda x: -len(x[0])))
_QUAL_KIND = dict(_QUALIFIERS)

_NUMBER_RE = re.compile(
    rf"(?P<qual>\b(?:{_QUAL_RE})\s+)?"
    r"(?P<cur>[$€£]\s?)?"
    r"(?P<num>\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    rf"|(?:{_WORD_NUM})(?:[- ](?:{_WORD_NUM}))?"
    rf"|(?:a|an|half a)(?=\s+(?:{_SCALE_RE})\b))"
    rf"(?P<scale>\s*(?:{_SCALE_RE})\b)?"
    r"(?P<pct>\s*(?:%|per ?cent\b))?",
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

    def consistent_with(self, other: Quantity) -> bool:
        return self.low <= other.high and other.low <= self.high


def _parse_number(raw: str) -> float | None:
    s = raw.lower().strip()
    if s in ("a", "an"):
        return 1.0
    if s == "half a":
        return 0.5
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


def extract_quantities(text: str) -> list[Quantity]:
    """Counts, amounts and percentages in ``text`` (years, dates and model names are skipped).

    Example:
        >>> [(q.text, q.value, q.unit) for q in extract_quantities("a city of 2,90,000 locals")]
        [('2,90,000', 290000.0, 'people')]
    """
    out: list[Quantity] = []
    for m in _NUMBER_RE.finditer(text):
        raw = m.group("num")
        start, end = m.start("num"), m.end()
        before = text[max(0, start - 12) : start]
        after = text[end : end + 12]
        # RD-180, AK-47, COVID-19, 3rd, 1.5x; and numbers glued to letters.
        glued = before.endswith("-") or (before != "" and before[-1].isalpha())
        if (
            glued
            and re.search(r"[A-Za-z]-?$", before)
            and not m.group("qual")
            and not m.group("cur")
        ):
            continue
        if re.match(r"(?:st|nd|rd|th)\b|[A-Za-z]", after) and not m.group("scale"):
            continue
        if before.endswith(":") or re.match(r":\d|\s*[ap]\.?m\b", after, re.I):
            continue  # clock times: 3:15 p.m.
        value = _parse_number(raw)
        if value is None:
            continue
        scale = (m.group("scale") or "").strip().lower() or None
        pct = m.group("pct")
        # Days of a date ("March 3", "3 March") and years are dates, not quantities.
        if _is_year(raw, scale, pct, value):
            continue
        if re.search(rf"\b(?:{_FULL_MONTHS})\s*$", before, re.I) or re.match(
            rf"\s*(?:{_FULL_MONTHS})\b", after, re.I
        ):
            continue
        if not raw[0].isdigit() and not scale and raw.lower() in ("a", "an", "one"):
            continue  # "a", "one" alone are articles / pronouns far more often than counts
        factor = _SCALE[scale] if scale else 1.0
        tol = _rounding_tolerance(raw, value) * factor
        if scale and raw[0].isdigit() and "." not in raw and value < 10:
            tol = 0.25 * factor  # "2 million" is rounded to the million
        if not raw[0].isdigit():
            tol = max(tol, 0.05 * value * factor)
        value *= factor
        low, high = value - tol, value + tol
        kind = _QUAL_KIND.get(re.sub(r"\s+", " ", (m.group("qual") or "").strip().lower()))
        if kind == "lower":
            low, high = value, math.inf
        elif kind == "upper":
            low, high = 0.0, value
        elif kind == "nearly":
            low, high = value * 0.85, value
        elif kind == "just_over":
            low, high = value, value * 1.15
        elif kind == "approx":
            low, high = value * 0.85, value * 1.15
        # The unit: the first content word after the number ("498 of its troops" -> troops).
        unit: str | None = "percent" if pct else None
        cur = (m.group("cur") or "").strip()
        if cur:
            unit = _norm(cur)
        following = _tokens(text[end : end + 60])
        if unit is None:
            words: list[str] = []
            for tok in following[:5]:
                low_tok = tok.lower()
                if low_tok in ("of", "its", "the", "their", "his", "her", "our", "than", "more"):
                    continue
                if tok[0].isdigit() or low_tok in _STOP or len(words) == 2:
                    break
                words.append(_norm(tok))
            # "498 service members" -> troops; "280,000 people" -> people; else the first word.
            unit = next((w for w in words if w in _SYNONYMS.values()), words[0] if words else None)
        window = _tokens(text[max(0, m.start() - 50) : m.start()]) + following[:5]
        context = frozenset(_content(window))
        label = m.group(0).strip()
        out.append(Quantity(label, value, low, high, unit, context))
    return out


_UNIT_CLASSES = ("percent", "dollars", "euros", "pounds", "km", "miles", "tonnes")


def _comparable(a: Quantity, b: Quantity) -> bool:
    """Do two quantities count the same thing? Same unit (or unit synonym) *and* some shared
    context word near both numbers ("498 service members have died" / "5,000 soldiers died")."""
    if a.unit is None or a.unit != b.unit:
        return False
    shared = (a.context & b.context) - {a.unit}
    return len(shared) >= (1 if a.unit in COUNT_UNITS else 2)


def check_numbers(claim: str, passage: str) -> RuleFinding | None:
    """A claim quantity that no comparable passage quantity allows -> contradiction.

    Example:
        >>> check_numbers("Russia says 5,000 of its soldiers died",
        ...               "Russia's Defense Ministry said 498 service members have died").reason
        'number mismatch: 5,000 vs 498'
        >>> check_numbers("More than 1 million refugees have fled",
        ...               "2 million people have fled Ukraine") is None
        True
    """
    if not _related(claim, passage, min_shared=2):
        return None
    passage_q = extract_quantities(passage)
    if not passage_q:
        return None
    claim_q = extract_quantities(claim)
    for cq in claim_q:
        comparable = [pq for pq in passage_q if _comparable(cq, pq)]
        if not comparable or any(cq.consistent_with(pq) for pq in comparable):
            continue
        # A passage number that some *other* claim number allows is no conflict ("a €10 and a
        # €50 coin" vs "the €50 coin").
        comparable = [
            pq
            for pq in comparable
            if not any(o.consistent_with(pq) for o in claim_q if _comparable(o, pq))
        ]
        if not comparable:
            continue
        best = max(comparable, key=lambda pq: len(cq.context & pq.context))
        weight = RULE_WEIGHTS["number"] if cq.unit in COUNT_UNITS else OTHER_NUMBER_WEIGHT
        return RuleFinding("number", f"number mismatch: {cq.text} vs {best.text}", weight)
    return None


# --- negation ---------------------------------------------------------------------------------

_NEG_WORDS = frozenset(
    ["not", "no", "never", "neither", "nor", "cannot", "none", "nobody", "nothing"]
)
_NEG_VERBS = frozenset(
    [
        "stop",
        "stops",
        "stopped",
        "cease",
        "ceases",
        "ceased",
        "halt",
        "halts",
        "halted",
        "refuse",
        "refuses",
        "refused",
        "fail",
        "fails",
        "failed",
        "end",
        "ends",
        "ended",
        "suspend",
        "suspends",
        "suspended",
        "abandon",
        "abandoned",
        "deny",
        "denies",
        "denied",
    ]
)
_AFFIRM = frozenset(
    ["continue", "continues", "continued", "still", "keep", "keeps", "kept", "resume", "resumed"]
)
_CONTRACTIONS = [
    (re.compile(r"\bwon['\u2019]t\b", re.I), "will not"),
    (re.compile(r"\bcan['\u2019]t\b", re.I), "can not"),
    (re.compile(r"\bcannot\b", re.I), "can not"),
    (re.compile(r"n['\u2019]t\b", re.I), " not"),
]
_SKIP_ANCHORS = _STOP | _NEG_WORDS | _NEG_VERBS | _AFFIRM | {"longer", "yet", "to"}


def _expand(text: str) -> list[str]:
    for pattern, repl in _CONTRACTIONS:
        text = pattern.sub(repl, text)
    return [t.lower() for t in _tokens(text)]


# Words allowed between a negation cue and the word it negates: "will no longer service",
# "are not yet achieved", "has never been", "did not fully".
_BETWEEN = frozenset(
    [
        "longer",
        "yet",
        "be",
        "been",
        "being",
        "always",
        "even",
        "fully",
        "really",
        "necessarily",
        "ever",
        "to",
        "do",
        "does",
        "did",
        "will",
        "would",
        "is",
        "are",
        "was",
        "were",
        "a",
        "an",
        "the",
        "any",
    ]
)


def _polarities(tokens: list[str]) -> dict[str, tuple[set[bool], str]]:
    """For each content word: the polarities of its occurrences (negated = a cue right before
    it), and a phrase to show for the negated occurrence (or the first one)."""
    out: dict[str, tuple[set[bool], str]] = {}
    for i, tok in enumerate(tokens):
        if tok in _SKIP_ANCHORS or len(tok) < 3 or tok[0].isdigit():
            continue
        j = i - 1
        while j >= 0 and i - j <= 3 and tokens[j] in _BETWEEN:
            j -= 1
        negated = j >= 0 and (tokens[j] in _NEG_WORDS or tokens[j] in _NEG_VERBS)
        if negated and tokens[j] in _NEG_VERBS and j > 0 and tokens[j - 1] in _NEG_WORDS:
            negated = False  # "never stop eating": double negation
        key = _norm(tok)
        phrase = " ".join(tokens[max(0, min(j, i - 1) - 1) : i + 1])
        seen, shown = out.get(key, (set(), phrase))
        out[key] = (seen | {negated}, phrase if negated else shown)
    return out


def check_negation(claim: str, passage: str) -> RuleFinding | None:
    """Same statement, opposite polarity ("will no longer service" vs "will continue to service").

    Fires only when the two texts share most of the claim's content words, so that the negated
    word is about the same thing in both.

    Example:
        >>> check_negation("Roscosmos will continue to service the RD-180 rocket engines",
        ...     "Roscosmos said it will no longer service the RD-180 rocket engines").reason
        "negation mismatch: 'will continue to service' vs 'will no longer service'"
    """
    if not _related(claim, passage, min_shared=3, min_share=0.5):
        return None
    c_pol, p_pol = _polarities(_expand(claim)), _polarities(_expand(passage))
    for word, (c_neg, c_phrase) in c_pol.items():
        if word not in p_pol:
            continue
        p_neg, p_phrase = p_pol[word]
        # Every occurrence negated on one side and none on the other.
        if len(c_neg) == 1 and len(p_neg) == 1 and c_neg != p_neg:
            return RuleFinding(
                "negation",
                f"negation mismatch: '{c_phrase}' vs '{p_phrase}'",
                RULE_WEIGHTS["negation"],
            )
    return None


# --- dates ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateMention:
    text: str
    year: int | None
    month: int | None
    day: int | None
    context: frozenset[str] = frozenset()  # content words near the date

    def compatible(self, other: DateMention) -> bool:
        pairs = ((self.year, other.year), (self.month, other.month), (self.day, other.day))
        return all(a is None or b is None or a == b for a, b in pairs)

    def comparable(self, other: DateMention) -> bool:
        """Same granularity (both a day, or both only a month / a year) and about the same thing:
        at least two content words in common near the two dates."""
        same_shape = (self.day is None) == (other.day is None) and (
            (self.year is not None and other.year is not None)
            or (self.month is not None and other.month is not None)
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


def extract_dates(text: str) -> list[DateMention]:
    """Calendar dates and years ("March 3, 2022", "3 March", "2022-03-03", "in 2014").

    Example:
        >>> [(d.year, d.month, d.day) for d in extract_dates("on Thursday, 3 March 2022")]
        [(2022, 3, 3)]
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
            month = _MONTHS.get(mon.lower().rstrip(".")) if mon else None
            if groups.get("m"):
                month = int(groups["m"])
            if mon and mon.lower().rstrip(".") == "may" and groups.get("d") is None:
                continue  # "may 2020" is usually the verb: "it may 2020..." rarely; skip to be safe
            day = int(groups["d"]) if groups.get("d") else None
            year = int(groups["y"]) if groups.get("y") else None
            if day is not None and not 1 <= day <= 31:
                continue
            window = _tokens(text[max(0, m.start() - 60) : m.end() + 60])
            context = frozenset(_content(window)) - set(_MONTHS)
            found.append(
                (m.start(), m.end(), DateMention(m.group(0).strip(), year, month, day, context))
            )
    return [d for _, _, d in sorted(found, key=lambda x: x[0])]


def check_dates(claim: str, passage: str) -> RuleFinding | None:
    """A claim date that no comparable passage date matches, on the same topic -> contradiction.

    Example:
        >>> check_dates("Russia annexed Crimea in 2015",
        ...             "Russia annexed the Crimean Peninsula from Ukraine in 2014").reason
        'date mismatch: in 2015 vs in 2014'
    """
    if not _related(claim, passage, min_shared=2, min_share=0.4):
        return None
    p_dates = extract_dates(passage)
    if not p_dates:
        return None
    for cd in extract_dates(claim):
        comparable = [pd for pd in p_dates if cd.comparable(pd)]
        if comparable and not any(cd.compatible(pd) for pd in comparable):
            return RuleFinding(
                "date", f"date mismatch: {cd.text} vs {comparable[0].text}", RULE_WEIGHTS["date"]
            )
    return None


# --- combining --------------------------------------------------------------------------------


def check_pair(claim: str, passage: str) -> RuleFinding | None:
    """All checks, most reliable first; the first that fires wins."""
    for check in (check_numbers, check_negation, check_dates):
        finding = check(claim, passage)
        if finding is not None:
            return finding
    return None


def apply_finding(scores: StanceScores, finding: RuleFinding) -> StanceScores:
    """Move ``finding.weight`` of the probability mass to "contradicts".

    ``p' = (1 - w) * p + w * onehot(contradicts)``. With ``w >= 0.5`` contradicts always becomes
    the top label (the rule decides), while the model's view still shows in the other scores and
    in how far above ``w`` the contradicts score ends up.

    Example:
        >>> s = apply_finding(StanceScores(supports=0.7, contradicts=0.1, neutral=0.2),
        ...                   RuleFinding("number", "x", 0.8))
        >>> round(s.contradicts, 2), round(s.supports, 2)
        (0.82, 0.14)
    """
    w = finding.weight
    return StanceScores(
        supports=(1 - w) * scores.supports,
        contradicts=(1 - w) * scores.contradicts + w,
        neutral=(1 - w) * scores.neutral,
    )


def top_label(scores: StanceScores) -> tuple[StanceLabel, float]:
    items = [
        (StanceLabel.SUPPORTS, scores.supports),
        (StanceLabel.CONTRADICTS, scores.contradicts),
        (StanceLabel.NEUTRAL, scores.neutral),
    ]
    label, p = max(items, key=lambda x: x[1])
    return label, p
