"""The claims of issue 12 through the real service on the seed stories (real index, real model).

A false claim must come back contradicted with the passage that refutes it named in
``contradicting`` and nothing in ``supporting`` (no seed sentence entails a false claim); the
true claims must still come back supported by the sentences that state them. The shipped
artifact's known failures are marked ``xfail(strict=True)`` with the measured reason.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

pytestmark = pytest.mark.integration

FALSE_CLAIMS = [
    (
        "Kherson was still fully under Ukrainian control on Thursday",
        ("confirmed the seizure of Kherson", "took control Thursday of the strategic"),
    ),
    (
        "Putin and Zelenskyy met face to face during the talks",
        ("Putin and Zelenskyy have yet to meet",),
    ),
    (
        "Ukraine's delegation said the second round achieved everything it wanted",
        ("are not yet achieved",),
    ),
    ("Kherson has two million inhabitants", ("a city of 280,000 people",)),
]
TRUE_CLAIMS = [
    (
        "Russian troops took over the regional government building in Kherson",
        ("seized a key government building", "occupied the Kherson Regional State Administration"),
    ),
    ("Over a million people have fled Ukraine", ("1 million",)),
]


def check(client: TestClient, claim: str) -> dict[str, object]:
    response = client.post("/v1/check", json={"claim": claim})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def texts(body: dict[str, object], key: str) -> list[str]:
    passages = body[key]
    assert isinstance(passages, list)
    return [str(p["text"]) for p in passages]


# Known failures of the shipped artifact (MODEL_CARD.md, "Known weaknesses"), claim -> mark, each
# ``pytest.mark.xfail(strict=True, reason=...)``: a fix makes the test fail until the mark is
# removed, so the card and the tests cannot drift apart. None with s54 (the mean of s51 and v52),
# nor with v31, v29 or v15 before it (v13 answered the regional-building claim
# not_enough_evidence). s51 missed the ministry's denial below: the speaker check's finding
# (weight 0.5) left it at contradicts 0.553, under the fitted threshold of 0.60; the check weighs
# 0.6 since the ninth session (factcheck/stance/rules/base.py).
KNOWN_FAILURES: dict[str, pytest.MarkDecorator] = {}


def _marked(
    claims: list[tuple[str, tuple[str, ...]]], known: dict[str, pytest.MarkDecorator]
) -> list[Any]:
    """One parameter set per claim, carrying its known-failure mark if it has one."""
    return [pytest.param(c, r, id=c, marks=[known[c]] if c in known else []) for c, r in claims]


@pytest.mark.parametrize(
    ("claim", "refuting"),
    _marked(FALSE_CLAIMS, KNOWN_FAILURES),
)
def test_false_seed_claim_is_contradicted_with_its_refutation(
    client: TestClient, claim: str, refuting: tuple[str, ...]
) -> None:
    body = check(client, claim)
    verdict = body["verdict"]
    assert isinstance(verdict, dict)
    contradicting = texts(body, "contradicting")
    assert verdict["label"] == "contradicted", (verdict, contradicting, texts(body, "supporting"))
    assert any(r in t for r in refuting for t in contradicting), contradicting


@pytest.mark.parametrize("claim", [c for c, _ in FALSE_CLAIMS])
def test_false_seed_claim_has_no_supporting_passage(client: TestClient, claim: str) -> None:
    # No seed sentence entails a false claim: anything listed as supporting is topical only.
    assert texts(check(client, claim), "supporting") == []


@pytest.mark.parametrize(
    "claim",
    [
        # The seeds report a demand for a ceasefire, never an agreement.
        "Russia and Ukraine agreed a ceasefire in Kherson",
        # They report the *second* round of talks in Belarus; of a third they say nothing.
        "The third round of peace talks took place in Belarus",
    ],
)
def test_a_claim_the_seeds_only_touch_is_not_supported(client: TestClient, claim: str) -> None:
    body = check(client, claim)
    verdict = body["verdict"]
    assert isinstance(verdict, dict)
    assert verdict["label"] != "supported", texts(body, "supporting")
    assert texts(body, "supporting") == []


@pytest.mark.parametrize(
    ("claim", "stating"),
    _marked(TRUE_CLAIMS, KNOWN_FAILURES),
)
def test_true_seed_claim_is_supported_by_the_sentence_stating_it(
    client: TestClient, claim: str, stating: tuple[str, ...]
) -> None:
    body = check(client, claim)
    verdict = body["verdict"]
    assert isinstance(verdict, dict)
    supporting = texts(body, "supporting")
    assert verdict["label"] == "supported", (verdict, supporting, texts(body, "contradicting"))
    assert any(s in t for s in stating for t in supporting), supporting


@pytest.mark.parametrize(
    ("claim", "refuting"),
    [
        # The office check: the seeds name Lavrov foreign minister, Reznikov defense minister.
        ("Sergei Lavrov is Russia's defense minister", ("Foreign Minister Serge",)),
        ("Oleksii Reznikov is Ukraine's foreign minister", ("Defense Minister Oleksii Reznikov",)),
        # The speaker checks: Ukraine's defense ministry *denied* it; what Russia's announced is
        # another speaker's word, not support.
        (
            "Ukraine's defense ministry said Kherson was under Moscow's control",
            ("spokeswoman for the Ukrainian defense ministry denied",),
        ),
    ],
)
def test_false_claim_about_who_holds_an_office_or_said_what_is_contradicted(
    client: TestClient, claim: str, refuting: tuple[str, ...]
) -> None:
    body = check(client, claim)
    verdict = body["verdict"]
    assert isinstance(verdict, dict)
    contradicting = texts(body, "contradicting")
    assert verdict["label"] == "contradicted", (verdict, contradicting, texts(body, "supporting"))
    assert any(r in t for r in refuting for t in contradicting), contradicting
    assert texts(body, "supporting") == []
