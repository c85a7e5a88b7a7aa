"""Average the weights of finished runs: ``python -m training.soup --out DIR RUN RUN [...]``.

Runs fine-tuned from the same starting artifact stay in one basin of the loss, so the mean of
their weights (a "model soup", Wortsman et al. 2022) is a model in its own right and often keeps
what each run learned: it costs one calibration instead of another half hour of training. The
soup is written like a training run (``DIR/`` with int8-delta weights, ``config.json`` recording
the ingredients, a fresh temperature and ``verdict.json``), so ``eval.stance`` and
``training.ship`` take it as they take any run.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import torch

from factcheck.stance.network import ArtifactConfig, load_artifact, save_artifact

log = logging.getLogger("training.soup")


def average_states(
    states: Sequence[dict[str, torch.Tensor]], weights: Sequence[float]
) -> dict[str, torch.Tensor]:
    """The weighted mean of state dicts that have the same keys and shapes."""
    if len(states) != len(weights) or not states:
        raise ValueError("need one weight per state, and at least one state")
    total = float(sum(weights))
    if total <= 0 or any(w < 0 for w in weights):
        raise ValueError(f"weights must be non-negative with a positive sum, got {list(weights)}")
    keys = set(states[0])
    for i, state in enumerate(states[1:], start=1):
        if set(state) != keys:
            diff = sorted(keys.symmetric_difference(state))[:3]
            raise ValueError(f"state {i} has other weights than state 0: {diff}")
    out: dict[str, torch.Tensor] = {}
    for key in states[0]:
        shapes = {tuple(s[key].shape) for s in states}
        if len(shapes) > 1:
            raise ValueError(f"{key}: shapes differ {sorted(shapes)}")
        out[key] = sum(w / total * s[key].float() for w, s in zip(weights, states, strict=True))  # type: ignore[assignment]
    return out


def soup(runs: Sequence[Path], out: Path, *, weights: Sequence[float] | None = None) -> Path:
    """Write the weighted mean of ``runs`` to ``out`` (not yet calibrated); returns ``out``."""
    weights = list(weights) if weights is not None else [1.0] * len(runs)
    loaded = [load_artifact(run) for run in runs]
    configs = [config for _, _, config in loaded]
    if len({(c.base_package, c.trainable_layers) for c in configs}) > 1:
        raise ValueError("runs differ in base package or trainable layers: no soup")
    states = [net.trainable_state() for net, _, _ in loaded]
    net = loaded[0][0]
    net.load_state_dict(average_states(states, weights), strict=False)
    config = ArtifactConfig(
        base_package=configs[0].base_package,
        trainable_layers=configs[0].trainable_layers,
        max_length=configs[0].max_length,
        weight_format="int8-delta",
        train_info={
            "command": "python -m training.soup " + " ".join(sys.argv[1:]),
            "soup": [
                {"run": str(run), "weight": w, "command": c.train_info.get("command")}
                for run, w, c in zip(runs, weights, configs, strict=True)
            ],
            "train_seconds": round(
                sum(float(c.train_info.get("train_seconds", 0.0)) for c in configs), 1
            ),
        },
    )
    save_artifact(net, config, out)
    log.info("wrote the mean of %d runs (weights %s) to %s", len(runs), weights, out)
    return out


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stdout)
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("runs", nargs="+", type=Path, help="finished runs (or artifacts) to average")
    ap.add_argument("--out", type=Path, required=True, help="directory of the soup")
    ap.add_argument("--weights", default="", help="comma-separated, one per run (default equal)")
    args = ap.parse_args(argv)
    if len(args.runs) < 2:
        ap.error("a soup needs at least two runs")
    weights = [float(w) for w in args.weights.split(",")] if args.weights else None
    if weights is not None and len(weights) != len(args.runs):
        ap.error(f"--weights has {len(weights)} values for {len(args.runs)} runs")
    soup(args.runs, args.out, weights=weights)
    # Calibrate the soup as the trainer calibrates a run: temperature, then the verdict policy.
    from training.train import main as train_main

    train_main(["--out", str(args.out), "--calibrate-only"])


if __name__ == "__main__":
    main()
