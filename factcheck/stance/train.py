"""Train the shipped stance model: ``python -m factcheck.stance.train``.

Example (the command that built the shipped artifact, see ``artifacts/MODEL_CARD.md``)::

    HF_HUB_OFFLINE=1 .venv/bin/python -m factcheck.stance.train --seed 13 --scale 1.0

Steps: build the seeded training mix (``DEFAULT_MIX``), fine-tune the top MiniLM layers and the
head for one pass, fit a temperature on the Climate-FEVER *dev* claims, write the artifact, then
fit the verdict aggregator (thresholds + confidence) on the same dev claims (``verdict.json``).
Held-out splits (Climate-FEVER test claims, FNC-1 competition test, ...) are never read here.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from factcheck.stance import data
from factcheck.stance.data import LABEL_INDEX, Pair
from factcheck.stance.network import (
    DEFAULT_ARTIFACT_DIR,
    ArtifactConfig,
    StanceNetwork,
    batched_logits,
    build_network,
    encode_pairs,
    load_artifact,
    save_artifact,
)

log = logging.getLogger("factcheck.stance.train")

# source name -> (loader, cap on pairs at scale 1.0). Licences: see artifacts/MODEL_CARD.md.
# Only permissive / share-alike sets; no vitaminc (BIG-bench canary), no fever_symmetric, no
# anli/sick (non-commercial): those are evaluation only.
Loader = Callable[[], list[Pair]]
DEFAULT_MIX: dict[str, tuple[Loader, int]] = {
    "climate_fever_train": (lambda: data.load_climate_fever("train"), 10_000),
    "fnc1_train": (lambda: data.load_fnc_style("fnc1", "train", unrelated_as_neutral=0.03), 9_000),
    "arc_train": (lambda: data.load_fnc_style("arc", "train", unrelated_as_neutral=0.05), 4_000),
    "snli_counterfactual_train": (
        lambda: data.load_nli("snli_counterfactual", splits={"train"}),
        5_000,
    ),
    "snli_dev": (lambda: data.load_nli("snli_dev_test", splits={"dev"}), 3_000),
    "mnli_dev_matched": (lambda: data.load_nli("mnli_dev_matched"), 5_000),
    "fever_nli_binary": (lambda: data.load_nli("fever_nli_binary"), 5_000),
    "perspectrum_train": (lambda: data.load_nli("perspectrum", splits={"train"}), 2_500),
    "emergent_train": (lambda: data.load_emergent("train"), 3_000),
    "wice_dev": (lambda: data.load_nli("wice", splits={"dev"}), 1_000),
}


def build_training_set(
    *, scale: float, cf_repeat: int, seed: int, only: set[str] | None = None
) -> tuple[list[Pair], dict[str, int]]:
    pool: list[Pair] = []
    counts: dict[str, int] = {}
    for i, (name, (loader, cap)) in enumerate(DEFAULT_MIX.items()):
        if only is not None and name not in only:
            continue
        pairs = data.sample(loader(), max(1, int(cap * scale)), seed=seed + i)
        if name == "climate_fever_train":
            pairs = pairs * cf_repeat  # in-domain and scarce: seen twice
        counts[name] = len(pairs)
        pool.extend(pairs)
        log.info("mix: %-26s %6d pairs", name, len(pairs))
    random.Random(seed).shuffle(pool)
    return pool, counts


def length_batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length (less padding), themselves in shuffled order."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    batches: list[list[int]] = []
    chunk = batch_size * 50
    for start in range(0, len(idx), chunk):
        block = sorted(idx[start : start + chunk], key=lambda i: lengths[i])
        batches.extend(block[j : j + batch_size] for j in range(0, len(block), batch_size))
    rng.shuffle(batches)
    return batches


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


def fit_class_bias(logits: torch.Tensor, labels: torch.Tensor, temperature: float) -> list[float]:
    """Log-prior shift for (supports, contradicts) maximising dev macro-F1 (neutral fixed at 0)."""
    scaled = (logits / temperature).numpy()
    gold = labels.numpy()
    best = (macro_f1(scaled.argmax(-1), gold)[0], [0.0, 0.0, 0.0])
    grid = np.arange(-1.0, 2.01, 0.1)
    for bs in grid:
        for bc in grid:
            bias = np.array([bs, bc, 0.0])
            f1 = macro_f1((scaled + bias).argmax(-1), gold)[0]
            if f1 > best[0] + 1e-9:
                best = (f1, [round(float(bs), 2), round(float(bc), 2), 0.0])
    return best[1]


def calibrate(net: StanceNetwork, tokenizer: Any) -> tuple[float, list[float], dict[str, Any]]:
    """Temperature (NLL) and class bias (macro-F1) on the Climate-FEVER dev claims."""
    dev = data.load_climate_fever("dev")
    logits = batched_logits(
        net, tokenizer, [p.claim for p in dev], [p.passage for p in dev], max_length=256
    )
    gold = torch.tensor([LABEL_INDEX[p.label] for p in dev])
    temperature = fit_temperature(logits, gold)
    bias = fit_class_bias(logits, gold, temperature)
    before = macro_f1(logits.argmax(-1).numpy(), gold.numpy())
    after = macro_f1((logits / temperature + torch.tensor(bias)).argmax(-1).numpy(), gold.numpy())
    info = {
        "cf_dev_macro_f1_raw": round(before[0], 4),
        "cf_dev_macro_f1": round(after[0], 4),
        "cf_dev_per_class_f1": [round(x, 4) for x in after[1]],
        "cf_dev_pairs": len(dev),
    }
    log.info(
        "Climate-FEVER dev: T=%.3f bias=%s macro-F1 %.3f -> %.3f per-class %s",
        temperature,
        bias,
        before[0],
        after[0],
        info["cf_dev_per_class_f1"],
    )
    return temperature, bias, info


def macro_f1(pred: np.ndarray, gold: np.ndarray) -> tuple[float, list[float]]:
    from sklearn.metrics import f1_score

    per = f1_score(gold, pred, labels=[0, 1, 2], average=None, zero_division=0)
    return float(np.mean(per)), [float(x) for x in per]


def train(args: argparse.Namespace) -> Path:
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    started = time.time()

    only = set(args.only.split(",")) if args.only else None
    pool, counts = build_training_set(
        scale=args.scale, cf_repeat=args.cf_repeat, seed=args.seed, only=only
    )
    labels = torch.tensor([LABEL_INDEX[p.label] for p in pool])
    freq = Counter(labels.tolist())
    log.info("training pairs: %d  labels: %s", len(pool), dict(freq))
    # Soft class balancing: weight ~ 1/sqrt(frequency), so rare "contradicts" is not drowned.
    class_weights = torch.tensor(
        [math.sqrt(len(pool) / (3 * max(1, freq.get(c, 0)))) for c in range(3)]
    )

    if args.init_from:
        net, tokenizer, init_config = load_artifact(Path(args.init_from))
        args.trainable_layers = init_config.trainable_layers
    else:
        net, tokenizer = build_network(trainable_layers=args.trainable_layers)
    net.freeze_lower()
    net.train()
    lengths = [
        len(x)
        for x in tokenizer(
            [p.claim for p in pool],
            [p.passage for p in pool],
            truncation="longest_first",
            max_length=args.max_length,
        )["input_ids"]
    ]
    rng = random.Random(args.seed)
    batches: list[list[int]] = []
    for _ in range(math.ceil(args.epochs)):
        batches.extend(length_batches(lengths, args.batch_size, rng))
    batches = batches[: int(len(batches) * args.epochs / math.ceil(args.epochs))]

    head_params = list(net.head.parameters())
    layer_params = [
        p for n, p in net.named_parameters() if p.requires_grad and not n.startswith("head.")
    ]
    opt = torch.optim.AdamW(
        [{"params": layer_params, "lr": args.lr}, {"params": head_params, "lr": args.lr * 10}],
        weight_decay=0.01,
    )
    total = len(batches)
    warmup = max(1, total // 20)

    def lr_lambda(step: int) -> float:
        return (step + 1) / warmup if step < warmup else max(0.0, (total - step) / (total - warmup))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda)
    loss_fn = nn.CrossEntropyLoss(weight=class_weights)

    from tqdm import tqdm

    t_train = time.time()
    running = 0.0
    bar = tqdm(batches, desc="train", unit="batch", mininterval=30, file=sys.stdout)
    for step, idx in enumerate(bar):
        enc = encode_pairs(
            tokenizer,
            [pool[i].claim for i in idx],
            [pool[i].passage for i in idx],
            max_length=args.max_length,
        )
        loss = loss_fn(net(**enc), labels[idx])
        loss.backward()
        nn.utils.clip_grad_norm_(layer_params + head_params, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        running = 0.98 * running + 0.02 * loss.item() if step else loss.item()
        if step % 25 == 0:
            bar.set_postfix(loss=f"{running:.3f}")
    train_seconds = time.time() - t_train
    net.eval()

    temperature, bias, dev_info = calibrate(net, tokenizer)

    config = ArtifactConfig(
        trainable_layers=args.trainable_layers,
        max_length=256,
        temperature=temperature,
        class_bias=bias,
        train_info={
            "command": "python -m factcheck.stance.train " + " ".join(sys.argv[1:]),
            "seed": args.seed,
            "mix": counts,
            "train_pairs": len(pool),
            "steps": total,
            "batch_size": args.batch_size,
            "train_max_length": args.max_length,
            "lr": args.lr,
            "epochs": args.epochs,
            "train_seconds": round(train_seconds, 1),
            "total_seconds": round(time.time() - started, 1),
            "threads": args.threads,
            "init_from": args.init_from or None,
            **dev_info,
        },
    )
    out = Path(args.out)
    save_artifact(net, config, out)

    fit_verdict(out)
    log.info("wrote %s in %.0f s (training %.0f s)", out, time.time() - started, train_seconds)
    return out


def fit_verdict(out: Path) -> None:
    """The verdict aggregator: thresholds + confidence calibration on the dev claims."""
    from factcheck.stance.calibrate import fit_verdict_policy, load_encoder
    from factcheck.stance.model import CrossEncoderStance, RuleAugmentedStance

    judge = RuleAugmentedStance(CrossEncoderStance.load(artifact_dir=out))
    dev_claims = data.load_climate_fever_claims("dev")
    policy = fit_verdict_policy(
        judge,
        load_encoder(),
        dev_claims,
        fitted_on=f"Climate-FEVER dev claims (n={len(dev_claims)}), claim-level split",
    )
    policy.save(out / "verdict.json")
    log.info("verdict policy: %s", policy.model_dump())


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", default=str(DEFAULT_ARTIFACT_DIR), help="artifact directory")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies every cap of the mix")
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--cf-repeat", type=int, default=2)
    ap.add_argument("--only", default="", help="comma-separated subset of the mix (experiments)")
    ap.add_argument("--trainable-layers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--max-length", type=int, default=128, help="tokens per pair in training")
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--init-from", default="", help="start from this artifact (second stage)")
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
    torch.set_num_threads(args.threads)
    if args.calibrate_only:
        out = Path(args.out)
        net, tokenizer, config = load_artifact(out)
        config.temperature, config.class_bias, info = calibrate(net, tokenizer)
        config.train_info.update(info)
        config.save(out)
        fit_verdict(out)
        return
    train(args)


if __name__ == "__main__":
    main()
