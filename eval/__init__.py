"""Evaluation scripts (run by hand; results under eval/results/)."""
