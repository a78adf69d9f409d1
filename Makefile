# Engage: `make run` serves the site, `make test` checks it. Both need only Python 3.11 and make.
# PYTHON: the first of python3.11, python3.12, python3.13, python3 that is 3.11 or newer.
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	>/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
RUN_HOST := $(or $(ENGAGE_HOST),127.0.0.1)
RUN_PORT := $(or $(ENGAGE_PORT),5000)
# The site derives its public address (QR codes, mailed links) from these when
# ENGAGE_BASE_URL is not set.
export ENGAGE_HOST := $(RUN_HOST)
export ENGAGE_PORT := $(RUN_PORT)
export FLASK_APP := engage

.PHONY: run serve test lint bench translations messages install install-dev clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (python3.11 not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	-$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: $(VENV)/.installed
	$(BIN)/pybabel -q compile --use-fuzzy -d engage/translations

run: install translations
	$(BIN)/flask db upgrade head
	$(BIN)/flask demo --if-empty
	$(BIN)/flask run --host $(RUN_HOST) --port $(RUN_PORT)

serve: install translations
	$(BIN)/flask db upgrade head
	$(BIN)/gunicorn --config gunicorn.conf.py 'engage:create_app()'

test: install-dev translations
	$(BIN)/ruff check engage tests bench migrations scripts gunicorn.conf.py
	$(BIN)/ruff format --check engage tests bench migrations scripts gunicorn.conf.py
	$(BIN)/mypy
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check engage tests bench migrations scripts gunicorn.conf.py
	$(BIN)/ruff format --check engage tests bench migrations scripts gunicorn.conf.py
	$(BIN)/mypy

bench: install-dev translations
	$(BIN)/python -m bench

messages: install-dev
	$(BIN)/python scripts/catalogues.py update

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
