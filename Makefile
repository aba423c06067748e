# Two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test suite lint loadtest check-python clean bench screenshots messages demo-totp

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null || { \
	  echo "This project needs Python 3.10 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "Run with PYTHON=/path/to/python3.10+ (for example: make run PYTHON=python3.12)."; exit 1; }

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files so requirements are installed again only when they change.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# Without DATABASE_URL, run and test start an embedded PostgreSQL in .pgdata/ for the
# length of the command (portal/devdb.py); with it, they use that server.
WITH_DB := $(BIN)/python -m portal.devdb

run: $(VENV)/.runtime
	@$(WITH_DB) $(MAKE) --no-print-directory serve

serve:
	$(BIN)/python manage.py compile_translations
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=true $(BIN)/python manage.py load_demo
	@echo "Open http://$(HOST):$(PORT)/ and log in with a demo account above."
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check .

test: $(VENV)/.dev
	@$(WITH_DB) $(MAKE) --no-print-directory suite

suite:
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py compile_translations --check
	$(BIN)/pytest $(PYTEST_ARGS)

# 50 patients against gunicorn and PostgreSQL for at most 2 minutes; fails on any failed request.
loadtest: $(VENV)/.dev
	$(BIN)/python loadtest/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Benchmark against PostgreSQL and Redis on this machine (see BENCHMARKS.md).
bench: $(VENV)/.runtime
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python scripts/bench.py

# PNGs of the main pages from the demo data, for the README (needs Chromium).
screenshots: $(VENV)/.dev
	@$(WITH_DB) $(BIN)/python scripts/screenshots.py

# After changing user-facing text: collect new strings into locale/es/LC_MESSAGES/django.po
# (needs GNU gettext), translate them, then `make test` checks that none is left out.
messages: $(VENV)/.dev
	$(BIN)/python manage.py extract_translations

# The code a demo staff account's authenticator app would show now (development only; after `make run`):
# make demo-totp EMAIL=editor@example.com
EMAIL ?= editor@example.com
demo-totp: $(VENV)/.runtime
	@DJANGO_DEBUG=true $(WITH_DB) $(BIN)/python manage.py demo_totp $(EMAIL)
