"""Ordinals: a passage about the second round of talks does not support a claim about the third.

A small cross-encoder reads "The third round of peace talks took place in Belarus" and "The
second round of talks took place in Belarus" as the same sentence (supports 0.88 on the seeds).
The two are not in conflict either: the third round may well be in Belarus too. So, like the name
check, this rule never claims a contradiction; it moves the *supports* mass to neutral
(:func:`factcheck.stance.rules.apply_finding`).

An ordinal counts only after a determiner ("the", "a", "its", "Ukraine's") and before the noun
it numbers ("the third round", "its fifth straight day"): "first" is an adverb far more often
than a count ("first reported", "at first").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from factcheck.stance.rules.base import RULE_WEIGHTS, RuleFinding
from factcheck.stance.rules.words import STOP, norm

_WORDS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
]  # fmt: skip
_VALUE = {w: i + 1 for i, w in enumerate(_WORDS)}
# Words between the ordinal and its noun that do not change what is counted.
_FILLERS = frozenset(
    ["straight", "consecutive", "successive", "full", "round-the-clock", "official", "formal",
     "new", "major"]
)  # fmt: skip
_ORD = rf"(?P<ord>{'|'.join(_WORDS)}|\d{{1,3}}(?:st|nd|rd|th))\b"
# A look-ahead for the noun, so that "the first round and the second round" yields both.
_NOUN = r"(?=(?P<rest>(?:\s+[A-Za-z-]+){1,3}))"
_DETERMINER = r"\b(?:the|a|an|its|their|his|her|our|this|that|[A-Z][\w-]*\s?['\u2019]s)\s+"
# In the claim an ordinal counts only after a determiner; in the passage any will do: there it
# can only keep the rule quiet ("a large first innings deficit" names the first innings).
_CLAIM_ORDINAL = re.compile(_DETERMINER + _ORD + _NOUN, re.IGNORECASE)
_ANY_ORDINAL = re.compile(r"\b" + _ORD + _NOUN, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Ordinal:
    """An ordinal as written ("third round") and what it counts, normalised ("round")."""

    text: str
    value: int
    noun: str


def _value(raw: str) -> int:
    low = raw.lower()
    return _VALUE[low] if low in _VALUE else int(low[:-2])


def extract_ordinals(text: str, *, strict: bool = True) -> list[Ordinal]:
    """The counted things of ``text``: "the second round of talks" -> (2, "round"); with
    ``strict``, only ordinals after a determiner.

    Example:
        >>> [(o.value, o.noun) for o in extract_ordinals("Ukraine's 3rd round of talks began")]
        [(3, 'round')]
    """
    return list(_extract(text, strict))


@lru_cache(maxsize=2048)  # one claim is checked against many passages
def _extract(text: str, strict: bool) -> tuple[Ordinal, ...]:
    out: list[Ordinal] = []
    for m in (_CLAIM_ORDINAL if strict else _ANY_ORDINAL).finditer(text):
        words = m.group("rest").split()
        noun = next((w for w in words if w.lower() not in _FILLERS), "")
        if not noun or noun.lower() in STOP or noun.lower() in _VALUE:
            continue  # "the first of ...", "the first and second ..."
        value = _value(m.group("ord"))
        out.append(Ordinal(f"{m.group('ord')} {noun}", value, norm(noun)))
    return tuple(out)


def check_ordinals(claim: str, passage: str) -> RuleFinding | None:
    """A claim's "third round" when the passage speaks of another round and never of the third.

    Example:
        >>> check_ordinals("The third round of peace talks took place in Belarus",
        ...     "The second round of talks took place in Belarus on Thursday.").reason
        "another one: 'third round' vs 'second round'"
        >>> check_ordinals("The second round of talks was held in Belarus",
        ...     "After the first round, the second round of talks was held in Belarus.") is None
        True
    """
    passage_ords = _extract(passage, False)
    if not passage_ords:
        return None
    for c in _extract(claim, True):
        same_noun = [p for p in passage_ords if p.noun == c.noun]
        if same_noun and all(p.value != c.value for p in same_noun):
            return RuleFinding(
                "ordinal",
                f"another one: {c.text!r} vs {same_noun[0].text!r}",
                RULE_WEIGHTS["ordinal"],
            )
    return None
