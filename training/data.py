"""Training and evaluation pairs for the stance model, read from the shared NLI / stance corpora.

Every loader returns :class:`Pair` records with labels mapped to our three classes. Held-out
splits are decided here, in one place, so that training (`training.train`) and evaluation
(`eval.stance`) can never disagree about what was seen in training:

* Climate-FEVER is split by *claim* (hash of ``claim_id``) into train / dev / test.
* Emergent is split by ``claim_id`` the same way (train / test).
* FNC-1 and ARC keep their official train / test splits; test is evaluation only.
* vitaminc (BIG-bench canary), fever_symmetric, anli_dev and sick are evaluation only.

Where the data lives: ``$FACTCHECK_TRAIN_DATA`` (default ``/work/shared/train``) and
``$FACTCHECK_CLIMATE_FEVER`` (default ``/work/shared/eval/climate-fever/climate-fever.jsonl``),
read when a loader runs, or a ``root=`` / ``path=`` argument.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import random
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from factcheck.settings import Settings
from factcheck.stance.base import StanceLabel
from factcheck.text.lexicon import FUNCTION_WORDS


def data_root(root: Path | None = None) -> Path:
    """The folder of the NLI / stance corpora: ``root``, else ``$FACTCHECK_TRAIN_DATA``."""
    return root if root is not None else Settings().train_data


def climate_fever_path(path: Path | None = None) -> Path:
    """The Climate-FEVER JSONL: ``path``, else ``$FACTCHECK_CLIMATE_FEVER``."""
    return path if path is not None else Settings().climate_fever


LABELS: tuple[StanceLabel, ...] = (
    StanceLabel.SUPPORTS,
    StanceLabel.CONTRADICTS,
    StanceLabel.NEUTRAL,
)
LABEL_INDEX: dict[StanceLabel, int] = {label: i for i, label in enumerate(LABELS)}
_LABEL3 = {
    "support": StanceLabel.SUPPORTS,
    "contradict": StanceLabel.CONTRADICTS,
    "neutral": StanceLabel.NEUTRAL,
}

CfSplit = Literal["train", "dev", "test"]


@dataclass(frozen=True, slots=True)
class Pair:
    claim: str
    passage: str
    label: StanceLabel
    source: str
    group: str = ""  # claim id for claim-level grouping (Climate-FEVER verdicts)
    # Share of annotator votes per class (supports, contradicts, neutral), where the source has
    # them (Climate-FEVER); training can use them as soft targets, see ``vote_shares``.
    votes: tuple[float, float, float] | None = None


def _read_jsonl_gz(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _bucket(key: str) -> float:
    """A stable number in [0, 1) from a string (independent of PYTHONHASHSEED)."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def climate_fever_split(claim_id: str) -> CfSplit:
    """Claim-level split of Climate-FEVER: 55 % train, 15 % dev, 30 % test."""
    b = _bucket(f"cf:{claim_id}")
    if b < 0.55:
        return "train"
    if b < 0.70:
        return "dev"
    return "test"


def emergent_split(claim_id: str) -> Literal["train", "test"]:
    return "train" if _bucket(f"emergent:{claim_id}") < 0.8 else "test"


def _nli(path: Path, source: str, splits: set[str] | None) -> list[Pair]:
    pairs: list[Pair] = []
    for row in _read_jsonl_gz(path):
        if splits is not None and row["split"] not in splits:
            continue
        label = _LABEL3.get(row.get("label3") or "")
        if label is None or not row.get("premise") or not row.get("hypothesis"):
            continue
        pairs.append(Pair(row["hypothesis"], row["premise"], label, source))
    return pairs


def load_nli(name: str, *, splits: set[str] | None = None, root: Path | None = None) -> list[Pair]:
    """Pairs of a folder with a ready ``pairs.jsonl.gz`` (snli_*, mnli_*, fever_*, wice, ...)."""
    return _nli(data_root(root) / name / "pairs.jsonl.gz", name, splits)


def load_not_entailed(
    name: str, *, exclude: Collection[str] = (), root: Path | None = None
) -> list[Pair]:
    """A binary set's "not entailment" pairs as *neutral* (RTE: ``label3`` null, since it does
    not separate contradiction from neutral), less the ids in ``exclude`` (the contradictions
    among them, see :mod:`training.teacher`). Each pair's ``group`` is its id."""
    skip = set(exclude)
    return [
        Pair(
            row["hypothesis"],
            row["premise"],
            StanceLabel.NEUTRAL,
            f"{name}:not_entailed",
            group=row["id"],
        )
        for row in _read_jsonl_gz(data_root(root) / name / "pairs.jsonl.gz")
        if row["orig_label"] == "not_entailment"
        and row["id"] not in skip
        and row.get("premise")
        and row.get("hypothesis")
    ]


WRITTEN_PATH = Path(__file__).with_name("written") / "pairs.jsonl"
WrittenSplit = Literal["train", "dev"]


def written_split(passage: str) -> WrittenSplit:
    """Split of the team-written pairs by *passage*, so that the three claims written against one
    passage stay together: 85 % train, 15 % dev (monitored after each stage)."""
    return "train" if _bucket(f"written:{passage}") < 0.85 else "dev"


def load_written(split: WrittenSplit | None, *, path: Path | None = None) -> list[Pair]:
    """The team-written news pairs (``training/written/pairs.jsonl``, see its README): invented
    events, each passage with claims of different labels. ``group`` is the record's phenomenon."""
    pairs: list[Pair] = []
    path = path or WRITTEN_PATH
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            label = _LABEL3.get(row.get("label", ""))
            if label is None:
                raise ValueError(f"{path}:{n}: field 'label' is {row.get('label')!r}")
            if split is None or written_split(row["passage"]) == split:
                pairs.append(
                    Pair(row["claim"], row["passage"], label, "written", group=row["phenomenon"])
                )
    return pairs


_CLAIM_LABEL_OF_WRITTEN = {
    "support": "SUPPORTS",
    "contradict": "REFUTES",
    "neutral": "NOT_ENOUGH_INFO",
}


def load_written_claims(
    split: WrittenSplit | None, *, distractors: int = 4, path: Path | None = None
) -> list[dict[str, Any]]:
    """The team-written pairs as claim-level records in Climate-FEVER's shape (``claim``,
    ``claim_label``, ``evidences``), so that the verdict policy can be fitted on news claims too.

    Each claim's evidence is its own passage (which decides its label: support -> SUPPORTS,
    contradict -> REFUTES, neutral -> NOT_ENOUGH_INFO) and up to ``distractors`` passages from the
    same writer's file (ids ``wt-<file>-<n>``: the same news domain, other invented events), in an
    order fixed by the record's id. The other passages are the same-topic noise a real search
    returns beside the one sentence that matters.
    """
    rows: list[dict[str, Any]] = []
    with (path or WRITTEN_PATH).open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    rows = [r for r in rows if split is None or written_split(r["passage"]) == split]
    by_file: dict[str, list[str]] = {}
    for r in rows:
        passages = by_file.setdefault(r["id"].rsplit("-", 1)[0], [])
        if r["passage"] not in passages:
            passages.append(r["passage"])
    records: list[dict[str, Any]] = []
    for r in rows:
        rng = random.Random(r["id"])
        others = [p for p in by_file[r["id"].rsplit("-", 1)[0]] if p != r["passage"]]
        evidence = [r["passage"], *rng.sample(others, min(distractors, len(others)))]
        rng.shuffle(evidence)
        records.append(
            {
                "claim_id": r["id"],
                "claim": r["claim"],
                "claim_label": _CLAIM_LABEL_OF_WRITTEN[r["label"]],
                "evidences": [{"evidence": e} for e in evidence],
            }
        )
    return records


def load_climate_fever(split: CfSplit | None, *, path: Path | None = None) -> list[Pair]:
    """Climate-FEVER claim/evidence pairs of one claim-level split (``None``: all 7,675)."""
    mapping = {
        "SUPPORTS": StanceLabel.SUPPORTS,
        "REFUTES": StanceLabel.CONTRADICTS,
        "NOT_ENOUGH_INFO": StanceLabel.NEUTRAL,
    }
    pairs: list[Pair] = []
    with climate_fever_path(path).open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if split is not None and climate_fever_split(row["claim_id"]) != split:
                continue
            for ev in row["evidences"]:
                pairs.append(
                    Pair(
                        row["claim"],
                        ev["evidence"],
                        mapping[ev["evidence_label"]],
                        "climate_fever",
                        group=row["claim_id"],
                        votes=vote_shares(ev.get("votes") or []),
                    )
                )
    return pairs


def vote_shares(votes: list[str | None]) -> tuple[float, float, float] | None:
    """Each class's share of the non-null annotator votes, as (supports, contradicts, neutral).

    Climate-FEVER's gold label is the strict majority of usually two votes, and a tie is
    NOT_ENOUGH_INFO: 2,291 of its 4,930 "neutral" pairs had one annotator saying supports or
    refutes. The shares keep that signal, which the one-hot gold label throws away.
    """
    order = {"SUPPORTS": 0, "REFUTES": 1, "NOT_ENOUGH_INFO": 2}
    counts = [0, 0, 0]
    for v in votes:
        if v in order:
            counts[order[v]] += 1
    total = sum(counts)
    if total == 0:
        return None
    return (counts[0] / total, counts[1] / total, counts[2] / total)


def load_climate_fever_claims(
    split: CfSplit | None, *, path: Path | None = None
) -> list[dict[str, Any]]:
    """Raw Climate-FEVER claim records (with ``claim_label``) of one claim-level split."""
    with climate_fever_path(path).open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [r for r in rows if split is None or climate_fever_split(r["claim_id"]) == split]


def load_emergent(split: Literal["train", "test"], *, root: Path | None = None) -> list[Pair]:
    pairs: list[Pair] = []
    for row in _read_jsonl_gz(data_root(root) / "emergent" / "pairs.jsonl.gz"):
        label = _LABEL3.get(row.get("label3") or "")
        if label is None or emergent_split(row["claim_id"]) != split:
            continue
        pairs.append(Pair(row["hypothesis"], row["premise"], label, "emergent"))
    return pairs


# --- FNC-1 / ARC: headline vs. long body -----------------------------------------------------

_SENT_SPLIT = re.compile(r"(?<=[.!?])[\"\u201d\u2019')\]]*\s+(?=[\"\u201c\u2018(\[]?[A-Z0-9])|\n+")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = FUNCTION_WORDS | {"no", "not"}


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1}


def split_sentences(text: str) -> list[str]:
    """A fast regex sentence splitter: good enough to pick passages out of FNC-1/ARC bodies."""
    return [s.strip() for s in _SENT_SPLIT.split(text) if s and s.strip()]


def relevant_excerpt(claim: str, body: str, *, max_sentences: int = 3, max_chars: int = 700) -> str:
    """The body sentences sharing most content words with the claim, kept in body order.

    FNC-1 bodies average ~2 KB, far beyond what a 128-256 token cross-encoder reads; the stance is
    usually carried by the few sentences that talk about the headline's subject.
    """
    sentences = split_sentences(body)
    if len(sentences) <= max_sentences:
        return body.strip()[:max_chars]
    words = content_words(claim)
    scored = [
        (len(words & content_words(s)) / (1 + len(s) / 400), -i, i) for i, s in enumerate(sentences)
    ]
    chosen = sorted(i for _, _, i in sorted(scored, reverse=True)[:max_sentences])
    return " ".join(sentences[i] for i in chosen)[:max_chars]


def _bodies(path: Path) -> dict[int, str]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return {int(r["Body ID"]): r["articleBody"] for r in csv.DictReader(io.StringIO(fh.read()))}


def load_fnc_style(
    name: Literal["fnc1", "arc"],
    split: Literal["train", "test"],
    *,
    unrelated_as_neutral: float = 0.0,
    seed: int = 13,
    root: Path | None = None,
) -> list[Pair]:
    """Related pairs (agree/disagree/discuss) of FNC-1 or ARC, body cut to a relevant excerpt.

    ``unrelated_as_neutral`` keeps that fraction of the *unrelated* pairs, labelled neutral: they
    teach the model that an off-topic passage is no evidence either way.
    """
    folder = data_root(root) / name
    if name == "fnc1":
        bodies = _bodies(
            folder
            / ("train_bodies.csv.gz" if split == "train" else "competition_test_bodies.csv.gz")
        )
    else:
        bodies = _bodies(folder / "arc_bodies.csv.gz")
    rng = random.Random(seed)
    pairs: list[Pair] = []
    seen: set[tuple[str, int]] = set()
    for row in _read_jsonl_gz(folder / "stances.jsonl.gz"):
        if row["split"] != split:
            continue
        key = (row["hypothesis"], int(row["body_id"]))
        if key in seen:  # the rebuilt FNC-1 train file repeats some rows
            continue
        seen.add(key)
        label = _LABEL3.get(row.get("label3") or "")
        if label is None:
            if row["orig_label"] != "unrelated" or rng.random() >= unrelated_as_neutral:
                continue
            label = StanceLabel.NEUTRAL
        body = bodies.get(int(row["body_id"]))
        if not body:
            continue
        pairs.append(
            Pair(row["hypothesis"], relevant_excerpt(row["hypothesis"], body), label, name)
        )
    return pairs


def sample(pairs: list[Pair], n: int | None, *, seed: int) -> list[Pair]:
    """A seeded sample of at most ``n`` pairs (all of them, shuffled, when ``n`` is None)."""
    out = list(pairs)
    random.Random(seed).shuffle(out)
    return out if n is None else out[:n]
