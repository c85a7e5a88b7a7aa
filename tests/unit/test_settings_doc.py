"""Every setting is in Settings, and the README's table names every one of them (and no other)."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import AliasChoices, BaseModel
from pydantic_settings import BaseSettings

from factcheck.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
# Variables that configure tools around the service, not the service: read where they are used.
TOOL_VARIABLES = {"FACTCHECK_BENCH_CACHE", "FACTCHECK_BENCH_INDEX", "FACTCHECK_FUZZ_EXAMPLES",
                  "FACTCHECK_CHROMIUM", "FACTCHECK_SHARED_FACTCHECKS",
                  "FACTCHECK_BENCH_SOURCE_URL"}


def _names(model: type[BaseModel], prefix: str) -> set[str]:
    names: set[str] = set()
    for field, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseSettings):
            own = annotation.model_config.get("env_prefix", "")
            names |= _names(annotation, str(own))  # a group with its own prefix (Elasticsearch)
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names |= _names(annotation, f"{prefix}{field.upper()}__")
        elif isinstance(info.validation_alias, AliasChoices):
            names |= {str(c) for c in info.validation_alias.choices}
        else:
            names.add(f"{prefix}{field.upper()}")
    return names


def settings_variables() -> set[str]:
    return _names(Settings, str(Settings.model_config.get("env_prefix", "")))


def readme_variables() -> set[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Configuration (environment)", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`((?:FACTCHECK|ELASTICSEARCH)_[A-Z0-9_]+)`", section))


def test_the_readme_table_lists_every_setting_and_only_settings() -> None:
    expected = settings_variables()
    assert "FACTCHECK_MODEL__ONNX_SPINNING" in expected and "ELASTICSEARCH_URL" in expected
    documented = readme_variables()
    assert sorted(expected - documented) == [], "settings missing from the README's table"
    assert sorted(documented - expected) == [], "README names variables Settings does not read"


_READ = re.compile(
    r"""(?:environ\.get|getenv|environ\[)\(?\s*["']((?:FACTCHECK|ELASTICSEARCH)_[A-Z0-9_]+)"""
)


def test_nothing_reads_our_variables_behind_settings_back() -> None:
    """Reading a FACTCHECK_ or ELASTICSEARCH_ variable from the environment anywhere (but for a
    tool's own knobs) means a setting that Settings does not know about."""
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for folder in ("factcheck", "api", "indexer", "eval", "training", "bench", "tests")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for name in _READ.findall(path.read_text(encoding="utf-8"))
        if name not in TOOL_VARIABLES and path != Path(__file__)
    ]
    assert offenders == []


def test_the_checker_sees_a_read() -> None:
    assert _READ.findall('x = os.environ.get("FACTCHECK_NEW", "1") + os.getenv(\'FACTCHECK_B\')')\
        == ["FACTCHECK_NEW", "FACTCHECK_B"]
