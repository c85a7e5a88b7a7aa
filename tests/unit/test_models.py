"""factcheck.models: one place builds the models; the API and the indexer both go through it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from factcheck import models
from factcheck.embedding import Encoder
from factcheck.index.writer import Ingestor
from factcheck.settings import ModelSettings, Settings
from factcheck.stance.network import DEFAULT_ARTIFACT_DIR
from factcheck.verdict import DEFAULT_POLICY, POLICY_FILE, VerdictPolicy
from indexer.cli import main as indexer_main

from .apps import DEAD_NODE
from .fakes import HashEncoder, NeutralJudge

SECOND = VerdictPolicy(min_relevance=0.45, support=0.77, contradict=0.66, disputed=0.9,
                       fitted_on="a second artifact, for this test")


def _second_artifact(tmp_path: Path, *, with_policy: bool) -> Path:
    """A copy of the shipped artifact's files; its verdict.json (if any) differs."""
    folder = tmp_path / "artifact"
    folder.mkdir()
    for path in DEFAULT_ARTIFACT_DIR.iterdir():
        if path.is_file() and path.name != POLICY_FILE.name:
            shutil.copy(path, folder / path.name)
    if with_policy:
        SECOND.save(folder / POLICY_FILE.name)
    return folder


def test_the_policy_comes_from_the_configured_artifact(tmp_path: Path) -> None:
    shipped = models.policy_from(Settings())
    assert shipped == VerdictPolicy.load(DEFAULT_ARTIFACT_DIR / POLICY_FILE.name)
    other = Settings(model=ModelSettings(stance_model=_second_artifact(tmp_path, with_policy=True)))
    assert models.policy_from(other) == SECOND != shipped


def test_an_artifact_without_a_policy_gets_the_defaults_not_the_shipped_one(
    tmp_path: Path,
) -> None:
    bare = Settings(model=ModelSettings(stance_model=_second_artifact(tmp_path, with_policy=False)))
    assert models.policy_from(bare) == DEFAULT_POLICY != models.policy_from(Settings())


def test_the_service_decides_with_the_configured_policy(tmp_path: Path) -> None:
    settings = Settings(model=ModelSettings(stance_model=_second_artifact(tmp_path,
                                                                          with_policy=True)))
    settings.elasticsearch.url = DEAD_NODE
    app = create_app(settings, encoder=HashEncoder(), judge=NeutralJudge())
    with TestClient(app) as client:
        assert client.app_state["service"].policy == SECOND


def test_indexer_and_api_build_their_models_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Equal settings in, equal models and writers out: both call models.encoder_from."""
    monkeypatch.setenv("ELASTICSEARCH_URL", DEAD_NODE)
    monkeypatch.setenv("ELASTICSEARCH_MAX_RETRIES", "0")
    monkeypatch.setenv("FACTCHECK_INDEXING__CHUNK_SENTENCES", "777")
    monkeypatch.setenv("FACTCHECK_MODEL__ONNX_THREADS", "1")
    monkeypatch.setenv("FACTCHECK_MODEL__ONNX_SPINNING", "false")
    built: list[Settings] = []

    def recorded(settings: Settings) -> Encoder:  # stands in for loading the real weights
        built.append(settings)
        return HashEncoder()

    monkeypatch.setattr(models, "encoder_from", recorded)
    with TestClient(create_app(Settings(), judge=NeutralJudge())) as client:
        ingestor = client.app_state["ingestor"]
    article = tmp_path / "a.txt"
    article.write_text("Kherson fell on Thursday, officials said.\n")
    assert indexer_main([str(article), "--no-progress"]) == 1  # the node is dead: an error
    api_settings, indexer_settings = built
    assert api_settings.model_dump() == indexer_settings.model_dump()
    assert (api_settings.model.onnx_threads, api_settings.model.onnx_spinning) == (1, False)
    assert isinstance(ingestor, Ingestor) and ingestor.chunk_sentences == 777
