"""Replace the shipped stance artifact with a trained run: ``python -m training.ship RUN_DIR``.

The trainer only ever writes to its run directory; this explicit step copies the run's weights,
``config.json`` and ``verdict.json`` into ``factcheck/stance/artifacts/`` (the model card stays,
to be updated by hand with the run's figures). The run is loaded first, so a broken run is
refused before anything is overwritten.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from factcheck.stance.network import CONFIG_FILE, DEFAULT_ARTIFACT_DIR, WEIGHTS_FILE, load_artifact
from factcheck.verdict import VerdictPolicy

POLICY = "verdict.json"
SHIPPED_FILES = (WEIGHTS_FILE, CONFIG_FILE, POLICY)


def ship(run_dir: Path, *, artifact_dir: Path = DEFAULT_ARTIFACT_DIR) -> list[Path]:
    """Copy a run's artifact files over the shipped ones; returns the paths written."""
    missing = [name for name in SHIPPED_FILES if not (run_dir / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{run_dir} lacks {', '.join(missing)}: not a finished run")
    load_artifact(run_dir)  # refuses weights that do not fit the network
    VerdictPolicy.load(run_dir / POLICY)
    artifact_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in SHIPPED_FILES:
        target = artifact_dir / name
        tmp = target.with_suffix(target.suffix + ".tmp")
        shutil.copyfile(run_dir / name, tmp)
        os.replace(tmp, target)  # each file swapped atomically
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("run_dir", type=Path, help="a finished run of python -m training.train")
    ap.add_argument("--artifact-dir", type=Path, default=DEFAULT_ARTIFACT_DIR)
    args = ap.parse_args(argv)
    for path in ship(args.run_dir, artifact_dir=args.artifact_dir):
        print(f"wrote {path}", file=sys.stdout)
    print("now update factcheck/stance/artifacts/MODEL_CARD.md with the run's figures")


if __name__ == "__main__":
    main()
