"""Benchmark: a company sign-in's time at the site, and its queries, first and later sign-ins.

Run by hand (not part of the suite):  .venv/bin/python bench/company_sign_in.py [rounds]
It starts the tests' OpenID Connect provider (tests/oidc_provider.py) on a free local port,
builds a throw-away SQLite database, and signs users in through it with Django's test client:
the button (discovery, redirect), the provider's form, and the callback (token, keys, userinfo,
checks, role sync, session). Times are the site's two requests only, not the provider's form.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "editorial.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
)
PROVIDER = ["-m", "tests.oidc_provider", "--client-id", "bench", "--client-secret", "bench"]
provider = subprocess.Popen(
    [sys.executable, *PROVIDER],
    cwd=ROOT,
    stdout=subprocess.PIPE,
    text=True,
)
os.environ["OIDC_ISSUER"] = provider.stdout.readline().strip()
os.environ["OIDC_CLIENT_ID"] = os.environ["OIDC_CLIENT_SECRET"] = "bench"
os.environ["OIDC_ROLE_MAP"] = "cms-editors=Editors, cms-board=Board members"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from tests.oidc import Company, RunningProvider  # noqa: E402


def sign_in(company: Company, username: str) -> tuple[float, int]:
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        start = client.post(reverse("openid_connect_login", args=["company"]))
        elapsed = time.perf_counter() - started
    callback = company.authorize(start["Location"], username)
    with CaptureQueriesContext(connection) as more:
        started = time.perf_counter()
        response = client.get(callback)
        elapsed += time.perf_counter() - started
    assert response.status_code == 302, response.content[:300]
    return elapsed * 1000, len(queries) + len(more)


def main(rounds: int) -> None:
    call_command("migrate", verbosity=0)
    company = Company(provider=RunningProvider(issuer=os.environ["OIDC_ISSUER"], process=provider))
    print(f"{'sign-in':<34} {'queries':>8} {'median ms':>10} {'p95 ms':>8}")
    cases = {
        "first (account made, 2 roles)": [],
        "later (same roles)": [],
        "later (one role removed)": [],
    }
    queries: dict[str, int] = {}
    for n in range(rounds):
        username = f"user{n}"
        company.add_user(username, groups=["cms-editors", "cms-board"])
        for case, groups in zip(cases, (None, None, ["cms-editors"]), strict=True):
            if groups:
                company.set_groups(username, groups)
            ms, count = sign_in(company, username)
            cases[case].append(ms)
            queries[case] = count
    for case, times in cases.items():
        p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        print(f"{case:<34} {queries[case]:>8} {statistics.median(times):>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    try:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
    finally:
        provider.terminate()
        provider.wait(10)
