# Every target sets up what it needs itself, so each works on a fresh clone.
# .venv holds the project (editable) and, per target, only what that target uses: `make demo`
# installs the package with its report extra (pandas, xlsxwriter); `make test` adds the extras and the
# development groups of pyproject.toml ([dependency-groups], PEP 735: pip >= 25.1 reads them).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUM := $(shell cksum pyproject.toml | cut -d' ' -f1)
# pytest's workers (pytest-xdist): every core by default; PYTEST_WORKERS=0 runs in one process
PYTEST_WORKERS ?= auto
# the interpreters the wheel's smoke test runs on, where installed (the classifiers' versions)
SMOKE_PYTHONS ?= python3.11 python3.12 python3.13

.PHONY: demo test lint typecheck docs bench wheel-check test-lowest clean

# one stamp per set of packages, renewed when pyproject.toml changes
$(VENV)/.base-$(SUM): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade 'pip>=25.1'
	rm -f $(VENV)/.base-* $(VENV)/.core-* $(VENV)/.demo-* $(VENV)/.test-* $(VENV)/.docs-* $(VENV)/.bench-* $(VENV)/.package-*
	touch $@

$(VENV)/.core-$(SUM): $(VENV)/.base-$(SUM)
	$(PY) -m pip install -q -e .
	touch $@

# the demo: the package and what its monthly report reads tables with (pandas, no pyarrow: ~220 MB)
$(VENV)/.demo-$(SUM): $(VENV)/.base-$(SUM)
	$(PY) -m pip install -q -e '.[report]'
	touch $@

$(VENV)/.test-$(SUM): $(VENV)/.base-$(SUM)
	$(PY) -m pip install -q -e '.[columns,hypothesis,report]' --group test
	touch $@

$(VENV)/.docs-$(SUM): $(VENV)/.base-$(SUM)
	$(PY) -m pip install -q -e '.[columns]' --group docs
	touch $@

$(VENV)/.bench-$(SUM): $(VENV)/.base-$(SUM)
	$(PY) -m pip install -q -e '.[columns]' --group bench
	touch $@

$(VENV)/.package-$(SUM): $(VENV)/.base-$(SUM)
	$(PY) -m pip install -q --group package
	touch $@

demo: $(VENV)/.demo-$(SUM)
	$(PY) examples/demo.py
	$(VENV)/bin/servicelevel due examples/contract.toml --level P1 --at 2026-02-13T16:30+08:00 --region 北京 --explain
	$(VENV)/bin/servicelevel report examples/contract.toml --tickets examples/march.csv --outages examples/outages.csv --month 2026-03

test: $(VENV)/.test-$(SUM)
	$(PY) -m pytest -n $(PYTEST_WORKERS)
	$(PY) -m mypy --strict src tests/typing
	$(PY) -m ruff check src tests benchmarks examples docs/gen_views.py
	$(PY) -m ruff format --check src tests benchmarks examples docs/gen_views.py

docs: $(VENV)/.docs-$(SUM)
	cp CHANGELOG.md docs/changelog.md
	$(PY) docs/gen_views.py
	$(PY) -m mkdocs build --strict --site-dir site

bench: $(VENV)/.bench-$(SUM)
	$(PY) benchmarks/run.py

# The package as a user gets it: sdist and wheel built and checked, the wheel installed with no
# extras in a clean venv per interpreter, then used (.ci/smoke.py); then with its hypothesis extra.
wheel-check: $(VENV)/.package-$(SUM)
	rm -rf dist .venv-wheel
	$(PY) -m build --sdist --wheel --outdir dist .
	$(PY) -m twine check --strict dist/*
	@for py in $(SMOKE_PYTHONS); do \
	  $$py -c '' >/dev/null 2>&1 || { echo "wheel-check: no $$py here, skipped"; continue; }; \
	  rm -rf .venv-wheel && $$py -m venv .venv-wheel \
	  && .venv-wheel/bin/python -m pip install -q dist/*.whl \
	  && (cd dist && ../.venv-wheel/bin/python ../.ci/smoke.py) \
	  && .venv-wheel/bin/python -m pip install -q "$$(ls dist/*.whl)[hypothesis]" \
	  && (cd dist && ../.venv-wheel/bin/python ../.ci/smoke.py hypothesis) || exit 1; \
	done
	rm -rf .venv-wheel

# The tests against the lowest versions pyproject.toml declares (uv's --resolution lowest-direct):
# the model, the tables and the command line, without the slow marker; the docs, the site, the
# views, the letters' corpus and Dask/Spark are left to `make test` (their libraries are not
# dependencies of the package, and the letters read no library but the core).
LOWEST_TESTS := tests/calendar tests/terms tests/sla tests/frames tests/io tests/warranty tests/cli \
	tests/test_strategies.py tests/test_errors.py tests/test_layers.py src
test-lowest: $(VENV)/.package-$(SUM)
	rm -rf .venv-lowest
	$(VENV)/bin/uv venv -q -p $(PYTHON) .venv-lowest
	$(VENV)/bin/uv pip install -q -p .venv-lowest/bin/python --resolution lowest-direct \
	  -e '.[columns,hypothesis,report]' 'pytest>=8' 'pytest-xdist>=3.5'
	# the peer library a few tests compare with, at its newest: its pytz has no bound of ours
	$(VENV)/bin/uv pip install -q -p .venv-lowest/bin/python 'businesstimedelta>=1.0'
	$(VENV)/bin/uv pip list -p .venv-lowest/bin/python
	.venv-lowest/bin/python -m pytest -n $(PYTEST_WORKERS) -p no:cacheprovider -m 'not slow' $(LOWEST_TESTS)

clean:
	rm -rf $(VENV) .venv-wheel .venv-lowest dist site .pytest_cache .mypy_cache .ruff_cache .hypothesis
