"""The production runtime on local ports, for tests and benchmarks: gunicorn as `make serve`
starts it (deploy/gunicorn.conf.py), nginx with deploy/nginx.conf, Varnish with
deploy/varnish.vcl, and wrk.

Every server started here listens on 127.0.0.1 only, on a free port, and is stopped by its own
process id.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def missing_tools(*names: str) -> list[str]:
    return [name for name in names if shutil.which(name) is None]


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
    )


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} stopped (exit {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port} within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def production_env(**extra: str) -> dict[str, str]:
    """`make serve`'s environment for a local run: DEBUG off, plain HTTP (no TLS in front)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "DJANGO_SETTINGS"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or "local-runtime-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        CONN_MAX_AGE="60",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    env.update(extra)
    return env


@contextmanager
def gunicorn(
    env: Mapping[str, str], *, workers: int = 2, app: str = "editorial.wsgi"
) -> Iterator[int]:
    """gunicorn with `make serve`'s settings on a free local port; yields the port."""
    port = free_port()
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", app],
        cwd=ROOT,
        env={
            **env,
            "PORT": str(port),
            "BIND_ADDRESS": "127.0.0.1",
            "WEB_CONCURRENCY": str(workers),
            "LOG_LEVEL": "warning",
        },
    )
    try:
        wait_for_port(port, process)
        yield port
    finally:
        stop(process)


def local_nginx_conf(
    *, app_port: int, port: int, workdir: Path, static_root: Path, static_port: int | None = None
) -> str:
    """deploy/nginx.conf rewritten for a local run: the lines marked "local:" changed."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    text = re.sub(r"\n    # begin: plain HTTP.*?# end: plain HTTP[^\n]*", "", text, flags=re.S)
    replacements = {
        "pid": f"pid {workdir}/nginx.pid;",
        "error_log": f"error_log {workdir}/error.log warn;",
        "access_log": "access_log off;",
        "proxy_cache_path": (
            f"proxy_cache_path {workdir}/cache levels=1:2 keys_zone=editorial:10m "
            "max_size=200m inactive=1d use_temp_path=off;\n"
            f"    client_body_temp_path {workdir}/body; proxy_temp_path {workdir}/proxy;\n"
            f"    fastcgi_temp_path {workdir}/fastcgi; uwsgi_temp_path {workdir}/uwsgi;\n"
            f"    scgi_temp_path {workdir}/scgi;"
        ),
        "server": f"server 127.0.0.1:{app_port};",
        "listen": f"listen 127.0.0.1:{port};",
        "alias": f"alias {static_root}/;",
    }
    lines = []
    for line in text.splitlines():
        if "# local: removed" in line:
            continue
        if "# local: rewritten" in line:
            indent = line[: len(line) - len(line.lstrip())]
            directive = line.split()[0]
            line = indent + replacements[directive]
        lines.append(line)
    text = "\n".join(lines) + "\n"
    if static_port is not None:
        static_server = (
            f"    server {{\n        listen 127.0.0.1:{static_port};\n"
            f"        location / {{ root {workdir}/static; }}\n    }}\n}}\n"
        )
        text = text.rstrip().removesuffix("}") + static_server
    return text


@contextmanager
def worker(env: Mapping[str, str], *, interval: float = 0.05) -> Iterator[subprocess.Popen]:
    """The django-tasks worker (`manage.py db_worker`), as `make serve`'s deployment runs it."""
    process = subprocess.Popen(
        [
            PYTHON,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            str(interval),
        ],
        cwd=ROOT,
        env=dict(env),
        stdout=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        stop(process)


@contextmanager
def nginx(
    *, app_port: int, static_files: Mapping[str, bytes] | None = None
) -> Iterator[tuple[int, int | None]]:
    """nginx with deploy/nginx.conf in front of the app on ``app_port``; with ``static_files``
    a second local server that serves them as plain files. Yields (proxy port, static port)."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is not installed (apt-get install nginx)")
    workdir = Path(tempfile.mkdtemp(prefix="editorial-nginx-"))
    port, static_port = free_port(), (free_port() if static_files else None)
    for name in ("cache", "static", "body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (workdir / name).mkdir()
    for name, content in (static_files or {}).items():
        (workdir / "static" / name).write_bytes(content)
    for path in [workdir, *workdir.rglob("*")]:  # workers run as nobody when started as root
        path.chmod(0o777 if path.is_dir() else 0o644)
    conf = workdir / "nginx.conf"
    conf.write_text(
        local_nginx_conf(
            app_port=app_port,
            port=port,
            workdir=workdir,
            static_root=ROOT / "staticfiles",
            static_port=static_port,
        )
    )
    process = subprocess.Popen(
        [binary, "-p", str(workdir), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield port, static_port
    finally:
        stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


def local_varnish_vcl(*, app_port: int) -> str:
    """deploy/varnish.vcl with the backend on ``app_port`` (the lines marked "site:")."""
    text = (ROOT / "deploy" / "varnish.vcl").read_text()
    text = re.sub(r'\.port = "\d+";  # site: gunicorn\'s port', f'.port = "{app_port}";', text)
    assert f'.port = "{app_port}"' in text, "deploy/varnish.vcl names the backend's port"
    return text


@contextmanager
def varnish(*, app_port: int, port: int | None = None) -> Iterator[int]:
    """Varnish with deploy/varnish.vcl in front of the app on ``app_port``, in the foreground,
    on ``port`` (a free one by default); yields the port."""
    if shutil.which("varnishd") is None:
        raise RuntimeError("Varnish is not installed (apt-get install varnish varnish-modules)")
    workdir = Path(tempfile.mkdtemp(prefix="editorial-varnish-"))
    port = port or free_port()
    vcl = workdir / "editorial.vcl"
    vcl.write_text(local_varnish_vcl(app_port=app_port))
    process = subprocess.Popen(
        [
            "varnishd",
            "-F",
            "-j",
            "none",
            "-n",
            str(workdir / "state"),
            "-f",
            str(vcl),
            "-a",
            f"127.0.0.1:{port}",
            "-s",
            "malloc,64m",
            "-T",
            "none",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield port
    finally:
        stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


@dataclass(frozen=True)
class Fetched:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(url: str, headers: Mapping[str, str] | None = None, method: str = "GET") -> Fetched:
    request = urllib.request.Request(url, headers=dict(headers or {}), method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Fetched(response.status, dict(response.headers.items()), response.read())
    except urllib.error.HTTPError as error:
        return Fetched(error.code, dict(error.headers.items()), error.read())


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(
    url: str, *, seconds: int = 5, threads: int = 2, connections: int = 16, header: str = ""
) -> WrkResult:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if header:
        command[1:1] = ["-H", header]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(r"Socket errors: (.*)", out)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return WrkResult(rps, p50, p99, errors)
