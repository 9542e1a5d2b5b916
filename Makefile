# newsbot: `make run` and `make test` set everything up from a fresh clone.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: run test lint native bench bench-full clean

# Compiles the ingest hot paths with mypyc (a no-op when up to date, ~1 min otherwise); without a
# C compiler the bot runs on the same code as pure Python, ~15 % slower to ingest.
NATIVE = $(BIN)/newsbot native build || echo "newsbot: continuing on the pure-Python sources"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[native]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,native]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	@$(NATIVE)
	$(BIN)/newsbot run

lint: $(VENV)/.installed-test
	$(BIN)/ruff check bot cogs tests bench

test: $(VENV)/.installed-test
	$(BIN)/ruff check bot cogs tests bench
	@$(NATIVE)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

native: $(VENV)/.installed-run
	$(BIN)/newsbot native build

# Benchmarks measure the plain sources, as production runs them (the Dockerfile ships no compiled modules).
bench: $(VENV)/.installed-test
	NEWSBOT_PURE_PYTHON=1 $(BIN)/python -m bench

bench-full: $(VENV)/.installed-test
	NEWSBOT_PURE_PYTHON=1 $(BIN)/python -m bench --full

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache bot/_native.json
	find bot -name '*.so' -delete
