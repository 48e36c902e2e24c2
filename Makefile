# Tatabbu: `make run` serves the product with demo data on SQLite; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: install run serve test lint format messages makemessages worker bench clean-db

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

messages: install
	$(MANAGE) compilemessages --ignore=.venv -v0

# Extract every translatable string into locale/ (then translate ar and fr).
makemessages: install
	$(MANAGE) makemessages -l ar -l fr --ignore=.venv --ignore=var --ignore=static/vendor --ignore=tests/vendor --no-obsolete --no-location

run: install messages
	mkdir -p var
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_reference
	$(MANAGE) seed_personas
	$(MANAGE) load_demo
	@echo "Tatabbu: http://127.0.0.1:8000/ (personas: see README.md)"
	$(MANAGE) runserver 127.0.0.1:8000

worker: install
	$(MANAGE) db_worker

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install messages lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run -v1
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install messages
	$(BIN)/python -m bench.run

clean-db:
	rm -f var/tatabbu.sqlite3 var/tatabbu.sqlite3-wal var/tatabbu.sqlite3-shm
