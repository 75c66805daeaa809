# Two entry points for a newcomer: `make serve` and `make test`.
# Both create .venv on first use; `make` alone lists the targets.
#   requirements.txt       the site build, locked with hashes (serve, build, the Pages workflow)
#   requirements-test.txt  the build plus the tests, locked with hashes (test, bench)
# Their sources are requirements.in and requirements-test.in: edit those, then `make lock`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BUILD_STAMP := $(VENV)/.installed-build
TEST_STAMP  := $(VENV)/.installed-test
SITE_CONFIG := mkdocs.yml
LOCK := $(BIN)/uv pip compile --quiet --universal --python-version 3.11.5 --generate-hashes

.DEFAULT_GOAL := help
.PHONY: help serve build test a11y-all bench lock clean

help:  ## list the targets
	@awk 'BEGIN { FS = ":.*## " } /^[a-z0-9-]+:.*## / { printf "  make %-9s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))' 2>/dev/null || { \
		echo "error: '$(PYTHON)' is missing or older than Python 3.11.5; run e.g. make $(MAKECMDGOALS) PYTHON=python3.12" >&2; \
		exit 1; }
	$(PYTHON) -m venv $(VENV)

# A stamp is newer than its lock once the lock is installed: a changed lock reinstalls.
$(BUILD_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(TEST_STAMP): requirements-test.txt requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-test.txt
	touch $@ $(BUILD_STAMP)

serve: $(BUILD_STAMP)  ## live-reloading site at http://127.0.0.1:8000
	$(BIN)/properdocs serve --config-file $(SITE_CONFIG) --dev-addr 127.0.0.1:8000

build: $(BUILD_STAMP)  ## strict build into site/
	$(BIN)/properdocs build --strict --config-file $(SITE_CONFIG)

test: $(TEST_STAMP)  ## every test, including a strict build of the real site
	$(BIN)/python -m pytest

a11y-all: $(TEST_STAMP)  ## axe and the phone-width check on every page, both palettes (slow; make test samples)
	$(BIN)/python -m pytest tests/test_browser_a11y.py tests/test_browser_phone.py --a11y-all

bench: $(TEST_STAMP)  ## run every scripts/bench_*.py (they print numbers; they are never timed tests)
	@set -e; for script in scripts/bench_*.py; do \
		echo "== $$script"; \
		$(BIN)/python "$$script"; \
	done

lock: $(TEST_STAMP)  ## re-resolve requirements*.txt from requirements*.in (exact versions, hashes)
	$(LOCK) requirements.in -o requirements.txt
	$(LOCK) requirements-test.in -o requirements-test.txt

clean:  ## remove the built site, the venv and the test caches
	rm -rf site $(VENV) .pytest_cache .hypothesis
