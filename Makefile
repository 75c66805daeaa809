# Two entry points for a newcomer: `make serve` and `make test`.
# Both create .venv from requirements.txt on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve build test bench clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

serve: $(STAMP)  ## live-reloading site at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)  ## strict build into site/
	$(BIN)/mkdocs build --strict

test: $(STAMP)  ## every test, including a strict build of the real site
	$(BIN)/python -m pytest

bench: $(STAMP)  ## benchmarks print numbers; they are never timed tests
	$(BIN)/python scripts/bench_mojibake.py

clean:
	rm -rf site $(VENV) .pytest_cache .hypothesis
