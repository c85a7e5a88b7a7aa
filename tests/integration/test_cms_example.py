"""examples/cms against the real server: what a CMS plugin sends, and what it gets back."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import API_TEST_KEY

CMS = Path(__file__).resolve().parents[2] / "examples" / "cms"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

# An emoji first (a heading line, not a sentence): the module must turn the API's code-point
# offsets into JavaScript (UTF-16) indices.
DRAFT = (
    "Live 🇺🇦\n\nRussian forces took control of the port city of Kherson on Thursday. "
    "Is this the beginning of the end?\n\nKherson is a city of 5 million people. "
    "I think the talks were a waste of time."
)


def run_demo(plan: dict[str, Any]) -> dict[str, Any]:
    assert NODE is not None
    proc = subprocess.run([NODE, "demo.mjs"], cwd=CMS, input=json.dumps(plan),
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def test_plugin_checks_a_claim_and_highlights_a_draft(api_server_url: str) -> None:
    endpoint = f"{api_server_url}/graphql"
    claim = "Lavrov said Ukraine would be demilitarized even if a peace deal were signed"
    out = run_demo({"endpoint": endpoint, "claim": claim, "draft": DRAFT})

    check = out["check"]
    assert check["claim"] == claim
    evidence = [*check["supporting"], *check["contradicting"], *check["related"]]
    assert any(p["attribution"] and "Lavrov" in p["attribution"]["speaker"] for p in evidence)
    # The same answer the REST endpoint gives.
    rest = httpx.post(f"{api_server_url}/v1/check", json={"claim": claim}, timeout=60).json()
    assert check["verdict"]["label"].lower() == rest["verdict"]["label"]
    assert [p["id"] for p in evidence] == [
        p["id"] for p in [*rest["supporting"], *rest["contradicting"], *rest["related"]]
    ]

    ranges = out["ranges"]
    assert [r["text"] for r in ranges] == [
        "Russian forces took control of the port city of Kherson on Thursday.",
        "Kherson is a city of 5 million people.",
    ]
    # Python slices by code point, JavaScript by UTF-16 unit: the helper bridged the two.
    utf16 = DRAFT.encode("utf-16-le")
    for r in ranges:
        assert utf16[2 * r["start"]: 2 * r["end"]].decode("utf-16-le") == r["text"]
        assert r["className"].startswith("factcheck-")
    assert "".join(s["text"] for s in out["segments"]) == DRAFT
    skipped = {s["reason"] for s in out["checkText"]["skipped"]}
    assert {"QUESTION", "OPINION"} <= skipped


def test_plugin_without_a_key_cannot_publish(api_server_url: str) -> None:
    out = run_demo({"endpoint": f"{api_server_url}/graphql", "delete": False,
                    "article": {"id": "cms-nokey", "body": "Kherson fell on Thursday."}})
    assert out["ingest"]["code"] == "UNAUTHENTICATED" and out["ingest"]["status"] == 401


def test_plugin_publishes_finds_and_unpublishes_an_article(keyed_api_server_url: str) -> None:
    article = {
        "id": "cms-demo-1",
        "title": "Ferry service to Port Elsworth resumes",
        "source": "Elsworth Gazette",
        "publishedAt": "2024-05-16",
        "body": "The ferry service between Elsworth and Marrow Island resumed on Thursday after "
                "storms, the operator said.",
    }
    out = run_demo({
        "endpoint": f"{keyed_api_server_url}/graphql",
        "apiKey": API_TEST_KEY,
        "article": article,
        "afterIngestClaim": "The Elsworth ferry to Marrow Island is running again",
    })
    assert out["ingest"]["indexed"] == ["cms-demo-1"]
    evidence = [*out["afterIngest"]["supporting"], *out["afterIngest"]["contradicting"],
                *out["afterIngest"]["related"]]
    assert any(p["article"]["id"] == "cms-demo-1" for p in evidence)
    assert out["delete"] == {"__typename": "DeleteResult", "id": "cms-demo-1", "deleted": True}
    gone = httpx.get(f"{keyed_api_server_url}/v1/articles/cms-demo-1", timeout=30)
    assert gone.status_code == 404
