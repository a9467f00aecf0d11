#!/usr/bin/env bash
# `make serve`: the production runtime in one command. DEBUG off, settings from the environment,
# migrate, collectstatic, then gunicorn and the email worker (`manage.py db_worker`,
# EMAIL_WORKERS of them, 1 by default). A missing variable stops it at once, naming it. When
# either gunicorn or a worker stops, or the command is interrupted, all of them stop.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"

missing() {
  echo "make serve: $1 is not set. $2" >&2
  exit 2
}
[ -n "${SECRET_KEY:-}" ] || missing SECRET_KEY \
  "Set it to a long random value: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
[ -n "${ALLOWED_HOSTS:-}" ] || missing ALLOWED_HOSTS \
  "List the site's host names, comma-separated (e.g. ALLOWED_HOSTS=example.org)."
[ -n "${DATABASE_URL:-}" ] || missing DATABASE_URL \
  "Point it at PostgreSQL, e.g. DATABASE_URL=postgres://editorial@127.0.0.1:5432/editorial"
[ -n "${REDIS_URL:-}" ] || missing REDIS_URL \
  "Point it at the Redis every app server shares, e.g. REDIS_URL=redis://127.0.0.1:6379/0"

export DEBUG=0
export PORT="${PORT:-8000}"
export WEB_CONCURRENCY="${WEB_CONCURRENCY:-$((2 * $(nproc) + 1))}"
export CONN_MAX_AGE="${CONN_MAX_AGE:-60}"

"$PY" manage.py check --deploy
"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput --verbosity 0
# Pages cached by the previous release may come from other templates or code: start afresh.
"$PY" manage.py published_state_changed
children=()
for _ in $(seq 1 "${EMAIL_WORKERS:-1}"); do
  "$PY" manage.py db_worker --no-reload --verbosity 1 &
  children+=($!)
done
"$PY" -m gunicorn --config deploy/gunicorn.conf.py editorial.wsgi &
children+=($!)
stop() { kill -TERM "${children[@]}" 2>/dev/null || true; wait; }
trap 'stop; exit 0' INT TERM
set +e
wait -n
status=$?
stop
exit "$status"
