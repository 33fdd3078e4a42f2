# The README's two commands: `make run` and `make test`. Each bootstraps .venv on a fresh
# Debian/Ubuntu machine: it picks a Python 3.11+ (scripts/pick-python: before anything is
# installed), checks the system packages of its profile (scripts/system-deps: run for `make run`,
# test for `make test`, package for `make deb`; as root it installs them, otherwise it prints the
# sudo line), then pip install -e .[dev].
#
# PYTHON=python3.11 picks the interpreter; without it the first Python 3.11+ of python3,
# python3.13, python3.12, python3.11 on PATH is used.
PYTHON ?=
PY     := $(shell scripts/pick-python $(PYTHON) 2>/dev/null)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# The system-deps profile; targets below choose theirs (their prerequisites inherit it).
PROFILE := test
# What scripts/system-deps and scripts/pick-python tell a user to run again when they stop.
export SYSTEM_DEPS_AGAIN := make $(or $(MAKECMDGOALS),run)

# Tests marked root need root (mounts, other users): `make test-root` runs them, as root (CI
# does, after `make test` as a normal user). Tests marked packaging need the package profile's
# tools (desktop-file-validate, appstreamcli): `make test-packaging` installs those and runs them.
# `make test` runs everything else.
PYTEST_MARKS := not root and not packaging

.PHONY: run test quick imports deadcode lint typecheck unit test-root test-packaging fuzz bench clean bundle deb \
	smoke-test mutate mutate-ci system-deps

# Python first (it installs nothing), then the profile's system packages: both before .venv.
system-deps:
	@scripts/pick-python $(PYTHON) >/dev/null
	@PYTHON=$(PY) scripts/system-deps $(PROFILE)

$(STAMP): pyproject.toml | system-deps
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# The original simpleaudio shares its files with simpleaudio-patched: if it is there, remove
	@# both so that the install below puts the patched files back.
	@if $(BIN)/python -m pip show --quiet simpleaudio >/dev/null 2>&1; then \
	  $(BIN)/python -m pip uninstall --quiet --yes simpleaudio simpleaudio-patched; fi
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: PROFILE := run
run: $(STAMP)
	$(BIN)/couchtimer $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy --strict couchtimer

unit: $(STAMP)
	$(BIN)/coverage erase
	$(BIN)/coverage run -m pytest -m '$(PYTEST_MARKS)'
	$(BIN)/coverage report --include='couchtimer/core/*' --fail-under=95

# The layers of docs/DESIGN.md, as import-linter contracts (pyproject.toml, [tool.importlinter]).
imports: $(STAMP)
	$(BIN)/lint-imports

# Dead code: tests, scripts and benchmarks count as users, only the package's own is reported;
# names used in ways vulture cannot see are in scripts/vulture_whitelist.py, each with why.
deadcode: $(STAMP)
	@found=$$($(BIN)/vulture couchtimer scripts/vulture_whitelist.py tests benchmarks \
	  $$(grep -l '^#!.*python' scripts/* packaging/*) | grep '^couchtimer/'); \
	if [ -n "$$found" ]; then echo "$$found"; echo "make deadcode: unused code (or whitelist it)"; exit 1; fi

test: lint typecheck imports deadcode unit

# The inner loop (under a minute on an idle machine): lint, the layers, and the tests that need
# neither Qt, a subprocess nor a sound card, slow ones left out. `make test` runs everything.
QUICK_TESTS ?= tests/core tests/formats tests/export
quick: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest -q -x -m 'not slow and $(PYTEST_MARKS)' $(QUICK_TESTS)

# The fuzzers of tests/test_fuzz.py (10,000 cases each, also part of `make test`), longer and with
# a new seed each time: make fuzz FUZZ_CASES=100000
FUZZ_CASES ?= 50000
fuzz: $(STAMP)
	FUZZ_CASES=$(FUZZ_CASES) FUZZ_SEED=$$(date +%s) $(BIN)/pytest -s -q tests/test_fuzz.py

# pytest exits 5 when no test is marked root: that is not a failure.
test-root: $(STAMP)
	@[ "$$(id -u)" -eq 0 ] || { echo "make test-root: the tests marked root need root" >&2; exit 1; }
	$(BIN)/pytest -m root; status=$$?; [ $$status -ne 5 ] || status=0; exit $$status

test-packaging: PROFILE := package
test-packaging: $(STAMP)
	$(BIN)/pytest -m packaging

bench: $(STAMP)
	for script in benchmarks/*.py; do $(BIN)/python $$script || exit 1; done

# Mutation testing of couchtimer/core against tests/core (scripts/mutation.py, docs/DESIGN.md):
# `make mutate` mutates every core module but demo.py (about 10 minutes on 2 idle cores) and
# records each module's result and key in docs/mutation-score.txt; `make mutate MODULES="engine
# cues"` runs and records those modules only. `make mutate-ci` (CI) re-mutates only the modules
# whose key changed since the record (in seconds when none did: it needs no mutmut then).
MUT_STAMP := $(VENV)/.mutation-stamp

$(MUT_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,mutation]'
	touch $@

mutate: $(MUT_STAMP)
	$(BIN)/python scripts/mutation.py run $(MODULES)

# Exit 3: a module must be re-mutated and mutmut is not installed yet.
mutate-ci: $(STAMP)
	@$(BIN)/python scripts/mutation.py ci || { test $$? -eq 3 && $(MAKE) --no-print-directory \
	  $(MUT_STAMP) && $(BIN)/python scripts/mutation.py ci; }

# The cue voice (issue 17): `make check-voice` is the intelligibility gate (not part of `make test`:
# it installs the voice extra, ~300 MB with the recogniser's model, and takes minutes of CPU). It
# makes an espeak-ng set of the same cues for comparison, then checks the committed cues last, so
# the last line is theirs: `word error rate: quiet X %, 5 dB Y %`.
VOICE_STAMP := $(VENV)/.voice-stamp

$(VOICE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,voice]'
	touch $@

.PHONY: check-voice
check-voice: $(VOICE_STAMP)
	rm -rf build/cues-espeak
	nice -n 10 $(BIN)/python scripts/make_cues --engine espeak --out build/cues-espeak
	nice -n 10 $(BIN)/python scripts/check_voice --cues build/cues-espeak --label espeak-ng || true
	nice -n 10 $(BIN)/python scripts/check_voice

# Packaging (Debian/Ubuntu): a PyInstaller one-folder bundle in dist/couchtimer/, then a .deb from
# it (packaging/build-deb), then install/run/remove it for real (packaging/smoke-test, as root).
# The bundle is built from the distribution's Python (/usr/bin/python3, whatever python3 comes
# first on PATH) in a venv of its own, build/pkg-venv: the pinned packages of
# packaging/requirements.txt plus Debian's numpy (--system-site-packages; see the spec). Times,
# file order and hash seeds come from SOURCE_DATE_EPOCH (the last commit), so that two machines
# build the same bundle from the same commit.
PKG_PYTHON := /usr/bin/python3
PKG_VENV   := build/pkg-venv
PKG_STAMP  := $(PKG_VENV)/.installed-stamp
bundle deb: export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)

$(PKG_STAMP): pyproject.toml packaging/requirements.txt | system-deps
	rm -rf $(PKG_VENV)
	$(PKG_PYTHON) -m venv --system-site-packages $(PKG_VENV)
	@# simpleaudio is compiled here, by this Python: never a wheel cached from another one (a
	@# pyenv-built wheel carried a RUNPATH into that user's home)
	$(PKG_VENV)/bin/python -m pip install --quiet --no-cache-dir --no-binary simpleaudio-patched \
		$$(grep '^simpleaudio-patched==' packaging/requirements.txt)
	$(PKG_VENV)/bin/python -m pip install --quiet -r packaging/requirements.txt
	$(PKG_VENV)/bin/python -m pip install --quiet --no-deps -e .
	touch $@

bundle deb: PROFILE := package
bundle: $(PKG_STAMP)
	rm -rf dist/couchtimer build/pyinstaller
	PYTHONHASHSEED=0 $(PKG_VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/couchtimer.spec

deb: bundle
	PKG_VENV=$(PKG_VENV) packaging/build-deb

smoke-test:
	packaging/smoke-test

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .coverage mutants
