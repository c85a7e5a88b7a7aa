"""End-to-end retrieval evaluation on Climate-FEVER: ``python -m eval.retrieval``.

The corpus: every Climate-FEVER evidence sentence, grouped into one "article" per Wikipedia title
(sentences in their original order, identical ones once, one paragraph each so that the splitter
never joins two of them), indexed into a throw-away index by the service's own pipeline
(``parse_record`` → :class:`factcheck.index.writer.Ingestor` with the real encoder). Each claim then
goes through :class:`factcheck.index.retrieval.Retriever` in hybrid, BM25-only and kNN-only mode
(top 10, the service's retrieval settings).

A retrieved sentence is relevant when its ``match_key`` equals that of one of the claim's gold
evidence sentences. Two relevance definitions: all five candidate sentences of a claim, and only
its SUPPORTS/REFUTES ones (the evidence a verdict needs; claims without any are left out).
Gold sentences the text pipeline split or dropped cannot be found and count as misses; how many
that are is reported as coverage.

    OMP_NUM_THREADS=1 .venv/bin/python -m eval.retrieval --threads 1
    .venv/bin/python -m eval.retrieval --limit 50 --corpus claims --out /tmp/retrieval  # quick

Writes ``eval/results/retrieval.json`` and ``.md``. The index (``eval-climate-fever``) is kept
and reused while its corpus fingerprint (article fingerprints + encoder) matches; ``--fresh``
rebuilds it.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import datetime as dt
import hashlib
import json
import logging
import shlex
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from elasticsearch import AsyncElasticsearch, NotFoundError
from tqdm import tqdm

from bench.common import machine, percentiles
from factcheck import models
from factcheck.articles import ArticleRecord, parse_record
from factcheck.documents import Article
from factcheck.embedding import Encoder
from factcheck.index import layout, versions
from factcheck.index.client import async_client
from factcheck.index.layout import Fields
from factcheck.index.retrieval import RetrievalMode, Retriever
from factcheck.index.writer import Ingestor
from factcheck.settings import ElasticsearchSettings, RetrievalSettings, Settings
from factcheck.text.sentences import match_key

log = logging.getLogger("eval.retrieval")

CLIMATE_FEVER = Settings().climate_fever  # $FACTCHECK_CLIMATE_FEVER
RESULTS = Path(__file__).parent / "results"
DEFAULT_INDEX = "eval-climate-fever"
TOP_K = 10
CUTOFFS = (5, 10)
DECISIVE_LABELS = frozenset({"SUPPORTS", "REFUTES"})
# Kept in the article-marker index next to the real markers: the whole corpus's fingerprint, so a
# later run can tell whether the index still holds exactly this corpus, embedded by this encoder.
CORPUS_MARKER_ID = "eval-corpus-fingerprint"

Relevance = Literal["all", "decisive"]
RELEVANCE_NOTES: dict[Relevance, str] = {
    "all": "all 5 candidate evidence sentences of the claim",
    "decisive": "only its SUPPORTS/REFUTES evidence sentences; claims without any left out",
}
CorpusScope = Literal["all", "claims"]


# -- data ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    id: str
    text: str
    gold: Mapping[Relevance, frozenset[str]]  # match keys of the relevant sentences


def read_records(path: Path = CLIMATE_FEVER) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def claims_of(records: Iterable[Mapping[str, Any]]) -> list[Claim]:
    claims = []
    for record in records:
        evidence = record["evidences"]
        claims.append(
            Claim(
                id=str(record["claim_id"]),
                text=record["claim"],
                gold={
                    "all": frozenset(match_key(e["evidence"]) for e in evidence),
                    "decisive": frozenset(
                        match_key(e["evidence"])
                        for e in evidence
                        if e["evidence_label"] in DECISIVE_LABELS
                    ),
                },
            )
        )
    return claims


def article_id(title: str) -> str:
    # Titles hold spaces, commas, brackets and non-ASCII letters, which article ids may not.
    return "cf-" + hashlib.sha256(title.encode("utf-8")).hexdigest()[:16]


def evidence_by_title(records: Iterable[Mapping[str, Any]]) -> dict[str, dict[int, str]]:
    """Wikipedia title -> {sentence number in the article: text}, from the evidence ids."""
    titles: dict[str, dict[int, str]] = collections.defaultdict(dict)
    for record in records:
        for evidence in record["evidences"]:
            # "<title>:<n>", split on the last colon (titles contain colons).
            number = int(evidence["evidence_id"].rsplit(":", 1)[1])
            titles[evidence["article"]][number] = evidence["evidence"]
    return dict(titles)


def build_articles(titles: Mapping[str, Mapping[int, str]]) -> list[Article]:
    """One article per title through the service's own text pipeline (as JSONL ingest runs it).

    One sentence per paragraph: the splitter works paragraph by paragraph, so it can still cut a
    sentence in pieces but never glue two evidence sentences together.
    """
    articles = []
    for title in sorted(titles):
        sentences = titles[title]
        texts: list[str] = []
        seen: set[str] = set()
        for number in sorted(sentences):
            key = match_key(sentences[number])
            if key not in seen:  # the same text under two evidence ids is one sentence
                seen.add(key)
                texts.append(sentences[number])
        record = ArticleRecord(
            id=article_id(title), title=title, source="wikipedia", body="\n\n".join(texts)
        )
        articles.append(parse_record(record, origin=f"climate-fever:{title}"))
    return articles


# -- coverage -----------------------------------------------------------------------------------


def missing_reasons(
    titles: Mapping[str, Mapping[int, str]], articles: Sequence[Article], missing: Iterable[str]
) -> dict[str, str]:
    """Why each gold key is not in the index: "split" (the splitter cut it; pieces of it are
    indexed) or "dropped" (the pipeline left it out: a question, an unterminated fragment...)."""
    pieces: dict[str, list[str]] = {
        a.meta.id: [match_key(s.text) for s in a.sentences] for a in articles
    }
    owners: dict[str, list[str]] = collections.defaultdict(list)
    for title, sentences in titles.items():
        for text in sentences.values():
            owners[match_key(text)].append(article_id(title))
    reasons = {}
    for key in missing:
        split = any(piece in key for owner in owners[key] for piece in pieces.get(owner, []))
        reasons[key] = "split" if split else "dropped"
    return reasons


async def keys_in_index(es: AsyncElasticsearch, index: str, keys: Iterable[str]) -> set[str]:
    """The match keys of ``keys`` that at least one indexed sentence has."""
    wanted = sorted(set(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), 1000):
        batch = wanted[start : start + 1000]
        response = await es.search(
            index=index,
            size=0,
            query={"terms": {Fields.MATCH_KEY: batch}},
            aggs={"keys": {"terms": {"field": Fields.MATCH_KEY, "size": len(batch)}}},
        )
        found.update(b["key"] for b in response["aggregations"]["keys"]["buckets"])
    return found


def coverage_report(
    claims: Sequence[Claim],
    located: set[str],
    reasons: Mapping[str, str],
    texts: Mapping[str, str],
    relevance: Relevance,
) -> dict[str, Any]:
    gold = set().union(*(c.gold[relevance] for c in claims))
    missing = sorted(gold - located)
    judged = [c for c in claims if c.gold[relevance]]
    # The best recall any retriever could reach: the share of each claim's gold that is indexed.
    ceiling = [len(c.gold[relevance] & located) / len(c.gold[relevance]) for c in judged]
    return {
        "gold_sentences": len(gold),
        "located": len(gold) - len(missing),
        "coverage": round((len(gold) - len(missing)) / max(1, len(gold)), 4),
        "split_by_the_splitter": sum(1 for k in missing if reasons.get(k) == "split"),
        "dropped_by_the_pipeline": sum(1 for k in missing if reasons.get(k) == "dropped"),
        "recall_ceiling": round(float(np.mean(ceiling)), 4) if ceiling else None,
        "missing_examples": [texts.get(k, k) for k in missing[:5]],
    }


# -- index --------------------------------------------------------------------------------------


def corpus_fingerprint(articles: Sequence[Article], encoder: Encoder) -> str:
    payload = json.dumps(
        {
            "encoder": encoder.name,
            "dimension": encoder.dimension,
            "articles": sorted(layout.fingerprint(a) for a in articles),
        }
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


async def _marker(es: AsyncElasticsearch, settings: ElasticsearchSettings) -> str | None:
    try:
        doc = await es.get(index=settings.articles_index, id=CORPUS_MARKER_ID)
    except NotFoundError:
        return None
    return str(doc["_source"].get(Fields.FINGERPRINT))


async def _drop(es: AsyncElasticsearch, settings: ElasticsearchSettings) -> None:
    await versions.drop(es, settings.index)  # the indices behind the aliases


async def prepare_index(
    es: AsyncElasticsearch,
    encoder: Encoder,
    settings: ElasticsearchSettings,
    articles: Sequence[Article],
    *,
    fresh: bool,
    progress: bool,
) -> dict[str, Any]:
    """Make ``settings.index`` hold exactly ``articles``: reuse it when its corpus marker matches,
    else drop it and index from scratch (stale articles of another corpus would skew results)."""
    fingerprint = corpus_fingerprint(articles, encoder)
    sentences = sum(len(a.sentences) for a in articles)
    if not fresh and await _marker(es, settings) == fingerprint:
        log.info(
            "index %s already holds this corpus (fingerprint %s): reused",
            settings.index,
            fingerprint,
        )
        return {"reused": True, "fingerprint": fingerprint, "seconds": 0.0}
    await _drop(es, settings)
    started = time.perf_counter()
    bar = tqdm(total=sentences, unit="sent", desc="indexing", disable=not progress, file=sys.stderr)

    def advance(_articles: int, done: int) -> None:
        bar.update(done - bar.n)

    try:
        report = await Ingestor(es, encoder, settings=settings).index(
            articles, refresh=True, progress=advance
        )
    finally:
        bar.close()
    if not report.ok:
        raise RuntimeError(
            f"indexing failed for {len(report.failed)} articles: {report.failed[:3]}"
        )
    await es.index(
        index=settings.articles_index,
        id=CORPUS_MARKER_ID,
        refresh=True,
        document={
            Fields.FINGERPRINT: fingerprint,
            Fields.SENTENCE_COUNT: sentences,
            Fields.ORIGIN: f"eval.retrieval corpus, encoder {encoder.name}",
            Fields.INDEXED_AT: dt.datetime.now(dt.UTC).isoformat(),
        },
    )
    seconds = time.perf_counter() - started
    log.info(
        "indexed %d articles (%d sentences) in %.0f s",
        report.articles_indexed,
        report.sentences_indexed,
        seconds,
    )
    return {"reused": False, "fingerprint": fingerprint, "seconds": round(seconds, 1)}


# -- retrieval and metrics ----------------------------------------------------------------------


async def retrieve_all(
    retriever: Retriever,
    claims: Sequence[Claim],
    vectors: np.ndarray,
    *,
    progress: bool,
) -> tuple[dict[RetrievalMode, list[list[str]]], dict[RetrievalMode, list[float]]]:
    """Top-k match keys per claim and search latency (ms) per mode; modes interleaved per claim
    so that load drift on the shared machine hits all of them alike."""
    ranked: dict[RetrievalMode, list[list[str]]] = {mode: [] for mode in RetrievalMode}
    latency: dict[RetrievalMode, list[float]] = {mode: [] for mode in RetrievalMode}
    for mode in RetrievalMode:  # warm-up: first queries pay for loading segments and caches
        await retriever.search(claims[0].text, vectors[0], top_k=TOP_K, mode=mode)
    for claim, vector in tqdm(
        list(zip(claims, vectors, strict=True)),
        desc="retrieving",
        unit="claim",
        disable=not progress,
        file=sys.stderr,
    ):
        for mode in RetrievalMode:
            started = time.perf_counter()
            found = await retriever.search(claim.text, vector, top_k=TOP_K, mode=mode)
            latency[mode].append((time.perf_counter() - started) * 1000)
            ranked[mode].append(
                [
                    str(c.doc.get(Fields.MATCH_KEY) or match_key(str(c.doc[Fields.TEXT])))
                    for c in found
                ]
            )
    return ranked, latency


def score(ranked: Sequence[Sequence[str]], gold: Sequence[frozenset[str]]) -> dict[str, Any]:
    """Recall@k (mean over claims), MRR@10 and pooled recall@10, over claims with gold."""
    recalls: dict[int, list[float]] = {k: [] for k in CUTOFFS}
    reciprocal: list[float] = []
    hits = total = 0
    for keys, relevant in zip(ranked, gold, strict=True):
        if not relevant:
            continue
        for k in CUTOFFS:
            recalls[k].append(len(set(keys[:k]) & relevant) / len(relevant))
        first = next(
            (rank for rank, key in enumerate(keys[:TOP_K], start=1) if key in relevant), None
        )
        reciprocal.append(1.0 / first if first else 0.0)
        hits += len(set(keys[:TOP_K]) & relevant)
        total += len(relevant)
    result: dict[str, Any] = {"claims": len(reciprocal)}
    for k in CUTOFFS:
        result[f"recall@{k}"] = round(float(np.mean(recalls[k])), 4) if reciprocal else None
    result[f"mrr@{TOP_K}"] = round(float(np.mean(reciprocal)), 4) if reciprocal else None
    result[f"pooled_recall@{TOP_K}"] = round(hits / total, 4) if total else None
    return result


# -- the evaluation -----------------------------------------------------------------------------


async def _evaluate(
    *,
    es_settings: ElasticsearchSettings,
    encoder: Encoder,
    records: Sequence[Mapping[str, Any]],
    corpus_records: Sequence[Mapping[str, Any]],
    retrieval: RetrievalSettings,
    fresh: bool,
    progress: bool,
) -> dict[str, Any]:
    claims = claims_of(records)
    titles = evidence_by_title(corpus_records)
    articles = build_articles(titles)
    texts = {match_key(t): t for sentences in titles.values() for t in sentences.values()}
    es = async_client(es_settings).options(request_timeout=max(es_settings.request_timeout, 60))
    try:
        index_info = await prepare_index(
            es, encoder, es_settings, articles, fresh=fresh, progress=progress
        )
        gold_keys = set().union(*(c.gold["all"] for c in claims))
        located = await keys_in_index(es, es_settings.index, gold_keys)
        reasons = missing_reasons(titles, articles, gold_keys - located)
        started = time.perf_counter()
        vectors = await asyncio.to_thread(encoder.encode, [c.text for c in claims])
        embed_ms = (time.perf_counter() - started) * 1000 / max(1, len(claims))
        retriever = Retriever.from_settings(
            es, Settings(elasticsearch=es_settings, retrieval=retrieval)
        )
        ranked, latency = await retrieve_all(retriever, claims, vectors, progress=progress)
        es_version = await _es_version(es)
    finally:
        await es.close()
    relevances: tuple[Relevance, ...] = ("all", "decisive")
    return {
        "evaluation": "retrieval",
        "corpus": {
            "index": es_settings.index,
            "articles": len(articles),
            "evidence_sentences": sum(len(s) for s in titles.values()),
            "indexed_sentences": sum(len(a.sentences) for a in articles),
            **index_info,
        },
        "claims": len(claims),
        "settings": {
            "top_k": TOP_K,
            "candidates": retrieval.candidates,
            "knn_num_candidates": retrieval.knn_num_candidates,
            "rrf_k": retrieval.rrf_k,
            "encoder": encoder.name,
        },
        "relevance": RELEVANCE_NOTES,
        "coverage": {r: coverage_report(claims, located, reasons, texts, r) for r in relevances},
        "results": {
            mode.value: {r: score(ranked[mode], [c.gold[r] for c in claims]) for r in relevances}
            for mode in RetrievalMode
        },
        "latency_ms": {mode.value: percentiles(latency[mode]) for mode in RetrievalMode},
        "claim_embedding_ms_per_claim": round(embed_ms, 2),
        "elasticsearch": es_version,
    }


async def _es_version(es: AsyncElasticsearch) -> str | None:
    # bench.common.machine() asks "GET /", which this node answers with 405; the nodes API works.
    info = await es.nodes.info(node_id="_local", filter_path="nodes.*.version")
    versions = sorted({str(node["version"]) for node in info.body.get("nodes", {}).values()})
    return ", ".join(versions) or None


def evaluate_retrieval(
    *,
    es_settings: ElasticsearchSettings | None = None,
    encoder: Encoder | None = None,
    data: Path = CLIMATE_FEVER,
    limit: int | None = None,
    corpus: CorpusScope = "all",
    retrieval: RetrievalSettings | None = None,
    fresh: bool = False,
    progress: bool = True,
) -> dict[str, Any]:
    """Run the evaluation and return the result (what ``retrieval.json`` holds, minus machine).

    ``limit``: only the first ``limit`` claims. ``corpus="claims"``: index only the evidence
    sentences of the evaluated claims (fast, and an easier task: for tests and quick looks);
    ``"all"``: every evidence sentence of the dataset. ``es_settings.index`` names the index
    (default ``eval-climate-fever``); it is dropped and rebuilt unless it holds this corpus.
    """
    settings = Settings()
    if es_settings is None:
        es_settings = settings.elasticsearch.model_copy(update={"index": DEFAULT_INDEX})
    if encoder is None:
        encoder = service_encoder(settings)
    records = read_records(data)
    selected = records[:limit] if limit else records
    started = time.perf_counter()
    result = asyncio.run(
        _evaluate(
            es_settings=es_settings,
            encoder=encoder,
            records=selected,
            corpus_records=selected if corpus == "claims" else records,
            retrieval=retrieval or settings.retrieval,
            fresh=fresh,
            progress=progress,
        )
    )
    result["dataset"] = {
        "path": str(data),
        "sha256": _sha256(data),
        "claims_total": len(records),
        "claims_evaluated": len(selected),
        "corpus_scope": corpus,
    }
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def service_encoder(settings: Settings, *, threads: int | None = None) -> Encoder:
    """The encoder the service runs (:func:`factcheck.models.encoder_from`), on ``threads``
    ONNX Runtime threads when given."""
    if threads:
        model = settings.model.model_copy(update={"onnx_threads": threads})
        settings = settings.model_copy(update={"model": model})
    return models.encoder_from(settings)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- report -------------------------------------------------------------------------------------


def _cell(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def markdown(result: Mapping[str, Any], command: str) -> str:
    corpus, cov = result["corpus"], result["coverage"]
    n = {r: result["results"]["hybrid"][r]["claims"] for r in ("all", "decisive")}
    lines = [
        "# Retrieval on Climate-FEVER: hybrid vs BM25-only vs kNN-only",
        "",
        f"{result['claims']} claims, top {result['settings']['top_k']} per claim from "
        f"`Retriever.search` (the service's settings: {result['settings']['candidates']} "
        f"candidates per retriever, kNN num_candidates "
        f"{result['settings']['knn_num_candidates']}, RRF k {result['settings']['rrf_k']}; "
        f"encoder {result['settings']['encoder']}).",
        "",
        "| mode | R@5 all | R@10 all | MRR all | R@5 S/R | R@10 S/R | MRR S/R | p50 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for mode, row in result["results"].items():
        cells = [
            _cell(row[r][m])
            for r in ("all", "decisive")
            for m in ("recall@5", "recall@10", "mrr@10")
        ]
        p50 = result["latency_ms"][mode]["p50"]
        lines.append(f"| {mode} | " + " | ".join(cells) + f" | {p50:.1f} |")
    lines += [
        "",
        f"*all*: relevant = {RELEVANCE_NOTES['all']} ({n['all']} claims). "
        f"*S/R*: {RELEVANCE_NOTES['decisive']} ({n['decisive']} claims). Recall is the mean over "
        "claims of the share of their gold sentences in the top k; MRR uses the first relevant "
        "sentence in the top 10 (0 when none). p50: one `Retriever.search` call (the msearch "
        "round trip, fusion, folding); the claim embedding "
        f"({result['claim_embedding_ms_per_claim']} ms per claim, batched) is not included.",
        "",
        "## Corpus",
        "",
        f"{corpus['evidence_sentences']:,} evidence sentences of {corpus['articles']:,} Wikipedia "
        "titles, one article per title (the sentences in their original order, duplicates once, "
        "one paragraph per sentence), indexed into "
        f"`{corpus['index']}` by the service's own pipeline: `parse_record` (boilerplate, "
        "splitting, attribution) and `Ingestor` with the real encoder. That made "
        f"{corpus['indexed_sentences']:,} indexed sentences"
        + (
            " (index reused: same corpus fingerprint)."
            if corpus["reused"]
            else f" in {corpus['seconds']:.0f} s."
        ),
        "",
        "Gold sentences are matched to retrieved ones by `match_key` (NFKC, case, quotes, dashes, "
        "whitespace folded). Coverage = gold sentences found in the index at all:",
        "",
        "| relevance | gold sentences | in the index | coverage | split by the splitter "
        "| dropped | recall ceiling |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in ("all", "decisive"):
        c = cov[r]
        lines.append(
            f"| {r} | {c['gold_sentences']:,} | {c['located']:,} | {c['coverage']:.4f} "
            f"| {c['split_by_the_splitter']} | {c['dropped_by_the_pipeline']} "
            f"| {_cell(c['recall_ceiling'])} |"
        )
    lines += [
        "",
        "Missing gold sentences count as misses. Most *split* ones are two sentences in the "
        'dataset itself ("...mid-teens.Maternal success...", where Wikipedia markup was lost); '
        'some are real splitter errors ("c. 950", "(O 2)"). *Dropped*: left out by the '
        "news pipeline by design — a one-sentence article whose only line is a question is read "
        "as its headline by the metadata step, a fragment without final punctuation as a "
        "truncated paragraph. Recall ceiling = the mean share of a claim's gold sentences that "
        "is indexed.",
        "",
        f"Command: `{command}` — {result['seconds']:.0f} s in all.",
    ]
    if host := result.get("machine"):
        # Latency depends on what else runs: say so next to the figures.
        lines.append(
            f"Machine: {host['cpus']} CPUs, load average {host['load_average']} at the "
            f"end, Elasticsearch {host['elasticsearch']}, commit {host['commit']}, "
            f"{host['when']}."
        )
    return "\n".join([*lines, ""])


def write_results(result: Mapping[str, Any], out: Path, command: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    out.with_suffix(".md").write_text(markdown(result, command))
    print(f"wrote {out.with_suffix('.json')} and .md", file=sys.stderr)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m eval.retrieval", description=__doc__.split("\n")[0] if __doc__ else None
    )
    parser.add_argument("--data", type=Path, default=CLIMATE_FEVER)
    parser.add_argument("--index", default=DEFAULT_INDEX, help="throw-away index to build/reuse")
    parser.add_argument("--limit", type=int, help="only the first N claims")
    parser.add_argument(
        "--corpus",
        choices=["all", "claims"],
        default="all",
        help="index every evidence sentence, or only those of the claims run",
    )
    parser.add_argument("--fresh", action="store_true", help="rebuild the index even if it matches")
    parser.add_argument("--drop", action="store_true", help="delete the index afterwards")
    parser.add_argument(
        "--threads", type=int, help="ONNX Runtime threads for the encoder (default: settings)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=RESULTS / "retrieval",
        help="output path without suffix (.json and .md are written)",
    )
    parser.add_argument("--no-progress", action="store_true")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    settings = Settings()
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    # One line per Elasticsearch request would bury the progress bars.
    for noisy in ("elastic_transport", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    es_settings = settings.elasticsearch.model_copy(update={"index": args.index})
    encoder = service_encoder(settings, threads=args.threads)
    result = evaluate_retrieval(
        es_settings=es_settings,
        encoder=encoder,
        data=args.data,
        limit=args.limit,
        corpus=args.corpus,
        fresh=args.fresh,
        progress=not args.no_progress,
    )
    if args.drop:
        asyncio.run(_drop_index(es_settings))
    command = "python -m eval.retrieval " + shlex.join(argv if argv is not None else sys.argv[1:])
    host = machine()
    host["elasticsearch"] = host["elasticsearch"] or result["elasticsearch"]
    write_results(
        {**result, "command": command.strip(), "machine": host}, args.out, command.strip()
    )
    summary = {
        mode: {r: (row[r]["recall@10"], row[r]["mrr@10"]) for r in row}
        for mode, row in result["results"].items()
    }
    print(
        json.dumps(
            {
                "coverage": {r: c["coverage"] for r, c in result["coverage"].items()},
                "recall@10, mrr@10": summary,
            },
            indent=1,
        )
    )
    return 0


async def _drop_index(settings: ElasticsearchSettings) -> None:
    es = async_client(settings)
    try:
        await _drop(es, settings)
    finally:
        await es.close()


if __name__ == "__main__":
    sys.exit(main())
