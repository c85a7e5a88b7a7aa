"""Entities: a passage that never names who or where the claim is about cannot entail it.

"Zelenskyy called Putin on Thursday" is not supported by "Putin and Macron spoke by phone on
Thursday", however alike the two read to a small cross-encoder. This check lists the claim's
names (capitalised words that are not titles, weekdays or months) and fires when one of them has
no counterpart in the passage. Unlike the other rules it does not point to a contradiction: it
moves the "supports" mass to "neutral" (see :func:`factcheck.stance.rules.apply_finding`).

Counterparts are matched loosely, so that the rule stays quiet when in doubt: case-insensitive,
a shared stem ("Russia" / "Russian", "Zelensky" / "Zelenskyy", "Sergei" / "Sergey"), a spelling
one letter off ("Ukranian" / "Ukrainian"), also of the name's adjective ("Ukranian" / "Ukraine"),
initials ("UN" / "U.N." / "United Nations") and a few demonyms whose stems differ ("Britain" /
"British").
"""

from __future__ import annotations

import re
from collections.abc import Set
from difflib import SequenceMatcher
from functools import lru_cache

import simplemma

from factcheck.stance.rules.base import RULE_WEIGHTS, RuleFinding
from factcheck.text.lexicon import FUNCTION_WORDS, TIME_WORDS, TITLE_WORDS

# A word starts with a letter at a word boundary ("AD" of "1250AD" is no name, "El Niño" is one);
# one with digits ("CO2", "RD-180") is a formula or a model, not a name.
_WORD = re.compile(r"\b[^\W\d_][\w'\u2019-]*")
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")
# Names whose forms share no stem, and capitals standing for their countries ("Kyiv must accept
# neutral status"); each group matches as one.
_ALIASES = [
    frozenset(group.split())
    for group in (
        "ukraine kyiv kiev",
        "russia moscow kremlin",
        "britain british uk england english london",
        "us usa america american americans washington",
        "france french paris",
        "germany berlin",
        "china chinese beijing",
        "netherlands dutch holland",
        "spain spanish",
        "turkey turkish",
        "poland polish",
        "sweden swedish",
        "finland finnish",
        "denmark danish",
        "switzerland swiss",
        "greece greek",
        "belarus belarusian",
        "scotland scottish scot scots",
        "ireland irish",
        "wales welsh",
        "isis isil daesh islamic",
        "earth planet world global",
    )
]
# Units are capitalised but name nothing the passage must repeat (it may convert them).
_NOT_NAMES = (
    FUNCTION_WORDS
    | TIME_WORDS
    | TITLE_WORDS
    | {"may", "mr", "mrs", "ms", "fahrenheit", "celsius", "kelvin"}
    | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
_MIN_STEM = 4
# Characters after which a capital opens a sentence or a quotation rather than marking a name.
_OPENERS = frozenset(":;\"'([\u201c\u2018\u2014-")
# Spelling variants and typos of longer names ("Ukranian", "Kolykhaiev") count as the name; at 0.9
# "Austria" / "Australia" (0.875) and "Iran" / "Iraq" stay apart.
_MIN_SPELLING = 6
_HEADLINE_SHARE = 0.75
_SPELLING_RATIO = 0.9


_POSSESSIVE = re.compile(r"['\u2019]s?$")


def _possessive(word: str) -> str:
    return _POSSESSIVE.sub("", word)


def claim_names(claim: str) -> list[str]:
    """The claim's names, a run of adjacent capitalised words as one ("Sergei Lavrov"): words that
    are not titles, weekdays, months or function words; the first word counts only if it is not
    an ordinary English word ("The", "Global"). A headline in title case has none (every word is
    capitalised there, so capitals tell nothing)."""
    return list(_claim_names(claim))


# The service judges one claim against many passages: what is read from the claim is cached.
@lru_cache(maxsize=1024)
def _claim_names(claim: str) -> tuple[str, ...]:
    text = _DOTTED.sub(_undot, claim)
    matches = list(_WORD.finditer(text))
    words = [_possessive(m.group()) for m in matches]
    if _title_case(words):
        return ()
    runs: list[list[str]] = []
    last = -2
    for i, (match, word) in enumerate(zip(matches, words, strict=True)):
        low = word.lower()
        if not word[0].isupper() or low in _NOT_NAMES or len(low) < 2:
            continue
        if any(ch.isdigit() for ch in word):
            continue
        # An ordinary word opening the claim or a part of it ("beheading: Latest updates",
        # "copy 'Don't shoot'"), or shouted ("VIDEO", "AGAIN"), is capitalised for another reason.
        opens = i == 0 or text[: match.start()].rstrip()[-1:] in _OPENERS
        if (opens or (word.isupper() and len(word) >= 4)) and simplemma.is_known(low, lang="en"):
            continue
        if i == last + 1:
            runs[-1].append(word)
        else:
            runs.append([word])
        last = i
    return tuple(" ".join(run) for run in runs)


def _title_case(words: list[str]) -> bool:
    """A headline ("Apple Store Will Have Custom Safes"): most longer words capitalised (a claim
    made of names only, "Sergei Lavrov met Antony Blinken in Geneva", reads as one too: the
    check then stays quiet)."""
    longer = [w for w in words[1:] if len(w) >= 4 and w.lower() not in _NOT_NAMES]
    capitalised = sum(w[0].isupper() for w in longer)
    return len(longer) >= 3 and capitalised >= _HEADLINE_SHARE * len(longer)


def _undot(match: re.Match[str]) -> str:
    return match.group().replace(".", "")


@lru_cache(maxsize=1024)
def _claim_forms(claim: str) -> tuple[frozenset[str], frozenset[str]]:
    forms, initials = _passage_forms(claim)
    return frozenset(forms), frozenset(initials)


def _passage_forms(passage: str) -> tuple[set[str], set[str]]:
    """Lower-cased words of the passage, and the initials of its runs of capitalised words."""
    words = [_possessive(w) for w in _WORD.findall(_DOTTED.sub(_undot, passage))]
    forms = {w.lower() for w in words}
    initials: set[str] = set()
    run: list[str] = []
    for word in [*words, ""]:
        if word[:1].isupper() and word.lower() not in FUNCTION_WORDS:  # not "The" of "The U.N."
            run.append(word)
            continue
        if word.lower() in {"of", "for", "and", "on"} and run:
            continue  # "High Commissioner for Refugees", "Bosnia and Herzegovina"
        if len(run) >= 2:
            initials.add("".join(w[0] for w in run).lower())
        run = []
    return forms, initials


def _same_stem(a: str, b: str) -> bool:
    shared = len(_common_prefix(a, b))
    return shared >= _MIN_STEM and shared >= 0.75 * min(len(a), len(b))


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return a[:n]


def _named_in(name: str, forms: Set[str], initials: Set[str]) -> bool:
    low = name.lower()
    if low in forms or low in initials:
        return True
    if any(low in group and forms & group for group in _ALIASES):
        return True
    # Both loose matches need the first two letters in common: a cheap filter, as this runs for
    # every (claim, passage) pair the service judges.
    return any(
        form[:2] == low[:2]
        and (
            _same_stem(low, form)
            or _same_spelling(low, form)
            or any(_same_spelling(d, form) for d in _demonyms(low))
        )
        for form in forms
    )


def _demonyms(name: str) -> tuple[str, ...]:
    """Regular adjective forms of a place name, for a typo in the adjective: "Ukraine" ->
    "ukrainian", against the "Ukranian" of a wire story, which is two letters off the name."""
    base = name[:-1] if name[-1:] in "aeo" else name
    return (f"{base}ian", f"{name}n", f"{base}an")


def mentions(name: str, text: str) -> bool:
    """Does ``text`` mention ``name``, matched as the name check matches (case, stems, a typo,
    initials, capitals for countries)?"""
    forms, initials = _passage_forms(text)
    return _named_in(name, forms, initials)


def _same_spelling(a: str, b: str) -> bool:
    if min(len(a), len(b)) < _MIN_SPELLING or abs(len(a) - len(b)) > 2:
        return False
    matcher = SequenceMatcher(None, a, b)
    return matcher.quick_ratio() >= _SPELLING_RATIO and matcher.ratio() >= _SPELLING_RATIO


# A passage that may refer to the claim's subject without naming it: a personal pronoun anywhere
# ("She also starred in ...", "He said ..."), or a pronoun as its subject ("It fell on ...").
# "The city ..." is not read as a reference: measured on WiCE / VitaminC / the news contrast set,
# staying quiet there cost more than it saved (MODEL_CARD.md, "Rules").
_PERSON_PRONOUNS = frozenset(["he", "she", "his", "her", "him", "hers", "himself", "herself"])
_REFERRING_OPENERS = frozenset(["it", "its", "they", "their"])


def _may_refer(passage: str) -> bool:
    words = [w.lower() for w in _WORD.findall(passage)]
    return bool(words) and (
        words[0] in _REFERRING_OPENERS or any(w in _PERSON_PRONOUNS for w in words)
    )


def _names_another(passage: str, claim: str) -> bool:
    """Whether the passage has a name (a capitalised word past its first) the claim does not;
    never in a headline in title case, where capitals tell nothing."""
    claim_forms, claim_initials = _claim_forms(claim)
    words = [_possessive(w) for w in _WORD.findall(_DOTTED.sub(_undot, passage))]
    if _title_case(words):
        return False
    return any(
        w[0].isupper()
        and w.lower() not in _NOT_NAMES
        and len(w) > 1
        and not _named_in(w, claim_forms, claim_initials)
        for w in words[1:]
    )


def check_entities(claim: str, passage: str) -> RuleFinding | None:
    """The first name of the claim the passage does not mention, when the passage names someone
    or something else instead; as a finding.

    A passage with no names of its own (or a headline in title case) is left alone, and so is
    one with a personal pronoun or opening with "It" or "They": it may refer to the claim's
    subject ("She also starred in ...", "It fell on Thursday"), which this check cannot resolve.
    A name of several words counts as mentioned when one of them is ("James Wright Foley" /
    "Foley").

    Example:
        >>> check_entities("Zelenskyy called Putin on Thursday",
        ...     "On Thursday Putin and French President Emmanuel Macron spoke by phone.").reason
        "name missing from the passage: 'Zelenskyy'"
        >>> check_entities("The U.N. counted 227 civilian deaths",
        ...     "The United Nations recorded 227 civilian deaths as of Wednesday.") is None
        True
    """
    forms, initials = _passage_forms(passage)
    for name in claim_names(claim):
        if any(_named_in(word, forms, initials) for word in [name, *name.split()]):
            continue
        if _may_refer(passage) or not _names_another(passage, claim):
            return None
        return RuleFinding(
            "entity", f"name missing from the passage: {name!r}", RULE_WEIGHTS["entity"]
        )
    return None
