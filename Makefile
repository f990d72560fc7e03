# The two commands: `make run` (the demo, no services needed) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv lint migrate demo worker clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

migrate: venv
	DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/python manage.py migrate --noinput

demo: migrate
	DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/python manage.py seed_demo

# Serves the demo on http://$(HOST):$(PORT) with a Celery worker and beat running the background
# work against a filesystem broker under var/celery (no Redis, no PostgreSQL).
run: demo
	@mkdir -p var/celery/queue var/celery/processed var/celery/control
	@echo "Starting the Celery worker and beat (log: var/celery.log) ..."
	@DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/celery -A config worker --beat \
		--pool=solo --loglevel=INFO --logfile=var/celery.log \
		--pidfile=var/celery-worker.pid --schedule=var/celerybeat-schedule & \
	WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null; wait $$WORKER 2>/dev/null' EXIT INT TERM; \
	echo "Serving http://$(HOST):$(PORT)/  (Ctrl-C stops the server and the worker)"; \
	DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/python manage.py runserver $(HOST):$(PORT)

# With DATABASE_URL and REDIS_URL set: PostgreSQL and Redis. Without: SQLite, Celery eager.
# pytest exits 5 when it collects no test; that is a failure here, not a pass.
test: venv
	$(BIN)/python manage.py check --settings=config.settings.test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings.test

clean:
	rm -rf var .pytest_cache .ruff_cache
