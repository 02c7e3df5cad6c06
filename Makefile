# Every target sets up .venv itself, so each works on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: demo test lint typecheck docs bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,docs]'
	rm -f $(VENV)/.installed-*
	touch $@

demo: $(STAMP)
	$(PY) examples/demo.py
	$(VENV)/bin/servicelevel due examples/contract.toml --level P1 --at 2026-02-13T16:30+08:00 --region 北京 --explain

test: $(STAMP)
	$(PY) -m pytest -n auto
	$(PY) -m mypy --strict src tests/typing
	$(PY) -m ruff check src tests benchmarks examples docs/gen_views.py
	$(PY) -m ruff format --check src tests benchmarks examples docs/gen_views.py

docs: $(STAMP)
	cp CHANGELOG.md docs/changelog.md
	$(PY) docs/gen_views.py
	$(PY) -m mkdocs build --strict --site-dir site

bench: $(STAMP)
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache .hypothesis
