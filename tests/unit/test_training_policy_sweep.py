"""The policy sweep: a higher false-support cost fits a stricter policy, scored on test claims."""

from __future__ import annotations

import pytest

from factcheck.results import VerdictLabel
from tests.unit.test_verdict import passage
from training.policy_sweep import paired, sweep, wrongly_supported


def test_a_higher_cost_answers_fewer_false_claims_supported() -> None:
    # Dev: topical passages at supports 0.55 come with true and false claims alike; strong
    # passages (0.9) only with true ones.
    dev = [[passage(0.55, 0.05)] for _ in range(5)] + [[passage(0.9, 0.02)] for _ in range(3)]
    dev_gold = [VerdictLabel.SUPPORTED] * 3 + [VerdictLabel.NOT_ENOUGH_EVIDENCE] * 2
    dev_gold += [VerdictLabel.SUPPORTED] * 3
    test = [[passage(0.55, 0.05)], [passage(0.55, 0.05)], [passage(0.92, 0.01)]]
    test_gold = [
        VerdictLabel.NOT_ENOUGH_EVIDENCE,
        VerdictLabel.CONTRADICTED,
        VerdictLabel.SUPPORTED,
    ]
    plain, costly = sweep(dev, dev_gold, test, test_gold, costs=(0.0, 1.0))
    assert plain.wrong_supported == {
        VerdictLabel.NOT_ENOUGH_EVIDENCE: 1,
        VerdictLabel.CONTRADICTED: 1,
    }
    assert plain.accuracy == 1 / 3
    assert costly.wrong_supported == {}
    assert costly.policy.support > plain.policy.support
    assert "wrong supported 0 (none)" in costly.line()
    assert "wrong supported 2" in plain.line()


def test_the_listing_names_each_wrongly_supported_claim_with_its_best_passage() -> None:
    dev = [[passage(0.9, 0.02)] for _ in range(3)]
    (row,) = sweep(dev, [VerdictLabel.SUPPORTED] * 3, dev, [VerdictLabel.SUPPORTED] * 3, costs=(1,))
    test = [
        [passage(0.1, 0.05, rank=0), passage(0.93, 0.01, rank=1)],
        [passage(0.92, 0.01)],
        [passage(0.1, 0.02)],
    ]
    gold = [
        VerdictLabel.DISPUTED,
        VerdictLabel.SUPPORTED,
        VerdictLabel.NOT_ENOUGH_EVIDENCE,
    ]
    listed = wrongly_supported(["a", "b", "c"], test, gold, row.policy)
    assert [(claim, label) for claim, label, _, _ in listed] == [("a", VerdictLabel.DISPUTED)]
    _, _, rank, p = listed[0]
    assert p == test[0][rank].stance.scores.supports
    assert p > test[0][1 - rank].stance.scores.supports


def test_paired_counts_compare_claim_by_claim() -> None:
    count = paired({"a", "b", "c", "d"}, {"a", "b", "e", "f", "g"})
    assert (count.both, count.only_first, count.only_second) == (2, 2, 3)
    # 2 against 3 of 5 discordant claims: as even as a split of 5 can be.
    assert count.p_value == 1.0
    assert "only this one 3" in count.line()


def test_a_lopsided_split_is_unlikely_from_equally_strict_models() -> None:
    # 0 of 10 discordant claims on one side: 2 * 0.5**10.
    count = paired(set(), {str(i) for i in range(10)})
    assert count.p_value == pytest.approx(2 / 1024)
    # 4 against 7 (v15 and v29 on the Climate-FEVER test claims): sum of C(11, 0..4) / 2**11, x2.
    split = paired({str(i) for i in range(4)}, {str(i) for i in range(4, 11)})
    assert split.p_value == pytest.approx(2 * (1 + 11 + 55 + 165 + 330) / 2048)
    assert paired(set(), set()).p_value == 1.0
