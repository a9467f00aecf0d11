"""Benchmark: the seed article under `make serve`'s runtime against a bare Django view and,
through nginx (deploy/nginx.conf), against nginx serving the same bytes as a static file.

Run by hand (never part of the suite), on PostgreSQL and Redis:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/editorial_bench .venv/bin/python bench/serve.py

It migrates that database and loads the demo content into it, collects static files, then
starts, each on a free local port: gunicorn serving the site (DEBUG off, Redis cache under a key
prefix of its own), gunicorn serving one bare view returning the article's bytes (the project's
settings and middleware; and once more with no middleware at all), and nginx with
deploy/nginx.conf in front of the site plus a second nginx server for the static file. wrk
(2 threads, 16 connections) measures each in turn, ROUNDS times interleaved; the median round
is printed. Needs wrk and nginx (apt-get install wrk nginx).

Targets (issue 10): a page-cache hit >= 0.9x the bare view's requests/s with at most 1 SQL
query; nginx's proxy cache >= 0.5x nginx serving a static file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.runtime import (
    PYTHON,
    ROOT,
    WrkResult,
    fetch,
    gunicorn,
    missing_tools,
    nginx,
    nginx_binary,
    production_env,
    wrk,
)

SEED = "/articles/what-factors-contribute-to-developing-a-secure-attachment-style-in-adults/"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
# `make serve`'s default: 2 workers per core, plus one.
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def queries_per_request(env: dict[str, str]) -> tuple[int, int]:
    """SQL queries of the article page on a miss and on a hit, counted in this process with
    the same settings (Redis included) through Django's test client."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "editorial.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from editorial.caching import published_state_changed

    published_state_changed()
    client = Client(HTTP_HOST="127.0.0.1")
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(SEED).status_code == 200
        counts.append(len(captured))
    connection.close()
    return counts[0], counts[1]


def report(name: str, results: list[WrkResult]) -> WrkResult:
    middle = sorted(results, key=lambda result: result.requests_per_second)[len(results) // 2]
    errors = sum(result.errors for result in results)
    rps = [f"{result.requests_per_second:,.0f}" for result in results]
    print(
        f"{name:<44} {middle.requests_per_second:>10,.0f} {middle.p50_ms:>8.2f} "
        f"{middle.p99_ms:>8.2f}   rounds: {', '.join(rps)}"
        + (f"   ERRORS: {errors}" if errors else "")
    )
    return middle


def main() -> None:
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database the benchmark may fill.")
    missing = missing_tools("wrk") + ([] if nginx_binary() else ["nginx"])
    if missing:
        sys.exit(f"Missing: {', '.join(missing)} (apt-get install wrk nginx).")
    prefix = f"bench-{os.getpid()}"
    env = production_env(
        DATABASE_URL=database,
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        CACHE_KEY_PREFIX=prefix,
    )
    setup_env = {**env, "DEBUG": "1"}
    manage(setup_env, "migrate", "--noinput", "--verbosity", "0")
    manage(setup_env, "load_demo")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    miss_queries, hit_queries = queries_per_request(env)
    with gunicorn(env, workers=WORKERS) as site:
        article_url = f"http://127.0.0.1:{site}{SEED}"
        for _ in range(2):
            served = fetch(article_url)
        assert served.status == 200, served.status
        body = served.body
        print(f"Seed article: {len(body):,} bytes; headers of a hit:")
        for name in ("Cache-Control", "ETag", "Last-Modified", "Vary", "Set-Cookie"):
            print(f"  {name}: {served.headers.get(name, '(none)')}")
        print(f"SQL queries per request: {miss_queries} on a miss, {hit_queries} on a hit")

        bare_file = Path(tempfile.mkdtemp()) / "article.html"
        bare_file.write_bytes(body)
        bare_env = {**env, "BENCH_BARE_FILE": str(bare_file)}
        bare_plain_env = {**bare_env, "BENCH_BARE_MIDDLEWARE": "0"}
        with (
            gunicorn(bare_env, workers=1, app="bench.bare_wsgi") as bare,
            nginx(app_port=site) as (proxy, _),
        ):
            assert fetch(f"http://127.0.0.1:{bare}{SEED}").body == body
            proxy_url = f"http://127.0.0.1:{proxy}{SEED}"
            statuses = [fetch(proxy_url).headers.get("X-Cache-Status") for _ in range(3)]
            print(f"nginx X-Cache-Status of 3 requests: {', '.join(map(str, statuses))}")
            # nginx passes the host without its port: the page's absolute URLs differ by it.
            proxied = fetch(proxy_url).body
        with (
            gunicorn(bare_env, workers=WORKERS, app="bench.bare_wsgi") as bare,
            gunicorn(bare_plain_env, workers=WORKERS, app="bench.bare_wsgi") as bare_plain,
            nginx(app_port=site, static_files={"article.html": proxied}) as (proxy, static),
        ):
            proxy_url = f"http://127.0.0.1:{proxy}{SEED}"
            fetch(proxy_url)
            assert fetch(f"http://127.0.0.1:{static}/article.html").body == fetch(proxy_url).body
            targets = {
                "site, page-cache hit": (article_url, ""),
                "bare view, the project's middleware": (f"http://127.0.0.1:{bare}{SEED}", ""),
                "bare view, no middleware": (f"http://127.0.0.1:{bare_plain}{SEED}", ""),
                "site, rendered (a session cookie)": (article_url, "Cookie: sessionid=bench"),
                "nginx proxy cache": (proxy_url, ""),
                "nginx static file": (f"http://127.0.0.1:{static}/article.html", ""),
            }
            results: dict[str, list[WrkResult]] = {name: [] for name in targets}
            for url, header in targets.values():  # every worker up and warm first
                wrk(url, seconds=1, header=header)
            names = list(targets)
            for round_number in range(ROUNDS):
                # Each round starts with another server: a load change favours none.
                shift = round_number % len(names)
                for name in names[shift:] + names[:shift]:
                    url, header = targets[name]
                    results[name].append(wrk(url, seconds=SECONDS, header=header))
    print()
    print(
        f"{ROUNDS} interleaved rounds of {SECONDS} s, wrk 2 threads 16 connections, "
        f"gunicorn {WORKERS} sync workers; the median round:"
    )
    print(f"{'server':<44} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8}")
    medians = {name: report(name, runs) for name, runs in results.items()}
    hit = medians["site, page-cache hit"].requests_per_second
    print()
    for bare_name in ("bare view, the project's middleware", "bare view, no middleware"):
        ratio = hit / medians[bare_name].requests_per_second
        print(f"cache hit / {bare_name}: {ratio:.2f}x (target >= 0.9x)")
    ratio = (
        medians["nginx proxy cache"].requests_per_second
        / medians["nginx static file"].requests_per_second
    )
    print(f"nginx proxy cache / nginx static file: {ratio:.2f}x (target >= 0.5x)")
    print(f"SQL queries on a cache hit: {hit_queries} (target <= 1)")


if __name__ == "__main__":
    main()
