"""The browser extension end to end: Debian's Chromium with the unpacked extension, the real API
serving the seed index.

``extension/test/e2e.mjs`` drives the browser (set the API URL in the options page, highlight a
seed sentence on a page served from 127.0.0.1, run the context-menu handler in the service worker,
read the panel) and writes what the panel shows to ``report.json`` and a screenshot to
``extension/test/artifacts/panel.png``. This test then holds the panel to the API's own answer
for the same claim. Set-up: ``bash extension/setup.sh``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
ARTIFACTS = EXTENSION / "test" / "artifacts"
CHROMIUM = Path(os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium"))
CLAIM = (
    "Foreign Minister Sergei Lavrov earlier told journalists that Ukraine would be demilitarized "
    "even if a peace agreement were signed."
)
SPEAKER = "Foreign Minister Sergei Lavrov"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} is missing: install Debian's Chromium (bash extension/setup.sh)",
    ),
]


def _shown_date(published_at: str | None) -> str:
    if not published_at:
        return "date unknown"
    year, month, day = published_at.split("-")
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def _run_browser(api_url: str) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: run `bash extension/setup.sh`", pytrace=False)
    if not (EXTENSION / "node_modules" / "playwright-core").is_dir():
        pytest.fail(
            "extension/node_modules is missing: run `bash extension/setup.sh`", pytrace=False
        )
    report_path = ARTIFACTS / "report.json"
    report_path.unlink(missing_ok=True)
    env = {
        **os.environ,
        "FACTCHECK_E2E_API_URL": api_url,
        "FACTCHECK_E2E_CLAIM": CLAIM,
        "FACTCHECK_E2E_SPEAKER": SPEAKER,
        "FACTCHECK_E2E_ARTIFACTS": str(ARTIFACTS),
        "FACTCHECK_E2E_CHROMIUM": str(CHROMIUM),
    }
    command = [node, "--test-reporter=spec", str(EXTENSION / "test" / "e2e.mjs")]
    xvfb_run = shutil.which("xvfb-run")
    if not os.environ.get("DISPLAY") and xvfb_run is not None:
        # A virtual display lets e2e.mjs run Chromium headed and press the real shortcut.
        command = [xvfb_run, "-a", "-s", "-screen 0 1280x860x24", *command]
    proc = subprocess.run(
        command,
        cwd=EXTENSION,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, f"e2e.mjs failed:\n{proc.stdout}\n{proc.stderr}"
    # node:test also exits 0 when the suite is skipped: the report proves the browser ran.
    assert report_path.exists(), f"e2e.mjs ran no browser:\n{proc.stdout}"
    report: dict[str, Any] = json.loads(report_path.read_text(encoding="utf-8"))
    return report


def test_panel_shows_what_the_api_says_about_a_highlighted_sentence(api_server_url: str) -> None:
    report = _run_browser(api_server_url)
    answer = httpx.post(
        f"{api_server_url}/v1/check", json={"claim": CLAIM, "top_k": 10}, timeout=120
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()

    # The extension sent exactly the highlighted sentence and got an answer.
    assert report["record"] == {
        "claim": CLAIM,
        "status": "done",
        "outcomeType": "answer",
        "httpStatus": 200,
    }
    panel = report["panel"]
    assert panel["state"] == "result"
    assert panel["verdict"] == body["verdict"]["label"]

    # The published fact-check of the same claim (the seed index holds one) comes first.
    assert [f["id"] for f in panel["factChecks"]] == [f["id"] for f in body["fact_checks"]]
    assert body["fact_checks"], "the seed index's fact-check did not match the seed sentence"
    assert panel["firstSection"] == "fact_checks"
    shown_review, review = panel["factChecks"][0], body["fact_checks"][0]
    assert shown_review["claim"] == review["claim"]
    assert shown_review["rating"] == review["rating"]
    assert shown_review["publisher"] == review["publisher"]
    assert shown_review["link"] == review["url"] and shown_review["visible"]

    # Every passage of the answer is in the panel, in the API's sections and order.
    sections = {s["key"]: s for s in panel["sections"]}
    for key in ("supporting", "contradicting", "related"):
        assert [p["id"] for p in sections[key]["passages"]] == [p["id"] for p in body[key]], key
    assert sections["related"]["folded"] and not sections["related"]["open"]

    # The seed sentence itself, with its speaker, source, date and article link.
    expected = [
        (key, p)
        for key in ("supporting", "contradicting", "related")
        for p in body[key]
        if "Ukraine would be demilitarized" in p["text"]
    ]
    assert expected, f"the API found no passage with the seed sentence: {body}"
    key, passage = expected[0]
    shown = next(p for p in sections[key]["passages"] if p["id"] == passage["id"])
    assert shown["text"] == passage["text"]
    assert passage["attribution"] is not None, passage
    assert SPEAKER in passage["attribution"]["speaker"]
    assert shown["speaker"] == passage["attribution"]["speaker"]
    article = passage["article"]
    assert shown["source"] == (article["source"] or "unknown source")
    assert shown["date"] == _shown_date(article["published_at"])
    assert shown["link"] == (article["url"] or None)
    # Visible at once, or (in the folded related section) once its section is opened.
    assert report["passage"]["id"] == passage["id"]
    assert shown["visible"] or (key == "related" and report["passage"]["visibleAfterExpanding"])

    # The other states seen in the same browser run.
    assert "Nothing selected" in report["emptySelection"]
    assert report["tooLong"]["sentLength"] <= 2000
    assert "at most 2,000" in report["tooLong"]["notice"]
    assert "Fact-check API unreachable" in report["unreachable"]

    # With a display, the real Alt+Shift+F opened the side panel and checked the same sentence.
    if report["headed"]:
        assert report["keystroke"]["via"] == "command"
        assert report["keystroke"]["claim"] == CLAIM
        assert report["keystroke"]["sidePanelOpened"]

    screenshot = ARTIFACTS / "panel.png"
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
