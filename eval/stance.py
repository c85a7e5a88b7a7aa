"""Evaluate the stance model and the verdict on every held-out split: ``python -m eval.stance``.

Writes ``eval/results/stance.json`` and ``eval/results/stance.md``. Baselines in the same report:
majority class, and embedding similarity only (``SimilarityStance``, threshold fitted on the
Climate-FEVER dev claims).

    HF_HUB_OFFLINE=1 .venv/bin/python -m eval.stance              # evaluate the shipped artifact
    HF_HUB_OFFLINE=1 .venv/bin/python -m eval.stance --fit-verdict  # also refit verdict.json
    HF_HUB_OFFLINE=1 .venv/bin/python -m eval.stance --artifact /tmp/x --out /tmp/x-eval --quick
    HF_HUB_OFFLINE=1 .venv/bin/python -m eval.stance --probs-cache .cache/eval-probs  # reuse

Retrieval recall needs the Elasticsearch index; :func:`retrieval_recall` is the hook for it.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import logging
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

from eval.baselines import SimilarityStance
from eval.news_contrast import BLIND_PATH, HOLDOUT_PATH
from eval.news_contrast import load_pairs as load_contrast_pairs
from eval.verdict_stability import cross_fitted, dev_bootstrap
from factcheck.embedding import Encoder
from factcheck.results import VerdictLabel
from factcheck.stance.base import StanceLabel, StanceResult
from factcheck.stance.model import CrossEncoderStance, RuleAugmentedStance
from factcheck.stance.network import CONFIG_FILE, DEFAULT_ARTIFACT_DIR, WEIGHTS_FILE
from factcheck.stance.rules import (
    CHECKS,
    ENABLED,
    RULE_TARGETS,
    RuleKind,
    align_numbers,
    apply_finding,
    check_pair,
    top_label,
)
from factcheck.verdict import POLICY_FILE, VerdictPolicy, decide_verdict
from training import data
from training.calibrate import (
    CLAIM_LABELS,
    dev_claim_sets,
    fit_verdict_policy,
    judge_claims,
    load_encoder,
    relevances,
)
from training.data import LABEL_INDEX, LABELS, Pair
from training.verdict_fit import fit_policy

log = logging.getLogger("eval.stance")
RESULTS = Path(__file__).parent / "results"
PUBLISHED_CF_VERDICT_BASELINE = 0.388  # Diggelmann et al. 2020, FEVER-trained, claim accuracy


# Sets evaluated in full; the others are sampled (seeded) to ``cap`` pairs to bound CPU time.
FULL_SETS = frozenset(
    {
        "climate_fever_test",
        "fnc1_competition_test",
        "arc_test",
        "emergent_test",
        "mnli_mismatched",
        "fever_symmetric_test",
        "wice_test",
        "news_contrast",
        "news_contrast_holdout",
        "news_contrast_blind",
        "written_dev",
    }
)


def held_out_sets(cap: int, *, quick: bool) -> dict[str, tuple[list[Pair], str]]:
    """name -> (pairs, note). Nothing here is in the training mix (see training.train)."""
    seed = 7
    sets: dict[str, tuple[list[Pair], str]] = {
        "climate_fever_test": (
            data.load_climate_fever("test"),
            "Climate-FEVER, held-out 30 % of claims (claim-level split); all their pairs",
        ),
        "fnc1_competition_test": (
            data.load_fnc_style("fnc1", "test"),
            "FNC-1 competition test, related pairs (agree/disagree/discuss), body excerpt",
        ),
        "arc_test": (data.load_fnc_style("arc", "test"), "ARC test, related pairs"),
        "emergent_test": (data.load_emergent("test"), "Emergent, held-out 20 % of claims"),
        "snli_test": (
            data.load_nli("snli_dev_test", splits={"test"}),
            "SNLI test (sample)",
        ),
        "snli_counterfactual_test": (
            data.load_nli("snli_counterfactual", splits={"test"}),
            "counterfactually-augmented SNLI test (sample)",
        ),
        "mnli_mismatched": (
            data.load_nli("mnli_sample", splits={"mnli_mismatched"}),
            "MNLI mismatched sample (1,000)",
        ),
        "fever_symmetric_test": (
            data.load_nli("fever_symmetric", splits={"v0.2_test"}),
            "FEVER-Symmetric v0.2 test (supports/contradicts only); evaluation only",
        ),
        "vitaminc": (
            data.load_nli("vitaminc"),
            "VitaminC via BIG-bench (sample); evaluation only (canary)",
        ),
        "perspectrum_test": (
            data.load_nli("perspectrum", splits={"test"}),
            "PERSPECTRUM test (supports/contradicts only; argumentative stance)",
        ),
        "wice_test": (data.load_nli("wice", splits={"test"}), "WiCE test (supports/neutral only)"),
        "anli_dev": (
            data.load_nli("anli_dev"),
            "ANLI dev R1-R3 (sample); CC BY-NC, evaluation only",
        ),
        "sick_test": (
            data.load_nli("sick", splits={"test"}),
            "SICK test (sample); CC BY-NC-SA, evaluation only",
        ),
        "news_contrast": (
            load_contrast_pairs(),
            "hand-written news contrast set (eval/news_contrast), never trained on",
        ),
        "news_contrast_holdout": (
            load_contrast_pairs(HOLDOUT_PATH),
            "hand-written news contrast hold-out (eval/news_contrast/holdout.jsonl): written "
            "after the rules were last tuned on the main set, never trained or tuned on",
        ),
        "news_contrast_blind": (
            load_contrast_pairs(BLIND_PATH),
            "hand-written news contrast blind set (eval/news_contrast/blind.jsonl): written by "
            "writers who saw neither the sets above, their errors, nor the written training pairs",
        ),
        "written_dev": (
            data.load_written("dev"),
            "team-written news pairs (training/written), dev split by passage: never trained "
            "on, but the same writers and conventions as the training split",
        ),
    }
    return {
        k: (v if (k in FULL_SETS and not quick) else data.sample(v, cap, seed=seed), n)
        for k, (v, n) in sets.items()
    }


def stance_metrics(gold: Sequence[int], pred: Sequence[int]) -> dict[str, Any]:
    """Macro-F1 over the classes in gold, and how many of each other class were read as
    supports: the error that shows a false claim as supported, which macro-F1 hides."""
    present = sorted(set(gold))
    per = f1_score(gold, pred, labels=[0, 1, 2], average=None, zero_division=0)
    supports = LABEL_INDEX[StanceLabel.SUPPORTS]
    return {
        "n": len(gold),
        "macro_f1": round(float(np.mean([per[i] for i in present])), 4),
        "accuracy": round(float(accuracy_score(gold, pred)), 4),
        "f1": {LABELS[i].value: round(float(per[i]), 4) for i in present},
        "classes_in_gold": [LABELS[i].value for i in present],
        "read_as_supports": {
            LABELS[i].value: {
                "count": sum(g == i and p == supports for g, p in zip(gold, pred, strict=True)),
                "of": sum(g == i for g in gold),
            }
            for i in present
            if i != supports
        },
    }


def agreed_votes_metrics(
    pairs: Sequence[Pair], gold: Sequence[int], pred: Sequence[int]
) -> dict[str, Any] | None:
    """Metrics on the pairs whose annotators all voted alike (None if the set has no votes).

    In Climate-FEVER a tie of two votes is gold "neutral"; the gap between this subset and the
    whole set shows how much of the error is label noise rather than the model.
    """
    agreed = [i for i, p in enumerate(pairs) if p.votes is not None and max(p.votes) == 1.0]
    if not agreed:
        return None
    return stance_metrics([gold[i] for i in agreed], [pred[i] for i in agreed])


def with_rules(
    pairs: Sequence[Pair], probs: np.ndarray, *, kinds: Sequence[RuleKind] = ENABLED
) -> tuple[list[int], int]:
    """Labels after the rules of ``kinds``, and how many pairs a rule fired on."""
    from factcheck.stance.base import StanceScores

    out: list[int] = []
    fired = 0
    for pair, row in zip(pairs, probs, strict=True):
        finding = check_pair(pair.claim, pair.passage, kinds=kinds)
        if finding is None:
            out.append(int(row.argmax()))
            continue
        fired += 1
        scores = apply_finding(
            StanceScores(supports=float(row[0]), contradicts=float(row[1]), neutral=float(row[2])),
            finding,
        )
        out.append(LABEL_INDEX[top_label(scores)[0]])
    return out, fired


def rule_report(pairs: Sequence[Pair], probs: np.ndarray) -> dict[str, Any]:
    """Each rule alone: where it fires, its precision, and macro-F1 of the model with every
    enabled rule, with this one left out, and with none (the drop test).

    Precision is the share of firings whose gold label is what the rule claims: "contradicts"
    for the number / negation / date rules, anything but "supports" for the ordinal, entity and
    hedge rules (they only say that the passage cannot entail the claim)."""
    gold = [LABEL_INDEX[p.label] for p in pairs]
    contradicts = LABEL_INDEX[LABELS[1]]
    supports = LABEL_INDEX[LABELS[0]]

    def right(kind: RuleKind, i: int) -> bool:
        if RULE_TARGETS[kind] == "neutral":
            return gold[i] != supports
        return gold[i] == contradicts

    out: dict[str, Any] = {
        "enabled": list(ENABLED),
        "macro_f1_model_only": stance_metrics(gold, [int(x) for x in probs.argmax(-1)])["macro_f1"],
        "macro_f1_enabled_rules": stance_metrics(gold, with_rules(pairs, probs)[0])["macro_f1"],
    }
    for kind, check in CHECKS.items():
        fired = [i for i, p in enumerate(pairs) if check(p.claim, p.passage) is not None]
        others = tuple(k for k in ENABLED if k != kind)
        alone = tuple(k for k in CHECKS if k == kind)
        out[kind] = {
            "fired": len(fired),
            "precision": round(sum(right(kind, i) for i in fired) / len(fired), 4)
            if fired
            else None,
            "macro_f1_without": stance_metrics(gold, with_rules(pairs, probs, kinds=others)[0])[
                "macro_f1"
            ],
            "macro_f1_only_this": stance_metrics(gold, with_rules(pairs, probs, kinds=alone)[0])[
                "macro_f1"
            ],
        }
    return out


def by_group(pairs: Sequence[Pair], gold: Sequence[int], pred: Sequence[int]) -> dict[str, Any]:
    """Accuracy and n per ``Pair.group`` (the contrast set's phenomenon)."""
    out: dict[str, Any] = {}
    for group in sorted({p.group for p in pairs}):
        idx = [i for i, p in enumerate(pairs) if p.group == group]
        out[group] = {
            "n": len(idx),
            "accuracy": round(sum(gold[i] == pred[i] for i in idx) / len(idx), 4),
        }
    return out


def model_probs(model: CrossEncoderStance, pairs: Sequence[Pair]) -> np.ndarray:
    from factcheck.stance.network import batched_logits, calibrated_probs

    logits = batched_logits(
        model._net,
        model._tokenizer,
        [p.claim for p in pairs],
        [p.passage for p in pairs],
        batch_size=model.batch_size,
        max_length=model.max_length,
    )
    return calibrated_probs(logits, model.config).numpy()


def cached_model_probs(
    model: CrossEncoderStance, pairs: Sequence[Pair], *, artifact: Path, cache: Path | None
) -> np.ndarray:
    """:func:`model_probs`, read from ``cache`` when the same weights already scored the same
    pairs. The key hashes the artifact's weights, config and every pair's text, so a retrained
    model or a changed set never reads a stale file; a rule change is then measured on every
    set in a minute instead of a quarter of an hour."""
    if cache is None:
        return model_probs(model, pairs)
    digest = hashlib.sha256()
    for name in (WEIGHTS_FILE, CONFIG_FILE):
        digest.update((artifact / name).read_bytes())
    for p in pairs:
        digest.update(f"{p.claim}\x1f{p.passage}\x1e".encode())
    path = cache / f"{digest.hexdigest()[:24]}.npy"
    if path.is_file():
        cached: np.ndarray = np.load(path)
        return cached
    probs = model_probs(model, pairs)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, probs)
    os.replace(tmp, path)  # a run stopped half-way leaves no truncated cache file
    return probs


def aligned_probs(
    model: CrossEncoderStance,
    pairs: Sequence[Pair],
    probs: np.ndarray,
    *,
    artifact: Path,
    cache: Path | None,
) -> tuple[np.ndarray, int]:
    """``probs`` with each pair whose claim :func:`align_numbers` rewrites scored again on the
    rewritten claim, as the production judge (:class:`RuleAugmentedStance`) feeds the model;
    and how many pairs that was."""
    aligned = [align_numbers(p.claim, p.passage) for p in pairs]
    changed = [i for i, (p, c) in enumerate(zip(pairs, aligned, strict=True)) if c != p.claim]
    if not changed:
        return probs, 0
    rewritten = [dataclasses.replace(pairs[i], claim=aligned[i]) for i in changed]
    out = probs.copy()
    out[changed] = cached_model_probs(model, rewritten, artifact=artifact, cache=cache)
    return out, len(changed)


def fit_similarity_threshold(encoder: Encoder, pairs: Sequence[Pair]) -> float:
    """Cosine threshold for "supports" maximising macro-F1 on the dev pairs."""
    sims = np.array(relevances(encoder, [p.claim for p in pairs], [[p.passage] for p in pairs]))[
        :, 0
    ]
    gold = [LABEL_INDEX[p.label] for p in pairs]
    best = (-1.0, 0.5)
    for t in np.arange(0.2, 0.9, 0.02):
        pred = [0 if s >= t else 2 for s in sims]
        f1 = float(f1_score(gold, pred, labels=[0, 1, 2], average="macro", zero_division=0))
        best = max(best, (f1, float(t)))
    return best[1]


def verdict_metrics(
    judged: list[list[Any]], gold: list[VerdictLabel], policy: VerdictPolicy
) -> dict[str, Any]:
    decisions = [decide_verdict(j, policy=policy) for j in judged]
    pred = [d.label.value for d in decisions]
    gold_v = [g.value for g in gold]
    order = [v.value for v in VerdictLabel]
    conf = np.array([d.confidence for d in decisions])
    correct = np.array([p == g for p, g in zip(pred, gold_v, strict=True)], dtype=float)
    bins = np.clip((conf * 10).astype(int), 0, 9)
    ece = sum(
        abs(conf[bins == b].mean() - correct[bins == b].mean()) * (bins == b).sum()
        for b in range(10)
        if (bins == b).any()
    ) / len(conf)
    return {
        "n_claims": len(gold),
        "accuracy": round(float(correct.mean()), 4),
        "macro_f1": round(
            float(f1_score(gold_v, pred, labels=order, average="macro", zero_division=0)), 4
        ),
        "f1": dict(
            zip(
                order,
                (
                    round(float(x), 4)
                    for x in f1_score(gold_v, pred, labels=order, average=None, zero_division=0)
                ),
                strict=True,
            )
        ),
        "confusion(rows=gold,cols=pred)": {
            "labels": order,
            "matrix": confusion_matrix(gold_v, pred, labels=order).tolist(),
        },
        "expected_calibration_error": round(float(ece), 4),
        "mean_confidence": round(float(conf.mean()), 4),
        "predicted": dict(Counter(pred)),
    }


def retrieval_recall(
    retrieve: Callable[[str], list[str]] | None, records: Sequence[dict[str, Any]], *, k: int = 10
) -> dict[str, Any]:
    """HOOK for the lead: recall@k of gold SUPPORTS/REFUTES evidence among retrieved sentences.

    ``retrieve(claim)`` must return the top-k sentence texts from the Elasticsearch index in which
    the Climate-FEVER evidence sentences were indexed. Not wired yet: returns a note.
    """
    if retrieve is None:
        return {"status": "not run: needs the indexer + Elasticsearch (pass a retrieve function)"}
    hits = total = 0
    for r in records:
        gold = {e["evidence"] for e in r["evidences"] if e["evidence_label"] != "NOT_ENOUGH_INFO"}
        if not gold:
            continue
        got = set(retrieve(r["claim"])[:k])
        hits += len(gold & got)
        total += len(gold)
    return {"recall_at_k": round(hits / max(1, total), 4), "k": k, "gold_sentences": total}


class _FixedJudge:
    """Replays precomputed results (so the verdict fit does not re-run the model)."""

    def __init__(self, results: dict[tuple[str, str], StanceResult]) -> None:
        self.results = results

    def judge(self, claim: str, passages: Sequence[str]) -> list[StanceResult]:
        return [self.results[(claim, p)] for p in passages]


def run(args: argparse.Namespace) -> dict[str, Any]:
    torch.set_num_threads(args.threads)
    started = time.time()
    artifact = Path(args.artifact) if args.artifact else DEFAULT_ARTIFACT_DIR
    model = CrossEncoderStance.load(artifact_dir=artifact, batch_size=32, max_length=256)
    judge = RuleAugmentedStance(model)
    encoder = load_encoder()
    report: dict[str, Any] = {
        "artifact": str(artifact),
        "artifact_config": model.config.train_info | {"temperature": model.config.temperature},
        "stance": {},
    }

    # Similarity baseline threshold, fitted on Climate-FEVER dev pairs.
    dev_pairs = data.load_climate_fever("dev")
    sim_t = fit_similarity_threshold(encoder, dev_pairs)
    report["similarity_baseline_threshold"] = round(sim_t, 3)

    cap = 200 if args.quick else 1000
    only = set(args.sets.split(",")) if args.sets else None
    for name, (pairs, note) in held_out_sets(cap, quick=args.quick).items():
        if only is not None and name not in only:
            continue
        t = time.time()
        gold = [LABEL_INDEX[p.label] for p in pairs]
        probs = cached_model_probs(model, pairs, artifact=artifact, cache=args.probs_cache)
        pred_model = [int(x) for x in probs.argmax(-1)]
        judged, aligned = aligned_probs(
            model, pairs, probs, artifact=artifact, cache=args.probs_cache
        )
        pred_rules, fired = with_rules(pairs, judged)
        sims = np.array(
            relevances(encoder, [p.claim for p in pairs], [[p.passage] for p in pairs])
        )[:, 0]
        pred_sim = [0 if s >= sim_t else 2 for s in sims]
        majority = Counter(gold).most_common(1)[0][0]
        entry: dict[str, Any] = {
            "note": note,
            "ours_model_only": stance_metrics(gold, pred_model),
            "ours_with_rules": stance_metrics(gold, pred_rules)
            | {"rule_fired": fired, "numbers_aligned": aligned},
            "baseline_similarity": stance_metrics(gold, pred_sim),
            "baseline_majority": stance_metrics(gold, [majority] * len(gold)),
            "seconds": round(time.time() - t, 1),
        }
        # Each rule's drop test on every set, not only the news contrast set: a rule written
        # for news must not cost the public sets more than it gains there.
        entry["rules"] = rule_report(pairs, judged) | {
            "macro_f1_model_only": entry["ours_model_only"]["macro_f1"],
            "alignment": {
                "changed": aligned,
                "macro_f1_without": stance_metrics(gold, with_rules(pairs, probs)[0])["macro_f1"],
            }
        }
        if name.startswith("news_contrast") or name == "written_dev":
            entry["by_phenomenon"] = by_group(pairs, gold, pred_rules)
        agreed = agreed_votes_metrics(pairs, gold, pred_rules)
        if agreed is not None:
            entry["agreed_votes_subset"] = agreed
        report["stance"][name] = entry
        log.info(
            "%-26s n=%5d  macro-F1 model %.3f  +rules %.3f (fired %d)  sim %.3f  maj %.3f",
            name,
            len(pairs),
            entry["ours_model_only"]["macro_f1"],
            entry["ours_with_rules"]["macro_f1"],
            fired,
            entry["baseline_similarity"]["macro_f1"],
            entry["baseline_majority"]["macro_f1"],
        )

    # The service's default backend: the same artifact exported to ONNX, int8-quantised
    # dynamically (factcheck.stance.onnx). Climate-FEVER test only, to show the difference.
    if args.onnx_int8:
        from factcheck.stance.onnx import load_onnx_stance

        t = time.time()
        onnx_model = load_onnx_stance(
            artifact_dir=artifact, batch_size=32, max_length=256, quantize=True
        )
        pairs = data.load_climate_fever("test")
        if args.quick:
            pairs = data.sample(pairs, cap, seed=7)
        gold = [LABEL_INDEX[p.label] for p in pairs]
        probs = model_probs(onnx_model, pairs)
        pred_rules, fired = with_rules(pairs, probs)
        report["climate_fever_test_onnx_int8"] = {
            "ours_model_only": stance_metrics(gold, [int(x) for x in probs.argmax(-1)]),
            "ours_with_rules": stance_metrics(gold, pred_rules) | {"rule_fired": fired},
            "seconds": round(time.time() - t, 1),
        }
        log.info(
            "climate_fever_test onnx-int8: macro-F1 model %.3f  +rules %.3f",
            report["climate_fever_test_onnx_int8"]["ours_model_only"]["macro_f1"],
            report["climate_fever_test_onnx_int8"]["ours_with_rules"]["macro_f1"],
        )

    if args.no_verdict:
        report["seconds"] = round(time.time() - started, 1)
        return report
    # Claim-level verdicts on Climate-FEVER: fit on dev claims, report on test claims.
    dev_records = data.load_climate_fever_claims("dev")
    test_records = data.load_climate_fever_claims("test")
    if args.quick:
        dev_records, test_records = dev_records[:80], test_records[:120]
    policy_path = Path(args.policy_out) if args.policy_out else artifact / POLICY_FILE.name
    if args.fit_verdict or not policy_path.exists():
        dev_sets = dev_claim_sets()
        if args.quick:
            dev_sets = {name: records[:80] for name, records in dev_sets.items()}
        policy = fit_verdict_policy(judge, encoder, dev_sets)
        if args.fit_verdict:
            policy.save(policy_path)
    else:
        policy = VerdictPolicy.load(policy_path)
    report["verdict_policy"] = policy.model_dump()
    judged_test = judge_claims(judge, encoder, test_records)
    gold_test = [CLAIM_LABELS[r["claim_label"]] for r in test_records]
    verdict: dict[str, Any] = {
        "ours": verdict_metrics(judged_test, gold_test, policy),
        "published_fever_trained_baseline_accuracy": PUBLISHED_CF_VERDICT_BASELINE,
    }
    maj = Counter(g.value for g in gold_test).most_common(1)[0]
    verdict["baseline_majority"] = {"label": maj[0], "accuracy": round(maj[1] / len(gold_test), 4)}
    # Similarity-only verdict: same aggregator, fitted the same way, over the similarity judge.
    sim_judge = SimilarityStance(encoder, low=sim_t - 0.1, high=sim_t + 0.1)
    sim_policy = fit_policy(
        judge_claims(sim_judge, encoder, dev_records),
        [CLAIM_LABELS[r["claim_label"]] for r in dev_records],
        fitted_on="Climate-FEVER dev claims",
    )
    verdict["baseline_similarity"] = verdict_metrics(
        judge_claims(sim_judge, encoder, test_records), gold_test, sim_policy
    )
    # Control: each test claim against the evidence of a different (random) claim. The right
    # answer is "not_enough_evidence" with empty supporting/contradicting lists.
    rng = random.Random(11)
    shuffled = list(test_records)
    rng.shuffle(shuffled)
    control = judge_claims(judge, encoder, test_records, evidence_of=shuffled)
    decisions = [decide_verdict(j, policy=policy) for j in control]
    verdict["control_mismatched_evidence"] = {
        "n_claims": len(decisions),
        "not_enough_evidence_rate": round(
            sum(d.label == VerdictLabel.NOT_ENOUGH_EVIDENCE for d in decisions) / len(decisions), 4
        ),
        "empty_evidence_lists_rate": round(
            sum(not d.supporting and not d.contradicting for d in decisions) / len(decisions), 4
        ),
    }
    # How much those figures owe to which dev claims the policy was fitted on.
    judged_dev = judge_claims(judge, encoder, dev_records)
    gold_dev = [CLAIM_LABELS[r["claim_label"]] for r in dev_records]
    verdict["policy_stability"] = {
        "cross_fitted": cross_fitted(judged_dev, gold_dev, judged_test, gold_test),
        "dev_bootstrap": dev_bootstrap(
            judged_dev, gold_dev, judged_test, gold_test, rounds=5 if args.quick else 20
        ),
    }
    report["verdict_climate_fever_test"] = verdict
    # Claim-level verdicts on news, never fitted on: each claim of the blind news set against
    # its own passage and four passages of the same writer (training.data.load_written_claims).
    news_records = data.load_written_claims(None, path=BLIND_PATH)
    if args.quick:
        news_records = news_records[:80]
    report["verdict_news_blind"] = verdict_metrics(
        judge_claims(judge, encoder, news_records),
        [CLAIM_LABELS[r["claim_label"]] for r in news_records],
        policy,
    )
    report["retrieval"] = retrieval_recall(None, test_records)
    report["seconds"] = round(time.time() - started, 1)
    return report


POLICY_KEYS = ("min_relevance", "support", "contradict", "disputed")


def contrast_markdown(
    e: dict[str, Any] | None, *, title: str = "News contrast set (eval/news_contrast)"
) -> list[str]:
    """A news contrast set by phenomenon, and each rule's precision and drop test on it."""
    if not e or "rules" not in e:
        return []
    lines = ["", f"## {title}: accuracy by phenomenon (ours + rules)", ""]
    wrong = e["ours_with_rules"].get("read_as_supports", {})
    if wrong:  # reports written before the count existed have none
        lines += [
            "Read as supports (a false claim shown as supported): "
            + ", ".join(f"{w['count']} of {w['of']} {label}" for label, w in wrong.items())
            + ".",
            "",
        ]
    lines += ["| phenomenon | n | accuracy |", "|---|---:|---:|"]
    for group, g in e["by_phenomenon"].items():
        lines.append(f"| {group} | {g['n']} | {g['accuracy']:.3f} |")
    rules = e["rules"]
    lines += [
        "",
        f"## Rules on the {title[0].lower()}{title[1:]} (enabled: {', '.join(rules['enabled'])})",
        "",
        f"Macro-F1 model only {rules['macro_f1_model_only']:.3f}, with the enabled rules "
        f"{rules['macro_f1_enabled_rules']:.3f}.{_alignment_sentence(rules)}",
        "",
        "| rule | fired | precision (gold as the rule says) | macro-F1 without it | "
        "macro-F1 with it alone |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in CHECKS:
        k = rules[kind]
        precision = "-" if k["precision"] is None else f"{k['precision']:.2f}"
        lines.append(
            f"| {kind} | {k['fired']} | {precision} | {k['macro_f1_without']:.3f} | "
            f"{k['macro_f1_only_this']:.3f} |"
        )
    return lines


def _alignment_sentence(rules: dict[str, Any]) -> str:
    a = rules.get("alignment")  # reports written before number alignment have none
    if not a:
        return ""
    return (
        f" Number alignment rewrote {a['changed']} claims before the model read them "
        f"(macro-F1 without it {a['macro_f1_without']:.3f})."
    )


def rules_across_sets_markdown(stance: dict[str, Any]) -> list[str]:
    """Macro-F1 of every set without each rule, beside the model alone and all enabled rules."""
    rows = {name: e["rules"] for name, e in stance.items() if "rules" in e}
    if not rows:
        return []
    kinds = list(CHECKS)
    lines = [
        "",
        "## Rules on every set: macro-F1 with the enabled rules, without each, and model only",
        "",
        "| held-out set | model only | enabled rules | "
        + " | ".join(f"without {k} (fired, precision)" for k in kinds)
        + " | without number alignment (claims rewritten) |",
        "|---|---:|---:|" + "---:|" * (len(kinds) + 1),
    ]
    for name, rules in rows.items():
        cells = []
        for kind in kinds:
            k = rules[kind]
            precision = "-" if k["precision"] is None else f"{k['precision']:.2f}"
            cells.append(f"{k['macro_f1_without']:.3f} ({k['fired']}, {precision})")
        a = rules.get("alignment")
        cells.append(f"{a['macro_f1_without']:.3f} ({a['changed']})" if a else "-")
        lines.append(
            f"| {name} | {rules['macro_f1_model_only']:.3f} | "
            f"{rules['macro_f1_enabled_rules']:.3f} | " + " | ".join(cells) + " |"
        )
    return [*lines, ""]


def _stability_lines(st: dict[str, Any] | None) -> list[str]:
    """The policy-fit stability paragraph (reports written before it existed have none)."""
    if not st:
        return []
    cf, bs = st["cross_fitted"], st["dev_bootstrap"]
    supports = ", ".join(f"{k} in {n} fits" for k, n in bs["support_chosen"].items())
    return [
        "Policy fit stability (`eval/verdict_stability.py`). Cross-fitted, each half of the "
        "test claims answered by a policy fitted on the dev claims and the other half "
        f"({cf['fit_claims']} claims): accuracy {cf['accuracy']:.3f}, macro-F1 "
        f"{cf['macro_f1']:.3f}, {cf['wrongly_supported']} claims wrongly supported; support "
        f"thresholds chosen {[p['support'] for p in cf['policies']]}. Refitted on "
        f"{bs['rounds']} resamples of the dev claims: support threshold {supports}; test "
        f"accuracy {bs['accuracy']['min']:.3f}-{bs['accuracy']['max']:.3f} (median "
        f"{bs['accuracy']['median']:.3f}), wrongly supported "
        f"{bs['wrongly_supported']['min']}-{bs['wrongly_supported']['max']} (median "
        f"{bs['wrongly_supported']['median']}).",
        "",
    ]


def _news_verdict_lines(v: dict[str, Any] | None) -> list[str]:
    if not v:  # reports written before the eighth session have none
        return []
    labels = v["confusion(rows=gold,cols=pred)"]["labels"]
    column = labels.index(VerdictLabel.SUPPORTED.value)
    wrong = sum(
        row[column]
        for label, row in zip(labels, v["confusion(rows=gold,cols=pred)"]["matrix"], strict=True)
        if label != VerdictLabel.SUPPORTED.value
    )
    return [
        f"Claim-level verdict on the {v['n_claims']} claims of the blind news set (each against "
        "its passage and four passages of other events from the same writer; never fitted on): "
        f"accuracy **{v['accuracy']:.3f}**, macro-F1 {v['macro_f1']:.3f}, answered "
        f"\"supported\" wrongly {wrong} times. Predicted: {v['predicted']}.",
        "",
    ]


def to_markdown(r: dict[str, Any]) -> str:
    lines = [
        "# Stance model and verdict: held-out evaluation",
        "",
        f"Artifact: `{r['artifact']}` — generated by `python -m eval.stance` "
        f"in {r['seconds']:.0f} s.",
        "",
        "## Stance (macro-F1 over the classes present in gold; per-class F1 for ours + rules)",
        "",
        "| held-out set | n | ours (+rules) | ours (model only) | similarity only | majority | "
        "per-class F1 (ours + rules) | rule fired |",
        "|---|---:|---:|---:|---:|---:|---|---:|",
    ]
    for name, e in r["stance"].items():
        ours = e["ours_with_rules"]
        per = ", ".join(f"{k} {v:.2f}" for k, v in ours["f1"].items())
        lines.append(
            f"| {name} | {ours['n']} | **{ours['macro_f1']:.3f}** | "
            f"{e['ours_model_only']['macro_f1']:.3f} | "
            f"{e['baseline_similarity']['macro_f1']:.3f} | "
            f"{e['baseline_majority']['macro_f1']:.3f} | {per} | {ours['rule_fired']} |"
        )
    if "climate_fever_test_onnx_int8" in r:
        ox = r["climate_fever_test_onnx_int8"]
        torch_cf = r["stance"]["climate_fever_test"]
        lines += [
            "",
            "Service backend `onnx-int8` (ONNX export, dynamic int8) on climate_fever_test: "
            f"macro-F1 **{ox['ours_with_rules']['macro_f1']:.3f}** with rules "
            f"({ox['ours_model_only']['macro_f1']:.3f} model only; torch: "
            f"{torch_cf['ours_with_rules']['macro_f1']:.3f} / "
            f"{torch_cf['ours_model_only']['macro_f1']:.3f}); per-class F1 "
            + ", ".join(f"{k} {x:.2f}" for k, x in ox["ours_with_rules"]["f1"].items())
            + ".",
        ]
    for name, e in r["stance"].items():
        if "agreed_votes_subset" in e:
            a = e["agreed_votes_subset"]
            lines += [
                "",
                f"{name}, only the {a['n']} pairs whose annotators all agreed: macro-F1 "
                f"**{a['macro_f1']:.3f}** (ours + rules; "
                + ", ".join(f"{k} {x:.2f}" for k, x in a["f1"].items())
                + '). Two split votes make a gold "neutral": the rest of the set is noisier.',
            ]
    lines += contrast_markdown(r["stance"].get("news_contrast"))
    lines += contrast_markdown(
        r["stance"].get("news_contrast_holdout"),
        title="News contrast hold-out (eval/news_contrast/holdout.jsonl)",
    )
    lines += contrast_markdown(
        r["stance"].get("news_contrast_blind"),
        title="News contrast blind set (eval/news_contrast/blind.jsonl)",
    )
    lines += rules_across_sets_markdown(r["stance"])
    if "verdict_climate_fever_test" not in r:
        return "\n".join(lines) + "\n"
    v = r["verdict_climate_fever_test"]
    o = v["ours"]
    lines += [
        "",
        "Notes: " + "; ".join(f"{k}: {e['note']}" for k, e in r["stance"].items()) + ".",
        "",
        "## Claim-level verdict, Climate-FEVER held-out test claims",
        "",
        "| system | accuracy | macro-F1 |",
        "|---|---:|---:|",
        f"| ours (stance + rules + aggregator) | **{o['accuracy']:.3f}** | {o['macro_f1']:.3f} |",
        f"| similarity only (same aggregator) | {v['baseline_similarity']['accuracy']:.3f} | "
        f"{v['baseline_similarity']['macro_f1']:.3f} |",
        f"| majority ({v['baseline_majority']['label']}) | "
        f"{v['baseline_majority']['accuracy']:.3f} | |",
        f"| published FEVER-trained baseline (paper, all claims) | "
        f"{v['published_fever_trained_baseline_accuracy']:.3f} | |",
        "",
        f"Per-label F1 (ours): {', '.join(f'{k} {x:.2f}' for k, x in o['f1'].items())}. "
        f"Confidence: mean {o['mean_confidence']:.2f}, expected calibration error "
        f"{o['expected_calibration_error']:.3f} (10 bins). Predicted: {o['predicted']}.",
        "",
        "Confusion (rows gold, cols predicted, order "
        f"{o['confusion(rows=gold,cols=pred)']['labels']}): "
        f"{o['confusion(rows=gold,cols=pred)']['matrix']}",
        "",
        "Control (each test claim against another claim's evidence): "
        f"not_enough_evidence {v['control_mismatched_evidence']['not_enough_evidence_rate']:.1%}, "
        "empty evidence lists "
        f"{v['control_mismatched_evidence']['empty_evidence_lists_rate']:.1%}.",
        "",
        *_news_verdict_lines(r.get("verdict_news_blind")),
        f"Verdict policy: `{json.dumps({k: r['verdict_policy'][k] for k in POLICY_KEYS})}` "
        f"({r['verdict_policy']['fitted_on']}).",
        "",
        *_stability_lines(v.get("policy_stability")),
        f"Retrieval recall: {r['retrieval']}",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stdout)
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--artifact", default="", help="artifact dir (default: the shipped one)")
    ap.add_argument("--out", default=str(RESULTS), help="directory for stance.json / stance.md")
    ap.add_argument("--fit-verdict", action="store_true", help="refit and save verdict.json")
    ap.add_argument(
        "--policy-out",
        default="",
        help="where --fit-verdict writes (default: <artifact>/verdict.json)",
    )
    ap.add_argument("--quick", action="store_true", help="small samples (smoke test)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--sets", default="", help="comma-separated held-out sets (default: all)")
    ap.add_argument(
        "--probs-cache",
        type=Path,
        default=None,
        help="keep the model's probabilities per (weights, set) here: rerunning after a rule "
        "change skips the model (e.g. .cache/eval-probs)",
    )
    ap.add_argument(
        "--no-verdict", action="store_true", help="stance sets only (no claim-level verdicts)"
    )
    ap.add_argument(
        "--no-onnx-int8",
        dest="onnx_int8",
        action="store_false",
        help="skip the Climate-FEVER test run on the onnx-int8 backend",
    )
    args = ap.parse_args(argv)
    report = run(args)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "stance.json").write_text(json.dumps(report, indent=2) + "\n")
    (out / "stance.md").write_text(to_markdown(report))
    log.info("wrote %s", out)


if __name__ == "__main__":
    main()
