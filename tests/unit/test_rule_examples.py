"""The examples in the rules' docstrings run, so that what they show stays true."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType

import pytest

import factcheck.stance.rules as rules


def _modules() -> list[ModuleType]:
    names = [f"{rules.__name__}.{m.name}" for m in pkgutil.iter_modules(rules.__path__)]
    return [rules, *(importlib.import_module(n) for n in names)]


@pytest.mark.parametrize("module", _modules(), ids=lambda m: m.__name__)
def test_docstring_examples_hold(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed"
