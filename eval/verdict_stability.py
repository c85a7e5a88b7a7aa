"""How much the claim-level figures depend on *which* claims the verdict policy was fitted on.

The shipped policy (``verdict.json``) is fitted on 234 Climate-FEVER dev claims, and ship
decisions read its test figures to a claim or two ("24 claims wrongly supported"). Two views of
how stable that is, both on judgements already made (no model call):

- :func:`cross_fitted`: the test claims in ``folds`` parts; each part is answered by a policy
  fitted on the dev claims *and the other parts* (a fit set three times larger), so every test
  claim is still answered by a policy that never saw it. Pooled over the parts, this is the
  figure a larger dev split would give, and the policies chosen per part show whether the fit
  settles.
- :func:`dev_bootstrap`: the policy refitted on resamples of the dev claims (with
  replacement), each scored on the same test claims: the spread of the chosen support threshold
  and of the test figures is the noise that one fit on 234 claims carries.
"""

from __future__ import annotations

import random
import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sklearn.metrics import f1_score

from factcheck.results import VerdictLabel
from factcheck.verdict import JudgedPassage, VerdictPolicy, decide_verdict
from training.verdict_fit import fit_policy

Claims = Sequence[Sequence[JudgedPassage]]


def summary(pred: Sequence[VerdictLabel], gold: Sequence[VerdictLabel]) -> dict[str, Any]:
    """Accuracy, macro-F1 over the four verdicts, and the worst answer's count: claims answered
    "supported" whose gold label is anything else."""
    p, g = [x.value for x in pred], [x.value for x in gold]
    order = [v.value for v in VerdictLabel]
    supported = VerdictLabel.SUPPORTED.value
    return {
        "n_claims": len(g),
        "accuracy": round(sum(a == b for a, b in zip(p, g, strict=True)) / len(g), 4),
        "macro_f1": round(
            float(f1_score(g, p, labels=order, average="macro", zero_division=0)), 4
        ),
        "wrongly_supported": sum(a == supported != b for a, b in zip(p, g, strict=True)),
    }


def thresholds(policy: VerdictPolicy) -> dict[str, float]:
    return {
        "min_relevance": policy.min_relevance,
        "support": policy.support,
        "contradict": policy.contradict,
        "disputed": policy.disputed,
    }


def cross_fitted(
    judged_dev: Claims,
    gold_dev: Sequence[VerdictLabel],
    judged_test: Claims,
    gold_test: Sequence[VerdictLabel],
    *,
    folds: int = 2,
    seed: int = 13,
) -> dict[str, Any]:
    """Test figures when each part of the test claims is answered by a policy fitted on the dev
    claims plus the other parts."""
    if folds < 2:
        raise ValueError("folds must be at least 2")
    order = list(range(len(judged_test)))
    random.Random(seed).shuffle(order)
    parts = [order[k::folds] for k in range(folds)]
    pred: list[VerdictLabel | None] = [None] * len(judged_test)
    policies = []
    for k, part in enumerate(parts):
        rest = [i for j, other in enumerate(parts) if j != k for i in other]
        policy = fit_policy(
            [*judged_dev, *(judged_test[i] for i in rest)],
            [*gold_dev, *(gold_test[i] for i in rest)],
            fitted_on=f"cross-fit part {k + 1} of {folds}",
        )
        policies.append(thresholds(policy))
        for i in part:
            pred[i] = decide_verdict(judged_test[i], policy=policy).label
    answered = [p for p in pred if p is not None]
    assert len(answered) == len(judged_test)  # every test claim is in exactly one part
    return summary(answered, gold_test) | {
        "folds": folds,
        "fit_claims": len(judged_dev) + len(judged_test) - len(parts[0]),
        "policies": policies,
    }


def dev_bootstrap(
    judged_dev: Claims,
    gold_dev: Sequence[VerdictLabel],
    judged_test: Claims,
    gold_test: Sequence[VerdictLabel],
    *,
    rounds: int = 20,
    seed: int = 17,
) -> dict[str, Any]:
    """The policy fitted on ``rounds`` resamples of the dev claims, each scored on the test
    claims: which support thresholds the fit chooses, and the range of the test figures."""
    rng = random.Random(seed)
    support: Counter[float] = Counter()
    runs: list[dict[str, Any]] = []
    for _ in range(rounds):
        idx = [rng.randrange(len(judged_dev)) for _ in judged_dev]
        policy = fit_policy(
            [judged_dev[i] for i in idx], [gold_dev[i] for i in idx], fitted_on="bootstrap"
        )
        support[policy.support] += 1
        runs.append(
            summary([decide_verdict(c, policy=policy).label for c in judged_test], gold_test)
        )

    def spread(key: str) -> dict[str, float]:
        values = [r[key] for r in runs]
        return {
            "min": min(values),
            "median": statistics.median(values),
            "max": max(values),
        }

    return {
        "rounds": rounds,
        "support_chosen": {str(k): v for k, v in sorted(support.items())},
        "accuracy": spread("accuracy"),
        "wrongly_supported": spread("wrongly_supported"),
    }
