# Two commands on a fresh clone: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run serve test test-fast install lint format docs messages clean

# The site's words in each language: locale/<code>/LC_MESSAGES/django.po, in the repository,
# compiled here (gettext's msgfmt) whenever a catalogue changes; the .mo files are not committed.
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
# What makemessages reads: the project's code and templates, not the virtualenv, the npm
# packages or the tests (tests/catalogues.py extracts with the same options).
MESSAGES_OPTIONS := --ignore '$(VENV)' --ignore node_modules --ignore tests --ignore staticfiles --no-obsolete --add-location file

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed $(CATALOGUES:.po=.mo)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: apt-get install gettext"; exit 1; }
	$(PY) manage.py compilemessages --locale $* --ignore '$(VENV)' --ignore node_modules --verbosity 0

## Create the virtualenv, migrate, load the demo content and serve http://127.0.0.1:$(PORT) on SQLite,
## with the email worker beside the server (it prints each email; Ctrl-C stops both).
run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

## Production: DEBUG off, settings from the environment, migrate, collectstatic, gunicorn.
## Needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL (README: "Running in production").
serve: install
	PY=$(PY) deploy/serve.sh

## Create the virtualenv and run the whole suite (SQLite, or DATABASE_URL when set).
test: install
	$(VENV)/bin/pytest

## The suite without the tests marked slow (those that start processes or walk every URL).
test-fast: install
	$(VENV)/bin/pytest -m "not slow"

## ruff, the app layers (import-linter) and no function above radon complexity C.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	@complex="$$($(VENV)/bin/radon cc -s -n D --exclude '*/migrations/*,.venv/*,node_modules/*' .)" || exit 1; \
	if [ -n "$$complex" ]; then echo "Functions above radon complexity C:"; echo "$$complex"; exit 1; fi

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Rewrite the README's generated blocks: the workflow table and the app layer diagram.
docs: install
	$(PY) manage.py docs --write README.md

## Extract the site's words into every catalogue (locale/<code>/LC_MESSAGES/django.po) to translate;
## `make install` compiles them. A new language: add it to LANGUAGE_NAMES (settings) and run
## `make messages LANGUAGE=<code>` once.
messages: install
	$(PY) manage.py makemessages $(if $(LANGUAGE),--locale $(LANGUAGE),--all) $(MESSAGES_OPTIONS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache *.egg-info
