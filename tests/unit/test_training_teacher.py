"""RTE non-entailments as neutral pairs, less those a trained model reads as contradictions."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from factcheck.stance.base import StanceLabel
from training import data, mix, teacher

ROWS = [
    {
        "id": "rte_1",
        "premise": "No weapons of mass destruction have been found in Iraq yet.",
        "hypothesis": "Weapons of mass destruction were found in Iraq.",
        "orig_label": "not_entailment",
    },
    {
        "id": "rte_2",
        "premise": "Stefano Falconi, finance director at MIT, has joined Carnegie Mellon as CFO.",
        "hypothesis": "MIT appoints Stefano Falconi as chief financial officer.",
        "orig_label": "not_entailment",
    },
    {
        "id": "rte_3",
        "premise": "Catholics in Chicago marked the installation of new Pope Benedict XVI.",
        "hypothesis": "Pope Benedict XVI is the new leader of the Roman Catholic Church.",
        "orig_label": "entailment",
    },
]


@pytest.fixture
def train_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "rte"
    folder.mkdir()
    with gzip.open(folder / "pairs.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(row) + "\n" for row in ROWS)
    monkeypatch.setenv("FACTCHECK_TRAIN_DATA", str(tmp_path))
    return tmp_path


def test_not_entailed_pairs_are_neutral_and_skip_the_excluded(train_root: Path) -> None:
    pairs = data.load_not_entailed("rte", exclude={"rte_1"}, root=train_root)
    assert [(p.claim, p.passage, p.group) for p in pairs] == [
        (ROWS[1]["hypothesis"], ROWS[1]["premise"], "rte_2")
    ]
    assert all(p.label is StanceLabel.NEUTRAL for p in pairs)
    # nothing excluded: every non-entailment, never the entailment
    assert {p.group for p in data.load_not_entailed("rte", root=train_root)} == {"rte_1", "rte_2"}


def test_the_teacher_only_names_not_entailed_pairs(train_root: Path) -> None:
    # the shipped model reads the pairs; whatever it calls contradicts is a non-entailment id
    ids = teacher.contradiction_ids(None)
    assert set(ids) <= {"rte_1", "rte_2"}
    assert ids == sorted(ids)


def test_the_checked_in_contradictions_are_rte_non_entailments() -> None:
    ids = teacher.read_contradictions()
    not_entailed = {p.group for p in data.load_not_entailed("rte")}
    assert ids and ids <= not_entailed
    # the mix takes the rest, all as neutral
    kept = mix.JOINT_NOT_ENTAILED_MIX["rte_not_entailed"].load()
    assert {p.group for p in kept} == not_entailed - ids


def test_the_not_entailed_mix_adds_only_the_rte_neutrals() -> None:
    extra = set(mix.JOINT_NOT_ENTAILED_MIX) - set(mix.JOINT_CLOSE_MIX)
    assert extra == {"rte_not_entailed"}
    kept = {k: v for k, v in mix.JOINT_NOT_ENTAILED_MIX.items() if k in mix.JOINT_CLOSE_MIX}
    assert kept == mix.JOINT_CLOSE_MIX
