"""The stance report: agreed votes (Climate-FEVER label noise), the rules' drop tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.stance import agreed_votes_metrics
from factcheck.stance.base import StanceLabel
from training.data import Pair

# The number rule's clearest case: it fires, rightly.
TWO_MILLION = Pair(
    "Kherson has two million inhabitants",
    "Kherson is a city of 280,000 people.",
    StanceLabel.CONTRADICTS,
    "t",
    group="number",
)


def _pair(label: StanceLabel, votes: tuple[float, float, float] | None) -> Pair:
    return Pair("claim", "passage", label, "climate_fever", votes=votes)


def test_only_unanimous_pairs_are_scored() -> None:
    pairs = [
        _pair(StanceLabel.SUPPORTS, (1.0, 0.0, 0.0)),
        _pair(StanceLabel.NEUTRAL, (0.5, 0.0, 0.5)),  # a tie: gold neutral, left out
        _pair(StanceLabel.CONTRADICTS, (0.0, 1.0, 0.0)),
        _pair(StanceLabel.NEUTRAL, (0.0, 0.0, 1.0)),
    ]
    gold = [0, 2, 1, 2]
    pred = [0, 0, 2, 2]  # right, (wrong but excluded), wrong, right
    m = agreed_votes_metrics(pairs, gold, pred)
    assert m is not None
    assert m["n"] == 3
    assert m["accuracy"] == round(2 / 3, 4)
    assert m["f1"] == {"supports": 1.0, "contradicts": 0.0, "neutral": round(2 / 3, 4)}


def test_sets_without_votes_have_no_breakdown() -> None:
    pairs = [_pair(StanceLabel.SUPPORTS, None)]
    assert agreed_votes_metrics(pairs, [0], [0]) is None


def test_rule_report_gives_each_rules_precision_and_drop_test() -> None:
    import numpy as np

    from eval.stance import by_group, rule_report

    pairs = [
        TWO_MILLION,
        Pair(
            "Kherson has 280,000 inhabitants",
            "Kherson is a city of 280,000 people.",
            StanceLabel.SUPPORTS,
            "t",
            group="number",
        ),
        Pair(
            "The mayor met the troops",
            "The weather was mild.",
            StanceLabel.NEUTRAL,
            "t",
            group="same_topic_neutral",
        ),
    ]
    probs = np.array([[0.6, 0.1, 0.3], [0.7, 0.1, 0.2], [0.2, 0.1, 0.7]])
    report = rule_report(pairs, probs)
    assert report["number"]["fired"] == 1 and report["number"]["precision"] == 1.0
    assert report["macro_f1_enabled_rules"] > report["macro_f1_model_only"]
    assert report["number"]["macro_f1_without"] == report["macro_f1_model_only"]
    assert report["date"]["fired"] == 0 and report["date"]["precision"] is None
    groups = by_group(pairs, [1, 0, 2], [1, 0, 2])
    assert groups == {
        "number": {"n": 2, "accuracy": 1.0},
        "same_topic_neutral": {"n": 1, "accuracy": 1.0},
    }


def test_rules_table_has_a_row_per_set_and_a_column_per_rule() -> None:
    import numpy as np

    from eval.stance import rule_report, rules_across_sets_markdown
    from factcheck.stance.rules import CHECKS

    report = rule_report([TWO_MILLION], np.array([[0.6, 0.1, 0.3]]))
    lines = rules_across_sets_markdown({"a": {"rules": report}, "b": {"rules": report}})
    rows = [line for line in lines if line.startswith("| a ") or line.startswith("| b ")]
    assert len(rows) == 2
    # set, model only, enabled rules, one cell per rule, then number alignment ("-" in a report
    # written before it)
    assert rows[0].count("|") == 3 + len(CHECKS) + 1 + 1
    assert rows[0].endswith("| - |")
    assert "(1, 1.00)" in rows[0]  # the number rule fired once, rightly
    assert rules_across_sets_markdown({"c": {}}) == []


def test_probs_cache_is_keyed_by_the_weights_and_the_pairs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    from eval import stance

    artifact = tmp_path / "artifact"
    artifact.mkdir()
    (artifact / "stance_head.safetensors").write_bytes(b"weights v1")
    (artifact / "config.json").write_text("{}")
    calls: list[int] = []

    def fake_probs(model: object, pairs: list[Pair]) -> np.ndarray:
        calls.append(len(pairs))
        return np.full((len(pairs), 3), float(len(calls)))

    monkeypatch.setattr(stance, "model_probs", fake_probs)
    pairs = [Pair("claim", "passage", StanceLabel.SUPPORTS, "x")]
    cache = tmp_path / "cache"

    def probs(ps: list[Pair]) -> np.ndarray:
        return stance.cached_model_probs(None, ps, artifact=artifact, cache=cache)  # type: ignore[arg-type]

    first = probs(pairs)
    assert np.array_equal(probs(pairs), first) and calls == [1]  # read back, model not run
    probs([Pair("claim", "another passage", StanceLabel.SUPPORTS, "x")])
    assert calls == [1, 1]  # other pairs: scored anew
    (artifact / "stance_head.safetensors").write_bytes(b"weights v2")
    assert not np.array_equal(probs(pairs), first)  # other weights: never the stale file
    assert len(calls) == 3
    assert not list(cache.glob("*.tmp.npy"))


def test_metrics_count_what_was_read_as_supports() -> None:
    from eval.stance import stance_metrics

    # gold: supports, contradicts x2, neutral x2 (indices of training.data.LABELS)
    gold = [0, 1, 1, 2, 2]
    pred = [0, 0, 1, 0, 2]
    wrong = stance_metrics(gold, pred)["read_as_supports"]
    assert wrong == {"contradicts": {"count": 1, "of": 2}, "neutral": {"count": 1, "of": 2}}
    # only the classes in gold are counted
    assert stance_metrics([1, 1], [0, 1])["read_as_supports"] == {
        "contradicts": {"count": 1, "of": 2}
    }


def test_the_summary_page_names_what_was_read_as_supports(tmp_path: Path) -> None:
    import json

    from eval.__main__ import headline

    contrast = {"n": 5, "macro_f1": 0.5, "read_as_supports": {"contradicts": {"count": 1, "of": 2}}}
    report = {"stance": {"news_contrast": {"ours_with_rules": contrast}}}
    (tmp_path / "stance.json").write_text(json.dumps(report))
    page = headline(tmp_path)
    assert "| news_contrast | 5 | 0.500 |" in page
    assert "(a false claim shown as supported): 1 of 2 contradicts." in page


def test_pairs_whose_claim_is_aligned_are_scored_again_on_the_new_wording(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numpy as np

    import eval.stance as es

    seen: list[str] = []

    def fake_probs(model: object, pairs: list[Pair], **_: object) -> np.ndarray:
        seen.extend(p.claim for p in pairs)
        return np.array([[0.9, 0.05, 0.05]] * len(pairs))

    monkeypatch.setattr(es, "cached_model_probs", fake_probs)
    passage = "Election officials said 2,50,000 voters in the district cast ballots on Sunday."
    claims = ["About 2.5 lakh voters cast ballots in the district", "Voters cast ballots"]
    pairs = [Pair(claim, passage, StanceLabel.SUPPORTS, "t") for claim in claims]
    probs = np.array([[0.1, 0.1, 0.8], [0.2, 0.2, 0.6]])
    out, changed = es.aligned_probs(None, pairs, probs, artifact=Path("."), cache=None)  # type: ignore[arg-type]
    assert changed == 1
    assert seen == ["About 2,50,000 voters cast ballots in the district"]
    assert out[0].tolist() == [0.9, 0.05, 0.05] and out[1].tolist() == probs[1].tolist()
    assert probs[0].tolist() == [0.1, 0.1, 0.8]  # the model-only probabilities are kept apart


def test_news_verdict_line_counts_wrong_supported_from_the_confusion() -> None:
    from eval.stance import _news_verdict_lines, verdict_metrics
    from factcheck.results import VerdictLabel
    from factcheck.stance.base import StanceResult, StanceScores
    from factcheck.verdict import JudgedPassage, VerdictPolicy

    def claim(s: float, c: float) -> list[JudgedPassage]:
        scores = StanceScores(supports=s, contradicts=c, neutral=1 - s - c)
        label = StanceLabel.SUPPORTS if s > 0.5 else StanceLabel.CONTRADICTS
        stance = StanceResult(label=label, confidence=max(s, c), scores=scores)
        return [JudgedPassage(stance=stance, relevance=0.8, rank=0)]

    judged = [claim(0.9, 0.05), claim(0.9, 0.05), claim(0.05, 0.9)]
    gold = [VerdictLabel.SUPPORTED, VerdictLabel.CONTRADICTED, VerdictLabel.CONTRADICTED]
    policy = VerdictPolicy(min_relevance=0.4, support=0.6, contradict=0.5, disputed=1.01)
    v = verdict_metrics(judged, gold, policy)
    (line, _blank) = _news_verdict_lines(v)
    assert "3 claims" in line and "wrongly 1 times" in line
    assert _news_verdict_lines(None) == []
