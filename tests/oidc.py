"""The company's identity provider, for the tests: ``tests/oidc_provider.py`` started as a
process on a free localhost port, and the site configured to sign in through it.

``oidc_provider`` (session-scoped) is the running provider; ``company_sign_in`` (per test)
points the site's settings at it, resets its fault and gives the test a ``Company`` to add users
to, make the provider misbehave and walk the sign-in through the Django test client.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from editorial.company_sign_in.config import settings_from
from tests.runtime import ROOT, stop

CLIENT_ID = "editorial-tests"
CLIENT_SECRET = "a-secret-the-provider-checks"
# The mapping of the tests' provider groups to the site's roles (OIDC_ROLE_MAP's syntax).
ROLE_MAP = "cms-authors=Authors, cms-board=Board members, cms-editors=Editors"


@dataclass
class RunningProvider:
    issuer: str
    process: subprocess.Popen

    def control(self, what: str, data: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(
            f"{self.issuer}/_control/{what}",
            data=json.dumps(data).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[RunningProvider]:
    command = ["-m", "tests.oidc_provider", "--client-id", CLIENT_ID]
    process = subprocess.Popen(
        [sys.executable, *command, "--client-secret", CLIENT_SECRET],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        issuer = process.stdout.readline().strip()
        if not issuer.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"the OIDC provider did not start (said {issuer!r})")
        with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=10):
            pass
        yield RunningProvider(issuer=issuer, process=process)
    finally:
        stop(process)


class _Form(HTMLParser):
    """The provider's sign-in form: its action and hidden fields."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.action = attributes.get("action") or ""
        elif tag == "input" and attributes.get("type") == "hidden":
            self.fields[attributes["name"] or ""] = attributes.get("value") or ""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Company:
    """The company's provider as one test uses it."""

    provider: RunningProvider
    passwords: dict[str, str] = field(default_factory=dict)

    def add_user(
        self, username: str, *, groups: list[str] | None = None, **claims: Any
    ) -> dict[str, Any]:
        claims = {
            "email": f"{username}@company.example",
            "email_verified": True,
            "name": username.replace(".", " ").title(),
            **claims,
        }
        if groups is not None:
            claims["groups"] = groups
        self.passwords[username] = f"{username}-password"
        return self.provider.control(
            "users", {"username": username, "password": self.passwords[username], "claims": claims}
        )

    def set_groups(self, username: str, groups: list[str]) -> None:
        self.add_user(username, groups=groups)

    def misbehave(self, fault: str | None) -> None:
        self.provider.control("fault", {"fault": fault})

    def rotate_keys(self) -> None:
        self.provider.control("rotate", {})

    def requests_for(self, path: str) -> int:
        """How many times the provider was asked for ``path`` (GET), since it started."""
        return self.provider.control("counts", {}).get(path, 0)

    def authorize(self, url: str, username: str) -> str:
        """Sign in at the provider's form (the user's part): the redirect back to the site."""
        opener = urllib.request.build_opener(_NoRedirects)
        with opener.open(url, timeout=10) as response:
            form = _Form()
            form.feed(response.read().decode())
        data = {**form.fields, "username": username, "password": self.passwords[username]}
        request = urllib.request.Request(
            f"{self.provider.issuer}{form.action}",
            data=urllib.parse.urlencode(data).encode(),
            method="POST",
        )
        try:
            opener.open(request, timeout=10)
        except urllib.error.HTTPError as redirect:
            if redirect.code == 302:
                return redirect.headers["Location"]
            raise
        raise AssertionError("the provider did not redirect back to the site")

    def sign_in(self, client: Client, username: str, **login_query: str) -> Any:
        """The whole sign-in: the site's button, the provider's form, the callback. Returns the
        callback's response."""
        response = client.post(reverse("openid_connect_login", args=["company"]), login_query)
        assert response.status_code == 302, response.content.decode()[:2000]
        callback = self.authorize(response["Location"], username)
        return client.get(callback)


def callback_query(location: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(location).query).items()}


@pytest.fixture
def company_sign_in(oidc_provider: RunningProvider, settings) -> Iterator[Company]:
    """The site signs in through the test's provider (settings as from the environment)."""
    environ = {
        "OIDC_ISSUER": oidc_provider.issuer,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_ROLE_MAP": ROLE_MAP,
    }
    for name, value in settings_from(environ).items():
        setattr(settings, name, value)
    company = Company(provider=oidc_provider)
    company.misbehave(None)
    yield company
    company.misbehave(None)
