# Set-up and everyday commands. `make run` serves the API on the seeds; `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export ELASTICSEARCH_URL ?= http://127.0.0.1:9200
export FACTCHECK_INDEX ?= factcheck
export HF_HUB_OFFLINE := 1

.PHONY: help venv es-up es-down index run test test-unit fuzz lint extension-deps

help:
	@echo "make run       set up, start Elasticsearch, index seeds/, serve the API on http://$(HOST):$(PORT)"
	@echo "make test      set up, start Elasticsearch, run the whole test suite"
	@echo "make fuzz      only the schemathesis runs (generated requests, every operation)"
	@echo "make es-up     start the local Elasticsearch node (no-op when one answers)"
	@echo "make es-down   stop it"
	@echo "make lint      ruff and mypy"

venv: $(STAMP)

# The virtualenv takes about 7 GB (PyPI's torch is the CUDA build): say so before pip runs out
# of space half-way with an OSError.
VENV_NEEDS_GB := 8

# torch goes first, pinned: everything after it must not pull another build.
$(STAMP): pyproject.toml
	@free=$$(df -Pk . | awk 'NR==2 {print int($$4 / 1048576)}'); \
	if [ "$$free" -lt $(VENV_NEEDS_GB) ]; then \
	  echo "[setup] only $$free GB free in $$(pwd); the virtualenv needs about $(VENV_NEEDS_GB) GB" >&2; \
	  exit 1; \
	fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "[setup] installing torch==2.13.0 (pip's cache serves repeat installs)"
	$(PY) -m pip install --disable-pip-version-check --progress-bar off torch==2.13.0
	@echo "[setup] installing the project, its dev tools, the trainer's and the Ray extra"
	$(PY) -m pip install --disable-pip-version-check --progress-bar off -e '.[dev,train,ray]'
	@touch $@

es-up:
	@bash scripts/es.sh up

es-down:
	@bash scripts/es.sh down

index: venv es-up
	$(PY) -m indexer seeds

run: index
	$(PY) -m api --host $(HOST) --port $(PORT)

extension-deps:
	@if [ -f extension/setup.sh ]; then bash extension/setup.sh; fi

test: venv es-up extension-deps
	node --test extension/test/
	$(PY) -m pytest

# Only the schemathesis runs over every REST operation and GraphQL field (also part of `make
# test`; ~35 s; FACTCHECK_FUZZ_EXAMPLES sets the examples per operation, default 50).
fuzz: venv es-up
	$(PY) -m pytest -m fuzz tests/integration/test_hostile_input.py

test-unit: venv
	$(PY) -m pytest tests/unit

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
