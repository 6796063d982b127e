# Two commands for a newcomer: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) .ci/bootstrap_venv.py $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# Byte-code for app/ once (an editable install has none, and PYTHONDONTWRITEBYTECODE=1
	@# would make every process compile the sources again).
	$(BIN)/python -m compileall -q app
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/assay migrate
	$(BIN)/assay serve

test: $(STAMP)
	$(BIN)/python -m pytest -W error

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench

typecheck: $(STAMP)
	$(BIN)/mypy app tests

bench: $(STAMP)
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/soc2_large.py
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/cases.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/package.py
	$(BIN)/python bench/recheck.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
