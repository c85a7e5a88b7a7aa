"""The ONNX export of the stance model is keyed by what the export reads, not by the card."""

from __future__ import annotations

import shutil
from pathlib import Path

from factcheck.stance.network import CONFIG_FILE, WEIGHTS_FILE
from factcheck.stance.onnx import _stance_digest

SHIPPED = Path(__file__).resolve().parents[2] / "factcheck" / "stance" / "artifacts"


def test_the_export_key_follows_weights_and_config_only(tmp_path: Path) -> None:
    for name in (WEIGHTS_FILE, CONFIG_FILE):
        shutil.copy(SHIPPED / name, tmp_path / name)
    key = _stance_digest(tmp_path)
    # an edited model card or a refitted verdict policy does not change the network
    (tmp_path / "MODEL_CARD.md").write_text("# card\n")
    (tmp_path / "verdict.json").write_text("{}\n")
    assert _stance_digest(tmp_path) == key
    # another config does
    config = tmp_path / CONFIG_FILE
    config.write_text(config.read_text() + "\n")
    assert _stance_digest(tmp_path) != key
