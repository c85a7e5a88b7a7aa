"""Integrity of the news contrast set (eval/news_contrast): schema, balance, provenance, no leak."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from eval.news_contrast import (
    BLIND_PATH,
    HOLDOUT_PATH,
    LABELS,
    PAIRS_PATH,
    PHENOMENA,
    SOURCE,
    WRITTEN,
    ContrastRecord,
    load_pairs,
    load_records,
)
from factcheck.stance.base import StanceLabel
from training.data import Pair, climate_fever_path, data_root

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _key(text: str) -> str:
    """Loose form for leak checks: case, quotes, spacing and final full stop do not matter."""
    return " ".join(text.translate(_QUOTES).lower().split()).rstrip(" .")


@pytest.fixture(scope="module")
def records() -> list[ContrastRecord]:
    return load_records()


@pytest.fixture(scope="module")
def holdout() -> list[ContrastRecord]:
    return load_records(HOLDOUT_PATH)


def test_holdout_is_its_own_set(
    records: list[ContrastRecord], holdout: list[ContrastRecord]
) -> None:
    """The hold-out shares no id, pair, claim-passage pairing or passage wording with the main set,
    and has every label at a fair share."""
    assert len(holdout) >= 50
    ids = [r.id for r in records + holdout]
    assert len(set(ids)) == len(ids) and all(r.id.startswith("nch-") for r in holdout)
    main_passages = {_key(r.passage) for r in records}
    assert [r.id for r in holdout if _key(r.passage) in main_passages] == []
    assert all(r.source == WRITTEN for r in holdout)
    counts = Counter(r.label for r in holdout)
    assert all(counts[label] / len(holdout) >= 0.2 for label in StanceLabel), counts


def test_blind_set_is_its_own_set(
    records: list[ContrastRecord], holdout: list[ContrastRecord]
) -> None:
    """The blind set shares no id or passage with the main set or the hold-out, has every label at
    a fair share, and is large enough to tell runs apart (about +-3 points at 250 pairs)."""
    blind = load_records(BLIND_PATH)
    assert len(blind) >= 250
    ids = [r.id for r in records + holdout + blind]
    assert len(set(ids)) == len(ids) and all(r.id.startswith("ncb-") for r in blind)
    theirs = {_key(r.passage) for r in records + holdout}
    assert [r.id for r in blind if _key(r.passage) in theirs] == []
    assert all(r.source == WRITTEN for r in blind)
    counts = Counter(r.label for r in blind)
    assert all(counts[label] / len(blind) >= 0.3 for label in StanceLabel), counts


def test_loader_returns_evaluation_pairs(records: list[ContrastRecord]) -> None:
    pairs = load_pairs()
    assert len(pairs) == len(records)
    assert all(isinstance(p, Pair) and p.source == SOURCE for p in pairs)
    assert [p.label for p in pairs] == [r.label for r in records]
    assert [p.group for p in pairs] == [r.phenomenon for r in records]


def test_every_line_has_the_schema() -> None:
    lines = [line for line in PAIRS_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    for line in lines:
        row = json.loads(line)
        assert set(row) >= {"id", "claim", "passage", "label", "phenomenon", "source"}, row
        assert set(row) <= {"id", "claim", "passage", "label", "phenomenon", "source", "note"}
        assert row["label"] in LABELS and row["phenomenon"] in PHENOMENA, row["id"]
        assert row["source"] == WRITTEN or (SEEDS / row["source"]).is_file(), row["id"]


def test_malformed_line_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "pairs.jsonl"
    good = {"id": "x-1", "claim": "c", "passage": "p", "label": "support"}
    bad.write_text(
        json.dumps({**good, "phenomenon": "paraphrase", "source": "written"})
        + "\n"
        + json.dumps({**good, "label": "supports", "phenomenon": "paraphrase", "source": "w"})
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"pairs\.jsonl:2: field 'label'"):
        load_records(bad)


def test_size_and_label_balance(records: list[ContrastRecord]) -> None:
    assert len(records) >= 200
    counts = Counter(r.label for r in records)
    for label in StanceLabel:
        share = counts[label] / len(records)
        assert 0.30 <= share <= 0.37, (label, counts)


def test_every_phenomenon_is_well_represented(records: list[ContrastRecord]) -> None:
    counts = Counter(r.phenomenon for r in records)
    assert all(counts[p] >= 10 for p in PHENOMENA), counts
    # The most important case (issue 12): same topic, no stance. It is neutral by definition.
    assert counts["same_topic_neutral"] >= 40
    assert {r.label for r in records if r.phenomenon == "same_topic_neutral"} == {
        StanceLabel.NEUTRAL
    }


def test_ids_and_pairs_are_unique(records: list[ContrastRecord]) -> None:
    ids = [r.id for r in records]
    assert len(set(ids)) == len(ids)
    pairs = Counter((_ws(r.claim), _ws(r.passage)) for r in records)
    assert [k for k, n in pairs.items() if n > 1] == []
    assert all(_key(r.claim) != _key(r.passage) for r in records)


def test_seed_passages_are_verbatim(records: list[ContrastRecord]) -> None:
    texts = {p.name: _ws(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}
    seeded = [r for r in records if r.source != WRITTEN]
    assert len(seeded) >= len(records) // 2
    missing = [r.id for r in seeded if _ws(r.passage) not in texts[r.source]]
    assert missing == []


def test_issue_seed_cases_are_present(records: list[ContrastRecord]) -> None:
    """The four claims of issue 12, each with the seed sentence that decides it."""
    expect = [
        ("Kherson was still fully under Ukrainian control on Thursday", "took control Thursday"),
        ("Putin and Zelenskyy met face to face during the talks", "have yet to meet directly"),
        (
            "Ukraine's delegation said the second round achieved everything it wanted",
            "the results Ukraine needs are not yet achieved",
        ),
        ("Kherson has two million inhabitants", "a city of 280,000 people"),
    ]
    for claim, phrase in expect:
        assert any(
            r.claim == claim and r.label == StanceLabel.CONTRADICTS and phrase in r.passage
            for r in records
        ), claim
    met = "Delegations from Ukraine and Russia met for a second round of talks Thursday afternoon."
    assert any(
        r.passage == met and r.label == StanceLabel.NEUTRAL and r.claim.startswith("Putin and Z")
        for r in records
    )


def _jsonl_gz(path: Path) -> Iterator[dict[str, object]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _training_texts() -> Iterator[tuple[str | None, str | None]]:
    """(hypothesis, premise) of every normalised training / evaluation file we have."""
    for path in sorted(data_root().glob("*/*.jsonl.gz")):
        if path.name.startswith("raw_"):
            continue
        for row in _jsonl_gz(path):
            h, p = row.get("hypothesis"), row.get("premise")
            yield (h if isinstance(h, str) else None, p if isinstance(p, str) else None)
    if climate_fever_path().is_file():
        with climate_fever_path().open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                for ev in row.get("evidences", []):
                    yield row.get("claim"), ev.get("evidence")


@pytest.mark.skipif(not data_root().is_dir(), reason="shared training data not present")
def test_no_claim_or_passage_appears_in_training_data(
    records: list[ContrastRecord], holdout: list[ContrastRecord]
) -> None:
    """Stronger than 'no pair': none of our claims is a hypothesis, none of our passages a premise,
    in any corpus file the trainer reads (``training.data.data_root()``) or Climate-FEVER; for
    the main set and the hold-out."""
    records = records + holdout + load_records(BLIND_PATH)
    claims = {_key(r.claim) for r in records}
    passages = {_key(r.passage) for r in records}
    pairs = {(_key(r.claim), _key(r.passage)) for r in records}
    leaks: list[tuple[str | None, str | None]] = []
    scanned = 0
    for hypothesis, premise in _training_texts():
        scanned += 1
        h = _key(hypothesis) if hypothesis else None
        p = _key(premise) if premise else None
        if (h in claims) or (p in passages) or ((h, p) in pairs):
            leaks.append((hypothesis, premise))
    assert scanned > 100_000  # the scan really read the corpora
    assert leaks == []


def test_the_trainer_never_reads_this_set() -> None:
    readers = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "training").rglob("*.py"))
        if "news_contrast" in path.read_text(encoding="utf-8")
    ]
    assert readers == []
