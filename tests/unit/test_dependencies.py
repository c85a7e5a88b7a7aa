"""pyproject.toml declares every third-party package the code imports, in the right group.

The runtime (``factcheck``, ``api``, ``indexer``) may import only ``dependencies`` and the extras
of its optional features (``ray``: ``python -m indexer --ray``); the trainer also ``train``; the
tests, the benchmarks and the evaluation everything (which ``make test`` installs). A fresh clone
installs from this file alone, so an undeclared import works on the machine where it was written
and fails in CI or in the image.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIRST_PARTY = {"factcheck", "api", "indexer", "training", "eval", "bench", "tests", "examples"}
# torch is installed by the Makefile before everything else, pinned, and deliberately not
# declared (a deployment may bring its own CPU build; see pyproject.toml).
PREINSTALLED = {"torch"}
GROUPS = {
    "runtime": (("factcheck", "api", "indexer"), ("dependencies", "ray")),
    "training": (("training",), ("dependencies", "train")),
    "tools": (("tests", "bench", "eval"), ("dependencies", "dev", "train", "ray")),
}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(*groups: str) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = [
        r for g in groups
        for r in (project["dependencies"] if g == "dependencies"
                  else project["optional-dependencies"][g])
    ]
    return {_canonical(re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0]) for r in requirements}


def imported_top_levels(folders: tuple[str, ...]) -> dict[str, str]:
    """Top-level module -> one file importing it, for the absolute imports under ``folders``."""
    found: dict[str, str] = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("group", GROUPS)
def test_every_import_is_declared(group: str) -> None:
    folders, groups = GROUPS[group]
    allowed = declared(*groups)
    distributions = packages_distributions()
    missing = []
    for module, where in sorted(imported_top_levels(folders).items()):
        if module in FIRST_PARTY or module in sys.stdlib_module_names or module in PREINSTALLED:
            continue
        names = {_canonical(d) for d in distributions.get(module, [module])}
        if not names & allowed:
            missing.append(f"{module} ({where}) from {sorted(names)}")
    assert missing == [], f"imported but not declared in {groups}"
