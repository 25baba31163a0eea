# Two entry points: `make run` and `make test`. Both bootstrap .venv from nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev
SCENARIO ?= plan2020

.PHONY: run test lint bench clean venv chromium fonts catalogue

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# setuptools tells every editable install of a mapped layout (emisim.model lives in model/)
# to mind same-named folders (an InformationOnly note, not a fault of the configuration:
# tests/test_packaging.py builds the wheel with every warning shown); kept out of make run.
INSTALL := PYTHONWARNINGS="ignore:Editable installation" $(PY) -m pip install -q

$(STAMP_RUN): pyproject.toml | $(PY)
	$(INSTALL) -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(PY)
	$(INSTALL) -e ".[dev]"
	touch $@ $(STAMP_RUN)

venv: $(STAMP_RUN)

run: $(STAMP_RUN)
	$(VENV)/bin/emisim run $(SCENARIO)

lint: $(STAMP_DEV)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The report test renders report.html in headless Chromium (Debian's `chromium`).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the report test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "make test needs Chromium: sudo apt-get install chromium" >&2; exit 1; \
	  fi; }

# The Chinese report tests need a font covering Chinese (Debian's fonts-noto-cjk).
fonts:
	@fc-list :lang=zh family 2>/dev/null | grep -q . || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's fonts-noto-cjk for the Chinese report test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; \
	  else \
	    echo "make test needs a CJK font: sudo apt-get install fonts-noto-cjk" >&2; exit 1; \
	  fi; }

# Extract the reports' marked strings with Babel and merge them into the Chinese catalogue
# (new strings arrive untranslated: tests/test_i18n.py then names them).
catalogue: $(STAMP_DEV)
	mkdir -p build
	$(VENV)/bin/pybabel extract -F babel.cfg --no-location --sort-output -o build/emisim.pot emisim/reports emisim/cli/compare.py emisim/cli/analysis.py model solvers emisim/studio
	$(VENV)/bin/pybabel update --no-fuzzy-matching --ignore-pot-creation-date -i build/emisim.pot -d emisim/reports/locale -D emisim -l zh -w 100

# Two workers, one test file per worker at a time (fixtures are per module): half the time.
test: lint chromium fonts
	$(VENV)/bin/python -m pytest -q -n 2 --dist loadfile

# Full benchmarks (minutes); their smoke mode runs inside `make test` (tests/test_bench.py).
bench: $(STAMP_RUN)
	$(PY) benchmarks/bench_solve.py
	$(PY) benchmarks/bench_oneshot.py
	$(PY) benchmarks/bench_resolve.py
	$(PY) benchmarks/bench_sweep.py
	$(PY) benchmarks/bench_analysis.py
	$(PY) benchmarks/bench_studio.py

clean:
	rm -rf $(VENV) outputs/*/ .pytest_cache .ruff_cache build *.egg-info
