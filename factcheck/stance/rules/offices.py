"""Offices: "Sergei Lavrov is Russia's defense minister" against "Foreign Minister Sergey Lavrov".

A claim that gives a person one office, against a passage that names the same person (by
surname) with another, is contradicted: news text names people by their office ("Gov. Hennadiy
Lahuta said"), and a small cross-encoder reads "governor" and "mayor", "foreign minister" and
"defense minister" as near neighbours, not as a conflict.

The check stays quiet when in doubt:

- it reads only offices written next to the name: before it ("Defense Secretary Lloyd Austin",
  "Ukraine's Defense Minister Oleksii Reznikov"), after it with a comma ("Lavrov, Russia's foreign
  minister"), or, in the claim, after "is" / "serves as" ("Lahuta is the mayor of Kherson");
- a past office ("former", "ex-", "then-", the claim's "was") or a second rank ("deputy", "vice")
  on either side is no conflict: people move between offices, and hold several;
- it compares the office's kind (mayor, governor, president, prime minister, chancellor,
  senator, spokesperson, and a minister or secretary *of a named portfolio*), not its place:
  "mayor of Kherson" against the mayor of Mariupol is left to the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from factcheck.stance.rules.base import RULE_WEIGHTS, RuleFinding
from factcheck.text.lexicon import FUNCTION_WORDS, TIME_WORDS

# Portfolios of a minister or secretary; each maps to one key ("defence" = "defense", a US
# "secretary of state" is a foreign minister).
_PORTFOLIOS = {
    "defense": "defense",
    "defence": "defense",
    "foreign": "foreign",
    "state": "foreign",
    "finance": "finance",
    "treasury": "finance",
    "interior": "interior",
    "home": "interior",
    "health": "health",
    "justice": "justice",
    "economy": "economy",
    "economic": "economy",
    "energy": "energy",
    "education": "education",
    "agriculture": "agriculture",
    "trade": "trade",
    "transport": "transport",
    "culture": "culture",
    "environment": "environment",
    "labour": "labour",
    "labor": "labour",
    "press": "press",
}
# Offices of one kind whatever their portfolio; each maps to its key.
_HEADS = {
    "mayor": "mayor",
    "governor": "governor",
    "gov.": "governor",
    "president": "president",
    "chancellor": "chancellor",
    "senator": "senator",
    "sen.": "senator",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
}
# ("Premier" is left out: "Premier League" is no office.)
_MINISTERS = ("minister", "secretary")
_PAST_OR_SECOND = re.compile(r"\b(?:former|ex|then|deputy|vice|outgoing|incoming)\b", re.I)

_PORTFOLIO_RE = "|".join(_PORTFOLIOS)
_HEAD_RE = "|".join(re.escape(h) for h in sorted(_HEADS, key=len, reverse=True))
# An office as written: "Prime Minister", "Defense Minister", "defence secretary", "Gov.",
# "press secretary", "Secretary of State", "mayor". Optional lead words (a nationality, "the")
# are read by the patterns below, not here.
_OFFICE = (
    rf"(?i:(?:prime\s+minister)"
    rf"|(?:(?:{_PORTFOLIO_RE})\s+(?:minister|secretary))"
    rf"|(?:(?:minister|secretary)\s+(?:of|for)\s+(?:the\s+)?(?:{_PORTFOLIO_RE}))"
    rf"|(?:{_HEAD_RE}))"
)
_NAME = r"(?P<name>(?:[A-Z][\w'\u2019-]+\s+){0,2}[A-Z][\w'\u2019-]+)"
# Lead words allowed before an office: "the", a possessive ("Ukraine's"), an adjective of place
# ("Russian", "Pentagon"), "former" (kept, so that it can be seen and the office skipped).
_LEAD = (
    r"(?P<lead>(?:(?:[A-Z][\w.'\u2019-]*|(?i:the|a|former|then-|ex-|deputy|vice|acting))\s+){0,3})"
)

# Only the office and the lead words are read case-insensitively: a name is capitalised.
# "Foreign Minister Sergey Lavrov", "Gov. Hennadiy Lahuta".
_BEFORE = re.compile(rf"{_LEAD}(?P<office>{_OFFICE})\s+{_NAME}")
# "Lavrov, Russia's foreign minister," / "Lavrov, the foreign minister". Not "Kherson, a
# Ukrainian governor said" (an indefinite office is someone else), nor "Earlier, Foreign Minister
# Sergei Lavrov" (the office belongs to the name after it).
_APPOSITIVE = re.compile(
    rf"{_NAME},\s+(?!(?i:a|an)\s){_LEAD}(?P<office>{_OFFICE})\b(?!\.?\s+[A-Z])"
)
# Claims only: "Lahuta is the mayor of Kherson", "Reznikov serves as Ukraine's foreign minister".
_COPULA = re.compile(
    rf"{_NAME}\s+(?:is|serves\s+as|remains)\s+{_LEAD}(?P<office>{_OFFICE})\b"
)


@dataclass(frozen=True, slots=True)
class Office:
    """A person named with an office: surname (lower case), the office's key, and as written."""

    surname: str
    key: str
    text: str


def _key(office: str) -> str | None:
    words = re.findall(r"[a-z]+", office.lower())
    if words[:2] == ["prime", "minister"]:
        return "prime minister"
    if any(w in _MINISTERS for w in words):
        portfolio = next((_PORTFOLIOS[w] for w in words if w in _PORTFOLIOS), None)
        if portfolio == "press":
            return "spokesperson"  # a press secretary speaks for an office
        return f"{portfolio} minister" if portfolio else None
    head = office.lower().strip()
    return _HEADS.get(head, _HEADS.get(words[-1]))


@lru_cache(maxsize=8192)
def extract_offices(text: str, *, copula: bool = False) -> tuple[Office, ...]:
    """Offices written next to a person's name in ``text`` (present ones, of a first rank).

    Example:
        >>> [(o.surname, o.key) for o in extract_offices(
        ...     "Russian Foreign Minister Sergey Lavrov told reporters Thursday")]
        [('lavrov', 'foreign minister')]
    """
    patterns = (_BEFORE, _APPOSITIVE, _COPULA) if copula else (_BEFORE, _APPOSITIVE)
    found: list[Office] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            if _PAST_OR_SECOND.search(m.group("lead") or ""):
                continue
            # "ex-" and "then-" are written glued to the office
            before = text[max(0, m.start("office") - 4) : m.start("office")].lower()
            if before.endswith(("ex-", "then-")):
                continue
            key = _key(m.group("office"))
            if key is None:
                continue
            surname = m.group("name").split()[-1].lower().replace("\u2019", "'")
            surname = surname.removesuffix("'s")
            if surname in FUNCTION_WORDS or surname in TIME_WORDS:
                continue  # "On Tuesday, the spokesperson said"
            found.append(Office(surname, key, m.group("office")))
    return tuple(found)


def check_offices(claim: str, passage: str) -> RuleFinding | None:
    """A claim office that the passage gives the same person as another -> contradiction.

    Example:
        >>> check_offices("Hennadiy Lahuta is the mayor of Kherson",
        ...               "Russian forces have occupied the building, Gov. Hennadiy Lahuta said.")
        RuleFinding(kind='office', reason='office mismatch: Lahuta is mayor vs Gov.', weight=0.6)
        >>> check_offices("Lahuta was the mayor of Kherson", "Gov. Hennadiy Lahuta said.") is None
        True
    """
    claimed = extract_offices(claim, copula=True)
    if not claimed:
        return None
    stated = extract_offices(passage)
    for c in claimed:
        others = [p for p in stated if p.surname == c.surname]
        # The passage names the claim's office for this person too: no conflict.
        if not others or any(p.key == c.key for p in others):
            continue
        p = others[0]
        reason = f"office mismatch: {c.surname.title()} is {c.key} vs {p.text}"
        return RuleFinding("office", reason, RULE_WEIGHTS["office"])
    return None
