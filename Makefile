# The two commands of the quick start: `make run` and `make test`.
# `make run` serves the whole app with uvicorn (ASGI: the live game's event
# streams need it), reloading when the code changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEV := DJANGO_DEBUG=1

.PHONY: run test test-fast lint setup messages chromium backup clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

setup: $(VENV)/.installed messages

# Compiled catalogues are build output, not sources.
messages:
	@for po in locale/*/LC_MESSAGES/*.po; do msgfmt --check-format --check-domain -o "$${po%.po}.mo" "$$po" || exit 1; done

run: setup
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py createcachetable
	$(DEV) $(BIN)/python manage.py load_bank
	$(DEV) $(BIN)/python manage.py load_demo
	$(DEV) $(BIN)/python -m uvicorn quizsite.asgi:application --host 127.0.0.1 --port $(PORT) \
	  --reload --reload-dir quizzes --reload-dir quizsite --timeout-graceful-shutdown 2

# Browser tests drive Debian's Chromium; install it when it is missing.
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: setup chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: setup
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

# A consistent copy of the SQLite database, safe while the app runs.
backup: setup
	$(BIN)/python manage.py backup_db

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
