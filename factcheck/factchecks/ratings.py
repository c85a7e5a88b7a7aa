"""Normalising a fact-checker's rating onto one scale, without guessing.

Publishers write their verdicts in their own words ("Pants on Fire", "mostly-false",
"Missing context") and sometimes give a number on a scale (``ratingValue`` between
``worstRating`` and ``bestRating``). The normalised rating comes from, in this order:

1. the textual rating, when it is one of the common English ratings in :data:`TEXTUAL_RATINGS`
   (the words readers see are the publisher's real verdict: real exports carry "False" with
   ``ratingValue`` 5 of 5);
2. else the number, when the scale is complete (worst and best given, best above worst, the value
   inside): its ends are ``false`` and ``true``, the middle ``mixed``, the rest ``mostly_*``, as
   the ClaimReview guidelines describe the 1-5 scale;
3. else ``other``: an unknown word stays unknown.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

__all__ = ["TEXTUAL_RATINGS", "NormalisedRating", "normalise_rating"]

NormalisedRating = Literal[
    "true", "mostly_true", "mixed", "mostly_false", "false", "unverifiable", "other"
]
NORMALISED_RATINGS: tuple[NormalisedRating, ...] = get_args(NormalisedRating)

_TABLE: dict[NormalisedRating, tuple[str, ...]] = {
    "true": (
        "true", "correct", "accurate", "correct attribution", "verified", "fact", "real",
    ),
    "mostly_true": ("mostly true", "mostly correct", "mostly accurate", "somewhat true"),
    "mixed": (
        "mixture", "mixed", "half true", "half truth", "partly true", "partially true",
        "misleading", "missing context", "lacks context", "needs context", "decontextualized",
        "decontextualised", "out of context", "cherry picks", "exaggerated", "exaggeration",
    ),
    "mostly_false": (
        "mostly false", "partly false", "partlyfalse", "partially false", "somewhat false",
        "mostly incorrect", "largely false", "mostly fake",
    ),
    "false": (
        "false", "incorrect", "not true", "untrue", "wrong", "pants on fire", "fake",
        "fake news", "fabricated", "hoax", "baseless", "altered", "altered image",
        "altered photo", "altered video", "altered photo video", "doctored", "manipulated",
        "miscaptioned", "misattributed", "four pinocchios",
    ),
    "unverifiable": (
        "unproven", "unverified", "unverifiable", "unsubstantiated", "no evidence",
        "insufficient evidence", "cannot be verified", "can't be verified", "research in progress",
    ),
}

#: The common English textual ratings, folded (see :func:`_fold`), with their normalised value.
TEXTUAL_RATINGS: dict[str, NormalisedRating] = {
    word: rating for rating, words in _TABLE.items() for word in words
}

_NOT_WORDS = re.compile(r"[\s\-_/.,:;!]+")


def _fold(text: str) -> str:
    # "Mostly-False", "mostly_false", "Incorrect \r", "Altered Photo/Video" -> one spelling.
    return _NOT_WORDS.sub(" ", text.casefold()).strip()


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _from_scale(value: object, best: object, worst: object) -> NormalisedRating | None:
    v, hi, lo = _number(value), _number(best), _number(worst)
    if v is None or hi is None or lo is None or hi <= lo or not lo <= v <= hi:
        return None
    position = (v - lo) / (hi - lo)
    if position == 0:
        return "false"
    if position == 1:
        return "true"
    if position == 0.5:
        return "mixed"
    return "mostly_true" if position > 0.5 else "mostly_false"


def normalise_rating(
    text: str | None,
    *,
    value: object = None,
    best: object = None,
    worst: object = None,
) -> NormalisedRating:
    """The normalised rating of a review (rules in the module docstring).

    Example:
        >>> normalise_rating("Pants on Fire")
        'false'
        >>> normalise_rating("Zum Teil falsch")
        'other'
        >>> normalise_rating("Zum Teil falsch", value="2", best="5", worst="1")
        'mostly_false'
    """
    if text and (known := TEXTUAL_RATINGS.get(_fold(text))) is not None:
        return known
    return _from_scale(value, best, worst) or "other"
