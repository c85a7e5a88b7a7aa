"""Tokens, normalised content words and topic overlap: what every rule compares."""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma

from factcheck.text.lexicon import FUNCTION_WORDS

TOKEN = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?|\d+(?:[.,]\d+)*")
# Function words plus quantity words and hedges: none of them anchors a comparison.
STOP = FUNCTION_WORDS | frozenset(
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
SYNONYMS: dict[str, str] = {}
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
    "rupees rupee inr rs ₹",
    "km kilometres kilometers kilometre kilometer",
    "miles mile",
    "tonnes tonne tons ton",
):
    _words = _group.split()
    for _w in _words:
        SYNONYMS[_w] = _words[0]


@lru_cache(maxsize=65536)
def norm(word: str) -> str:
    """A word's comparison key: lower-cased, lemmatised ("met" = "meet", "seized" = "seize",
    "inhabitants" = "inhabitant"), then mapped to its synonym group's representative.

    The synonym table is consulted before the lemma too, because a lemma can leave its group
    ("lives" is a count of the dead; its lemma "live" is not).
    """
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in SYNONYMS:
        return SYNONYMS[w]
    lemma = simplemma.lemmatize(w, lang="en")
    return SYNONYMS.get(lemma, lemma)


def content(tokens: list[str]) -> set[str]:
    return {norm(t) for t in tokens if t.lower() not in STOP and not t[0].isdigit() and len(t) > 2}


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def topic_overlap(claim: str, passage: str) -> tuple[int, float]:
    """Shared content words (normalised) and the share of the claim's content words found."""
    c, p = content(tokens(claim)), content(tokens(passage))
    shared = c & p
    return len(shared), (len(shared) / len(c) if c else 0.0)


def related(claim: str, passage: str, *, min_shared: int = 1, min_share: float = 0.0) -> bool:
    shared, share = topic_overlap(claim, passage)
    return shared >= min_shared and share >= min_share
