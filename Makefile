# The two commands: `make run` (app + demo data on SQLite) and `make test` (the whole suite).
PY := .venv/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: setup run demo test lint audit

setup:
	@scripts/bootstrap.sh

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	$(PY) manage.py runserver $(HOST)

test:
	@scripts/bootstrap.sh --browser
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

audit: setup
	.venv/bin/pip-audit -r requirements.txt --strict --progress-spinner off
