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
ROOT_PTH    := $(VENV)/.root-on-path
SITE_CONFIG := mkdocs.yml
LOCK := $(BIN)/uv pip compile --quiet --universal --python-version 3.11.5 --generate-hashes

.DEFAULT_GOAL := help
.PHONY: help serve build test a11y-all bench lock clean FORCE

help:  ## list the targets
	@awk 'BEGIN { FS = ":.*## " } /^[a-z0-9-]+:.*## / { printf "  make %-9s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))' 2>/dev/null || { \
		echo "error: '$(PYTHON)' is missing or older than Python 3.11.5; run e.g. make $(MAKECMDGOALS) PYTHON=python3.12" >&2; \
		exit 1; }
	$(PYTHON) -m venv $(VENV)

# The repository root on the venv's import path, as an editable install would put it: the hooks,
# macros, scripts and tests import the packages `deis` and `macros` by name, with no sys.path
# edits. Rewritten when the checkout moves (the stamp records the path).
$(ROOT_PTH): FORCE | $(BIN)/python
	@test "$$(cat $@ 2>/dev/null)" = "$(CURDIR)" || { \
		$(BIN)/python -c 'import pathlib, sys, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "de-interview-scenarios.pth").write_text(sys.argv[1] + "\n")' "$(CURDIR)" && \
		echo "$(CURDIR)" > $@; }

FORCE:

# A stamp is newer than its lock once the lock is installed: a changed lock reinstalls.
$(BUILD_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(TEST_STAMP): requirements-test.txt requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-test.txt
	touch $@ $(BUILD_STAMP)

serve: $(BUILD_STAMP) $(ROOT_PTH)  ## live-reloading site at http://127.0.0.1:8000
	$(BIN)/properdocs serve --config-file $(SITE_CONFIG) --dev-addr 127.0.0.1:8000

build: $(BUILD_STAMP) $(ROOT_PTH)  ## strict build into site/
	$(BIN)/properdocs build --strict --config-file $(SITE_CONFIG)

test: $(TEST_STAMP) $(ROOT_PTH)  ## every test, including a strict build of the real site
	$(BIN)/python -m pytest

a11y-all: $(TEST_STAMP) $(ROOT_PTH)  ## axe and the phone-width check on every page, both palettes (slow; make test samples)
	$(BIN)/python -m pytest tests/test_browser_a11y.py tests/test_browser_phone.py --a11y-all

bench: $(TEST_STAMP) $(ROOT_PTH)  ## run every scripts/bench_*.py (they print numbers; they are never timed tests)
	@set -e; for script in scripts/bench_*.py; do \
		echo "== $$script"; \
		$(BIN)/python "$$script"; \
	done

lock: $(TEST_STAMP)  ## re-resolve requirements*.txt from requirements*.in (exact versions, hashes)
	$(LOCK) requirements.in -o requirements.txt
	$(LOCK) requirements-test.in -o requirements-test.txt

clean:  ## remove the built site, the venv and the test caches
	rm -rf site $(VENV) .pytest_cache .hypothesis
