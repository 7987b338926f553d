# hallapp: `make run` opens the app, `make test` runs the whole suite headless.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint unit bench screenshots dist clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,tools]'
	@touch $(STAMP)

run: $(STAMP)
	@bash tools/system-deps.sh run
	$(VENV)/bin/hallapp

lint: $(STAMP)
	$(VENV)/bin/ruff check hallapp tests bench tools
	$(VENV)/bin/mypy hallapp/core hallapp/services

test: $(STAMP)
	@bash tools/system-deps.sh test
	$(MAKE) --no-print-directory lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	@bash tools/system-deps.sh test
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

screenshots: $(STAMP)
	@bash tools/system-deps.sh screenshots
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshots.py docs

dist: $(STAMP)
	$(PY) -m pip wheel --no-deps -w dist .

clean:
	rm -rf $(VENV) build dist *.egg-info
