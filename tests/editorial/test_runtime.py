"""The production runtime for real: gunicorn processes (deploy/gunicorn.conf.py, DEBUG off)
sharing PostgreSQL and Redis, and nginx with deploy/nginx.conf in front.

An approval taken through one app process shows on the other's next request; through nginx,
readers are served from its cache and see a new approval within PAGE_S_MAXAGE seconds.
These need PostgreSQL (the app processes read the test database), Redis and, for the proxy,
nginx: .ci/run provides all three.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import time
import urllib.parse
import uuid

import pytest
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.db import connection

from articles.models import Article
from articles.services import article_update
from editorial.models import TransitionLog
from editorial.workflow import article_transition
from tests.editorial.test_second_factors import enrol_totp, totp_code
from tests.factories import article_in_state, invitees_review
from tests.runtime import PYTHON, ROOT, fetch, gunicorn, nginx, nginx_binary, production_env

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
NEW_TITLE = "Is this the newly approved question?"

pytestmark = [
    pytest.mark.slow,  # gunicorn processes and nginx
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=(
            "needs PostgreSQL: the app processes under test share the test database, which "
            f"this run keeps in {connection.vendor} memory (set DATABASE_URL=postgres://...)"
        ),
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="module")
def collected_static():
    env = production_env(DATABASE_URL="sqlite:///:memory:")
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )


@pytest.fixture
def runtime_env(collected_static, settings):
    if not redis_answers():
        pytest.fail(f"Redis does not answer at {REDIS_URL} (.ci/run starts it).")
    db = connection.settings_dict
    url = (
        f"postgres://{urllib.parse.quote(db['USER'] or '')}"
        f"{':' + urllib.parse.quote(db['PASSWORD']) if db['PASSWORD'] else ''}"
        f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    # The app processes check passwords with the default hasher, not the suite's fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    return production_env(
        DATABASE_URL=url,
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=f"test-runtime-{uuid.uuid4().hex}",
        PAGE_S_MAXAGE="3",
        PAGE_MAX_AGE="3",
    )


@pytest.fixture
def ready_to_approve(editor, board_member):
    """A published article whose revised title waits for the last step: approval."""
    article = article_in_state("approved", editor=editor, board=board_member)
    article_transition(article=article, action="revise", by=article.author)
    article_update(article=article, by=article.author, title=NEW_TITLE)
    article_transition(article=article, action="submit", by=article.author)
    article_transition(article=article, action="start_review", by=editor)
    invitees_review(article)
    board_member.set_password("a long board password")
    board_member.save()
    enrol_totp(board_member)  # with DEBUG off, board members sign in with a second factor
    return Article.objects.get(pk=article.pk)


class Browser:
    """A signed-in session against one app server, over plain HTTP."""

    def __init__(self, base: str) -> None:
        self.base, self.cookies = base, {}

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        import urllib.request

        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        self.location = response.headers.get("Location", "")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response.status, response.read().decode()

    def sign_in(self, username: str, password: str) -> None:
        status, page = self.request("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _ = self.request(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": username, "password": password},
        )
        assert status == 302, "the password accepted"
        if self.location.endswith("/accounts/2fa/authenticate/"):
            # The second factor: the code the member's authenticator app shows now.
            status, page = self.request("/accounts/2fa/authenticate/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            factor = Authenticator.objects.get(
                user__username=username, type=Authenticator.Type.TOTP
            )
            code = totp_code(get_adapter().decrypt(factor.data["secret"]))
            status, _ = self.request(
                "/accounts/2fa/authenticate/", {"csrfmiddlewaretoken": token, "code": code}
            )
        assert status == 302 and "/accounts/" not in self.location, "signed in"

    def approve(self, article: Article) -> None:
        status, _ = self.request(
            f"/admin/articles/article/{article.pk}/transition/",
            {"csrfmiddlewaretoken": self.cookies["csrftoken"], "action": "approve"},
        )
        assert status == 302


def title_of(body: bytes) -> str:
    return html.unescape(re.search(rb"<h1[^>]*>(.*?)</h1>", body, re.S).group(1).decode()).strip()


def test_two_app_processes_share_the_cache_an_approval_shows_on_the_other_at_once(
    runtime_env, ready_to_approve, board_member
):
    article = ready_to_approve
    old_title = article.live_revision.title
    path = article.get_absolute_url()
    with gunicorn(runtime_env, workers=1) as first, gunicorn(runtime_env, workers=1) as second:
        a, b = f"http://127.0.0.1:{first}", f"http://127.0.0.1:{second}"
        for server in (a, b, a, b):
            page = fetch(a + path if server == a else b + path)
            assert page.status == 200
            assert title_of(page.body) == old_title
            assert page.headers["Cache-Control"].startswith("public")
        etag = fetch(b + path).headers["ETag"]
        assert fetch(b + path, {"If-None-Match": etag}).status == 304  # b serves its cache

        approver = Browser(a)
        approver.sign_in(board_member.username, "a long board password")
        approver.approve(article)
        assert TransitionLog.objects.filter(article=article, action="approve").count() == 2

        after = fetch(b + path)
        assert after.status == 200
        assert title_of(after.body) == NEW_TITLE
        assert after.headers["ETag"] != etag
        assert NEW_TITLE in fetch(b + "/").body.decode()
        assert title_of(fetch(a + path).body) == NEW_TITLE


@pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed (apt-get install nginx)")
def test_nginx_serves_readers_from_its_cache_and_an_approval_within_s_maxage(
    runtime_env, ready_to_approve, board_member
):
    article = ready_to_approve
    old_title = article.live_revision.title
    path = article.get_absolute_url()
    lifetime = int(runtime_env["PAGE_S_MAXAGE"])
    with gunicorn(runtime_env, workers=2) as app, nginx(app_port=app) as (proxy, _):
        url = f"http://127.0.0.1:{proxy}{path}"
        statuses = [fetch(url).headers.get("X-Cache-Status") for _ in range(4)]
        assert statuses[0] == "MISS"
        assert statuses[1:].count("HIT") >= 2, statuses  # one may fall on s-maxage's end
        assert set(statuses[1:]) <= {"HIT", "REVALIDATED"}, statuses
        first = fetch(url)
        assert title_of(first.body) == old_title
        assert "Set-Cookie" not in first.headers
        zipped = fetch(url, {"Accept-Encoding": "gzip"})
        assert zipped.headers.get("Content-Encoding") == "gzip"

        approver = Browser(f"http://127.0.0.1:{proxy}")
        approver.sign_in(board_member.username, "a long board password")
        signed_in = fetch(url, {"Cookie": f"sessionid={approver.cookies['sessionid']}"})
        assert signed_in.headers.get("X-Cache-Status") == "BYPASS"
        assert "private" in signed_in.headers["Cache-Control"]
        approver.approve(article)
        approved_at = time.monotonic()

        seen = None
        while time.monotonic() - approved_at < lifetime + 5:
            page = fetch(url)
            if title_of(page.body) == NEW_TITLE:
                seen = time.monotonic() - approved_at
                break
            assert page.headers.get("X-Cache-Status") in ("HIT", "REVALIDATED", "EXPIRED")
            time.sleep(0.2)
        # Within s-maxage, give or take the time a request takes on a busy machine.
        assert seen is not None and seen <= lifetime + 2, f"new approval seen after {seen} s"
        after = [fetch(url).headers.get("X-Cache-Status") for _ in range(3)]
        assert after[-1] == "HIT"
        assert fetch(f"http://127.0.0.1:{proxy}/healthz").status == 200
