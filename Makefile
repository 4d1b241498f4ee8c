# Two commands do everything on a fresh machine (Python 3.11, make, Debian):
#   make report   build the environment, validate data/, run the notebooks, write figures/ and report/
#   make test     build the environment and run every test (unit, bad input, nbval, browser)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help report pdf test test-fast lint format lock messages validate bench lighthouse lab browser clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@echo "==> creating the environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

validate: $(STAMP) ## check data/ (one line per problem)
	$(PY) -m partnership validate data

report: $(STAMP) ## build notebooks, figures/ and report/index.html (incremental)
	$(PY) -m partnership build

pdf: report browser ## print each edition as one PDF (dist/report.pdf, dist/report-it.pdf; not committed)
	$(PY) -m partnership pdf

lint: $(STAMP) ## check style and common bugs (ruff), without changing files
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP) ## sort imports and format the code (ruff)
	$(VENV)/bin/ruff check --select I --fix .
	$(VENV)/bin/ruff format .

lock: ## regenerate requirements.txt from requirements.in in a scratch environment
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	{ head -1 requirements.txt; .lock-venv/bin/pip freeze --exclude-editable; } > requirements.txt.new
	mv requirements.txt.new requirements.txt && rm -rf .lock-venv

messages: $(STAMP) ## extract the messages (partnership/locale/messages.pot), update each .po from them
	$(PY) -m partnership.i18n

test: $(STAMP) browser lint ## run all tests (lint first)
	$(PY) -m pytest -n 2 --dist loadscope --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

test-fast: $(STAMP) lint ## the tests without a browser or a kernel (seconds, for quick edits)
	$(PY) -m pytest -p no:nbval -n 2 -m "not browser and not kernel" tests

browser: ## make sure Debian's chromium is installed (browser tests need it)
	@command -v chromium >/dev/null 2>&1 || { echo "==> installing chromium"; \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || \
	  { echo "could not install chromium: run 'apt-get install chromium' as root"; exit 1; }; }

bench: $(STAMP) ## time the build against the naive way, and validation at scale
	$(PY) tools/bench.py

lighthouse: $(STAMP) browser ## score the built report with Lighthouse (installs it with npm into .lighthouse/)
	$(PY) tools/lighthouse.py

lab: $(STAMP) ## open the explorer notebook in JupyterLab
	$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root,) notebooks/06_explore.ipynb

clean: ## remove the environment and build records (keeps committed outputs)
	rm -rf $(VENV) .build
