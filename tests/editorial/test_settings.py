"""Production settings come from the environment: ``check --deploy`` is clean when they are set,
and a missing or malformed one stops the process with a message that names it."""

import os
import secrets
import subprocess
from pathlib import Path

import pytest

from editorial.checks import review_settings

PROJECT = Path(__file__).resolve().parents[2]
PYTHON = PROJECT / ".venv" / "bin" / "python"

# Variables the settings read; each test decides on them, the caller's shell does not.
SETTINGS_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "CONN_MAX_AGE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "EMAIL_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "EDITORIAL_APPROVAL_QUORUM",
)


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="editorial.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}",
    )
    return env


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PYTHON), "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.slow  # manage.py check --deploy in its own process
def test_production_settings_pass_the_deploy_check_without_warnings(production_env):
    result = check_deploy(production_env)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr
    assert "security.W" not in result.stdout + result.stderr


@pytest.mark.slow  # manage.py check --deploy in its own process
def test_a_weak_secret_key_fails_the_deploy_check(production_env):
    """The control for the test above: the check does report a weak production setting."""
    production_env["SECRET_KEY"] = "too-short"

    result = check_deploy(production_env)

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.slow  # manage.py check --deploy in its own process
def test_debug_off_without_secret_key_refuses_to_start(production_env):
    del production_env["SECRET_KEY"]

    result = check_deploy(production_env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.slow  # manage.py check --deploy in its own process
def test_debug_off_with_an_empty_secret_key_refuses_to_start(production_env):
    production_env["SECRET_KEY"] = ""

    result = check_deploy(production_env)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.slow  # manage.py check --deploy in its own process
def test_debug_off_without_allowed_hosts_refuses_to_start(production_env):
    del production_env["ALLOWED_HOSTS"]

    result = check_deploy(production_env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS is not set" in result.stderr


@pytest.mark.slow  # manage.py check --deploy in its own process
def test_a_debug_value_that_is_not_a_boolean_is_a_clear_error(production_env):
    production_env["DEBUG"] = "maybe"

    result = check_deploy(production_env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG must be a boolean (1/0, true/false), not 'maybe'." in result.stderr


# The review's settings -----------------------------------------------------------------------

REVIEW_SETTINGS = {
    "EDITORIAL_APPROVAL_QUORUM": 0,
    "EDITORIAL_REVIEW_DUE_DAYS": 0,
    "EDITORIAL_REREVIEW_MONTHS": -1,
    "EDITORIAL_REMINDER_DAYS_BEFORE_DUE": -3,
    "REFERENCES_GUIDELINE_MAX_AGE_YEARS": -1,
    "REFERENCES_RESEARCH_MAX_AGE_YEARS": -10,
}


def test_the_default_review_settings_pass_the_checks():
    assert review_settings() == []


@pytest.mark.parametrize(("name", "value"), REVIEW_SETTINGS.items())
def test_an_out_of_range_review_setting_is_refused_naming_it(settings, name, value):
    setattr(settings, name, value)
    (error,) = review_settings()
    assert error.is_serious()
    assert error.msg.startswith(f"{name} is {value!r}; it must be a whole number of at least")
    assert error.id.startswith("editorial.E")


@pytest.mark.parametrize("value", ["two", 2.5, None, True])
def test_a_quorum_that_is_not_a_whole_number_is_refused(settings, value):
    settings.EDITORIAL_APPROVAL_QUORUM = value
    (error,) = review_settings()
    assert "EDITORIAL_APPROVAL_QUORUM" in error.msg


def test_the_board_may_decide_setting_must_be_on_or_off(settings):
    settings.EDITORIAL_BOARD_MEMBERS_MAY_DECIDE = "yes"
    (error,) = review_settings()
    assert error.msg.startswith("EDITORIAL_BOARD_MEMBERS_MAY_DECIDE is 'yes'")


@pytest.mark.slow  # manage.py check --deploy in its own process
def test_a_malformed_number_in_the_environment_stops_start_up_naming_it(production_env):
    production_env["EDITORIAL_APPROVAL_QUORUM"] = "two"

    result = check_deploy(production_env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "EDITORIAL_APPROVAL_QUORUM must be a whole number, not 'two'." in result.stderr
    assert "ValueError" not in result.stderr


@pytest.mark.slow  # manage.py check --deploy in its own process
def test_a_quorum_of_zero_in_the_environment_fails_the_check(production_env):
    production_env["EDITORIAL_APPROVAL_QUORUM"] = "0"

    result = check_deploy(production_env)

    assert result.returncode != 0
    assert "editorial.E001" in result.stderr
    assert "EDITORIAL_APPROVAL_QUORUM is 0" in result.stderr
