"""Benchmark: the seed article under `make serve` against Wagtail 8's rendered page of the same
article and a middleware-free bare Django view returning the same bytes, and through Varnish
(deploy/varnish.vcl) against nginx serving the same bytes as a static file: requests/s and p99
side by side, in one interleaved run, every server on gunicorn with the same 2 sync workers.

Run by hand (never part of the suite), on PostgreSQL and Redis:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/editorial_bench \\
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/serve_compare.py

What it starts, each on a free local port:
- ours: `deploy/serve.sh` (what `make serve` runs: check --deploy, migrate, collectstatic, the
  email worker, gunicorn) with WEB_CONCURRENCY=2, on DATABASE_URL with the demo content loaded
  (`load_demo`), Redis under a key prefix of its own. Requested as a reader (a page-cache hit)
  and with a session cookie (rendered for that request: no page cache).
- Wagtail 8.0.x in a virtualenv of its own, WAGTAIL_VENV (default /tmp/editorial-wagtail-venv,
  created with pip when missing: `python3.11 -m venv DIR && DIR/bin/pip install
  "wagtail>=8.0,<8.1" gunicorn "psycopg[binary]"`); a project made by `wagtail start` with one
  page model (a RichTextField body) whose template is our page's bytes around the article's
  `<main>`, served from the page tree (/articles/<slug>/) on a database of its own
  (<DATABASE_URL>_wagtail, recreated), with the project template's settings and middleware
  (DEBUG off, CONN_MAX_AGE as ours). Nothing of Wagtail is kept in this repository.
- a bare Django view with no middleware returning our page's bytes (bench/bare_wsgi.py).
- Varnish 7 (varnishd, the xkey vmod) with deploy/varnish.vcl in front of ours (BENCH_VCL names
  another file, e.g. one not merged yet), its backend's port rewritten; and nginx serving the
  bytes Varnish sends as a static file (tests/runtime.py's nginx helper).

Every server runs in this script's session, beside wrk. Linux shares the CPU between sessions
first (the autogroup scheduler, /proc/sys/kernel/sched_autogroup_enabled), then between the
processes of each: a server started in a session of its own competes with every other session
on a shared machine, and each request and its answer wait for two of them to be scheduled.
Ours used to be started so (deploy/serve.sh in a new session) while the others ran beside wrk,
which is why ours under deploy/serve.sh got about half of what the same gunicorn got beside wrk
(bench/serve_sessions.py measures both placements).

wrk (2 threads, 16 connections) measures each ROUNDS times (default 3, BENCH_SECONDS each);
each round starts with another server, so a change of the machine's load favours none; the
median round is printed. Needs wrk, nginx and varnish (apt-get install wrk nginx varnish
varnish-modules).

Targets (issue 19): ours rendered >= 1.5x Wagtail's rendered page; a hit >= 0.9x the bare view
with p99 <= 2x its p99; through Varnish >= 0.5x nginx serving the file.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.runtime import (
    PYTHON,
    ROOT,
    WrkResult,
    fetch,
    free_port,
    gunicorn,
    missing_tools,
    nginx,
    nginx_binary,
    production_env,
    stop,
    wait_for_port,
    wrk,
)

SEED = "what-factors-contribute-to-developing-a-secure-attachment-style-in-adults"
PATH = f"/articles/{SEED}/"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
WORKERS = 2
SESSION = "Cookie: sessionid=bench"
WAGTAIL_VENV = Path(os.environ.get("WAGTAIL_VENV", "/tmp/editorial-wagtail-venv"))
WAGTAIL_VERSION = "wagtail>=8.0,<8.1"

WAGTAIL_MODEL = """from wagtail.fields import RichTextField
from wagtail.models import Page


class ArticlePage(Page):
    body = RichTextField()
    content_panels = [*Page.content_panels, "body"]
"""
WAGTAIL_SETTINGS = """from .base import *  # noqa

DEBUG = False
SECRET_KEY = "bench-" + "x" * 50
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["articles", *INSTALLED_APPS]
DATABASES = {{"default": {{
    "ENGINE": "django.db.backends.postgresql", "NAME": {name!r}, "USER": {user!r},
    "HOST": {host!r}, "PORT": {port!r}, "CONN_MAX_AGE": 60,
}}}}
"""
WAGTAIL_PAGES = """
from wagtail.models import Site
from articles.models import ArticlePage

home = Site.objects.get(is_default_site=True).root_page
section = home.add_child(instance=ArticlePage(title="Articles", slug="articles", body="<p>-</p>"))
body = open({body!r}, encoding="utf-8").read()
page = section.add_child(instance=ArticlePage(title={title!r}, slug={slug!r}, body=body))
page.save_revision().publish()
"""


def run(*args: str | Path, **kwargs) -> None:
    subprocess.run([str(arg) for arg in args], check=True, **kwargs)


def recreate_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def ensure_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def split_page(html: str) -> tuple[str, str, str]:
    """Our page as (everything up to and including <main ...>, what <main> holds, the rest)."""
    start = re.search(r"<main\b[^>]*>", html)
    end = html.rindex("</main>")
    return html[: start.end()], html[start.end() : end], html[end:]


@contextmanager
def ours(env: dict[str, str]) -> Iterator[int]:
    """`make serve`'s deploy/serve.sh (gunicorn and the email worker); yields gunicorn's port."""
    port = free_port()
    process = subprocess.Popen(
        ["deploy/serve.sh"],
        cwd=ROOT,
        env={**env, "PY": PYTHON, "PORT": str(port), "BIND_ADDRESS": "127.0.0.1",
             "WEB_CONCURRENCY": str(WORKERS), "LOG_LEVEL": "warning"},
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(port, process, seconds=180)
        yield port
    finally:
        stop(process)  # serve.sh stops gunicorn and the worker it started


def wagtail_venv() -> Path:
    python = WAGTAIL_VENV / "bin" / "python"
    if not python.exists():
        print(f"Installing {WAGTAIL_VERSION} into {WAGTAIL_VENV}…", flush=True)
        run(shutil.which("python3.11") or "python3", "-m", "venv", WAGTAIL_VENV)
        run(python, "-m", "pip", "install", "--quiet", WAGTAIL_VERSION, "gunicorn",
            "psycopg[binary]")  # fmt: skip
    return python


@contextmanager
def wagtail(database: str, html: str, title: str) -> Iterator[tuple[int, str]]:
    """Wagtail 8 serving the same article from its page tree; yields (port, its version)."""
    python = wagtail_venv()
    version = subprocess.run(
        [python, "-c", "import wagtail; print(wagtail.__version__)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    recreate_database(database)
    site = Path(tempfile.mkdtemp(prefix="editorial-wagtail-"))
    run(python.parent / "wagtail", "start", "benchsite", site, stdout=subprocess.DEVNULL)
    head, main, tail = split_page(html)
    app = site / "articles"
    (app / "templates" / "articles").mkdir(parents=True)
    (app / "migrations").mkdir()
    (app / "__init__.py").write_text("")
    (app / "migrations" / "__init__.py").write_text("")
    (app / "models.py").write_text(WAGTAIL_MODEL)
    (app / "templates" / "articles" / "article_page.html").write_text(
        "{% load wagtailcore_tags %}{% verbatim %}" + head + "{% endverbatim %}"
        "{{ page.body|richtext }}{% verbatim %}" + tail + "{% endverbatim %}"
    )
    (site / "main.html").write_text(main)
    url = urlsplit(database)
    (site / "benchsite" / "settings" / "bench.py").write_text(
        WAGTAIL_SETTINGS.format(
            name=url.path.lstrip("/"), user=url.username or "", host=url.hostname or "",
            port=str(url.port or 5432),
        )
    )  # fmt: skip
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "benchsite.settings.bench"}
    quiet = {"cwd": site, "env": env, "stdout": subprocess.DEVNULL}
    run(python, "manage.py", "makemigrations", "articles", **quiet)
    run(python, "manage.py", "migrate", "--noinput", **quiet)
    script = WAGTAIL_PAGES.format(body=str(site / "main.html"), title=title, slug=SEED)
    run(python, "manage.py", "shell", "-c", script, **quiet)
    port = free_port()
    process = subprocess.Popen(
        [python, "-m", "gunicorn", "--config", ROOT / "deploy" / "gunicorn.conf.py",
         "benchsite.wsgi"],
        cwd=site,
        env={**env, "PORT": str(port), "BIND_ADDRESS": "127.0.0.1",
             "WEB_CONCURRENCY": str(WORKERS), "LOG_LEVEL": "warning"},
    )  # fmt: skip
    try:
        wait_for_port(port, process)
        yield port, version
    finally:
        stop(process)
        shutil.rmtree(site, ignore_errors=True)


def vcl_file() -> Path:
    named = os.environ.get("BENCH_VCL")
    path = Path(named) if named else ROOT / "deploy" / "varnish.vcl"
    if not path.exists():
        sys.exit(f"No VCL at {path}: set BENCH_VCL to deploy/varnish.vcl's path.")
    return path


@contextmanager
def varnish(app_port: int) -> Iterator[int]:
    """varnishd with the VCL (its backend pointed at ``app_port``); yields its port."""
    workdir = Path(tempfile.mkdtemp(prefix="editorial-varnish-"))
    source = vcl_file().read_text()
    vcl, count = re.subn(r'(\.port\s*=\s*")\d+(")', rf"\g<1>{app_port}\g<2>", source, count=1)
    if not count:
        sys.exit(f"{vcl_file()}: no backend .port to point at the app.")
    (workdir / "site.vcl").write_text(vcl)
    for path in [workdir, *workdir.rglob("*")]:  # varnishd drops root for its own user
        path.chmod(0o755 if path.is_dir() else 0o644)
    port = free_port()
    process = subprocess.Popen(
        ["varnishd", "-F", "-n", str(workdir / "state"), "-a", f"127.0.0.1:{port}",
         "-f", str(workdir / "site.vcl"), "-s", "malloc,128m", "-T", "none"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(port, process)
        yield port
    finally:
        stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


def median_round(results: list[WrkResult]) -> WrkResult:
    return sorted(results, key=lambda result: result.requests_per_second)[len(results) // 2]


def measure(targets: dict[str, tuple[str, str]]) -> dict[str, list[WrkResult]]:
    results: dict[str, list[WrkResult]] = {name: [] for name in targets}
    for url, header in targets.values():  # every worker up and warm first
        wrk(url, seconds=1, header=header)
    names = list(targets)
    loads = [os.getloadavg()[0]]
    for round_number in range(ROUNDS):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            url, header = targets[name]
            results[name].append(wrk(url, seconds=SECONDS, header=header))
        loads.append(os.getloadavg()[0])
    print("Load average (1 min) before the rounds and after each: "
          + ", ".join(f"{load:.1f}" for load in loads))  # fmt: skip
    return results


def print_table(results: dict[str, list[WrkResult]], versus: dict[str, tuple[str, str]]) -> None:
    medians = {name: median_round(runs) for name, runs in results.items()}
    print(
        f"\n{ROUNDS} interleaved rounds of {SECONDS} s, wrk 2 threads 16 connections, "
        f"gunicorn {WORKERS} sync workers everywhere; the median round:"
    )
    print(f"{'server':<52} {'req/s':>9} {'p99 ms':>8}  {'ratio (req/s, p99)':<34} rounds req/s")
    for name, result in medians.items():
        ratio = ""
        if name in versus:
            other, target = versus[name]
            base = medians[other]
            ratio = (
                f"{result.requests_per_second / base.requests_per_second:.2f}x, "
                f"{result.p99_ms / base.p99_ms:.2f}x {target}"
            )
        errors = sum(run.errors for run in results[name])
        rounds = ", ".join(f"{run.requests_per_second:,.0f}" for run in results[name])
        print(
            f"{name:<52} {result.requests_per_second:>9,.0f} {result.p99_ms:>8.1f}  "
            f"{ratio:<34} {rounds}" + (f"  ERRORS: {errors}" if errors else "")
        )


def main() -> None:
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database the benchmark may fill.")
    missing = missing_tools("wrk", "varnishd") + ([] if nginx_binary() else ["nginx"])
    if missing:
        sys.exit(f"Missing: {', '.join(missing)} (apt-get install wrk nginx varnish).")
    ensure_database(database)
    env = production_env(
        DATABASE_URL=database,
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        CACHE_KEY_PREFIX=f"bench-{os.getpid()}",
    )
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v", "0", cwd=ROOT, env={**env, "DEBUG": "1"})
    run(PYTHON, "manage.py", "load_demo", cwd=ROOT, env={**env, "DEBUG": "1"})
    with ours(env) as site:
        site_url = f"http://127.0.0.1:{site}{PATH}"
        for _ in range(3):
            served = fetch(site_url)
        assert served.status == 200, served.status
        body = served.body
        rendered = fetch(site_url, headers={"Cookie": "sessionid=bench"})
        assert rendered.status == 200 and rendered.headers.get("Cache-Control", "").startswith(
            "private"
        ), rendered.headers
        title = re.search(r"<h1[^>]*>(.*?)</h1>", body.decode(), re.S).group(1).strip()
        bare_file = Path(tempfile.mkdtemp()) / "article.html"
        bare_file.write_bytes(body)
        bare_env = {**env, "BENCH_BARE_FILE": str(bare_file), "BENCH_BARE_MIDDLEWARE": "0"}
        with (
            wagtail(database + "_wagtail", body.decode(), title) as (wagtail_port, version),
            gunicorn(bare_env, workers=WORKERS, app="bench.bare_wsgi") as bare,
            varnish(site) as cache,
        ):
            wagtail_url = f"http://127.0.0.1:{wagtail_port}{PATH}"
            cache_url = f"http://127.0.0.1:{cache}{PATH}"
            page = fetch(wagtail_url)
            assert page.status == 200, (page.status, page.body[:300])
            assert fetch(f"http://127.0.0.1:{bare}{PATH}").body == body
            statuses = [fetch(cache_url).headers.get("X-Cache") for _ in range(3)]
            through_varnish = fetch(cache_url).body
            with nginx(app_port=site, static_files={"article.html": through_varnish}) as ports:
                static_url = f"http://127.0.0.1:{ports[1]}/article.html"
                assert fetch(static_url).body == through_varnish
                print(
                    f"Seed article: ours {len(body):,} bytes, Wagtail {version}'s page "
                    f"{len(page.body):,} bytes, through Varnish {len(through_varnish):,} "
                    f"bytes; Varnish's X-Cache of 3 requests: {', '.join(map(str, statuses))}"
                )
                wagtail_name = f"Wagtail {version}, the same article rendered"
                targets = {
                    wagtail_name: (wagtail_url, SESSION),
                    "a Django view with no middleware, the same bytes": (
                        f"http://127.0.0.1:{bare}{PATH}",
                        "",
                    ),
                    "ours, page-cache hit": (site_url, ""),
                    "ours, rendered (a session cookie)": (site_url, SESSION),
                    "Varnish (deploy/varnish.vcl) in front of ours, hit": (cache_url, ""),
                    "nginx serving the same bytes as a static file": (static_url, ""),
                }
                results = measure(targets)
    versus = {
        "ours, page-cache hit": (
            "a Django view with no middleware, the same bytes",
            "(>= 0.9x, p99 <= 2x)",
        ),
        "ours, rendered (a session cookie)": (wagtail_name, "(>= 1.5x)"),
        "Varnish (deploy/varnish.vcl) in front of ours, hit": (
            "nginx serving the same bytes as a static file",
            "(>= 0.5x)",
        ),
    }
    print_table(results, versus)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    main()
