"""examples/cms: its documents are valid against the schema, the JS module carries them verbatim,
and its own Node tests pass. (It runs against the real server in tests/integration.)"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import graphql
import pytest

from api.graphql.export import schema_sdl

CMS = Path(__file__).resolve().parents[2] / "examples" / "cms"
DOCUMENTS = sorted((CMS / "queries").glob("*.graphql"))
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


def test_there_are_documents_for_what_a_cms_does() -> None:
    names = {path.stem for path in DOCUMENTS}
    assert {"check", "checkText", "factChecks", "ingestArticle", "deleteArticle"} <= names


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_documents_are_valid_against_the_schema(path: Path) -> None:
    schema = graphql.build_schema(schema_sdl())
    errors = graphql.validate(schema, graphql.parse(path.read_text()))
    assert errors == [], [e.message for e in errors]


@needs_node
def test_js_module_sends_the_documents_verbatim() -> None:
    assert NODE is not None
    script = (
        "import('./factcheck-cms.mjs').then(m => console.log(JSON.stringify({check: m.CHECK, "
        "checkText: m.CHECK_TEXT, factChecks: m.FACT_CHECKS, ingestArticle: m.INGEST_ARTICLE, "
        "deleteArticle: m.DELETE_ARTICLE})))"
    )
    out = subprocess.run([NODE, "-e", script], cwd=CMS, capture_output=True, text=True,
                         check=True, timeout=60)
    embedded = json.loads(out.stdout)
    for name, text in embedded.items():
        assert text == (CMS / "queries" / f"{name}.graphql").read_text(), name


@needs_node
def test_node_tests_of_the_example_pass() -> None:
    assert NODE is not None
    proc = subprocess.run([NODE, "--test", "test/"], cwd=CMS, capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "# fail 0" in proc.stdout
