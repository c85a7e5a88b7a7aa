"""Speakers: "The electoral commission said the election had been rigged" against "Marta Quill
said the election had been rigged, a charge the electoral commission rejected".

A claim that reports what someone said is contradicted by a passage in which that speaker
denies or rejects the same statement. A small cross-encoder reads such pairs as support (0.88 on
the example): it finds the claim's words, and the speaker's name, in the passage.

The rule reads three things, and fires only when all agree:

- the claim opens with its speaker and a verb of saying ("Ukraine's defense ministry said ...");
- the passage has a denial ("denied", "rejected", "disputed", "dismissed") whose subject shares
  the speaker's words ("a spokeswoman for the Ukrainian defense ministry denied ...", "a charge
  the electoral commission rejected");
- what is denied is what the claim reports: most of the claim's statement words are in the
  denial's scope, which is what follows the verb up to the next clause ("denied reports that
  the minister had resigned, saying she would attend the summit" denies the resignation, not
  the attendance), or, for a denial written after its object ("..., a charge the commission
  rejected"), the clause before it.
"""

from __future__ import annotations

import re

from factcheck.stance.rules.base import RULE_WEIGHTS, RuleFinding
from factcheck.stance.rules.words import content, tokens

# The claim: a speaker of one to six words at the start, then a verb of saying.
_CLAIM = re.compile(
    r"^(?P<speaker>(?:[\w'\u2019.-]+\s+){0,5}?[\w'\u2019.-]+)\s+"
    r"(?:said|says|confirmed|confirms|announced|announces|stated|states|reported|reports"
    r"|claimed|claims|told\s+\w+|insisted|insists)\s+(?:that\s+)?(?P<statement>.+)$"
)  # verbs in lower case: "United States District Court" has no verb "states"
_DENIAL = re.compile(
    r"\b(?:denied|denies|rejected|rejects|disputed|disputes|dismissed|dismisses|refuted"
    r"|refutes)\b"
)
# Where a denial's scope ends: the next clause that says something else ("which he disputes
# as he claims to have written it").
_SCOPE_END = re.compile(
    r",\s*(?:saying|adding|but|and|while|although|which)\b|\b(?:as|because|since|while)\s"
    r"|[;.!?](?:\s|$)",
    re.IGNORECASE,
)
# A clause boundary before a denial written after its object.
_CLAUSE_START = re.compile(r"[;.!?]\s|\A")
_SUBJECT_WORDS = 8
# How far before a denial its subject and a backward scope are looked for: a sentence's worth.
# Reading the whole text before every denial would make a long passage cost quadratic time.
_WINDOW = 400
# Share of the claim's statement words the denial's scope must hold.
_MIN_SHARE = 0.6


def _words(text: str) -> set[str]:
    return {w.lower() for w in content(tokens(text))}


def _stem_match(a: set[str], b: set[str]) -> set[str]:
    """Words of ``a`` with a counterpart in ``b`` sharing five letters ("Ukraine" / "Ukrainian")."""
    return {w for w in a if any(w == v or (len(w) >= 5 and w[:5] == v[:5]) for v in b)}


def _scope(passage: str, start: int, end: int) -> str:
    """What the denial at ``passage[start:end]`` denies."""
    after = passage[end : end + _WINDOW]
    if re.match(r"\s*[,;.]", after) or not after.strip():
        # "..., a charge the electoral commission rejected, saying": the clause before it
        before = passage[max(0, start - _WINDOW) : start]
        starts = [m.end() for m in _CLAUSE_START.finditer(before)]
        return before[starts[-1] if starts else 0 :]
    stop = _SCOPE_END.search(after)
    return after[: stop.start()] if stop else after


def check_speakers(claim: str, passage: str) -> RuleFinding | None:
    """A claim's speaker denying the claimed statement in the passage -> contradiction.

    Example:
        >>> check_speakers(
        ...     "The electoral commission said the election had been rigged",
        ...     "Marta Quill said the election had been rigged, a charge the electoral "
        ...     "commission rejected, saying it had found no irregularities.").reason
        'speaker denies it: commission rejected'
        >>> check_speakers(
        ...     "The ministry said Ada Renn would attend Friday's summit",
        ...     "The ministry denied reports that Ada Renn had resigned, saying she would "
        ...     "attend Friday's summit.") is None
        True
    """
    m = _CLAIM.match(claim.strip())
    if m is None:
        return None
    speaker = _words(m.group("speaker"))
    statement = _words(m.group("statement"))
    if not speaker or len(statement) < 2:
        return None
    for denial in _DENIAL.finditer(passage):
        subject_text = passage[max(0, denial.start() - _WINDOW) : denial.start()]
        subject = _words(" ".join(tokens(subject_text)[-_SUBJECT_WORDS:]))
        if len(_stem_match(speaker, subject)) < min(2, len(speaker)):
            continue
        scope = _words(_scope(passage, denial.start(), denial.end()))
        if len(_stem_match(statement, scope)) < _MIN_SHARE * len(statement):
            continue
        last = tokens(subject_text)[-1] if tokens(subject_text) else ""
        reason = f"speaker denies it: {last} {denial.group(0)}".strip()
        return RuleFinding("speaker", reason, RULE_WEIGHTS["speaker"])
    return None
