# Stride: `make run` serves a demo on http://127.0.0.1:8000, `make test` runs the suite.
# With no DATABASE_URL both use an embedded PostgreSQL kept in .data/postgres.

PYTHON := $(shell for p in python3.13 python3.12 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; \
	then echo $$p; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1:8000

.PHONY: run test lint bench setup db-stop clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Stride needs Python 3.12 or newer (python3.13, python3.12 or python3)."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py load_catalogue
	DEBUG=true $(BIN)/python manage.py seed_demo

# The server, the background worker (django.tasks' database queue) and the reminder clock in
# one command. Background jobs of a script ignore Ctrl-C, so the trap stops them with the server.
run: setup
	@echo "Serving Stride on http://$(HOST)/ with a background worker (Ctrl-C stops both)"
	@DEBUG=true $(BIN)/python manage.py db_worker --queue-name '*' & worker=$$!; \
	DEBUG=true $(BIN)/python manage.py reminder_clock & clock=$$!; \
	trap 'kill $$worker $$clock 2>/dev/null; wait $$worker $$clock 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(BIN)/python manage.py runserver $(HOST)

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/bandit -q -r accounts config exercises programs -b bandit-baseline.json
	$(BIN)/pip-audit --skip-editable --progress-spinner off

# SCALE=10 also measures the group ten times over (100,000 patients; loaded once, minutes);
# RESET=1 rebuilds the benchmark databases.
SCALE ?= 1
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --scale $(SCALE) $(if $(RESET),--reset)
	$(BIN)/python benchmarks/reminders.py
	$(BIN)/python benchmarks/slow_clients.py
	$(BIN)/python benchmarks/fhir_bundle.py

db-stop:
	@test ! -x $(BIN)/python || $(BIN)/python -m config.database stop

clean: db-stop
	rm -rf $(VENV) .data
