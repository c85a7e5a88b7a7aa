"""Negation: the same statement with opposite polarity ("no longer" vs "continue to")."""

from __future__ import annotations

import re

from factcheck.stance.rules.base import RULE_WEIGHTS, RuleFinding
from factcheck.stance.rules.entities import check_entities
from factcheck.stance.rules.words import STOP, norm, related, tokens

_NEG_WORDS = frozenset(
    [
        "not",
        "no",
        "never",
        "neither",
        "nor",
        "cannot",
        "none",
        "nobody",
        "nothing",
        "unable",
    ]
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
        # "declined to comment" = "did not comment"; as a stop verb's object ("exports declined
        # sharply") it opposes only a kept use, see _opposed
        "decline",
        "declines",
        "declined",
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
        # not "scrap", "lift", "waive": "lifted visa requirements" = "scrapped" = "waived"
        # visas, and "lifted the trophy" is no negation
        "renounce",
        "renounces",
        "renounced",
    ]
)
# "give up its plans" negates "plans" as "end plans" does: "up" counts as the cue after these.
_GIVE = frozenset(["give", "gives", "gave", "given", "giving"])
_AFFIRM = frozenset(
    ["continue", "continues", "continued", "still", "keep", "keeps", "kept", "resume", "resumed"]
)
_CONTRACTIONS = [
    # "have yet to meet" is "have not met": spelled as a cue so the verb reads as negated.
    (re.compile(r"\b(has|have|had|is|are|was|were)\s+yet\s+to\b", re.I), r"\1 not yet to"),
    (re.compile(r"\bwon['\u2019]t\b", re.I), "will not"),
    (re.compile(r"\bcan['\u2019]t\b", re.I), "can not"),
    (re.compile(r"\bcannot\b", re.I), "can not"),
    (re.compile(r"n['\u2019]t\b", re.I), " not"),
]
_SKIP_ANCHORS = STOP | _NEG_WORDS | _NEG_VERBS | _AFFIRM | {"longer", "yet", "to"}


def _expand(text: str) -> list[str]:
    for pattern, repl in _CONTRACTIONS:
        text = pattern.sub(repl, text)
    return [t.lower() for t in tokens(text)]


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
        "its",
        "their",
        "his",
        "her",
        # "is not going to keep servicing" = "will no longer service"
        "going",
        "keep",
        "continue",
    ]
)
_MAX_GAP = 4
_PASSIVE = frozenset(["was", "were", "is", "are", "be", "been", "being"])
_AUXILIARY = _PASSIVE | {"has", "have", "had", "will", "would", "could", "may", "might"}


# How a word is used: under a negative word or a stop verb before a verb ("did not meet", "failed
# to pay", "stopped servicing"); as the object of a stop verb ("suspended its offensive"); under
# "keep", "continue" or "still" ("will keep flying to Lisbon"); or plainly.
_NEGATED, _STOPPED, _AFFIRMED, _PLAIN = "negated", "stopped", "affirmed", "plain"


def _polarity(tokens: list[str], i: int, j: int) -> str:
    """How ``tokens[i]`` is used, ``tokens[j]`` being the word before the skippable ones."""
    cue = tokens[j] if j >= 0 else ""
    if cue in _NEG_WORDS:
        return _NEGATED
    if cue in _NEG_VERBS or (cue == "up" and j > 0 and tokens[j - 1] in _GIVE):
        if j > 0 and tokens[j - 1] in _NEG_WORDS:
            return _PLAIN  # "never stop eating": double negation
        verbal = tokens[i].endswith("ing") or "to" in tokens[j + 1 : i]
        return _NEGATED if verbal else _STOPPED
    # "no promises were made", "no such proposal had been discussed": the negated subject of a
    # passive negates its verb
    if i >= 1 and tokens[i - 1] in _PASSIVE:
        k = i - 1
        while k >= 0 and tokens[k] in _AUXILIARY:
            k -= 1
        if "no" in tokens[max(0, k - 2) : k]:
            return _NEGATED
    # "did not make any promises": "any" carries the negation before it to its noun
    if i >= 2 and tokens[i - 1] == "any" and any(
        t in _NEG_WORDS for t in tokens[max(0, i - 5) : i - 1]
    ):
        return _NEGATED
    if any(t in _AFFIRM for t in tokens[max(0, i - 4) : i]):
        return _AFFIRMED
    return _PLAIN


def _polarities(tokens: list[str]) -> dict[str, tuple[set[str], str]]:
    """For each content word: how its occurrences are used (see ``_polarity``), and a phrase to
    show for the negated or affirmed occurrence (or the first one)."""
    out: dict[str, tuple[set[str], str]] = {}
    for i, tok in enumerate(tokens):
        if tok in _SKIP_ANCHORS or len(tok) < 3 or tok[0].isdigit():
            continue
        j = i - 1
        while j >= 0 and i - j <= _MAX_GAP and tokens[j] in _BETWEEN:
            j -= 1
        use = _polarity(tokens, i, j)
        key = norm(tok)
        # the cue and the word before it ("will no longer service"); else the words skipped
        marked = use != _PLAIN
        start = max(0, min(j, i - 1) - 1) if marked else min(j + 1, i)
        phrase = " ".join(tokens[start : i + 1])
        seen, shown = out.get(key, (set(), phrase))
        out[key] = (seen | {use}, phrase if marked else shown)
    return out


def _opposed(claim_uses: set[str], passage_uses: set[str]) -> bool:
    """Every occurrence on one side negated and none on the other. A stop verb's object
    ("suspended the licence") is opposed only to an affirmed use ("kept its licence"): against a
    plain mention ("its licence suspension", "banned wheat exports" vs "stopped wheat sales") it is
    mostly the same event told twice (on the team-written pairs such firings were right 3 times in
    10)."""
    if len(claim_uses) != 1 or len(passage_uses) != 1:
        return False
    (c,), (p,) = claim_uses, passage_uses
    negative = {_NEGATED, _STOPPED}
    if (c in negative) == (p in negative):
        return False
    neg, other = (c, p) if c in negative else (p, c)
    return neg == _NEGATED or other == _AFFIRMED


def _shown(phrase: str) -> str:
    """The phrase as written: the "yet to" cue spelled back ("have yet to meet")."""
    return phrase.replace(" not yet to ", " yet to ")


def check_negation(claim: str, passage: str) -> RuleFinding | None:
    """Same statement, opposite polarity ("will no longer service" vs "will continue to service").

    Fires only when the two texts share most of the claim's content words, so that the negated
    word is about the same thing in both.

    Example:
        >>> check_negation("Roscosmos will continue to service the RD-180 rocket engines",
        ...     "Roscosmos said it will no longer service the RD-180 rocket engines").reason
        "negation mismatch: 'roscosmos will continue to service' vs 'will no longer service'"
    """
    if not related(claim, passage, min_shared=3, min_share=0.5):
        return None
    # A claim name the passage never mentions ("did not seize any buildings in Mariupol" against
    # "have seized a building in Kherson"): the two are about different things, and the name
    # check says so.
    if check_entities(claim, passage) is not None:
        return None
    c_pol, p_pol = _polarities(_expand(claim)), _polarities(_expand(passage))
    for word, (c_neg, c_phrase) in c_pol.items():
        if word not in p_pol:
            continue
        p_neg, p_phrase = p_pol[word]
        if _opposed(c_neg, p_neg):
            return RuleFinding(
                "negation",
                f"negation mismatch: '{_shown(c_phrase)}' vs '{_shown(p_phrase)}'",
                RULE_WEIGHTS["negation"],
            )
    return None
