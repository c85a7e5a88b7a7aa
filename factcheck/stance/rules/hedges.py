"""Allegations: a passage that reports someone *claiming* the claim does not establish it.

"Russian negotiator Vladimir Medinsky claimed the negotiations yielded 'substantial progress'"
does not entail "The negotiations yielded substantial progress"; nor does "Putin accused
Ukrainian nationalist groups of using civilians as human shields" entail that they do. A small
cross-encoder reads both as support (0.91, 0.59 on the news contrast set): it sees the words of
the claim in the passage.

The rule fires when the passage puts the claim's words under a verb that marks a disputed or
unproven statement ("claimed", "alleged", "accused", "insists", "denied", "without providing
evidence") and the claim is bare, i.e. does not itself report who says it ("Medinsky claimed
the talks yielded progress" is supported by the same passage). Plain reporting ("said",
"according to") is left alone: the product counts "X people have fled, according to the UN
refugee agency" as support. Like the name check it never claims a contradiction; it moves the
*supports* mass to neutral (:func:`factcheck.stance.rules.apply_finding`).
"""

from __future__ import annotations

import re

from factcheck.stance.rules.base import RULE_WEIGHTS, RuleFinding
from factcheck.stance.rules.words import content, tokens

# Verbs (and one phrase) that put what follows in doubt. "denied" is here: a denial reports that
# the statement is disputed, and it is the denier's word against someone else's. Only inflected
# forms: the bare "claim", "deny" are nouns or other senses ("the false claims are ...", "to
# deny felons the vote"); "claim(s)" counts before "that".
_HEDGE = re.compile(
    r"\b(?:claimed|claiming|claims? (?=that\b)|alleged(?:ly)?|alleging|alleges|accused|accusing"
    r"|accuses|insisted|insists|insisting|denied|denies|denying|purported(?:ly)?"
    r"|without (?:providing|offering|giving|citing) (?:any )?evidence)",
    re.IGNORECASE,
)
# A claim that itself names a speaker is about what was said, not about what happened.
_REPORTED = re.compile(
    r"\b(?:said|says|say|told|claim(?:s|ed)?|alleg(?:e|es|ed)|accus(?:e|es|ed)|insist(?:s|ed)?"
    r"|den(?:y|ies|ied)|according to|announced|reported|warned|stated|wrote|believes?"
    r"|argued?|argues)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019']?(?:\s+[A-Z\"\u201c]|\s*$)")
_WINDOW = 300  # characters
# Share of the claim's content words that must stand after the hedge verb: the claim must be
# what is alleged, not the sentence around it.
_MIN_SHARE = 0.6


def check_hedges(claim: str, passage: str) -> RuleFinding | None:
    """The passage alleges (claims, accuses, denies ...) what the claim states as fact.

    Example:
        >>> check_hedges("The negotiations yielded substantial progress",
        ...              'Russian negotiator Vladimir Medinsky claimed the negotiations yielded '
        ...              '"substantial progress".').reason
        'alleged, not established: claimed'
        >>> check_hedges("Medinsky claimed the negotiations yielded substantial progress",
        ...              "Medinsky claimed the negotiations yielded substantial progress.") is None
        True
    """
    if _REPORTED.search(claim):
        return None
    claim_words = content(tokens(claim))
    if len(claim_words) < 2:
        return None
    for m in _HEDGE.finditer(passage):
        # What the verb governs: the rest of its sentence, not a long document's remainder.
        end = _SENTENCE_END.search(passage, m.end())
        after = content(tokens(passage[m.end() : end.start() if end else None][:_WINDOW]))
        if len(claim_words & after) / len(claim_words) >= _MIN_SHARE:
            return RuleFinding(
                "hedge", f"alleged, not established: {m.group(0).lower()}", RULE_WEIGHTS["hedge"]
            )
    return None
