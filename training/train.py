"""Train the stance model: ``python -m training.train``.

One seeded command runs both stages (tqdm progress on stdout). Its defaults are the 5-layer
recipe of ``artifacts/MODEL_CARD.md`` (~26 min on 2 free cores; measured there, not shipped)::

    HF_HUB_OFFLINE=1 python -m training.train --seed 13 --scale 0.6 --cf-repeat 1 \
        --lr 8e-5 --trainable-layers 5 --stage1-epochs 1 --stage2-epochs 3 --stage2-lr 5e-5 \
        --stage2-fnc 1000 --out /tmp/stance/candidate

The shipped 2-layer artifact has its own rebuild commands in the model card.

Stage 1 fine-tunes the top ``--trainable-layers`` MiniLM layers + the head on the whole mix
(``DEFAULT_MIX``, caps times ``--scale``) for one pass; stage 2 continues on the in-domain
Climate-FEVER train claims + ``--stage2-fnc`` FNC-1 pairs for ``--stage2-epochs`` epochs and keeps
the epoch with the best Climate-FEVER *dev* macro-F1. Then a temperature is fitted on the dev
claims, plus a class bias only if it also helps on dev claims it was not fitted on
(``fit_class_bias``); the artifact is written (int8 deltas, see ``network``), dev is re-checked on
the stored weights, and the verdict aggregator (thresholds + confidence) is fitted on the same
dev claims (``verdict.json``). Held-out splits (Climate-FEVER test claims, FNC-1 competition
test, ...) are never read here. ``--init-from DIR --stage1-epochs 0`` runs stage 2 alone.
``--calibrate-only --out DIR`` refits only the temperature, class bias and ``verdict.json``.
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

from factcheck.stance.network import (
    ArtifactConfig,
    StanceNetwork,
    batched_logits,
    build_network,
    encode_pairs,
    load_artifact,
    save_artifact,
)
from training import data
from training.data import LABEL_INDEX, Pair

log = logging.getLogger("training.train")

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


def calibrate(net: StanceNetwork, tokenizer: Any) -> tuple[float, list[float], dict[str, Any]]:
    """Temperature (NLL) and class bias (macro-F1) on the Climate-FEVER dev claims."""
    dev = data.load_climate_fever("dev")
    logits = batched_logits(
        net, tokenizer, [p.claim for p in dev], [p.passage for p in dev], max_length=256
    )
    gold = torch.tensor([LABEL_INDEX[p.label] for p in dev])
    temperature = fit_temperature(logits, gold)
    bias, bias_gain = fit_class_bias(logits, gold, temperature, [p.group for p in dev])
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


def class_weights_for(labels: torch.Tensor) -> torch.Tensor:
    """Soft class balancing: weight ~ 1/sqrt(frequency), so rare "contradicts" is not drowned."""
    freq = Counter(labels.tolist())
    n = len(labels)
    return torch.tensor([math.sqrt(n / (3 * max(1, freq.get(c, 0)))) for c in range(3)])


def dev_score(net: StanceNetwork, tokenizer: Any) -> tuple[float, dict[str, Any]]:
    """Climate-FEVER *dev* macro-F1 after fitting temperature + class bias (model selection)."""
    was_training = net.training
    net.eval()
    temperature, bias, info = calibrate(net, tokenizer)
    if was_training:
        net.train()
    return float(info["cf_dev_macro_f1"]), info | {"temperature": temperature, "class_bias": bias}


def run_stage(
    net: StanceNetwork,
    tokenizer: Any,
    pool: list[Pair],
    *,
    name: str,
    lr: float,
    epochs: float,
    batch_size: int,
    max_length: int,
    seed: int,
    select_on_dev: bool,
) -> dict[str, Any]:
    """Fine-tune on ``pool`` for ``epochs`` passes (linear warm-up 5 % + linear decay).

    With ``select_on_dev`` the Climate-FEVER dev macro-F1 is measured after every epoch and the
    best epoch's weights are kept (dev claims only; the test claims are never read here).
    """
    labels = torch.tensor([LABEL_INDEX[p.label] for p in pool])
    log.info("%s: %d pairs, labels %s", name, len(pool), dict(Counter(labels.tolist())))
    loss_fn = nn.CrossEntropyLoss(weight=class_weights_for(labels))
    net.freeze_lower()
    net.train()
    lengths = [
        len(x)
        for x in tokenizer(
            [p.claim for p in pool],
            [p.passage for p in pool],
            truncation="longest_first",
            max_length=max_length,
        )["input_ids"]
    ]
    rng = random.Random(seed)
    epoch_batches = [length_batches(lengths, batch_size, rng) for _ in range(math.ceil(epochs))]
    per_epoch = len(epoch_batches[0])
    total = round(per_epoch * epochs)
    head_params = list(net.head.parameters())
    layer_params = [
        p for n, p in net.named_parameters() if p.requires_grad and not n.startswith("head.")
    ]
    opt = torch.optim.AdamW(
        [{"params": layer_params, "lr": lr}, {"params": head_params, "lr": lr * 10}],
        weight_decay=0.01,
    )
    warmup = max(1, total // 20)

    def lr_lambda(step: int) -> float:
        return (step + 1) / warmup if step < warmup else max(0.0, (total - step) / (total - warmup))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda)
    from tqdm import tqdm

    t0 = time.time()
    step = 0
    running = 0.0
    history: list[dict[str, Any]] = []
    best: tuple[float, int, dict[str, torch.Tensor] | None] = (-1.0, 0, None)
    bar = tqdm(total=total, desc=name, unit="batch", mininterval=30, file=sys.stdout)
    for epoch, batches in enumerate(epoch_batches, start=1):
        for idx in batches[: total - step]:
            enc = encode_pairs(
                tokenizer,
                [pool[i].claim for i in idx],
                [pool[i].passage for i in idx],
                max_length=max_length,
            )
            loss = loss_fn(net(**enc), labels[idx])
            loss.backward()
            nn.utils.clip_grad_norm_(layer_params + head_params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            running = 0.98 * running + 0.02 * loss.item() if step else loss.item()
            step += 1
            bar.update(1)
            if step % 25 == 0:
                bar.set_postfix(loss=f"{running:.3f}", epoch=epoch)
        if select_on_dev:
            score, info = dev_score(net, tokenizer)
            history.append(
                {
                    "epoch": epoch,
                    "steps": step,
                    "cf_dev_macro_f1": round(score, 4),
                    "cf_dev_per_class_f1": info["cf_dev_per_class_f1"],
                    "seconds": round(time.time() - t0, 1),
                }
            )
            log.info(
                "%s epoch %d: CF dev macro-F1 %.4f %s",
                name,
                epoch,
                score,
                info["cf_dev_per_class_f1"],
            )
            if score > best[0]:
                best = (score, epoch, net.trainable_state())
    bar.close()
    if select_on_dev and best[2] is not None:
        net.load_state_dict(best[2], strict=False)
        log.info("%s: kept epoch %d (CF dev macro-F1 %.4f)", name, best[1], best[0])
    net.eval()
    return {
        "pairs": len(pool),
        "labels": {LABELS_STR[c]: n for c, n in sorted(Counter(labels.tolist()).items())},
        "steps": total,
        "epochs": epochs,
        "lr": lr,
        "train_seconds": round(time.time() - t0, 1),
        **({"dev_by_epoch": history, "kept_epoch": best[1]} if select_on_dev else {}),
    }


# Runs land here unless --out says otherwise; the shipped artifact changes only via training.ship.
SCRATCH = Path(".cache/training")
LABELS_STR = [label.value for label in data.LABELS]


def train(args: argparse.Namespace) -> Path:
    """Stage 1 (the whole mix) then stage 2 (in-domain Climate-FEVER train claims + some FNC-1,
    several epochs, epoch kept by Climate-FEVER dev macro-F1), then calibration + verdict fit."""
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    started = time.time()

    if args.init_from:
        net, tokenizer, _ = load_artifact(Path(args.init_from))
        for p in net.parameters():
            p.requires_grad = True
    else:
        net, tokenizer = build_network(trainable_layers=args.trainable_layers)
    net.trainable_layers = args.trainable_layers
    stages: dict[str, Any] = {}

    if args.stage1_epochs > 0:
        only = set(args.only.split(",")) if args.only else None
        pool, counts = build_training_set(
            scale=args.scale, cf_repeat=args.cf_repeat, seed=args.seed, only=only
        )
        stages["stage1"] = {"mix": counts} | run_stage(
            net,
            tokenizer,
            pool,
            name="stage1",
            lr=args.lr,
            epochs=args.stage1_epochs,
            batch_size=args.batch_size,
            max_length=args.max_length,
            seed=args.seed,
            select_on_dev=False,
        )
    if args.stage2_epochs > 0:
        cf = data.load_climate_fever("train")
        fnc = data.sample(
            data.load_fnc_style("fnc1", "train", unrelated_as_neutral=0.03),
            args.stage2_fnc,
            seed=args.seed + 100,
        )
        pool2 = cf + fnc
        random.Random(args.seed + 1).shuffle(pool2)
        stages["stage2"] = {"mix": {"climate_fever_train": len(cf), "fnc1_train": len(fnc)}} | (
            run_stage(
                net,
                tokenizer,
                pool2,
                name="stage2",
                lr=args.stage2_lr,
                epochs=args.stage2_epochs,
                batch_size=args.batch_size,
                max_length=args.max_length,
                seed=args.seed + 1,
                select_on_dev=True,
            )
        )
    net.eval()
    temperature, bias, dev_info = calibrate(net, tokenizer)

    config = ArtifactConfig(
        trainable_layers=args.trainable_layers,
        max_length=256,
        temperature=temperature,
        class_bias=bias,
        weight_format=args.weight_format,
        train_info={
            "command": "python -m training.train " + " ".join(sys.argv[1:]),
            "seed": args.seed,
            "trainable_layers": args.trainable_layers,
            "batch_size": args.batch_size,
            "train_max_length": args.max_length,
            "threads": args.threads,
            "init_from": args.init_from or None,
            **stages,
            "train_seconds": round(sum(s["train_seconds"] for s in stages.values()), 1),
            **dev_info,
        },
    )
    out = Path(args.out)
    save_artifact(net, config, out)
    # What was written is what is served: re-check dev on the reloaded (quantised) artifact.
    reloaded, tok2, _ = load_artifact(out)
    _, _, stored_info = calibrate(reloaded, tok2)
    config.train_info["cf_dev_macro_f1_stored_weights"] = stored_info["cf_dev_macro_f1"]
    del reloaded

    fit_verdict(out)
    config.train_info["total_seconds"] = round(time.time() - started, 1)
    config.save(out)
    log.info("wrote %s in %.0f s", out, time.time() - started)
    return out


def fit_verdict(out: Path) -> None:
    """The verdict aggregator: thresholds + confidence calibration on the dev claims."""
    from factcheck.stance.model import CrossEncoderStance, RuleAugmentedStance
    from training.calibrate import fit_verdict_policy, load_encoder

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
    ap.add_argument(
        "--out",
        default="",
        help="run directory (default .cache/training/<UTC time>); ship it with training.ship",
    )
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--scale", type=float, default=0.6, help="multiplies every cap of the mix")
    ap.add_argument("--stage1-epochs", type=float, default=1.0, help="0 skips stage 1")
    ap.add_argument("--cf-repeat", type=int, default=1, help="Climate-FEVER copies in stage 1")
    ap.add_argument("--only", default="", help="comma-separated subset of the stage-1 mix")
    ap.add_argument("--lr", type=float, default=8e-5, help="stage 1 (head: 10x)")
    ap.add_argument("--stage2-epochs", type=float, default=3.0, help="0 skips stage 2")
    ap.add_argument("--stage2-lr", type=float, default=5e-5, help="stage 2 (head: 10x)")
    ap.add_argument("--stage2-fnc", type=int, default=1000, help="FNC-1 pairs in stage 2")
    ap.add_argument("--trainable-layers", type=int, default=5)
    ap.add_argument("--weight-format", default="int8-delta", choices=["int8-delta", "fp16"])
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--max-length", type=int, default=128, help="tokens per pair in training")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--init-from", default="", help="start from this artifact (experiments)")
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
        config.temperature, config.class_bias, info = calibrate(net, tokenizer)
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
