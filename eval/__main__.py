"""The whole evaluation in one command: ``python -m eval``.

Runs, in turn,

* ``python -m eval.stance``: stance macro-F1 on every held-out split, verdict accuracy on the
  Climate-FEVER test claims, baselines beside ours (``eval/results/stance.{json,md}``);
* ``python -m eval.retrieval``: recall@5/@10 and MRR of the gold Climate-FEVER evidence with all
  evidence sentences indexed as articles, hybrid vs BM25-only vs kNN-only
  (``eval/results/retrieval.{json,md}``; needs Elasticsearch),

and writes ``eval/results/README.md``, the headline figures of both with links to the reports.
``--only stance`` or ``--only retrieval`` runs one part; the report keeps the other's last figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"


def headline(results: Path = RESULTS) -> str:
    """The summary page, built from whatever reports are in ``results``."""
    lines = [
        "# Evaluation results",
        "",
        "Rebuilt by `python -m eval` (both parts) from the reports beside this file.",
        "",
    ]
    stance_path = results / "stance.json"
    if stance_path.exists():
        stance: dict[str, Any] = json.loads(stance_path.read_text())
        lines += [
            "## Stance ([stance.md](stance.md))",
            "",
            "| held-out set | pairs | macro-F1 (ours + rules) |",
            "|---|---:|---:|",
        ]
        for name, row in stance.get("stance", {}).items():
            ours = row.get("ours_with_rules")
            if ours:
                lines.append(f"| {name} | {ours['n']} | {ours['macro_f1']:.3f} |")
        contrast = stance.get("stance", {}).get("news_contrast", {}).get("ours_with_rules", {})
        if contrast.get("read_as_supports"):
            wrong = contrast["read_as_supports"]
            lines += [
                "",
                "Read as supports on the news contrast set (a false claim shown as supported): "
                + ", ".join(f"{w['count']} of {w['of']} {label}" for label, w in wrong.items())
                + ".",
            ]
        verdict = stance.get("verdict_climate_fever_test", {}).get("ours", {})
        if "accuracy" in verdict:
            lines += [
                "",
                "Claim-level verdict accuracy on the "
                f"{verdict['n_claims']} Climate-FEVER test claims: "
                f"**{verdict['accuracy']:.3f}** (published FEVER-trained baseline 0.388).",
            ]
        news = stance.get("verdict_news_blind", {})
        if "accuracy" in news:
            lines += [
                "",
                f"On the {news['n_claims']} claims of the blind news set (each against its passage "
                f"and four of other events): **{news['accuracy']:.3f}**.",
            ]
        lines.append("")
    retrieval_path = results / "retrieval.json"
    if retrieval_path.exists():
        retrieval: dict[str, Any] = json.loads(retrieval_path.read_text())
        lines += [
            "## Retrieval ([retrieval.md](retrieval.md))",
            "",
            "Relevant: the claim's SUPPORTS/REFUTES evidence sentences.",
            "",
            "| mode | recall@5 | recall@10 | MRR |",
            "|---|---:|---:|---:|",
        ]
        for mode, row in retrieval.get("results", {}).items():
            decisive = row.get("decisive") or next(iter(row.values()))
            lines.append(
                f"| {mode} | {decisive['recall@5']:.3f} | {decisive['recall@10']:.3f} "
                f"| {decisive['mrr@10']:.3f} |"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--only", choices=["stance", "retrieval"], help="run one part")
    args = parser.parse_args(argv)
    status = 0
    if args.only in (None, "stance"):
        from eval import stance

        print("== stance (python -m eval.stance)", file=sys.stderr, flush=True)
        stance.main([])
    if args.only in (None, "retrieval"):
        from eval import retrieval

        print("== retrieval (python -m eval.retrieval)", file=sys.stderr, flush=True)
        status = retrieval.main([])
    (RESULTS / "README.md").write_text(headline() + "\n")
    print(f"wrote {RESULTS / 'README.md'}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
