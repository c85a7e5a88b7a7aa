"""Which of RTE's "not entailment" pairs contradict: ``python -m training.teacher --artifact DIR``.

RTE labels pairs entailment / not entailment. Its non-entailments are the hard negatives this
model needs most -- news passages and claims that share most of their words, yet the passage does
not say the claim ("Stefano Falconi ... has joined Carnegie Mellon as its chief financial
officer" vs "MIT appoints Stefano Falconi as chief financial officer"): the shipped `v15` reads
729 of the 1,370 as *supports*. About a quarter of them are contradictions, though ("sales fell
46 percent" vs "sales rose 46 percent"), and labelling those neutral would teach the opposite of
the number and negation edits. A trained stance model reads them first; the ids it calls
*contradicts* (its most probable class) are written to :data:`CONTRADICTIONS` and left out of
the mix (:func:`training.data.load_not_entailed`); the contradictions it misses ("bought" vs
"sold", read as supports) stay in as neutral, which is still "not support". The file is checked
in so that a mix built later, with another model shipped, is the same mix.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from factcheck.stance.base import StanceLabel
from factcheck.stance.network import batched_logits, calibrated_probs, load_artifact
from training.data import load_not_entailed

log = logging.getLogger("training.teacher")

CONTRADICTIONS = Path(__file__).with_name("rte_contradictions.txt")


def contradiction_ids(artifact: Path | None, name: str = "rte") -> list[str]:
    """Ids of ``name``'s not-entailment pairs that the model in ``artifact`` calls contradicts."""
    net, tokenizer, config = load_artifact(artifact)
    pairs = load_not_entailed(name)
    logits = batched_logits(net, tokenizer, [p.claim for p in pairs], [p.passage for p in pairs])
    best = calibrated_probs(logits, config).argmax(dim=1).tolist()
    read = {label: best.count(i) for i, label in enumerate(config.labels)}
    log.info("%s: %d not-entailment pairs read as %s", name, len(pairs), read)
    contradicts = config.labels.index(StanceLabel.CONTRADICTS.value)
    return sorted(p.group for p, b in zip(pairs, best, strict=True) if b == contradicts)


def read_contradictions(path: Path = CONTRADICTIONS) -> set[str]:
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artifact", type=Path, required=True, help="a stance run or artifact")
    parser.add_argument("--out", type=Path, default=CONTRADICTIONS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    ids = contradiction_ids(args.artifact)
    args.out.write_text("".join(f"{i}\n" for i in ids), encoding="utf-8")
    log.info("wrote %d ids to %s", len(ids), args.out)


if __name__ == "__main__":
    main()
