# chibo: `make run` serves the app with demo data; `make test` runs lint and the whole suite
# (two pytest-xdist workers, one test module per worker at a time, the heaviest first).
# A Python 3.13/3.12 of the machine when there is one (coverage is cheap there), else python3.
PYTHON ?= $(shell scripts/test-python)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: run test lint format messages install clean ci

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.lock $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@echo "chibo is starting on http://$(HOST)/ (Ctrl+C to stop)"
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n 2 --dist loadfile --no-migrations --durations=15 --cov --cov-report=term

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Update the Vietnamese catalogue after marking new strings, then compile it (needs gettext).
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l vi --no-location --no-obsolete --ignore=.venv --ignore=static/vendor --ignore=tests
	DEBUG=1 $(BIN)/python manage.py compilemessages -l vi --ignore=.venv

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) .venv-min .coverage htmlcov .pytest_cache .ruff_cache
