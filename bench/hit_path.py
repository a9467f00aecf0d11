"""Benchmark: what a page-cache hit costs in process, against the bare Django view returning the
same bytes (issue 19, item 4: the hit at the framework's floor).

Run by hand (never part of the suite), on PostgreSQL and Redis:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/editorial_bench \\
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/hit_path.py

It migrates that database and loads the demo content, collects static files, then starts two
processes with `make serve`'s settings (DEBUG off, Redis under a key prefix of its own): one
with the WSGI application `make serve` runs (editorial.wsgi: a hit is answered before Django's
handler), one with the middleware-free bare view (bench/bare_wsgi.py) returning the seed
article's bytes as ours sends them. Each answers the seed article HITS times a round, two ways:

- "the app": the WSGI application called directly with the environ gunicorn builds for wrk's
  request (no socket): what the application itself costs a hit;
- "through gunicorn": gunicorn's own HTTP code around it, as its sync worker runs it for each
  request, minus the accept and the network: the request read and parsed from a socket pair,
  the environ built, the response's headers validated and written, the body sent.

ROUNDS rounds, interleaved between the two processes (each round starts with the other), so a
change of the machine's load favours neither; the median and the best round are printed, in
microseconds a hit. BENCH_PROFILE=1 also prints cProfile's view of HITS of our hits through
gunicorn (the functions by their own time).
"""

from __future__ import annotations

import io
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.runtime import PYTHON, ROOT, production_env

PATH = "/articles/what-factors-contribute-to-developing-a-secure-attachment-style-in-adults/"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
HITS = int(os.environ.get("BENCH_HITS", "5000"))
MODES = ("the app", "through gunicorn")
# What wrk sends (bench/serve_compare.py): the request line and Host, nothing else.
REQUEST = f"GET {PATH} HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n".encode()


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def ensure_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


# -- in each child process ------------------------------------------------------------------


def serve_hits(application) -> None:
    """Answer the parent's commands on stdin: `body`, `<mode> <hits>`, `profile <hits>`."""
    from gunicorn import http
    from gunicorn.config import Config
    from gunicorn.http import wsgi

    config = Config()
    config.set("config", str(ROOT / "deploy" / "gunicorn.conf.py"))
    client_address, server_address = ("127.0.0.1", 40000), ("127.0.0.1", 8000)

    def through_gunicorn() -> bytes:
        # SyncWorker.handle and handle_request (gunicorn/workers/sync.py) minus the accept,
        # the hooks and the access log (off in deploy/gunicorn.conf.py unless asked for).
        sock, peer = socket.socketpair()
        peer.sendall(REQUEST)
        request = next(http.get_parser(config, sock, client_address))
        response, environ = wsgi.create(request, sock, client_address, server_address, config)
        response.force_close()
        body = application(environ, response.start_response)
        for chunk in body:
            response.write(chunk)
        response.close()
        if hasattr(body, "close"):
            body.close()
        sock.shutdown(socket.SHUT_WR)
        sock.close()
        received = b"".join(iter(lambda: peer.recv(65536), b""))
        peer.close()
        return received

    def environ() -> dict:
        return {
            "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": PATH, "QUERY_STRING": "",
            "RAW_URI": PATH, "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1:8000",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "REMOTE_ADDR": "127.0.0.1",
            "REMOTE_PORT": "40000", "SERVER_SOFTWARE": "gunicorn", "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "wsgi.version": (1, 0),
            "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
            "wsgi.input_terminated": True,
        }  # fmt: skip

    def the_app() -> bytes:
        statuses: list[str] = []
        body = application(
            environ(), lambda status, headers, exc_info=None: statuses.append(status)
        )
        content = b"".join(body)
        if hasattr(body, "close"):
            body.close()
        assert statuses == ["200 OK"], statuses
        return content

    hits = {"the app": the_app, "through gunicorn": through_gunicorn}
    for line in sys.stdin:
        command, _, argument = line.strip().rpartition(" ")
        if argument == "body":
            reply = {"body": the_app().decode(), "http": through_gunicorn().decode("latin-1")}
        elif command == "profile":
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            for _ in range(int(argument)):
                through_gunicorn()
            profile.disable()
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(30)
            reply = {"profile": out.getvalue()}
        else:
            hit = hits[command]
            start = time.perf_counter()
            for _ in range(int(argument)):
                hit()
            reply = {"us": (time.perf_counter() - start) / int(argument) * 1e6}
        print(json.dumps(reply), flush=True)


def child() -> None:
    if sys.argv[2] == "ours":
        from editorial.wsgi import application
    else:
        from bench.bare_wsgi import application
    serve_hits(application)


# -- the parent -----------------------------------------------------------------------------


class Child:
    def __init__(self, name: str, env: dict[str, str]) -> None:
        self.name = name
        self.process = subprocess.Popen(
            [PYTHON, __file__, "--child", name], cwd=ROOT, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip

    def ask(self, command: str) -> dict:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            sys.exit(f"{self.name}: the process stopped (exit {self.process.wait()})")
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child()
        return
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database the benchmark may fill.")
    ensure_database(database)
    env = production_env(
        DATABASE_URL=database,
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        CACHE_KEY_PREFIX=f"bench-hit-{os.getpid()}",
    )
    manage({**env, "DEBUG": "1"}, "migrate", "--noinput", "--verbosity", "0")
    manage({**env, "DEBUG": "1"}, "load_demo")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    ours = Child("ours", env)
    served = ours.ask("body")
    bare_file = Path(tempfile.mkdtemp()) / "article.html"
    bare_file.write_text(served["body"])
    bare = Child("bare", {**env, "BENCH_BARE_FILE": str(bare_file), "BENCH_BARE_MIDDLEWARE": "0"})
    children = [ours, bare]
    for each in children:
        reply = each.ask("body")
        assert reply["body"] == served["body"], each.name
        head = reply["http"].split("\r\n\r\n", 1)[0]
        print(f"{each.name}: {len(reply['body'].encode()):,} bytes, "
              f"{head.count(chr(10)):,} response header lines through gunicorn")  # fmt: skip
        for mode in MODES:
            each.ask(f"{mode} {HITS // 10}")  # warm
    time.sleep(1.5)  # our process's key mirror holds its first lease
    timings = {(each.name, mode): [] for each in children for mode in MODES}
    loads = []
    for round_number in range(ROUNDS):
        order = children if round_number % 2 == 0 else children[::-1]
        for mode in MODES:
            for each in order:
                timings[each.name, mode].append(each.ask(f"{mode} {HITS}")["us"])
        loads.append(os.getloadavg()[0])
    print(f"\n{ROUNDS} interleaved rounds of {HITS:,} hits; load average (1 min) "
          f"{min(loads):.1f} to {max(loads):.1f}. Microseconds a hit:")  # fmt: skip
    print(f"{'':<18} {'mode':<18} {'median':>8} {'best':>8}   rounds")
    for (name, mode), rounds in timings.items():
        print(f"{name:<18} {mode:<18} {statistics.median(rounds):8.1f} {min(rounds):8.1f}   "
              + ", ".join(f"{value:.1f}" for value in rounds))  # fmt: skip
    for mode in MODES:
        ratio = statistics.median(timings["ours", mode]) / statistics.median(timings["bare", mode])
        best = min(timings["ours", mode]) / min(timings["bare", mode])
        print(f"ours / bare, {mode}: {ratio:.2f}x the time (best rounds {best:.2f}x)")
    gunicorn_floor = statistics.median(timings["ours", "through gunicorn"]) - statistics.median(
        timings["ours", "the app"]
    )
    print(f"gunicorn's own part of our hit (through gunicorn - the app): {gunicorn_floor:.1f} µs")
    if os.environ.get("BENCH_PROFILE"):
        print(ours.ask(f"profile {HITS}")["profile"])
    for each in children:
        each.close()


if __name__ == "__main__":
    main()
