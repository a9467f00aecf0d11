"""Benchmark: the read API's article endpoint on a page-cache hit against the HTML article
page's hit, side by side (issue 23: the API's hit at least as fast as the page's).

Run by hand (never part of the suite), on PostgreSQL and Redis:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/editorial_bench_api \\
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/api_hit.py

It creates that database if needed, migrates it and loads the demo content, collects static
files, and starts gunicorn as `make serve` does (DEBUG off, Redis under a key prefix of its
own). Two measures, each in ROUNDS interleaved rounds, the median printed:

- in process: the WSGI application `make serve` runs (editorial.wsgi) called directly, no
  socket, HITS hits of each URL per round: what a hit costs the app, as elapsed time and as
  the CPU time of the process (every thread's, the rate limits' reporter too), which other
  sessions' work on the machine disturbs less; then the parts of the API's hit alone, each
  the fastest of the rounds in CPU time (the page's lookup, the gate, the count, the address,
  the key, the headers);
- over HTTP: wrk (2 threads, 16 connections, SECONDS s) against gunicorn.

Each measures a third client beside the two: the API endpoint asked with a partner's API key
(made for the run, `bench` in the admin's keys), which Varnish passes to the app.

The API's hits go through its gate (the client's rate limit, counted by each process and
reported to Redis in the background, api/throttling.py): API_RATE_LIMIT and the key's limit are
raised for the run so that wrk's one address is not refused, which keeps the counting and its
reports (and any report a request waits for, out of credit) in the figures.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.runtime import PYTHON, ROOT, fetch, gunicorn, missing_tools, production_env, wrk

SLUG = "what-factors-contribute-to-developing-a-secure-attachment-style-in-adults"
PAGES = {
    "HTML article page": f"/articles/{SLUG}/",
    "API article endpoint": f"/api/v1/articles/{SLUG}/",
}
WITH_KEY = "API, a partner's key"
# The run's partner key: made once in the benchmark's database, with a limit no run reaches.
BENCH_KEY = "edk_00000000_" + "b" * 43
BENCH_KEY_LIMIT = 1_000_000_000
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
HITS = int(os.environ.get("BENCH_HITS", "2000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def create_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def bench_key() -> str:
    """The benchmark's partner key, made in its database the first time."""
    from api.keys import digest_of
    from api.models import ApiKey
    from editorial.models import User

    ApiKey.objects.update_or_create(
        digest=digest_of(BENCH_KEY),
        defaults={"rate_limit": BENCH_KEY_LIMIT, "revoked_at": None},
        create_defaults={
            "partner": "bench",
            "prefix": BENCH_KEY[:12],
            "rate_limit": BENCH_KEY_LIMIT,
            "created_by": User.objects.editors().earliest("pk"),
        },
    )
    return BENCH_KEY


def environ(path: str, **more: str) -> dict:
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr, "SERVER_PROTOCOL": "HTTP/1.1", **more,
    }  # fmt: skip


def fastest(call: Callable[[], object], times: int) -> float:
    """The CPU time of one ``call()`` in ns, the fastest of ROUNDS rounds of ``times`` calls."""
    rounds = []
    for _ in range(ROUNDS):
        start = time.process_time_ns()
        for _ in range(times):
            call()
        rounds.append((time.process_time_ns() - start) / times)
    return min(rounds)


def in_process() -> None:
    """In a child process with the run's environment: hits through editorial.wsgi."""
    from api.params import throttled
    from api.throttling import admit
    from editorial import caching
    from editorial.throttling import address_in
    from editorial.wsgi import application

    key = bench_key()
    clients = {
        **{name: (path, {}) for name, path in PAGES.items()},
        WITH_KEY: (PAGES["API article endpoint"], {"HTTP_X_API_KEY": key}),
    }

    def hit(path: str, more: dict) -> tuple[str, int]:
        statuses: list[str] = []
        body = b"".join(
            application(environ(path, **more), lambda status, headers: statuses.append(status))
        )
        return statuses[0], len(body)

    for name, (path, more) in clients.items():
        status, size = hit(path, more)
        assert hit(path, more)[0] == "200 OK", (name, status)
        print(f"{name}: {size:,} bytes")
    elapsed: dict[str, list[float]] = {name: [] for name in clients}
    cpu: dict[str, list[float]] = {name: [] for name in clients}
    for _ in range(ROUNDS):
        for name, (path, more) in clients.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            for _ in range(HITS):
                hit(path, more)
            elapsed[name].append((time.perf_counter() - start) / HITS * 1e6)
            cpu[name].append((time.process_time() - start_cpu) / HITS * 1e6)
    print(f"\nIn process, {ROUNDS} interleaved rounds of {HITS} hits, the median round:")
    for name in clients:
        print(f"  {name:<24} {statistics.median(elapsed[name]):8.1f} µs a hit, "
              f"CPU {statistics.median(cpu[name]):6.1f} µs   rounds: "
              + ", ".join(f"{value:.1f}" for value in elapsed[name])
              + "   CPU: " + ", ".join(f"{value:.1f}" for value in cpu[name]))  # fmt: skip
    html, api = (statistics.median(elapsed[name]) for name in PAGES)
    html_cpu, api_cpu = (statistics.median(cpu[name]) for name in PAGES)
    print(f"  API hit / HTML hit: {api / html:.2f}x the time, {api_cpu / html_cpu:.2f}x the CPU "
          "(target <= 1.0x)")  # fmt: skip

    calls = HITS * 10
    anonymous, keyed = environ(PAGES["API article endpoint"]), clients[WITH_KEY][1]
    keyed = {**anonymous, **keyed}
    request = caching.WSGIRequest(dict(anonymous))
    spec = caching.page_spec(request)
    page_key = caching.page_key(request, spec.params)
    page = caching.cached_page(request)
    parts = {
        "the page's lookup (_lookup)": lambda: caching._lookup(page_key),
        "the gate (Gate.from_environ)": lambda: spec.refuse.from_environ(anonymous),
        "  throttled(environ)": lambda: throttled(anonymous),
        "    address_in": lambda: address_in(anonymous),
        "    admit": lambda: admit("address:127.0.0.1", BENCH_KEY_LIMIT),
        "  throttled, a partner's key": lambda: throttled(keyed),
        "the headers (hit_headers)": lambda: caching.hit_headers(page, gzip=False),
    }
    print(f"\nThe API hit's parts, CPU ns a call, the fastest of {ROUNDS} rounds of {calls}:")
    for name, call in parts.items():
        print(f"  {name:<32} {fastest(call, calls):8.0f} ns")


def main() -> None:
    if len(sys.argv) == 2 and sys.argv[1] == "--in-process":
        import django

        django.setup()
        in_process()
        return
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database the benchmark may fill.")
    if missing_tools("wrk"):
        sys.exit("Missing: wrk (apt-get install wrk).")
    create_database(database)
    env = production_env(
        DATABASE_URL=database,
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        CACHE_KEY_PREFIX=f"bench-api-{os.getpid()}",
        API_RATE_LIMIT="1000000000",
    )
    manage({**env, "DEBUG": "1"}, "migrate", "--noinput", "--verbosity", "0")
    manage({**env, "DEBUG": "1"}, "load_demo")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    subprocess.run([PYTHON, __file__, "--in-process"], cwd=ROOT, check=True,
                   env={**env, "DJANGO_SETTINGS_MODULE": "editorial.settings"})  # fmt: skip

    with gunicorn(env, workers=WORKERS) as port:
        urls = {name: f"http://127.0.0.1:{port}{path}" for name, path in PAGES.items()}
        urls[WITH_KEY] = urls["API article endpoint"]
        headers = {name: "" for name in urls} | {WITH_KEY: f"X-API-Key: {BENCH_KEY}"}
        for name, url in urls.items():
            for _ in range(3):
                sent = {"X-API-Key": BENCH_KEY} if name == WITH_KEY else None
                assert fetch(url, sent).status == 200, name
            wrk(url, seconds=1, header=headers[name])  # every worker warm
        results = {name: [] for name in urls}
        names = list(urls)
        for round_number in range(ROUNDS):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                results[name].append(wrk(urls[name], seconds=SECONDS, header=headers[name]))
    print(f"\nOver HTTP: gunicorn {WORKERS} sync workers, wrk 2 threads 16 connections, "
          f"{ROUNDS} interleaved rounds of {SECONDS} s, the median round:")  # fmt: skip
    medians = {}
    for name, runs in results.items():
        middle = sorted(runs, key=lambda result: result.requests_per_second)[len(runs) // 2]
        medians[name] = middle
        errors = sum(result.errors for result in runs)
        print(f"  {name:<24} {middle.requests_per_second:>8,.0f} req/s  p50 {middle.p50_ms:.2f} ms"
              f"  p99 {middle.p99_ms:.2f} ms   rounds: "
              + ", ".join(f"{run.requests_per_second:,.0f}" for run in runs)
              + (f"   ERRORS: {errors}" if errors else ""))  # fmt: skip
    html, api = (medians[name].requests_per_second for name in PAGES)
    print(f"  API hit / HTML hit: {api / html:.2f}x the requests/s (target >= 1.0x)")


if __name__ == "__main__":
    main()
