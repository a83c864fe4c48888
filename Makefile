# redceci: every target creates and uses .venv itself, so a fresh clone needs nothing else.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
LINT_PATHS := src tests $(wildcard bench)

.PHONY: install demo serve test lint format bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/redceci data check
	$(BIN)/redceci plan --centres 1000 --places 500000 --out var/plan-nacional
	$(BIN)/redceci enrolment demo --state 22 --families 1000 --seed 1
	$(BIN)/redceci operations demo --weeks 6 --seed 1
	$(BIN)/redceci health demo --children 160 --weeks 6 --seed 1
	$(BIN)/redceci serve

serve: $(STAMP)
	$(BIN)/redceci serve

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format $(LINT_PATHS)
	$(BIN)/ruff check --fix $(LINT_PATHS)

BENCH_VENV := bench/.venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed-$(shell cat pyproject.toml bench/requirements.txt 2>/dev/null | sha1sum | cut -c1-12)

$(BENCH_STAMP): pyproject.toml bench/requirements.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip==26.3
	$(BENCH_VENV)/bin/python -m pip install --quiet -e . -r bench/requirements.txt
	rm -f $(BENCH_VENV)/.installed-*
	touch $@

bench: $(BENCH_STAMP)
	$(BENCH_VENV)/bin/python bench/run.py $(BENCH_ARGS)
	$(BENCH_VENV)/bin/python bench/siting.py
	$(BENCH_VENV)/bin/python bench/programme.py
	$(BENCH_VENV)/bin/python bench/enrolment.py
	$(BENCH_VENV)/bin/python bench/nutrition.py
	$(BENCH_VENV)/bin/python bench/operations.py
	$(BENCH_VENV)/bin/python bench/country.py
	test -x /usr/bin/wrk || (apt-get update && apt-get install -y wrk)
	$(BENCH_VENV)/bin/python bench/web_load.py

clean:
	rm -rf $(VENV) var
