#!/usr/bin/env bash
# Smoke test of the production shape: with config.settings.production and .env.example (its
# keys replaced by fresh ones from `manage.py generate_keys`), against a throwaway PostgreSQL
# database it creates and drops: migrate, collectstatic, `check --deploy` (fails on errors),
# creates the application's database role and runs as it from then on, seeds the demo
# institutions, gunicorn on a free localhost port, then a public page and the CSS and quick-exit
# script it references must answer 200 with the right content types. Cleans up after itself.
#
# `check --deploy` prints no warning (issue 14: HSTS includes subdomains and may be preloaded;
# SECURE_HSTS_INCLUDE_SUBDOMAINS / SECURE_HSTS_PRELOAD in the env turn them off).
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PY:-.venv/bin/python}"
PG_ADMIN_URL="${SMOKE_PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
DB_NAME="st_smoke_$$"
APP_ROLE="st_smoke_app_$$"
WORK="$(mktemp -d)"
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  psql "$PG_ADMIN_URL" -q -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
  psql "$PG_ADMIN_URL" -q -c "DROP ROLE IF EXISTS $APP_ROLE" >/dev/null 2>&1 || true
  if [ -n "${SMOKE_REDIS_DB_URL:-}" ]; then
    redis-cli -u "$SMOKE_REDIS_DB_URL" flushdb >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

fail() { echo "smoke: FAIL: $*" >&2; [ -f "$WORK/gunicorn.log" ] && tail -n 40 "$WORK/gunicorn.log" >&2; exit 1; }

# -- the environment: .env.example with fresh keys ----------------------------------------------
grep -v '^[[:space:]]*#' .env.example | grep '=' > "$WORK/env"
$PY manage.py generate_keys --settings=config.settings.test >> "$WORK/env"  # later lines win
set -a
# shellcheck disable=SC1091
. "$WORK/env"
set +a
export DJANGO_SETTINGS_MODULE=config.settings.production
export ALLOWED_HOSTS=127.0.0.1,localhost
export STATIC_ROOT="$WORK/static"
export MEDIA_ROOT="$WORK/media"
export EMAIL_URL="consolemail://"
export SMOKE_REDIS_DB_URL="${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/14}"
export REDIS_URL="$SMOKE_REDIS_DB_URL"
export DATABASE_URL="${PG_ADMIN_URL%/*}/$DB_NAME"
mkdir -p "$MEDIA_ROOT"

psql "$PG_ADMIN_URL" -q -c "CREATE DATABASE $DB_NAME" >/dev/null

echo "smoke: migrate, collectstatic, check --deploy ($(date +%T))"
timeout 300 $PY manage.py migrate --noinput >"$WORK/migrate.log" 2>&1 \
  || { cat "$WORK/migrate.log" >&2; fail "migrate"; }
# From here on the application connects as it would in production: as a login role that owns
# nothing (manage.py create_app_role, audit/dbroles.py), not as the tables' owner.
timeout 120 $PY manage.py create_app_role --name "$APP_ROLE" --password-env APP_DB_PASSWORD \
  >"$WORK/role.log" 2>&1 || { cat "$WORK/role.log" >&2; fail "create_app_role"; }
export DATABASE_URL="postgres://$APP_ROLE:$APP_DB_PASSWORD@127.0.0.1:5432/$DB_NAME"
timeout 300 $PY manage.py collectstatic --noinput >"$WORK/collectstatic.log" 2>&1 \
  || { cat "$WORK/collectstatic.log" >&2; fail "collectstatic"; }
timeout 120 $PY manage.py check --deploy --fail-level ERROR 2>&1 | tee "$WORK/check.log" \
  || fail "check --deploy reports errors"

# The whole demo, as the application's role: manage.py seed_demo takes the audited
# cross-institution path for each seeder (core.rls).
echo "smoke: seed the demo institutions"
timeout 300 $PY manage.py seed_demo \
  >"$WORK/seed.log" 2>&1 || { cat "$WORK/seed.log" >&2; fail "seeding"; }

PORT="$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
echo "smoke: gunicorn on 127.0.0.1:$PORT"
.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --timeout 60 \
  >"$WORK/gunicorn.log" 2>&1 &
SERVER_PID=$!

BASE="http://127.0.0.1:$PORT"
# The proxy in front of production terminates TLS and says so; without this header the app
# redirects to https, as it should.
CURL=(curl --silent --show-error --max-time 10 -H "X-Forwarded-Proto: https")
for _ in $(seq 1 60); do
  "${CURL[@]}" -o /dev/null "$BASE/" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || fail "gunicorn exited"
  sleep 0.5
done

fetch() {  # fetch URL EXPECTED_CONTENT_TYPE_PREFIX OUTFILE
  local url="$1" want="$2" out="$3" meta
  meta="$("${CURL[@]}" -o "$out" -w '%{http_code} %{content_type}' "$url")" || fail "GET $url"
  local code="${meta%% *}" type="${meta#* }"
  [ "$code" = "200" ] || fail "GET $url answered $code"
  case "$type" in "$want"*) ;; *) fail "GET $url is '$type', not $want" ;; esac
  echo "smoke: GET ${url#"$BASE"} -> $code $type"
}

fetch "$BASE/kingsway/" "text/html" "$WORK/page.html"
CSS="$(grep -o 'href="[^"]*\.css"' "$WORK/page.html" | head -n 1 | sed 's/^href="//; s/"$//')"
JS="$(grep -o 'src="[^"]*quick-exit[^"]*\.js"' "$WORK/page.html" | head -n 1 | sed 's/^src="//; s/"$//')"
[ -n "$CSS" ] || fail "the public page references no stylesheet"
[ -n "$JS" ] || fail "the public page references no quick-exit script"
fetch "$BASE$CSS" "text/css" "$WORK/app.css"
fetch "$BASE$JS" "text/javascript" "$WORK/quick-exit.js"
[ -s "$WORK/app.css" ] && [ -s "$WORK/quick-exit.js" ] || fail "empty static file"
# hashed names from the manifest storage: the CSS may be cached for ever
echo "$CSS" | grep -Eq '\.[0-9a-f]{12}\.css$' || fail "the stylesheet is not a hashed (manifest) name: $CSS"
fetch "$BASE/api/v1/kingsway/public/categories/" "application/json" "$WORK/categories.json"

echo "smoke: OK ($(date +%T))"
