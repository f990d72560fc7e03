# The two commands: `make run` (the demo, no services needed) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv lint migrate demo worker clean bench bench-data

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
# TEST_WORKERS processes share the suite (pytest-xdist, a file at a time); TEST_WORKERS=0 runs it
# in this one process.
TEST_WORKERS ?= 2
test: venv
	$(BIN)/python manage.py check --settings=config.settings.test
	$(BIN)/python -m pytest $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile) $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings.test
	# The API schema has no warning (enum names, unresolvable fields): issue 14.
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --settings=config.settings.test >/dev/null

# Benchmarks (bench/, BENCHMARKS.md), on PostgreSQL. `make bench-data SCALE=1k` (or 100k, 1m, or
# a number of reports) makes the database st_bench_$(SCALE) anew; `make bench` measures every
# database in BENCH_DATABASES (smallest first) and prints one table (also var/bench.md, .json).
SCALE ?= 1k
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
BENCH_DATABASES ?= st_bench_1k,st_bench_100k,st_bench_1m
BENCH_ARGS ?=
BENCH_SETTINGS := DJANGO_SETTINGS_MODULE=config.settings.bench

bench-data: venv
	@case "$(SCALE)" in 1k) n=1000;; 100k) n=100000;; 1m|1M) n=1000000;; *) n="$(SCALE)";; esac; \
	db="st_bench_$(SCALE)"; set -e; \
	psql "$(BENCH_PG)/postgres" -qc "DROP DATABASE IF EXISTS $$db WITH (FORCE)"; \
	psql "$(BENCH_PG)/postgres" -qc "CREATE DATABASE $$db"; \
	$(BENCH_SETTINGS) DATABASE_URL="$(BENCH_PG)/$$db" $(BIN)/python manage.py migrate --noinput -v0; \
	$(BENCH_SETTINGS) DATABASE_URL="$(BENCH_PG)/$$db" $(BIN)/python manage.py bench_generate --reports $$n

bench: venv
	@mkdir -p var
	$(BENCH_SETTINGS) DATABASE_URL="$(BENCH_PG)/$(firstword $(subst $(comma), ,$(BENCH_DATABASES)))" \
		$(BIN)/python manage.py bench_run --databases "$(BENCH_DATABASES)" \
		--output var/bench.md --json var/bench.json $(BENCH_ARGS)

comma := ,

clean:
	rm -rf var .pytest_cache .ruff_cache
