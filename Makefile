# The README's two commands: `make run` and `make test`. Each bootstraps .venv on a fresh
# Debian/Ubuntu machine (system packages via scripts/system-deps, then pip install -e .[dev]).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint typecheck unit bench clean bundle deb smoke-test fuzz

$(STAMP): pyproject.toml scripts/system-deps
	scripts/system-deps
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "CouchTimer needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# The original simpleaudio shares its files with simpleaudio-patched: if it is there, remove
	@# both so that the install below puts the patched files back.
	@if $(BIN)/python -m pip show --quiet simpleaudio >/dev/null 2>&1; then \
	  $(BIN)/python -m pip uninstall --quiet --yes simpleaudio simpleaudio-patched; fi
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: $(STAMP)
	$(BIN)/couchtimer $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy --strict couchtimer/core

unit: $(STAMP)
	$(BIN)/coverage erase
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage report --include='couchtimer/core/*' --fail-under=95

test: lint typecheck unit

# The fuzzers of tests/test_fuzz.py (10,000 cases each, also part of `make test`), longer and with
# a new seed each time: make fuzz FUZZ_CASES=100000
FUZZ_CASES ?= 50000
fuzz: $(STAMP)
	FUZZ_CASES=$(FUZZ_CASES) FUZZ_SEED=$$(date +%s) $(BIN)/pytest -s -q tests/test_fuzz.py

bench: $(STAMP)
	for script in benchmarks/*.py; do $(BIN)/python $$script || exit 1; done

# Packaging (Debian/Ubuntu): a PyInstaller one-folder bundle in dist/couchtimer/, then a .deb from
# it (packaging/build-deb), then install/run/remove it for real (packaging/smoke-test, as root).
PKG_STAMP := $(VENV)/.packaging-stamp

$(PKG_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,packaging]'
	touch $@

bundle: $(PKG_STAMP)
	rm -rf dist/couchtimer build/pyinstaller
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/couchtimer.spec

deb: bundle
	packaging/build-deb

smoke-test:
	packaging/smoke-test

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .coverage
