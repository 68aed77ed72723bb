# Kaizen's front door. `make help` lists every target.
SHELL := /bin/bash
PY := .venv/bin/python
VENV_STAMP := .venv/.installed-stamp
ASSETS_STAMP := assets/build/.stamp
PG_URL ?= postgres://postgres@127.0.0.1:5432/kaizen
HOST_PORT ?= 127.0.0.1:8000
# The address the demo prints and e-mails link to: the port `make run` actually serves on,
# unless the environment names the public address (SITE_URL, see README).
SITE_URL ?= http://$(HOST_PORT)
# Test workers (pytest-xdist): "auto" is one per CPU core (2 on CI); PYTEST_WORKERS=0 runs the
# tests in this process, e.g. to use a debugger. Work stealing, because the browser journeys take
# seconds each and the other tests milliseconds: an idle worker takes over part of a busy one's
# share, so one worker's CPU-bound tests overlap the other's waits on Chromium.
PYTEST_WORKERS ?= auto
PYTEST := .venv/bin/pytest -q -n $(PYTEST_WORKERS) --dist worksteal

.DEFAULT_GOAL := help
.PHONY: help install assets migrate demo run test lint types test-spc test-sqlite test-pg \
        test-browser bench format clean serve collectstatic

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV_STAMP): pyproject.toml spc/pyproject.toml
	python3.11 -m venv .venv || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ./spc -e ".[dev]"
	touch $@

install: $(VENV_STAMP) ## Create .venv and install Kaizen and kaizen-spc into it

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

$(ASSETS_STAMP): node_modules/.package-lock.json $(shell find assets/scss assets/js -type f 2>/dev/null)
	npm run --silent build
	touch $@

assets: $(ASSETS_STAMP) ## Build the NHS.UK frontend, Chart.js and our own CSS/JS into assets/build

migrate: install ## Apply database migrations, then every app's per-organisation defaults
	$(PY) manage.py migrate --noinput
	$(PY) manage.py install_defaults

demo: migrate ## Load the demo organisation (idempotent)
	SITE_URL=$(SITE_URL) $(PY) manage.py load_demo

# The task worker and the scheduler run beside the web server and stop with it (Ctrl+C).
run: install assets demo ## Set everything up; serve on $$HOST_PORT (127.0.0.1:8000) with a task worker
	export SITE_URL=$(SITE_URL); \
	$(PY) manage.py db_worker & worker=$$!; \
	$(PY) manage.py run_scheduler --loop & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST_PORT)

collectstatic: install assets ## Gather every static file into STATIC_ROOT for production
	$(PY) manage.py collectstatic --noinput -v 0

serve: collectstatic migrate ## Production server: gunicorn on $$BIND (see gunicorn.conf.py, README)
	.venv/bin/gunicorn

lint: install ## ruff lint and format check, and the layer order (import-linter)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports

types: install ## mypy (strict on kaizen-spc)
	.venv/bin/mypy --strict -p kaizen_spc
	.venv/bin/mypy kaizen

test-spc: install ## kaizen-spc: unit, reference, property tests and doctests
	cd spc && ../$(PYTEST)

test-sqlite: install assets ## Platform tests on SQLite, browser tests included
	$(PYTEST) kaizen tests

test-pg: install ## Platform tests on PostgreSQL (PG_URL=...)
	DATABASE_URL=$(PG_URL) $(PYTEST) -m "not browser" kaizen tests

test-browser: install assets ## Browser journeys only (Playwright + Debian chromium + axe-core)
	$(PYTEST) -m browser tests

test: lint types test-spc test-pg test-sqlite ## The whole suite: lint, types, SPC, PostgreSQL, SQLite + browser

bench: install ## Run the benchmarks and print their figures
	$(PY) spc/bench/spc_bench.py
	$(PY) bench/platform_bench.py
	$(PY) bench/portfolio_bench.py
	$(PY) bench/api_bench.py

format: install ## Apply ruff's formatting and safe fixes
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

clean: ## Remove the virtualenv, node_modules, built assets and the SQLite database
	rm -rf .venv node_modules assets/build db.sqlite3
