"""Benchmark: the read API's article endpoint on a page-cache hit against the HTML article
page's hit, side by side (issue 23: the API's hit at least as fast as the page's).

Run by hand (never part of the suite), on PostgreSQL and Redis:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/editorial_bench_api \\
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/api_hit.py

It creates that database if needed, migrates it and loads the demo content, collects static
files, and starts gunicorn as `make serve` does (DEBUG off, Redis under a key prefix of its
own). Two measures, each in ROUNDS interleaved rounds, the median printed:

- in process: the WSGI application `make serve` runs (editorial.wsgi) called directly, no
  socket, HITS hits of each URL per round: what a hit costs the app;
- over HTTP: wrk (2 threads, 16 connections, SECONDS s) against gunicorn.

The API's hits go through its gate (the client's rate limit, counted by each process and
reported to Redis in the background, api/throttling.py): API_RATE_LIMIT is raised for the run
so that wrk's one address is not refused, which keeps the counting and its reports (and any
report a request waits for, out of credit) in the figures.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.runtime import PYTHON, ROOT, fetch, gunicorn, missing_tools, production_env, wrk

SLUG = "what-factors-contribute-to-developing-a-secure-attachment-style-in-adults"
PAGES = {
    "HTML article page": f"/articles/{SLUG}/",
    "API article endpoint": f"/api/v1/articles/{SLUG}/",
}
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


def in_process() -> None:
    """In a child process with the run's environment: hits through editorial.wsgi."""
    from editorial.wsgi import application

    def environ(path: str) -> dict:
        return {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr, "SERVER_PROTOCOL": "HTTP/1.1",
        }  # fmt: skip

    def hit(path: str) -> tuple[str, int]:
        statuses: list[str] = []
        body = b"".join(application(environ(path), lambda status, headers: statuses.append(status)))
        return statuses[0], len(body)

    for name, path in PAGES.items():
        status, size = hit(path)
        assert hit(path)[0] == "200 OK", (name, status)
        print(f"{name}: {size:,} bytes")
    timings: dict[str, list[float]] = {name: [] for name in PAGES}
    for _ in range(ROUNDS):
        for name, path in PAGES.items():
            start = time.perf_counter()
            for _ in range(HITS):
                hit(path)
            timings[name].append((time.perf_counter() - start) / HITS * 1e6)
    print(f"\nIn process, {ROUNDS} interleaved rounds of {HITS} hits, the median round:")
    for name, rounds in timings.items():
        print(f"  {name:<24} {statistics.median(rounds):8.1f} µs a hit   rounds: "
              + ", ".join(f"{value:.1f}" for value in rounds))  # fmt: skip
    html, api = (statistics.median(timings[name]) for name in PAGES)
    print(f"  API hit / HTML hit: {api / html:.2f}x the time (target <= 1.0x)")


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
        for url in urls.values():
            for _ in range(3):
                assert fetch(url).status == 200, url
            wrk(url, seconds=1)  # every worker warm
        results = {name: [] for name in urls}
        names = list(urls)
        for round_number in range(ROUNDS):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                results[name].append(wrk(urls[name], seconds=SECONDS))
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
