# Creative Ports: `make run` serves the site with demo data; `make test` runs the whole suite.
# Both set everything up themselves on a fresh machine.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
CP := $(VENV)/bin/creativeports
export DJANGO_SETTINGS_MODULE := creativeports.config.settings
export PYTHONDONTWRITEBYTECODE := 1
# Links in emails point at the port the site is served on, unless the deployment says otherwise.
export CREATIVEPORTS_SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: help run dev test test-fast lint format messages bench lock clean setup

help:
	@echo "make run     set up and serve the demo site at http://127.0.0.1:$(PORT) (production-like)"
	@echo "make dev     the same with Django's autoreloading development server and DEBUG on"
	@echo "make test    set up and run the whole test suite (unit, integration, browser)"
	@echo "make lint    ruff and mypy"
	@echo "make bench   measure the directory with wrk on SQLite and PostgreSQL (writes docs/benchmarks.md)"
	@echo "make messages  update and compile the translation catalogues"
	@echo "make lock    re-pin the dependencies in requirements/*.lock"

# --- environments -----------------------------------------------------------------------------
$(VENV)/.created:
	@PYTHON_BIN=$$(scripts/find-python); echo "Creating $(VENV) with $$PYTHON_BIN"; \
	  "$$PYTHON_BIN" -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@touch $@

$(VENV)/.main: $(VENV)/.created requirements/main.lock pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/main.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.main requirements/dev.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.lock
	@touch $@

setup: $(VENV)/.main
	$(CP) migrate --noinput
	$(CP) load_demo
	$(CP) load_demo_events
	$(CP) load_demo_calls
	$(CP) rebuild_match_index --if-available
	$(CP) collectstatic --noinput --verbosity 0

# --- serving ----------------------------------------------------------------------------------
# The task workers run beside the web server and stop with it: one for the directory's quick
# follow-ups (background imports, enrichment), one for embedding changed profiles (matching).
# The web server serves requests in parallel, so each request's numeric work (embedding a query,
# BLAS) runs on one thread: more threads per request would only contend for the same cores.
run: setup
	@echo "Serving Creative Ports at http://127.0.0.1:$(PORT)  (Ctrl-C stops it)"
	$(CP) db_worker --no-reload & worker=$$!; $(CP) db_worker --no-reload --queue-name matching & embedder=$$!; \
	trap 'kill $$worker $$embedder 2>/dev/null || true' EXIT INT TERM; \
	CREATIVEPORTS_EMBEDDER_THREADS=$${CREATIVEPORTS_EMBEDDER_THREADS:-1} OPENBLAS_NUM_THREADS=$${OPENBLAS_NUM_THREADS:-1} \
	  $(VENV)/bin/gunicorn -c python:creativeports.config.gunicorn creativeports.config.wsgi --bind 127.0.0.1:$(PORT)

dev: export CREATIVEPORTS_DEBUG = 1
dev: setup
	$(CP) db_worker & worker=$$!; $(CP) db_worker --queue-name matching & embedder=$$!; \
	trap 'kill $$worker $$embedder 2>/dev/null || true' EXIT INT TERM; \
	$(CP) runserver 127.0.0.1:$(PORT)

# --- quality ----------------------------------------------------------------------------------
test: $(VENV)/.dev
	scripts/ensure-chromium
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: $(VENV)/.dev
	$(PY) -m pytest -m "not e2e" $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check src tests scripts $(wildcard bench)
	$(VENV)/bin/ruff format --check src tests scripts $(wildcard bench)
	$(VENV)/bin/mypy

format: $(VENV)/.dev
	$(VENV)/bin/ruff format src tests scripts $(wildcard bench)
	$(VENV)/bin/ruff check --fix src tests scripts $(wildcard bench)

messages: $(VENV)/.dev
	cd src/creativeports && ../../$(CP) makemessages --all --no-obsolete --ignore "static/vendor/*" \
	  && ../../$(CP) compilemessages --ignore "$(CURDIR)/$(VENV)/*"

# BENCH_ARGS passes options, e.g. make bench BENCH_ARGS="--sizes 10000 --databases sqlite" (see bench/README.md).
bench: $(VENV)/.dev
	$(PY) bench/directory.py $(BENCH_ARGS)

lock:
	uv pip compile pyproject.toml --universal --python-version 3.12 --generate-hashes -o requirements/main.lock
	uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 --generate-hashes -o requirements/dev.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache htmlcov .coverage
