# Werkconferentie portal. `make run` sets everything up and serves http://127.0.0.1:8000;
# `make test` runs the whole suite. PYTHON=/path/to/python3.13 overrides the interpreter.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup messages makemessages migrate demo lint format browser bench bench-scale worker clean \
	check-deploy audit backup restore loadtest loadtest-restart

$(STAMP): requirements.txt requirements-dev.txt
	@py="$(PYTHON)"; \
	if [ -z "$$py" ]; then py=$$(./.ci/find-python) || { \
	  echo "No Python 3.12 or newer found on the PATH or under pyenv."; \
	  echo "Install one (e.g. 'pyenv install 3.13') or run: make run PYTHON=/path/to/python3.13"; exit 1; }; fi; \
	if [ -x "$(PY)" ] && ! "$(PY)" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then rm -rf $(VENV); fi; \
	if [ ! -x "$(PY)" ]; then echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(STAMP)

setup: $(STAMP)

# gettext's msgfmt compiles the .po files; install it from Debian when it is missing.
messages: $(STAMP)
	@command -v msgfmt >/dev/null || { echo "Installing gettext (msgfmt)"; \
	  (apt-get update -qq && apt-get install -y -qq gettext) >/dev/null 2>&1 || \
	  { echo "msgfmt is missing: install gettext (apt-get install gettext)"; exit 1; }; }
	@DEBUG=true $(PY) manage.py compilemessages --ignore=$(VENV) -v0

makemessages: $(STAMP)
	DEBUG=true $(PY) manage.py makemessages -l nl -l en --no-obsolete --ignore=$(VENV) --ignore=tests --ignore=staticfiles --ignore=themes --ignore=workgroups --ignore=opendata
	cd themes && DEBUG=true ../$(PY) ../manage.py makemessages -l nl -l en --no-obsolete
	cd workgroups && DEBUG=true ../$(PY) ../manage.py makemessages -l nl -l en --no-obsolete
	cd opendata && DEBUG=true ../$(PY) ../manage.py makemessages -l nl -l en --no-obsolete

migrate: $(STAMP)
	DEBUG=true $(PY) manage.py migrate --noinput -v1

demo: migrate
	DEBUG=true $(PY) manage.py load_demo

# The portal and the background worker together (honcho, Procfile.dev): e-mails a newcomer
# triggers (registration, waiting list, moderation, reports) are printed on this console.
run: messages demo
	@echo "Serving the portal on http://$(HOST):$(PORT) with the e-mail worker (Ctrl+C stops both)"
	DEBUG=true PORTAL_HOST=$(HOST) PORTAL_PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile.dev

worker: migrate
	DEBUG=true $(PY) manage.py db_worker

# Debian's Chromium drives the browser tests; install it where we can (never `playwright install`).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
	      || echo "Could not install chromium; browser tests will be skipped (outside CI)."; \
	  else echo "No /usr/bin/chromium: install Debian's chromium to run the browser tests."; fi; \
	fi

# The suite runs on TEST_WORKERS processes (pytest-xdist), each with its own test database;
# TEST_WORKERS=0 runs it in this process (for -x, pdb or one test).
TEST_WORKERS ?= 2
test: messages browser
	DEBUG=true $(PY) -m pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS)) $(PYTEST_ARGS)

# Page speed over HTTP: wrk against gunicorn in production mode on PostgreSQL with load_bench data
# (installs wrk; BENCH_SCALE=0.1 BENCH_DURATION=3s for a quick run). Writes bench/results/latest.md.
bench: messages
	bench/run

# The same with two gunicorn instances behind nginx and Redis as the shared cache (installs nginx).
bench-scale: messages
	bench/run --scale-out

# Ruff, and the architecture check: no view writes a model itself (tests/test_architecture.py).
lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=true $(PY) -m pytest -q -p no:cacheprovider tests/test_architecture.py
	$(VENV)/bin/djlint --lint --quiet .

# Django's deployment checklist under the README's production environment: any warning fails.
check-deploy: $(STAMP)
	env -u SILENCED_SYSTEM_CHECKS DEBUG=false SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	  ALLOWED_HOSTS=werkconferentie.example.nl CSRF_TRUSTED_ORIGINS=https://werkconferentie.example.nl \
	  REDIS_URL=redis://127.0.0.1:6379/0 EMAIL_HOST=smtp.example.nl TRUSTED_PROXY_COUNT=1 \
	  $(PY) manage.py check --deploy --fail-level WARNING

# Known vulnerabilities in the pinned requirements (pip-audit): exit 1 on a finding, 2 when some package could not be audited.
audit: $(STAMP)
	$(PY) .ci/audit.py requirements-dev.txt

# Load and faults (README "Load and faults"): gunicorn in production mode on a PostgreSQL cluster of the
# load test's own (port 5499 under /tmp, never the machine's 5432); checks that nothing was lost and writes
# bench/results/loadtest.md. loadtest-restart stops and starts that PostgreSQL in the middle. Not in `make test`.
LOADTEST_PORT ?= 5499
LOADTEST_ENV = DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:$(LOADTEST_PORT)/werkconferentie_loadtest \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')"

loadtest: messages
	$(LOADTEST_ENV) $(PY) manage.py loadtest $(LOADTEST_ARGS)

loadtest-restart: messages
	$(LOADTEST_ENV) $(PY) manage.py loadtest --restart-database $(LOADTEST_ARGS)

# Backups (README "Backups"): the database and the uploads in one archive under BACKUP_DIR (var/backups/).
# DEBUG stays as the environment sets it (production); development falls back to DEBUG=true.
backup: $(STAMP)
	DEBUG=$${DEBUG:-true} $(PY) manage.py backup $(BACKUP_ARGS)

restore: $(STAMP)
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=var/backups/werkconferentie-<time>.tar"; exit 1; }
	DEBUG=$${DEBUG:-true} $(PY) manage.py restore "$(FILE)"

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
