"""Train the stance model: ``python -m training.train`` (one command, resumable).

Two stages, each one pass over its mix (``training.mix``), all six MiniLM layers + the head
fine-tuned (word embeddings frozen and read from the PyPI package), 128 tokens per pair:

1. ``nli``: general inference (lingnli, MNLI dev matched, SNLI dev, ConjNLI, CAD, FEVER-NLI, ...);
2. ``stance``: Climate-FEVER train claims, FNC-1 / ARC / Emergent train, generated topic-only
   neutrals and minimal-edit contradictions (``training.generate``), and a replay of general NLI.

A third mix, ``joint`` (``--stages joint``), is one pass of both at once, half general NLI, for a
model that has already been through the two stages.

After each stage the monitor sets (Climate-FEVER dev, lingnli val) are measured and the stage's
model is written to ``<run>/stage-<name>/``. Then a temperature (+ a class bias only if it helps on
dev claims it was not fitted on) is fitted on the Climate-FEVER dev claims, the artifact is
written to ``<run>/`` (int8 deltas), dev is re-checked on the stored weights, and the verdict
policy is fitted on the same dev claims (``verdict.json``). Held-out splits are never read here.

The run directory defaults to ``.cache/training/run-<UTC time>``; rerunning the same command with
``--out <run>`` resumes from ``<run>/checkpoint.pt`` (same seed, same batches). The shipped
artifact changes only through ``python -m training.ship <run>``::

    HF_HUB_OFFLINE=1 nice -n 10 python -m training.train --out .cache/training/v2 \
        --init-from factcheck/stance/artifacts --nli-pairs 24000 --stance-pairs 18000

``--calibrate-only --out DIR`` refits only the temperature, class bias and ``verdict.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from factcheck.stance.network import (
    ArtifactConfig,
    StanceNetwork,
    batched_logits,
    build_network,
    load_artifact,
    save_artifact,
)
from training import data
from training.data import LABEL_INDEX, Pair
from training.loop import (
    CHECKPOINT,
    StageOptions,
    class_weights_for,
    length_batches,
    load_checkpoint,
    run_stage,
)
from training.mix import MIXES, build_mix, monitor_sets

__all__ = ["class_weights_for", "fit_class_bias", "length_batches", "macro_f1", "main"]

log = logging.getLogger("training.train")
# Runs land here unless --out says otherwise; the shipped artifact changes only via training.ship.
SCRATCH = Path(".cache/training")
LAYERS = 6


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """Temperature minimising the NLL of held-out logits (Guo et al. 2017)."""
    log_t = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200)

    def closure() -> torch.Tensor:
        opt.zero_grad()
        loss = nn.functional.cross_entropy(logits / log_t.exp(), labels)
        loss.backward()  # type: ignore[no-untyped-call]
        return loss

    opt.step(closure)  # type: ignore[no-untyped-call]
    return float(log_t.exp().item())


def _best_bias(scaled: np.ndarray, gold: np.ndarray) -> tuple[float, list[float]]:
    """The (supports, contradicts) log-prior shift maximising macro-F1 (neutral fixed at 0)."""
    best = (macro_f1(scaled.argmax(-1), gold)[0], [0.0, 0.0, 0.0])
    grid = np.arange(-1.0, 2.01, 0.1)
    for bs in grid:
        for bc in grid:
            f1 = macro_f1((scaled + np.array([bs, bc, 0.0])).argmax(-1), gold)[0]
            if f1 > best[0] + 1e-9:
                best = (f1, [round(float(bs), 2), round(float(bc), 2), 0.0])
    return best


def fit_class_bias(
    logits: torch.Tensor,
    labels: torch.Tensor,
    temperature: float,
    groups: list[str],
    *,
    repeats: int = 5,
) -> tuple[list[float], float]:
    """Log-prior shift for macro-F1, kept only if it also helps on claims it was not fitted on.

    A 31 x 31 grid fitted on ~1,200 pairs finds a shift that looks good on those pairs whether or
    not one exists. So the dev claims are split in halves ``repeats`` times; the shift is fitted
    on one half and scored on the other against no shift. Only a positive mean gain keeps the
    shift fitted on all of dev; otherwise it is zero. Returns (bias, mean cross-fitted gain).
    """
    scaled = (logits / temperature).numpy()
    gold = labels.numpy()
    claims = sorted(set(groups))
    rng = random.Random(0)
    gains: list[float] = []
    for _ in range(repeats):
        rng.shuffle(claims)
        half = set(claims[: len(claims) // 2])
        a = np.array([g in half for g in groups])
        for fit, held in ((a, ~a), (~a, a)):
            bias = np.array(_best_bias(scaled[fit], gold[fit])[1])
            gains.append(
                macro_f1((scaled[held] + bias).argmax(-1), gold[held])[0]
                - macro_f1(scaled[held].argmax(-1), gold[held])[0]
            )
    gain = float(np.mean(gains))
    return (_best_bias(scaled, gold)[1] if gain > 0 else [0.0, 0.0, 0.0]), gain


def calibrate(
    net: StanceNetwork, tokenizer: Any, *, fit_bias: bool = True
) -> tuple[float, list[float], dict[str, Any]]:
    """Temperature (NLL) and class bias (macro-F1; zero unless ``fit_bias``) on the Climate-FEVER
    dev claims."""
    dev = data.load_climate_fever("dev")
    logits = batched_logits(
        net, tokenizer, [p.claim for p in dev], [p.passage for p in dev], max_length=256
    )
    gold = torch.tensor([LABEL_INDEX[p.label] for p in dev])
    temperature = fit_temperature(logits, gold)
    bias, bias_gain = fit_class_bias(logits, gold, temperature, [p.group for p in dev])
    if not fit_bias:
        bias = [0.0, 0.0, 0.0]
    before = macro_f1(logits.argmax(-1).numpy(), gold.numpy())
    after = macro_f1((logits / temperature + torch.tensor(bias)).argmax(-1).numpy(), gold.numpy())
    info = {
        "cf_dev_macro_f1_raw": round(before[0], 4),
        "cf_dev_macro_f1": round(after[0], 4),
        "cf_dev_per_class_f1": [round(x, 4) for x in after[1]],
        "cf_dev_pairs": len(dev),
        "class_bias_crossfit_gain": round(bias_gain, 4),
    }
    log.info(
        "Climate-FEVER dev: T=%.3f bias=%s (cross-fitted gain %+.4f) macro-F1 %.3f -> %.3f "
        "per-class %s",
        temperature,
        bias,
        bias_gain,
        before[0],
        after[0],
        info["cf_dev_per_class_f1"],
    )
    return temperature, bias, info


def macro_f1(pred: np.ndarray, gold: np.ndarray) -> tuple[float, list[float]]:
    """Macro-F1 over the three classes, and per-class F1 (numpy: the bias grid calls it a lot)."""
    pred = np.asarray(pred)
    gold = np.asarray(gold)
    per: list[float] = []
    for c in range(3):
        tp = float(np.sum((pred == c) & (gold == c)))
        denom = float(np.sum(pred == c) + np.sum(gold == c))
        per.append(2 * tp / denom if denom else 0.0)
    return float(np.mean(per)), per


def monitor(net: StanceNetwork, tokenizer: Any) -> dict[str, Any]:
    """Raw (uncalibrated) macro-F1 on the monitor sets: how each stage moved the model."""
    out: dict[str, Any] = {}
    for name, pairs in monitor_sets().items():
        logits = batched_logits(
            net, tokenizer, [p.claim for p in pairs], [p.passage for p in pairs], max_length=256
        )
        gold = np.array([LABEL_INDEX[p.label] for p in pairs])
        f1, per = macro_f1(logits.argmax(-1).numpy(), gold)
        out[name] = {"macro_f1": round(f1, 4), "per_class_f1": [round(x, 4) for x in per]}
        log.info("monitor %-18s macro-F1 %.4f per-class %s", name, f1, out[name]["per_class_f1"])
    return out


def _config(args: argparse.Namespace, info: dict[str, Any]) -> ArtifactConfig:
    return ArtifactConfig(
        trainable_layers=LAYERS,
        max_length=256,
        weight_format=args.weight_format,
        train_info=info,
    )


def _stage_pool(name: str, args: argparse.Namespace) -> tuple[list[Pair], dict[str, int]]:
    budget = args.nli_pairs if name == "nli" else args.stance_pairs
    return build_mix(name, budget, seed=args.seed + (0 if name == "nli" else 1000))


def train(args: argparse.Namespace) -> Path:
    """Both stages (resuming from the run's checkpoint), then calibration + verdict fit."""
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    started = time.time()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    ckpt = load_checkpoint(out / CHECKPOINT)

    if args.init_from:
        net, tokenizer, _ = load_artifact(Path(args.init_from))
    else:
        net, tokenizer = build_network(trainable_layers=LAYERS)
    for p in net.parameters():
        p.requires_grad = True
    net.trainable_layers = LAYERS
    command = "python -m training.train " + " ".join(sys.argv[1:])
    done: dict[str, Any] = dict(ckpt["stages_done"]) if ckpt else {}
    if ckpt:
        net.load_state_dict(ckpt["weights"], strict=False)

    for name in args.stages.split(","):
        if name in done:
            log.info("stage %s already done (checkpoint)", name)
            continue
        pool, counts = _stage_pool(name, args)
        opts = StageOptions(
            name=name,
            lr=args.lr,
            batch_size=args.batch_size,
            max_length=args.max_length,
            seed=args.seed + len(done),
            checkpoint_every=args.checkpoint_every,
            bf16=args.bf16,
            time_budget=(args.nli_minutes if name == "nli" else args.stance_minutes) * 60 or None,
        )

        def export_latest() -> None:
            save_artifact(net, _config(args, {"command": command, "partial": True}), out / "latest")

        resume = ckpt if ckpt and ckpt.get("stage") == name else None
        record = run_stage(
            net,
            tokenizer,
            pool,
            opts,
            run_dir=out,
            resume=resume,
            on_checkpoint=export_latest,
            extra_state={"stages_done": done},
        )
        record = {"mix": counts} | record | {"monitor": monitor(net, tokenizer)}
        done[name] = record
        save_artifact(net, _config(args, {"command": command, name: record}), out / f"stage-{name}")
        torch.save(
            {"stage": None, "stages_done": done, "weights": net.trainable_state()},
            out / CHECKPOINT,
        )
        (out / "stages.json").write_text(json.dumps(done, indent=2) + "\n")

    net.eval()
    info: dict[str, Any] = {
        "command": command,
        "seed": args.seed,
        "trainable_layers": LAYERS,
        "init_from": args.init_from or None,
        "threads": args.threads,
        "stages": done,
        "train_seconds": round(sum(s["train_seconds"] for s in done.values()), 1),
        "train_pairs": sum(s["pairs_seen"] for s in done.values()),
    }
    info["pairs_per_second"] = round(info["train_pairs"] / max(info["train_seconds"], 1e-9), 2)
    config = _config(args, info)
    save_artifact(net, config, out)
    # Calibrate what is served: the stored (int8-delta) weights, reloaded.
    net.cpu()  # the stored weights take over from here
    reloaded, tok2, _ = load_artifact(out)
    fit_bias = args.class_bias == "fit"
    config.temperature, config.class_bias, dev_info = calibrate(reloaded, tok2, fit_bias=fit_bias)
    config.train_info.update(dev_info)
    config.save(out)
    del reloaded
    fit_verdict(out)
    config.train_info["post_training_seconds"] = round(time.time() - started, 1)
    config.save(out)
    shutil.rmtree(out / "latest", ignore_errors=True)
    log.info("wrote %s in %.0f s", out, time.time() - started)
    return out


def fit_verdict(out: Path) -> None:
    """The verdict aggregator: thresholds + confidence calibration on the dev claims
    (:func:`training.calibrate.dev_claim_sets`)."""
    from factcheck.stance.model import CrossEncoderStance, RuleAugmentedStance
    from training.calibrate import dev_claim_sets, fit_verdict_policy, load_encoder

    judge = RuleAugmentedStance(CrossEncoderStance.load(artifact_dir=out))
    policy = fit_verdict_policy(judge, load_encoder(), dev_claim_sets())
    policy.save(out / "verdict.json")
    log.info("verdict policy: %s", policy.model_dump())


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--out",
        default="",
        help="run directory (default .cache/training/<UTC time>); ship it with training.ship",
    )
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--stages", default="nli,stance", help=f"comma-separated, of {sorted(MIXES)}")
    ap.add_argument("--nli-pairs", type=int, default=24_000, help="pair budget of stage nli")
    ap.add_argument(
        "--stance-pairs", type=int, default=18_000, help="pair budget of stage stance (or joint)"
    )
    ap.add_argument(
        "--nli-minutes", type=float, default=0, help="wall-clock budget of stage nli (0: none)"
    )
    ap.add_argument(
        "--stance-minutes",
        type=float,
        default=0,
        help="wall-clock budget of stage stance (or joint)",
    )
    ap.add_argument("--lr", type=float, default=5e-5, help="layers (head: 10x)")
    ap.add_argument("--weight-format", default="int8-delta", choices=["int8-delta", "fp16"])
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--max-length", type=int, default=128, help="tokens per pair in training")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--bf16", action="store_true", help="bfloat16 autocast (not faster here)")
    ap.add_argument("--checkpoint-every", type=int, default=100, help="steps")
    ap.add_argument("--init-from", default="", help="start from this artifact")
    ap.add_argument(
        "--class-bias",
        choices=["none", "fit"],
        default="none",
        help="fit a log-prior shift for Climate-FEVER dev macro-F1 (it favours 'supports', whose "
        "Climate-FEVER labels are often only topical) or keep none",
    )
    ap.add_argument(
        "--calibrate-only",
        action="store_true",
        help="refit temperature, class bias and verdict.json of the artifact in --out",
    )
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stdout)
    args = parse_args(argv)
    if not args.out:
        args.out = str(SCRATCH / time.strftime("run-%Y%m%d-%H%M%S", time.gmtime()))
    torch.set_num_threads(args.threads)
    if args.calibrate_only:
        out = Path(args.out)
        net, tokenizer, config = load_artifact(out)
        config.temperature, config.class_bias, info = calibrate(
            net, tokenizer, fit_bias=args.class_bias == "fit"
        )
        config.train_info.update(info)
        config.train_info["calibrated_by"] = "python -m training.train " + " ".join(
            sys.argv[1:] if argv is None else argv
        )
        config.save(out)
        fit_verdict(out)
        return
    train(args)


if __name__ == "__main__":
    main()
