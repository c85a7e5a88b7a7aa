"""The seed-claim reader: which claims it checks and how a verdict reads."""

from __future__ import annotations

from eval.seeds import ISSUE_CLAIMS, default_claims, describe


def test_default_claims_are_the_issue_s_then_the_bench_s_without_repeats() -> None:
    claims = default_claims()
    assert claims[: len(ISSUE_CLAIMS)] == list(ISSUE_CLAIMS)
    assert len(claims) == len(set(claims))
    # "Kherson has two million inhabitants" is in both lists: checked once
    assert claims.count("Kherson has two million inhabitants") == 1
    assert "The United Nations recorded 227 civilian deaths" in claims


def test_describe_names_the_rule_that_decided() -> None:
    passage = {
        "text": "Kherson, a city of 280,000 people, is a strategic port to the Black Sea.",
        "stance": {
            "label": "contradicts",
            "confidence": 0.86,
            "reason": "number mismatch: two million vs 280,000",
        },
    }
    body = {
        "verdict": {"label": "contradicted", "confidence": 0.66},
        "supporting": [],
        "contradicting": [passage, passage, passage],
        "related": [],
    }
    lines = describe(body, per_list=2)
    assert lines[0] == "  verdict: contradicted (0.66)"
    assert len(lines) == 3  # two of the three contradicting passages
    assert lines[1].startswith("  cont contradicts 0.86 'Kherson, a city of 280,000")
    assert lines[1].endswith("[number mismatch: two million vs 280,000]")
