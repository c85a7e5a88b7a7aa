"""Benchmarks run by hand (never by ``make test``): see bench/README.md."""
