# newsbot: `make run` and `make test` set everything up from a fresh clone.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The suite mostly waits (subprocesses, servers, real poll intervals), so it runs on two pytest-xdist workers.
# --dist loadfile keeps each test file in one worker: a module's expensive module-scoped fixtures (the
# real-world corpus ingest, the eval gates) run once. --no-loadscope-reorder keeps the order tests/conftest.py
# gives (the files with the most `slow` tests first), so no long file is handed out last to one worker.
# `make test PYTEST_WORKERS=0` runs it in one process; PYTEST_ARGS replaces all of it.
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?= -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

.PHONY: run test lint bench bench-full clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/newsbot run

lint: $(VENV)/.installed-test
	$(BIN)/ruff check bot cogs tests bench
	$(BIN)/mypy bot cogs

test: $(VENV)/.installed-test
	$(BIN)/ruff check bot cogs tests bench
	$(BIN)/mypy bot cogs
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmarks measure the plain sources, as production runs them (the Dockerfile ships no compiled modules).
# Ingest is also measured against the code when issue 25 was filed, alternating in the same run.
BENCH_REFERENCE ?= 54464d0
bench: $(VENV)/.installed-test
	$(BIN)/python -m bench --ingest-reference-commit $(BENCH_REFERENCE)

bench-full: $(VENV)/.installed-test
	$(BIN)/python -m bench --full --ingest-reference-commit $(BENCH_REFERENCE)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache
