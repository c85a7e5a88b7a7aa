"""The REAL shipped stance artifact on real pairs (seed articles), plus batching and threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from factcheck.results import VerdictLabel
from factcheck.stance import StanceLabel
from factcheck.stance.model import CrossEncoderStance, RuleAugmentedStance, load_stance_judge
from factcheck.stance.network import DEFAULT_ARTIFACT_DIR, WEIGHTS_FILE
from factcheck.verdict import JudgedPassage, decide_verdict
from training.calibrate import load_encoder, relevances

pytestmark = pytest.mark.integration

KHERSON_280 = "Kherson, a city of 280,000 people, is a strategic port to the Black Sea."
PODOLYAK = (
    "The second round of negotiations is over. Unfortunately, the results Ukraine needs are not "
    "yet achieved."
)
TOOK_KHERSON = (
    "Russian forces took control Thursday of the strategic Ukranian port city of Kherson as they "
    "continued to shell major cities in an offensive that has forced more than 1 million people "
    "to flee the country."
)
VOLUNTEERS = (
    "Zelensky said that 16,000 foreigners have volunteered to fight for Ukraine against the "
    "Russian invasion."
)


@pytest.fixture(scope="module")
def model() -> CrossEncoderStance:
    return CrossEncoderStance.load(batch_size=4, max_length=256)


@pytest.fixture(scope="module")
def stance() -> RuleAugmentedStance:
    return load_stance_judge(batch_size=8)


def test_artifact_is_small() -> None:
    # Six fine-tuned layers + head as int8 deltas: ~11 MB; issue 12 allows up to ~30 MB in git.
    size = sum(p.stat().st_size for p in DEFAULT_ARTIFACT_DIR.iterdir() if p.is_file())
    assert (DEFAULT_ARTIFACT_DIR / WEIGHTS_FILE).exists()
    assert size <= 30 * 1024 * 1024


def test_kherson_two_million_is_contradicted(stance: RuleAugmentedStance) -> None:
    (result,) = stance.judge("Kherson has two million inhabitants", [KHERSON_280])
    assert result.label == StanceLabel.CONTRADICTS
    assert result.reason == "number mismatch: two million vs 280,000"


def test_podolyak_contradicts_everything_achieved(stance: RuleAugmentedStance) -> None:
    (result,) = stance.judge(
        "Ukraine's delegation said the second round achieved everything it wanted", [PODOLYAK]
    )
    assert result.label == StanceLabel.CONTRADICTS


def test_supporting_pair_from_the_seeds(stance: RuleAugmentedStance) -> None:
    claim = "Russian forces took control of the Ukrainian port city of Kherson"
    (supports,) = stance.judge(claim, [TOOK_KHERSON])
    assert supports.label == StanceLabel.SUPPORTS
    assert supports.reason is None


def test_neutral_pair_from_the_seeds(stance: RuleAugmentedStance) -> None:
    claim = "Russian forces took control of the Ukrainian port city of Kherson"
    (neutral,) = stance.judge(claim, [VOLUNTEERS])
    assert neutral.label == StanceLabel.NEUTRAL


def test_same_topic_other_fact_is_not_evidence(stance: RuleAugmentedStance) -> None:
    claim = "Russian forces took control of the Ukrainian port city of Kherson"
    passages = [VOLUNTEERS]
    results = stance.judge(claim, passages)
    (rels,) = relevances(load_encoder(), [claim], [passages])
    verdict = decide_verdict([JudgedPassage(stance=results[0], relevance=rels[0], rank=0)])
    assert verdict.label == VerdictLabel.NOT_ENOUGH_EVIDENCE
    assert verdict.supporting == [] and verdict.contradicting == []


def test_model_alone_gives_probability_distributions(model: CrossEncoderStance) -> None:
    results = model.judge("Kherson is a port on the Black Sea", [KHERSON_280, VOLUNTEERS, PODOLYAK])
    for r in results:
        total = r.scores.supports + r.scores.contradicts + r.scores.neutral
        assert total == pytest.approx(1.0, abs=1e-5)
        assert r.confidence == max(r.scores.supports, r.scores.contradicts, r.scores.neutral)
    assert results[0].scores.supports > results[1].scores.supports


def test_batching_does_not_change_results(model: CrossEncoderStance) -> None:
    claim = "More than 1 million people have fled Ukraine"
    passages = [TOOK_KHERSON, KHERSON_280, VOLUNTEERS, PODOLYAK, "Short.", TOOK_KHERSON * 3]
    together = model.probabilities(claim, passages)
    alone = [model.probabilities(claim, [p])[0] for p in passages]
    for row, single in zip(together, alone, strict=True):
        assert row.tolist() == pytest.approx(single.tolist(), abs=1e-4)


def test_thread_safe(stance: RuleAugmentedStance) -> None:
    claim = "Kherson has two million inhabitants"
    passages = [KHERSON_280, TOOK_KHERSON, VOLUNTEERS]
    expected = stance.judge(claim, passages)
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda _: stance.judge(claim, passages), range(8)))
    assert all(g == expected for g in got)


def test_unrelated_claim_gets_not_enough_evidence(stance: RuleAugmentedStance) -> None:
    claim = "The Eiffel Tower was painted green in 1999"
    passages = [KHERSON_280, TOOK_KHERSON, VOLUNTEERS, PODOLYAK]
    results = stance.judge(claim, passages)
    (rels,) = relevances(load_encoder(), [claim], [passages])
    verdict = decide_verdict(
        [
            JudgedPassage(stance=r, relevance=rel, rank=i)
            for i, (r, rel) in enumerate(zip(results, rels, strict=True))
        ]
    )
    assert verdict.label == VerdictLabel.NOT_ENOUGH_EVIDENCE
    assert verdict.supporting == [] and verdict.contradicting == []


def test_related_claim_gets_a_verdict_with_evidence(stance: RuleAugmentedStance) -> None:
    claim = "Kherson has two million inhabitants"
    passages = [KHERSON_280, VOLUNTEERS]
    results = stance.judge(claim, passages)
    (rels,) = relevances(load_encoder(), [claim], [passages])
    verdict = decide_verdict(
        [
            JudgedPassage(stance=r, relevance=rel, rank=i)
            for i, (r, rel) in enumerate(zip(results, rels, strict=True))
        ]
    )
    assert verdict.label == VerdictLabel.CONTRADICTED
    assert verdict.contradicting == [0]
