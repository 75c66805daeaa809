# Two entry points for a newcomer: `make serve` and `make test`.
# Both create .venv from requirements.txt on first use; `make` alone lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help serve build test bench clean

help:  ## list the targets
	@awk 'BEGIN { FS = ":.*## " } /^[a-z]+:.*## / { printf "  make %-6s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# The stamp is newer than requirements.txt once the pins are installed: a changed pin reinstalls.
$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "error: '$(PYTHON)' is missing or older than Python 3.11; run e.g. make $(MAKECMDGOALS) PYTHON=python3.12" >&2; \
		exit 1; }
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

bench: $(STAMP)  ## run every scripts/bench_*.py (they print numbers; they are never timed tests)
	@set -e; for script in scripts/bench_*.py; do \
		echo "== $$script"; \
		$(BIN)/python "$$script"; \
	done

clean:  ## remove the built site, the venv and the test caches
	rm -rf site $(VENV) .pytest_cache .hypothesis
