"""The news contrast set: hand-written (claim, passage, label) triples for the stance judge.

Evaluation only, never training data (see ``README.md`` beside this file). Each record of
``pairs.jsonl`` tags the hard case it tests (``phenomenon``): a passage on the same topic that
neither supports nor contradicts the claim, an attributed statement, a number in other units or
digit grouping, a date, a negation, a swapped name, a quantifier, a paraphrase, or a compound
claim of which the passage entails only part.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.stance.base import StanceLabel
from training.data import Pair

PAIRS_PATH = Path(__file__).with_name("pairs.jsonl")
# A second, smaller set in the same format, written after the rules were last tuned on
# ``pairs.jsonl`` (see README.md): how far what was learnt from the main set carries.
HOLDOUT_PATH = Path(__file__).with_name("holdout.jsonl")
# A third set, written blind: by writers who saw neither the sets above, nor their known errors,
# nor the team-written training pairs (training/written) or the brief those were written from.
BLIND_PATH = Path(__file__).with_name("blind.jsonl")
SOURCE = "news_contrast"
WRITTEN = "written"  # the ``source`` of passages written for this set (not taken from a seed)

# The label vocabulary of the normalised training files (``label3`` in /work/shared/train).
LABELS: Mapping[str, StanceLabel] = {
    "support": StanceLabel.SUPPORTS,
    "contradict": StanceLabel.CONTRADICTS,
    "neutral": StanceLabel.NEUTRAL,
}
PHENOMENA: tuple[str, ...] = (
    "same_topic_neutral",  # same event or people, neither supports nor contradicts
    "attribution",  # "X said", "Y denied": what someone said vs what happened
    "number",  # units, words, digit grouping ("2,90,000", "2.8 lakh", "two million")
    "time",  # "on Tuesday" vs "Thursday", "has yet to" vs "did"
    "negation",  # explicit or lexical ("seized" vs "still under control")
    "entity_swap",  # wrong city, person, country or role
    "quantifier_scope",  # "all" vs "some", "only", "include"
    "paraphrase",  # different wording, same meaning
    "partial_support",  # compound claim: the passage entails only part of it
)
_REQUIRED = ("id", "claim", "passage", "label", "phenomenon", "source")
_OPTIONAL = ("note",)


@dataclass(frozen=True, slots=True)
class ContrastRecord:
    """One line of ``pairs.jsonl``."""

    id: str
    claim: str
    passage: str
    label: StanceLabel
    phenomenon: str
    source: str  # seed file name under seeds/, or "written"
    note: str = ""  # why a non-obvious label is right

    def to_pair(self) -> Pair:
        # ``group`` carries the phenomenon so that reports can break scores down by it.
        return Pair(self.claim, self.passage, self.label, SOURCE, group=self.phenomenon)


def _record(row: Any, where: str) -> ContrastRecord:
    if not isinstance(row, dict):
        raise ValueError(f"{where}: expected a JSON object")
    unknown = sorted(set(row) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(unknown)}")
    for field in (*_REQUIRED, *(f for f in _OPTIONAL if f in row)):
        value = row.get(field)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where}: field {field!r} must be a non-empty string")
    if row["label"] not in LABELS:
        raise ValueError(f"{where}: field 'label' must be one of {', '.join(LABELS)}")
    if row["phenomenon"] not in PHENOMENA:
        raise ValueError(f"{where}: field 'phenomenon' must be one of {', '.join(PHENOMENA)}")
    return ContrastRecord(
        id=row["id"],
        claim=row["claim"],
        passage=row["passage"],
        label=LABELS[row["label"]],
        phenomenon=row["phenomenon"],
        source=row["source"],
        note=row.get("note", ""),
    )


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if line.strip():
                yield number, line


def load_records(path: Path = PAIRS_PATH) -> list[ContrastRecord]:
    """All records of the set, in file order; a malformed line raises ``ValueError`` naming it."""
    records: list[ContrastRecord] = []
    for number, line in _lines(path):
        where = f"{path.name}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}: not valid JSON ({exc.msg})") from exc
        records.append(_record(row, where))
    return records


def load_pairs(path: Path = PAIRS_PATH) -> list[Pair]:
    """The set as evaluation pairs (``source="news_contrast"``, ``group`` = phenomenon).

    Example::

        >>> pairs = load_pairs()
        >>> pairs[0].source
        'news_contrast'
    """
    return [record.to_pair() for record in load_records(path)]
