"""Claim-level glue shared by training and evaluation: judge Climate-FEVER claims, fit the verdict.

Climate-FEVER gives 5 candidate sentences per claim and a claim label (SUPPORTS, REFUTES,
DISPUTED, NOT_ENOUGH_INFO), which map one-to-one onto our verdict labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from factcheck import models
from factcheck.embedding import Encoder
from factcheck.results import VerdictLabel
from factcheck.stance.base import StanceJudge
from factcheck.verdict import JudgedPassage, VerdictPolicy
from training.verdict_fit import fit_policy

CLAIM_LABELS: dict[str, VerdictLabel] = {
    "SUPPORTS": VerdictLabel.SUPPORTED,
    "REFUTES": VerdictLabel.CONTRADICTED,
    "DISPUTED": VerdictLabel.DISPUTED,
    "NOT_ENOUGH_INFO": VerdictLabel.NOT_ENOUGH_EVIDENCE,
}


def load_encoder() -> Encoder:
    """The project's embedding model, built as the service builds it (torch, on CPU)."""
    return models.load_encoder(backend="torch")


def relevances(
    encoder: Encoder, claims: Sequence[str], passages: Sequence[Sequence[str]]
) -> list[list[float]]:
    """Cosine similarity of each claim with each of its passages."""
    texts = sorted({*claims, *(p for ps in passages for p in ps)})
    emb = encoder.encode(texts)  # L2-normalised: a dot product is the cosine
    index = {t: i for i, t in enumerate(texts)}
    out: list[list[float]] = []
    for claim, ps in zip(claims, passages, strict=True):
        c = emb[index[claim]]
        out.append([float(np.dot(c, emb[index[p]])) for p in ps])
    return out


def judge_claims(
    judge: StanceJudge,
    encoder: Encoder,
    records: Sequence[dict[str, Any]],
    *,
    evidence_of: Sequence[dict[str, Any]] | None = None,
) -> list[list[JudgedPassage]]:
    """Judge each claim record against its 5 evidence sentences.

    With ``evidence_of``, claim i is judged against the evidence of ``evidence_of[i]`` (controls).
    """
    sources = evidence_of if evidence_of is not None else records
    claims = [r["claim"] for r in records]
    passages = [[e["evidence"] for e in s["evidences"]] for s in sources]
    rels = relevances(encoder, claims, passages)
    out: list[list[JudgedPassage]] = []
    for claim, ps, rs in zip(claims, passages, rels, strict=True):
        results = judge.judge(claim, ps)
        out.append(
            [
                JudgedPassage(stance=res, relevance=rel, rank=i)
                for i, (res, rel) in enumerate(zip(results, rs, strict=True))
            ]
        )
    return out


def fit_verdict_policy(
    judge: StanceJudge, encoder: Encoder, dev_records: Sequence[dict[str, Any]], *, fitted_on: str
) -> VerdictPolicy:
    judged = judge_claims(judge, encoder, dev_records)
    gold = [CLAIM_LABELS[r["claim_label"]] for r in dev_records]
    return fit_policy(judged, gold, fitted_on=fitted_on)
