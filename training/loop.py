"""One training stage: length-bucketed batches, AdamW with warm-up + linear decay, checkpoints.

The decay runs over the stage's steps or its wall-clock budget, whichever is used up first.

A checkpoint (``<run>/checkpoint.pt``, written atomically every ``checkpoint_every`` steps and at
the end of the stage) holds the trainable weights, the optimiser and scheduler states and the
step; the batch plan is rebuilt from the seed, so a killed run resumes where it stopped with the
same batches. Every checkpoint also refreshes ``<run>/latest/``, a loadable artifact (int8
deltas), so a run stopped early is still usable.
"""

from __future__ import annotations

import logging
import math
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from factcheck.stance.network import StanceNetwork, encode_pairs
from training.data import LABEL_INDEX, LABELS, Pair

log = logging.getLogger("training.loop")
CHECKPOINT = "checkpoint.pt"


@dataclass(frozen=True)
class StageOptions:
    name: str
    lr: float
    batch_size: int
    max_length: int
    seed: int
    checkpoint_every: int
    bf16: bool = False
    # Wall-clock budget of the stage in seconds (None: one full pass). The learning rate decays
    # with max(step fraction, time fraction) and the stage ends when either is used up, so a
    # stage finishes on time however much CPU the shared machine leaves it.
    time_budget: float | None = None


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


def class_weights_for(labels: torch.Tensor) -> torch.Tensor:
    """Soft class balancing: weight ~ 1/sqrt(frequency), so rare "contradicts" is not drowned."""
    freq = Counter(labels.tolist())
    n = len(labels)
    return torch.tensor([math.sqrt(n / (3 * max(1, freq.get(c, 0)))) for c in range(3)])


def save_checkpoint(path: Path, state: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def load_checkpoint(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    state: dict[str, Any] = torch.load(path, map_location="cpu", weights_only=False)
    return state


def run_stage(
    net: StanceNetwork,
    tokenizer: Any,
    pool: list[Pair],
    opts: StageOptions,
    *,
    run_dir: Path,
    resume: dict[str, Any] | None,
    on_checkpoint: Callable[[], None],
    extra_state: dict[str, Any],
) -> dict[str, Any]:
    """Fine-tune on ``pool`` for one pass; returns the stage record (pairs, steps, seconds, ...).

    ``resume``: a checkpoint of this stage to continue from. ``extra_state`` is stored in every
    checkpoint (the records of finished stages).
    """
    labels = torch.tensor([LABEL_INDEX[p.label] for p in pool])
    log.info("%s: %d pairs, labels %s", opts.name, len(pool), dict(Counter(labels.tolist())))
    loss_fn = nn.CrossEntropyLoss(weight=class_weights_for(labels))
    net.freeze_lower()
    net.train()
    lengths = [
        len(x)
        for x in tokenizer(
            [p.claim for p in pool],
            [p.passage for p in pool],
            truncation="longest_first",
            max_length=opts.max_length,
        )["input_ids"]
    ]
    batches = length_batches(lengths, opts.batch_size, random.Random(opts.seed))
    total = len(batches)
    head_params = list(net.head.parameters())
    layer_params = [
        p for n, p in net.named_parameters() if p.requires_grad and not n.startswith("head.")
    ]
    opt = torch.optim.AdamW(
        [{"params": layer_params, "lr": opts.lr}, {"params": head_params, "lr": opts.lr * 10}],
        weight_decay=0.01,
    )
    warmup = max(1, min(total // 20, 30))
    base_lrs = [opts.lr, opts.lr * 10]
    step, seconds, pairs_done, running = 0, 0.0, 0, 0.0

    def progress() -> float:
        budget = opts.time_budget
        return max(step / total, seconds / budget if budget else 0.0)

    def set_lr() -> None:
        factor = min(1.0, (step + 1) / warmup) * max(0.0, 1.0 - progress())
        for group, base in zip(opt.param_groups, base_lrs, strict=True):
            group["lr"] = base * factor

    if resume is not None:
        net.load_state_dict(resume["weights"], strict=False)
        opt.load_state_dict(resume["optimizer"])
        step, seconds = int(resume["step"]), float(resume["seconds"])
        pairs_done, running = int(resume["pairs_done"]), float(resume["running_loss"])
        log.info("%s: resumed at step %d of %d", opts.name, step, total)

    def checkpoint() -> None:
        save_checkpoint(
            run_dir / CHECKPOINT,
            {
                "stage": opts.name,
                "step": step,
                "seconds": seconds,
                "pairs_done": pairs_done,
                "running_loss": running,
                "weights": net.trainable_state(),
                "optimizer": opt.state_dict(),
                **extra_state,
            },
        )
        net.eval()
        on_checkpoint()
        net.train()

    from tqdm import tqdm

    autocast = (lambda: torch.autocast("cpu", dtype=torch.bfloat16)) if opts.bf16 else (nullcontext)
    bar = tqdm(total=total, initial=step, desc=opts.name, unit="batch", file=sys.stdout)
    bar.mininterval = 30
    t0 = time.time() - seconds
    for idx in batches[step:]:
        if progress() >= 1.0:
            log.info("%s: time budget used up after %d of %d steps", opts.name, step, total)
            break
        set_lr()
        enc = encode_pairs(
            tokenizer,
            [pool[i].claim for i in idx],
            [pool[i].passage for i in idx],
            max_length=opts.max_length,
        )
        with autocast():
            logits = net(**enc)
        loss = loss_fn(logits.float(), labels[idx])
        loss.backward()
        nn.utils.clip_grad_norm_(layer_params + head_params, 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        running = 0.98 * running + 0.02 * loss.item() if step else loss.item()
        step += 1
        pairs_done += len(idx)
        seconds = time.time() - t0
        bar.update(1)
        if step % 25 == 0:
            bar.set_postfix(loss=f"{running:.3f}", pairs_s=f"{pairs_done / seconds:.1f}")
        if step % 100 == 0:
            log.info(
                "%s step %d/%d loss %.3f %.1f pairs/s",
                opts.name,
                step,
                total,
                running,
                pairs_done / seconds,
            )
        if step % opts.checkpoint_every == 0 and step < total:
            checkpoint()
    bar.close()
    checkpoint()
    net.eval()
    return {
        "pairs": len(pool),
        "labels": {LABELS[c].value: n for c, n in sorted(Counter(labels.tolist()).items())},
        "steps": step,
        "steps_planned": total,
        "pairs_seen": pairs_done,
        "time_budget_seconds": opts.time_budget,
        "batch_size": opts.batch_size,
        "lr": opts.lr,
        "max_length": opts.max_length,
        "bf16": opts.bf16,
        "train_seconds": round(seconds, 1),
        "pairs_per_second": round(pairs_done / max(seconds, 1e-9), 2),
        "final_running_loss": round(running, 4),
    }
