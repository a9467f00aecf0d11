#!/usr/bin/env bash
# `make serve`: the production runtime in one command. DEBUG off, settings from the environment,
# migrate, collectstatic, then gunicorn. A missing variable stops it at once, naming it.
# (Background work: the project runs none yet; a worker started here would go after gunicorn.)
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
exec "$PY" -m gunicorn --config deploy/gunicorn.conf.py editorial.wsgi
