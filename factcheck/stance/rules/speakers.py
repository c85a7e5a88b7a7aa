"""Speakers: "The electoral commission said the election had been rigged" against "Marta Quill
said the election had been rigged, a charge the electoral commission rejected"; and "Ukraine's
defense ministry said ..." against what *Russia's* defense ministry said
(:func:`check_other_speaker`).

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
from factcheck.stance.rules.entities import mentions
from factcheck.stance.rules.words import content, tokens
from factcheck.text.lexicon import (
    FUNCTION_WORDS,
    INSTITUTIONS,
    ROLE_NOUNS,
    TIME_WORDS,
    TITLE_WORDS,
    wordset,
)

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


# Verbs that report a statement in the passage.
_SAYING = re.compile(
    r"\b(?:said|says|announced|announces|stated|states|told|confirmed|confirms|reported|reports"
    r"|claimed|claims|insisted|insists)\b"
)
_CAPITALISED = re.compile(r"\b[A-Z][\w'\u2019.-]*")
_NOT_OWNERS = FUNCTION_WORDS | TIME_WORDS | TITLE_WORDS
# Share of the claim's statement words the other speaker's words must hold.
_MIN_SHARE_OTHER = 0.5
# Speakers that belong to a country or an organisation ("Ukraine's defense ministry", "U.S.
# officials"), where another name means another speaker. Not people at large: a "Tampa woman"
# is a "Florida woman", and "residents", "witnesses", "experts" have no owner.
_OWNED_HEADS = (ROLE_NOUNS | INSTITUTIONS) - wordset(
    "residents resident witness witnesses analysts analyst experts expert sources source "
    "sides side body statement report data figures"
)


def _owners(text: str) -> list[str]:
    """The names qualifying a speaker: "Ukraine" of "Ukraine's defense ministry"."""
    words = [re.sub(r"['\u2019]s?$", "", w).rstrip(".") for w in _CAPITALISED.findall(text)]
    return [w for w in words if w and w.lower() not in _NOT_OWNERS]


def check_other_speaker(claim: str, passage: str) -> RuleFinding | None:
    """A claim's statement reported from *another* speaker of the same kind -> not evidence.

    "Ukraine's defense ministry said Kherson was under Moscow's control" is not supported by "a
    spokesperson for Russia's defense ministry announced 'units of Russian Armed Forces took under
    its entire control ... Kherson'": the same words from the other side are no report of what
    the claim's speaker said (the model read it as support 0.83). The check needs a claim that
    opens with a speaker qualified by a name ("Ukraine's", "U.S."), and a passage verb of saying
    whose subject has the speaker's other words ("defense ministry") with another name and not
    the claim's; and half the claim's statement words after that verb. It moves the supports
    mass to neutral: the passage may still say the same as the claim, it just does not report
    the claim's speaker saying it.

    Example:
        >>> check_other_speaker(
        ...     "Ukraine's defense ministry said Kherson was under Moscow's control",
        ...     "A spokesperson for Russia's defense ministry announced its forces took control "
        ...     "of Kherson.").reason
        "another speaker: Russia's defense ministry, not Ukraine's"
    """
    m = _CLAIM.match(claim.strip())
    if m is None:
        return None
    speaker_words = tokens(m.group("speaker"))
    if not speaker_words or speaker_words[-1].lower() not in _OWNED_HEADS:
        return None
    owners = _owners(m.group("speaker"))
    heads = _words(m.group("speaker")) - {o.lower() for o in owners}
    statement = _words(m.group("statement"))
    if not owners or not heads or len(statement) < 2:
        return None
    for say in _SAYING.finditer(passage):
        window = tokens(passage[max(0, say.start() - _WINDOW) : say.start()])[-_SUBJECT_WORDS:]
        subject_text = " ".join(window)
        if _stem_match(heads, _words(subject_text)) != heads:
            continue
        theirs = _owners(subject_text)
        if not theirs or any(mentions(o, subject_text) for o in owners):
            continue  # no name to tell the speakers apart, or the claim's speaker is there
        said = _words(passage[say.end() : say.end() + _WINDOW])
        if len(_stem_match(statement, said)) < _MIN_SHARE_OTHER * len(statement):
            continue
        reason = f"another speaker: {theirs[-1]}'s {' '.join(sorted(heads))}, not {owners[0]}'s"
        return RuleFinding("other_speaker", reason, RULE_WEIGHTS["other_speaker"])
    return None
