"""`make serve`: production settings from the environment. A missing variable stops it at once
with a message naming it; SECURE_SSL_REDIRECT=0 serves plain HTTP behind a TLS proxy."""

import os
import secrets
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PYTHON = PROJECT / ".venv" / "bin" / "python"
REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL")

pytestmark = pytest.mark.slow  # make serve, deploy/serve.sh, manage.py and gunicorn


def serve_env(**overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in REQUIRED}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",
        REDIS_URL="redis://127.0.0.1:1/0",
    )
    env.update(overrides)
    return env


@pytest.mark.parametrize("missing", REQUIRED)
def test_make_serve_names_the_missing_variable_and_stops(missing):
    env = serve_env()
    del env[missing]
    result = subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert f"make serve: {missing} is not set." in result.stderr
    assert "gunicorn" not in result.stdout + result.stderr.replace("make serve:", "")


@pytest.mark.parametrize("empty", REQUIRED)
def test_an_empty_variable_counts_as_missing(empty):
    result = subprocess.run(
        ["bash", "deploy/serve.sh"],
        cwd=PROJECT,
        env=serve_env(**{empty: ""}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert f"{empty} is not set" in result.stderr


PROBE = """
import django
django.setup()
from django.test import Client, override_settings
from django.conf import settings
# No collectstatic here: static files by name, not from the manifest.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
client = Client(HTTP_HOST="example.org")
print(client.get("/editorial-policy/").status_code, client.get("/healthz").status_code,
      client.get("/editorial-policy/", headers={"X-Forwarded-Proto": "https"}).status_code,
      settings.SECURE_SSL_REDIRECT)
"""


def probe(tmp_path, **env: str) -> list[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DJANGO_ALLOW"))}
    base.update(
        DJANGO_SETTINGS_MODULE="editorial.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        **env,
    )
    subprocess.run(
        [str(PYTHON), "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=PROJECT,
        env=base,
        check=True,
        timeout=120,
    )
    result = subprocess.run(
        [str(PYTHON), "-c", PROBE],
        cwd=PROJECT,
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_plain_http_is_redirected_by_default_except_the_health_check(tmp_path):
    policy, health, behind_tls, redirect = probe(tmp_path)
    assert (policy, health, behind_tls, redirect) == ("301", "200", "200", "True")


def test_secure_ssl_redirect_off_serves_plain_http_behind_a_tls_proxy(tmp_path):
    policy, health, behind_tls, redirect = probe(tmp_path, SECURE_SSL_REDIRECT="0")
    assert (policy, health, behind_tls, redirect) == ("200", "200", "200", "False")


def test_the_deploy_check_accepts_a_tls_proxy_in_front(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECURE_")}
    env.update(
        DJANGO_SETTINGS_MODULE="editorial.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}",
        SECURE_SSL_REDIRECT="0",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    result = subprocess.run(
        [str(PYTHON), "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def gunicorn_settings(monkeypatch, **env: str) -> dict:
    """deploy/gunicorn.conf.py read as gunicorn reads it, with ``env`` set."""
    import runpy

    for name in ("GUNICORN_WORKER_TMP_DIR",):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(PROJECT / "deploy" / "gunicorn.conf.py"))


def test_gunicorn_keeps_its_workers_heartbeat_files_on_tmpfs(monkeypatch):
    assert gunicorn_settings(monkeypatch)["worker_tmp_dir"] == "/dev/shm"


def test_the_heartbeat_files_go_where_gunicorn_worker_tmp_dir_says(monkeypatch, tmp_path):
    settings = gunicorn_settings(monkeypatch, GUNICORN_WORKER_TMP_DIR=str(tmp_path))
    assert settings["worker_tmp_dir"] == str(tmp_path)


def test_a_heartbeat_directory_that_does_not_exist_stops_gunicorn_naming_it(tmp_path):
    missing = tmp_path / "nowhere"
    result = subprocess.run(
        [str(PYTHON), "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "--check-config",
         "editorial.wsgi"],
        cwd=PROJECT,
        env={**serve_env(), "GUNICORN_WORKER_TMP_DIR": str(missing)},
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert f"GUNICORN_WORKER_TMP_DIR={missing} is not a directory" in result.stderr


def test_gunicorn_reads_its_configuration_and_loads_the_app(tmp_path):
    result = subprocess.run(
        [str(PYTHON), "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "--check-config",
         "editorial.wsgi"],
        cwd=PROJECT,
        env={**serve_env(DEBUG="0"), "GUNICORN_WORKER_TMP_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
