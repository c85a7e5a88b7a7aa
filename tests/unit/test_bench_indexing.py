"""The indexing benchmark's report names: a partial run never writes over the full report."""

from __future__ import annotations

from bench.indexing import ALL_STAGES, result_name


def test_a_full_run_writes_the_corpus_report() -> None:
    assert result_name("100k+seeds", set(ALL_STAGES)) == "indexing-100k-seeds"


def test_a_run_of_some_stages_writes_its_own_report() -> None:
    name = result_name("100k+seeds", {"cli"})
    assert name == "indexing-100k-seeds-cli"
    assert result_name("seeds", {"raw", "cli"}) == "indexing-seeds-cli-raw"
