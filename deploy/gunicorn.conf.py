"""gunicorn settings for `make serve` (deploy/serve.sh), read from the environment.

Sync workers: every request is short (DB and cache only; mail goes out after the response) and
nginx in front buffers slow clients, so a worker is never held by a slow reader.
"""

import os

bind = f"{os.environ.get('BIND_ADDRESS', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# Recycle workers now and then (jittered, so they never restart together).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# The app is loaded once, by the master, and each worker is forked from it: a worker recycled
# after max_requests answers within milliseconds, where importing Django and every app again
# took about 1.5 s of CPU (the other worker serving alone meanwhile, every few seconds at the
# rate of page-cache hits). Nothing connects at import (the database, Redis and the page keys'
# mirror are opened by each worker on first use). New code needs a restart of `make serve`:
# HUP forks new workers from the code the master loaded. GUNICORN_PRELOAD=0 loads in each worker.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1").lower() not in ("0", "false", "no", "off")
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Each worker touches a heartbeat file before every request, which the master watches (timeout):
# on tmpfs, as gunicorn advises, not in a disk-backed /tmp, where the touch is a write to an
# inode of the disk's journal and may wait for it (9 to 13 µs a request against 4.8 µs on this
# machine, loaded). GUNICORN_WORKER_TMP_DIR names another directory.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or (
    "/dev/shm" if os.path.isdir("/dev/shm") else None
)
if worker_tmp_dir and not os.path.isdir(worker_tmp_dir):
    raise SystemExit(f"GUNICORN_WORKER_TMP_DIR={worker_tmp_dir} is not a directory.")
graceful_timeout = 30
keepalive = 5
# X-Forwarded-Proto from the proxy in front; list its address when it is on another host.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# No control socket: its default path is one per user, so several gunicorns on one host (a test,
# a benchmark) would take it from each other. Reload with HUP and stop with TERM instead.
control_socket_disable = True
