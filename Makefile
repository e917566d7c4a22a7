# The four verbs: run, test (test-fast while editing), check, bench. Each creates .venv and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast check bench data system format clean lock

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all,dev]' -c requirements.lock
	touch $(STAMP)

# Re-pin every dependency after a change to pyproject.toml's ranges (a fresh venv, then freeze).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e '.[all,dev]'
	(echo "# Exact versions for CI and the Makefile (pip install -e '.[all,dev]' -c requirements.lock)."; \
	 echo "# Regenerate after changing pyproject.toml: make lock."; \
	 .venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^natoatlas') > requirements.lock
	rm -rf .venv-lock

run: $(STAMP)
	$(BIN)/natoatlas serve

# Debian packages the tests use (PDF checks with poppler; WeasyPrint's pango; Chromium for the
# browser tests, driven by Playwright without any browser download; LibreOffice and Noto CJK for
# the PPTX layout test; Noto CJK and Lohit Marathi so the PDF draws simplified Chinese and Marathi
# source titles instead of transliterating them; wrk for bench/bench_load.py and
# bench/bench_api.py): installed when
# missing and we are root, as in CI; otherwise the tests that need them say so and skip.
system:
	@missing=""; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-impress"; \
	fc-list | grep -q "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	fc-list :lang=mr | grep -q . || missing="$$missing fonts-lohit-deva-marathi"; \
	ldconfig -p | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	  else echo "note: install$$missing (Debian) for the PDF and browser tests"; fi; \
	fi

test: $(STAMP) system
	$(BIN)/python -m pytest -q

# Everything but the tests marked slow (rendering, browsers, LibreOffice, the wheel, fuzzing):
# the loop while editing, on every core (pytest-xdist); make test still runs them all, serially,
# as CI does.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow" -n auto

check: $(STAMP)
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/natoatlas check

bench: $(STAMP)
	$(BIN)/python bench/bench_core.py
	$(BIN)/python bench/bench_briefing.py
	$(BIN)/python bench/bench_web.py
	$(BIN)/python bench/bench_export.py

# Re-derive the map geometry from the npm package (needs npm); the result is committed.
data: $(STAMP)
	$(BIN)/python scripts/make_geometry.py

format: $(STAMP)
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
