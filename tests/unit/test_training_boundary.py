"""The runtime (factcheck, api, indexer) never imports the training package or the evaluation."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ("factcheck", "api", "indexer")
OUTSIDE = ("training", "eval")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", RUNTIME)
def test_runtime_package_does_not_import_training_or_eval(package: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in imported_modules(path)
        if name.split(".")[0] in OUTSIDE
    ]
    assert offenders == []


def test_the_checker_sees_an_import_of_training(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from training.data import Pair\nimport eval.stance\n")
    assert {"training.data", "eval.stance"} <= imported_modules(module)
