"""The team-written training pairs (training/written): schema, balance, splits, and no leak from
the evaluation sets or the seed articles into them."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from eval.news_contrast import BLIND_PATH, HOLDOUT_PATH, load_records
from factcheck.stance.base import StanceLabel
from training.data import (
    WRITTEN_PATH,
    content_words,
    load_written,
    load_written_claims,
    written_split,
)

ROOT = Path(__file__).resolve().parents[2]
PHENOMENA = {
    "same_topic_neutral",
    "attribution",
    "number",
    "time",
    "negation",
    "entity_swap",
    "role_swap",
    "quantifier_scope",
    "paraphrase",
    "partial_support",
}
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def _key(text: str) -> str:
    return " ".join(text.translate(_QUOTES).lower().split()).rstrip(" .")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.translate(_QUOTES).lower())


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with WRITTEN_PATH.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_every_record_has_the_schema(rows: list[dict[str, str]]) -> None:
    assert len(rows) >= 1000
    for row in rows:
        assert set(row) <= {"id", "claim", "passage", "label", "phenomenon", "note"}, row
        assert all(isinstance(row[k], str) and row[k].strip() for k in row), row
        assert row["label"] in {"support", "contradict", "neutral"}, row
        assert row["phenomenon"] in PHENOMENA, row
        assert re.fullmatch(r"wt-[a-z]{1,2}-\d{3}", row["id"]), row


def test_ids_and_pairs_are_unique(rows: list[dict[str, str]]) -> None:
    ids = [r["id"] for r in rows]
    pairs = [(_key(r["claim"]), _key(r["passage"])) for r in rows]
    assert len(set(ids)) == len(ids)
    assert [p for p, n in Counter(pairs).items() if n > 1] == []


def test_labels_are_balanced_and_passages_carry_several_labels(
    rows: list[dict[str, str]],
) -> None:
    counts = Counter(r["label"] for r in rows)
    assert all(counts[label] / len(rows) >= 0.25 for label in counts), counts
    by_passage: dict[str, set[str]] = {}
    for r in rows:
        by_passage.setdefault(_key(r["passage"]), set()).add(r["label"])
    mixed = sum(len(labels) >= 2 for labels in by_passage.values())
    # The point of the file: a passage's topic must not decide the label.
    assert mixed / len(by_passage) >= 0.8


def test_loader_splits_by_passage(rows: list[dict[str, str]]) -> None:
    train, dev = load_written("train"), load_written("dev")
    assert len(train) + len(dev) == len(rows)
    assert 0.08 <= len(dev) / len(rows) <= 0.25
    assert {p.passage for p in train}.isdisjoint({p.passage for p in dev})
    assert all(written_split(p.passage) == "dev" for p in dev)
    assert Counter(p.label for p in dev).keys() == set(StanceLabel)


def test_claim_records_carry_their_own_passage_among_same_file_distractors() -> None:
    records = load_written_claims("dev")
    dev = load_written("dev")
    assert len(records) == len(dev)
    label_of = {"support": "SUPPORTS", "contradict": "REFUTES", "neutral": "NOT_ENOUGH_INFO"}
    rows = {r["id"]: r for r in map(json.loads, WRITTEN_PATH.open(encoding="utf-8"))}
    file_passages: dict[str, set[str]] = {}
    for r in rows.values():
        file_passages.setdefault(r["id"].rsplit("-", 1)[0], set()).add(r["passage"])
    for rec in records:
        row = rows[rec["claim_id"]]
        evidence = [e["evidence"] for e in rec["evidences"]]
        assert rec["claim"] == row["claim"] and rec["claim_label"] == label_of[row["label"]]
        assert evidence.count(row["passage"]) == 1 and 1 < len(evidence) <= 5
        assert set(evidence) <= file_passages[row["id"].rsplit("-", 1)[0]]
        assert all(written_split(e) == "dev" for e in evidence)
    # The order is fixed by the record, not by the run.
    assert load_written_claims("dev") == records
    # The claim's own passage is not always first (the aggregator must not learn a position).
    positions = {
        [e["evidence"] for e in r["evidences"]].index(rows[r["claim_id"]]["passage"])
        for r in records
    }
    assert len(positions) > 1


def test_a_bad_label_is_named(tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text(
        json.dumps({"id": "wt-a-001", "claim": "c", "passage": "p", "label": "yes"}) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="label"):
        load_written(None, path=path)


def test_nothing_is_taken_from_the_news_contrast_sets(rows: list[dict[str, str]]) -> None:
    """No claim or passage of the evaluation sets appears here, and no passage here is a near copy
    of one of theirs (most of its content words shared)."""
    held = load_records() + load_records(HOLDOUT_PATH) + load_records(BLIND_PATH)
    claims = {_key(r.claim) for r in held}
    passages = {_key(r.passage) for r in held}
    assert [r["id"] for r in rows if _key(r["claim"]) in claims] == []
    assert [r["id"] for r in rows if _key(r["passage"]) in passages] == []
    theirs = [content_words(r.passage) for r in {r.passage: r for r in held}.values()]
    near: list[str] = []
    for r in {r["passage"]: r for r in rows}.values():
        ours = content_words(r["passage"])
        if any(len(ours & t) / max(1, len(ours | t)) >= 0.5 for t in theirs):
            near.append(r["id"])
    assert near == []


def test_nothing_is_taken_from_the_seed_articles(rows: list[dict[str, str]]) -> None:
    seed_runs: set[tuple[str, ...]] = set()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        words = _words(path.read_text(encoding="utf-8"))
        seed_runs.update(tuple(words[i : i + 8]) for i in range(len(words) - 7))
    assert seed_runs, "seed articles not found"
    copied: list[str] = []
    for r in rows:
        words = _words(r["passage"])
        if any(tuple(words[i : i + 8]) in seed_runs for i in range(len(words) - 7)):
            copied.append(r["id"])
    assert copied == []
