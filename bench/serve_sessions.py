"""Benchmark: why ours under deploy/serve.sh got about half the requests/s of the same gunicorn
(issue 19, item 4). The page-cache hit under `make serve`'s deploy/serve.sh and under a plain
`gunicorn editorial.wsgi` with the same configuration, and the middleware-free bare view, each
started twice: in this script's session (beside wrk) and in a session of its own.

Run by hand (never part of the suite), on PostgreSQL and Redis:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/editorial_bench \\
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/serve_sessions.py

Linux's autogroup scheduler (/proc/sys/kernel/sched_autogroup_enabled) shares the CPU between
sessions first, then between the processes of each. A server in a session of its own competes
for the CPU with every other session on the machine, and each request and its answer wait for
two of them (wrk's and the server's) to be scheduled; beside wrk, the server and wrk share one.
bench/serve_compare.py used to start deploy/serve.sh in a new session and every other server
beside wrk. On a quiet machine both placements give the same figures; on one shared with other
sessions' test suites they do not, whatever the server.

wrk (2 threads, 16 connections), ROUNDS interleaved rounds (default 3) of BENCH_SECONDS each,
every server on gunicorn with 2 sync workers; the median round is printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.serve_compare import PATH, ensure_database, median_round, run
from tests.runtime import (
    PYTHON,
    ROOT,
    WrkResult,
    fetch,
    free_port,
    missing_tools,
    production_env,
    stop,
    wait_for_port,
    wrk,
)

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
WORKERS = 2
GUNICORN = [PYTHON, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"]
PLACES = {"beside wrk": False, "own session": True}


@contextmanager
def server(command: list[str], env: dict[str, str], *, own_session: bool) -> Iterator[int]:
    port = free_port()
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**env, "PY": PYTHON, "PORT": str(port), "BIND_ADDRESS": "127.0.0.1",
             "WEB_CONCURRENCY": str(WORKERS), "LOG_LEVEL": "warning"},
        stdout=subprocess.DEVNULL,
        start_new_session=own_session,
    )  # fmt: skip
    try:
        wait_for_port(port, process, seconds=180)
        yield port
    finally:
        stop(process)


def main() -> None:
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database the benchmark may fill.")
    if missing_tools("wrk"):
        sys.exit("Missing: wrk (apt-get install wrk).")
    ensure_database(database)
    env = production_env(
        DATABASE_URL=database,
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        CACHE_KEY_PREFIX=f"bench-sessions-{os.getpid()}",
    )
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v", "0", cwd=ROOT, env={**env, "DEBUG": "1"})
    run(PYTHON, "manage.py", "load_demo", cwd=ROOT, env={**env, "DEBUG": "1"},
        stdout=subprocess.DEVNULL)  # fmt: skip
    autogroup = Path("/proc/sys/kernel/sched_autogroup_enabled")
    print(f"{autogroup}: {autogroup.read_text().strip() if autogroup.exists() else 'absent'}")
    targets: dict[str, str] = {}
    with ExitStack() as stack:
        for place, own_session in PLACES.items():
            port = stack.enter_context(server(["deploy/serve.sh"], env, own_session=own_session))
            targets[f"ours under deploy/serve.sh, {place}"] = f"http://127.0.0.1:{port}{PATH}"
        for place, own_session in PLACES.items():
            port = stack.enter_context(
                server([*GUNICORN, "editorial.wsgi"], env, own_session=own_session)
            )
            targets[f"ours under plain gunicorn, {place}"] = f"http://127.0.0.1:{port}{PATH}"
        body = fetch(next(iter(targets.values()))).body
        bare_file = Path(tempfile.mkdtemp()) / "article.html"
        bare_file.write_bytes(body)
        bare_env = {**env, "BENCH_BARE_FILE": str(bare_file), "BENCH_BARE_MIDDLEWARE": "0"}
        for place, own_session in PLACES.items():
            port = stack.enter_context(
                server([*GUNICORN, "bench.bare_wsgi"], bare_env, own_session=own_session)
            )
            targets[f"the bare view, {place}"] = f"http://127.0.0.1:{port}{PATH}"
        for url in targets.values():
            for _ in range(3):
                served = fetch(url)
            # the same page: only the port in its absolute links differs
            assert served.status == 200 and len(served.body) == len(body), url
            wrk(url, seconds=1)  # every worker up and warm
        results: dict[str, list[WrkResult]] = {name: [] for name in targets}
        names = list(targets)
        loads = []
        for round_number in range(ROUNDS):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                results[name].append(wrk(targets[name], seconds=SECONDS))
            loads.append(os.getloadavg()[0])
    print(f"\n{ROUNDS} interleaved rounds of {SECONDS} s, wrk 2 threads 16 connections, gunicorn "
          f"{WORKERS} sync workers; load average (1 min) after each round: "
          + ", ".join(f"{load:.1f}" for load in loads))  # fmt: skip
    print(f"{'server':<44} {'req/s':>8} {'p99 ms':>8}   rounds req/s")
    medians = {name: median_round(runs) for name, runs in results.items()}
    for name, result in medians.items():
        print(f"{name:<44} {result.requests_per_second:>8,.0f} {result.p99_ms:>8.1f}   "
              + ", ".join(f"{run.requests_per_second:,.0f}" for run in results[name]))  # fmt: skip
    for place in PLACES:
        ours = medians[f"ours under deploy/serve.sh, {place}"].requests_per_second
        plain = medians[f"ours under plain gunicorn, {place}"].requests_per_second
        bare = medians[f"the bare view, {place}"].requests_per_second
        print(f"{place}: serve.sh / plain gunicorn {ours / plain:.2f}x, "
              f"serve.sh / bare view {ours / bare:.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
