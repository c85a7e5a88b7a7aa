"""The claims of issue 12 through the real service on the seed stories (real index, real model).

A false claim must come back contradicted with the passage that refutes it named in
``contradicting`` and nothing in ``supporting`` (no seed sentence entails a false claim; one
known exception is marked); the
true claims must still come back supported by the sentences that state them.
"""

from __future__ import annotations

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


@pytest.mark.parametrize(("claim", "refuting"), FALSE_CLAIMS, ids=[c for c, _ in FALSE_CLAIMS])
def test_false_seed_claim_is_contradicted_with_its_refutation(
    client: TestClient, claim: str, refuting: tuple[str, ...]
) -> None:
    body = check(client, claim)
    verdict = body["verdict"]
    assert isinstance(verdict, dict)
    contradicting = texts(body, "contradicting")
    assert verdict["label"] == "contradicted", (verdict, contradicting, texts(body, "supporting"))
    assert any(r in t for r in refuting for t in contradicting), contradicting


PUTIN_KNOWN = pytest.mark.xfail(
    strict=True,
    reason="known weakness (MODEL_CARD.md): 'Delegations from Ukraine and Russia met ...' and two "
    "other talks sentences are judged supports at 0.41-0.43, above the fitted support threshold "
    "(0.40), so they are listed as supporting although the verdict is contradicted",
)


@pytest.mark.parametrize(
    "claim",
    [pytest.param(c, marks=PUTIN_KNOWN) if c.startswith("Putin") else c for c, _ in FALSE_CLAIMS],
)
def test_false_seed_claim_has_no_supporting_passage(client: TestClient, claim: str) -> None:
    # No seed sentence entails a false claim: anything listed as supporting is topical only.
    assert texts(check(client, claim), "supporting") == []


@pytest.mark.parametrize(("claim", "stating"), TRUE_CLAIMS, ids=[c for c, _ in TRUE_CLAIMS])
def test_true_seed_claim_is_supported_by_the_sentence_stating_it(
    client: TestClient, claim: str, stating: tuple[str, ...]
) -> None:
    body = check(client, claim)
    verdict = body["verdict"]
    assert isinstance(verdict, dict)
    supporting = texts(body, "supporting")
    assert verdict["label"] == "supported", (verdict, supporting, texts(body, "contradicting"))
    assert any(s in t for s in stating for t in supporting), supporting
