# The two commands: `make run` (app + demo data on SQLite) and `make test` (the whole suite).
PY := .venv/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: setup run demo test lint audit bench nlp

setup:
	@scripts/bootstrap.sh

# The web server and, beside it, one background worker (parses, fetches, feed polls) on the same database
# queue; stopping the server (Ctrl-C) stops the worker too.
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	@$(PY) manage.py run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

test:
	@scripts/bootstrap.sh --browser
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

# Ruff (lint and format) over the whole tree, and the import contracts in pyproject.toml. CI runs it first.
lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports

audit: setup
	.venv/bin/pip-audit -r requirements.txt --strict --progress-spinner off

# Timeline pages, the events CSV and ingest against their floors, on the database in DATABASE_URL
# (load it first: manage.py seed_synthetic --events 100000). Writes its section of BENCHMARKS.md and, on
# PostgreSQL, the EXPLAIN plans of the slowest queries to benchmarks/explain.txt (ignored by git).
# bench and seed_synthetic live in devtools/, installed while DEBUG=1 (or DEVTOOLS=1).
bench: setup
	$(PY) manage.py bench --explain --output BENCHMARKS.md

# Rebuild the English linguistic layer (nlp/pipeline) from the GUM treebank beside the checkout
# (GUM_DIR=… to point elsewhere): convert, train with a fixed seed and step budget (~25 min on 2 cores),
# evaluate on held-out documents into nlp/metrics.json. See nlp/README.md.
nlp: setup
	$(PY) nlp/build.py
