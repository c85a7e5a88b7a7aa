"""Checks for what small NLI models miss: numbers and quantities, negation, dates, offices,
speakers who deny what a claim has them say, ordinals, names, allegations.

Pure functions over two strings. :func:`check_pair` runs all checks on (claim, passage) and returns
the first :class:`RuleFinding` (a contradiction it is sure enough about, or a sign that the passage
is about something else: another "round" than the claim's, a name of the claim it never mentions,
an allegation of what the claim states as fact)
or ``None``.
:func:`apply_finding` combines a finding with the model's probabilities (see its docstring).
:func:`align_numbers` works on the model's input instead: it writes a claim's numbers the way the
passage writes the same values ("2.8 lakh" -> "280,000") before the model reads the pair.

Example:
    >>> f = check_pair("Kherson has two million inhabitants",
    ...                "Kherson, a city of 280,000 people, is a strategic port to the Black Sea.")
    >>> f.reason
    'number mismatch: two million vs 280,000'
    >>> check_pair("Kherson has 280,000 inhabitants", "the port city of nearly 300,000") is None
    True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from factcheck.stance.base import StanceLabel, StanceScores
from factcheck.stance.rules.base import (
    COUNT_UNITS,
    NEUTRAL_FROM_BOTH,
    OTHER_NUMBER_WEIGHT,
    RULE_TARGETS,
    RULE_WEIGHTS,
    RuleFinding,
    RuleKind,
)
from factcheck.stance.rules.dates import DateMention, check_dates, extract_dates
from factcheck.stance.rules.entities import check_entities, claim_names
from factcheck.stance.rules.hedges import check_hedges
from factcheck.stance.rules.negation import check_negation
from factcheck.stance.rules.numbers import align_numbers, check_bounds, check_numbers
from factcheck.stance.rules.offices import Office, check_offices, extract_offices
from factcheck.stance.rules.ordinals import Ordinal, check_ordinals, extract_ordinals
from factcheck.stance.rules.quantities import Quantity, extract_quantities
from factcheck.stance.rules.speakers import check_other_speaker, check_speakers
from factcheck.stance.rules.words import topic_overlap

__all__ = [
    "CHECKS",
    "COUNT_UNITS",
    "ENABLED",
    "NEUTRAL_FROM_BOTH",
    "OTHER_NUMBER_WEIGHT",
    "RULE_TARGETS",
    "RULE_WEIGHTS",
    "DateMention",
    "Office",
    "Ordinal",
    "Quantity",
    "RuleFinding",
    "RuleKind",
    "align_numbers",
    "apply_finding",
    "check_bounds",
    "check_dates",
    "check_entities",
    "check_hedges",
    "check_negation",
    "check_numbers",
    "check_offices",
    "check_ordinals",
    "check_other_speaker",
    "check_pair",
    "check_speakers",
    "claim_names",
    "extract_dates",
    "extract_offices",
    "extract_ordinals",
    "extract_quantities",
    "top_label",
    "topic_overlap",
]


CHECKS: dict[RuleKind, Callable[[str, str], RuleFinding | None]] = {
    "number": check_numbers,
    "negation": check_negation,
    "date": check_dates,
    "office": check_offices,
    "speaker": check_speakers,
    "other_speaker": check_other_speaker,
    "ordinal": check_ordinals,
    "entity": check_entities,
    "hedge": check_hedges,
    "bound": check_bounds,
}
# The rules the production judge runs, most reliable first. Each rule's precision on the news
# contrast set is measured by ``python -m eval.stance`` (section "Rules"); a rule that hurts there
# is taken out of this tuple.
ENABLED: tuple[RuleKind, ...] = (
    "number",
    "negation",
    "date",
    "office",
    "speaker",
    "other_speaker",
    "ordinal",
    "entity",
    "hedge",
    "bound",
)


def check_pair(
    claim: str, passage: str, *, kinds: Sequence[RuleKind] = ENABLED
) -> RuleFinding | None:
    """The checks of ``kinds``, in order; the first that fires wins."""
    for kind in kinds:
        finding = CHECKS[kind](claim, passage)
        if finding is not None:
            return finding
    return None


def apply_finding(scores: StanceScores, finding: RuleFinding) -> StanceScores:
    """Move ``finding.weight`` of the probability mass to "contradicts" (number, negation, date
    findings), or of the *supports* mass to "neutral" (another ordinal, a name missing from the
    passage, an allegation: they say nothing about contradiction, only that the passage cannot
    entail the claim); for a missing name, part of the contradicts mass too
    (``NEUTRAL_FROM_BOTH``).

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
    if RULE_TARGETS[finding.kind] == "neutral":
        wc = w * NEUTRAL_FROM_BOTH.get(finding.kind, 0.0)
        return StanceScores(
            supports=(1 - w) * scores.supports,
            contradicts=(1 - wc) * scores.contradicts,
            neutral=scores.neutral + w * scores.supports + wc * scores.contradicts,
        )
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
