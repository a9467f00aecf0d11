"""schemathesis against a running server: gunicorn as `make serve` runs it, on a database
holding the demo content, over every operation of the schema, with every default check and no
failure allowed.

One setting is ours: a request line over gunicorn's limit (4 KB) is refused by gunicorn with
414 before the app sees it, which the negative-data check counts as a rejection like the 400s
the app gives (schemathesis's own list of rejections does not name 414).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.editorial import test_runtime
from tests.runtime import PYTHON, ROOT, gunicorn, production_env

collected_static = test_runtime.collected_static

pytestmark = pytest.mark.slow  # gunicorn, manage.py and schemathesis in processes

MAX_EXAMPLES = "25"
CONFIG = """\
[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "414", "415", "422",
                     "428", "429", "5xx"]
"""


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=600,
                   capture_output=True)  # fmt: skip


def test_schemathesis_finds_no_failure_in_any_operation(collected_static, tmp_path: Path):
    database = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    setup = production_env(DEBUG="1", DATABASE_URL=database)
    manage(setup, "migrate", "--noinput", "-v", "0")
    manage(setup, "load_demo")
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG)
    # The limits would turn the run's requests into 429s: they have tests of their own.
    env = production_env(DATABASE_URL=database, API_RATE_LIMIT="100000000")
    with gunicorn(env) as port:
        run = subprocess.run(
            [
                str(Path(PYTHON).parent / "schemathesis"),
                "--config-file",
                str(config),
                "run",
                f"http://127.0.0.1:{port}/api/v1/schema/",
                "--max-examples",
                MAX_EXAMPLES,
                "--workers",
                "1",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=1200,
        )
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-6000:]
    assert "Selected: 9/9" in report and "Tested: 9" in report, report[-3000:]
    assert "No issues found" in report, report[-3000:]
