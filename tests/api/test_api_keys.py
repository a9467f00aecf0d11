"""API keys: editors issue them in the admin (shown once, only a digest stored) and revoke
them; nobody else may."""

from __future__ import annotations

import hashlib
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api import keys
from api.keys import ALREADY_REVOKED, EDITORS_ONLY, api_key_create, api_key_revoke, key_holder
from api.models import ApiKey
from api.params import INVALID_KEY
from tests.factories import board_user

pytestmark = pytest.mark.django_db

ADD = "/admin/api/apikey/add/"


def test_an_editor_issues_a_key_in_the_admin_and_sees_it_once(editor):
    client = Client()
    client.force_login(editor)
    response = client.post(ADD, {"partner": "Syndication Ltd", "rate_limit": 600, "note": ""})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    api_key = ApiKey.objects.get()
    page = response.content.decode()
    start = page.index('value="edk_') + len('value="')
    key = page[start : page.index('"', start)]
    assert key.startswith(api_key.prefix)
    assert api_key.digest == hashlib.sha256(key.encode()).hexdigest()
    assert (api_key.partner, api_key.rate_limit, api_key.created_by) == (
        "Syndication Ltd",
        600,
        editor,
    )
    with connection.cursor() as cursor:  # the key itself is in no column of the table
        cursor.execute("SELECT * FROM api_apikey")
        assert not any(key in str(value) for value in cursor.fetchone())
    listing = client.get("/admin/api/apikey/").content.decode()
    assert api_key.prefix in listing and key not in listing
    assert key not in client.get(f"/admin/api/apikey/{api_key.pk}/change/").content.decode()
    assert Client().get("/api/v1/topics/", HTTP_X_API_KEY=key).status_code == 200


def test_an_editor_revokes_keys_with_the_admin_action(editor):
    api_key, key = api_key_create(partner="Old partner", by=editor)
    client = Client()
    client.force_login(editor)
    response = client.post(
        "/admin/api/apikey/",
        {"action": "revoke", "_selected_action": [api_key.pk]},
        follow=True,
    )
    assert "1 key(s) revoked." in response.content.decode()
    assert ApiKey.objects.get().is_revoked
    assert Client().get("/api/v1/topics/", HTTP_X_API_KEY=key).status_code == 401
    with pytest.raises(ValueError, match=ALREADY_REVOKED):
        api_key_revoke(api_key=api_key, by=editor)


@pytest.mark.parametrize("who", ["author", "board member", "anonymous"])
def test_nobody_but_an_editor_issues_or_sees_keys(who, author, editor):
    api_key, _ = api_key_create(partner="Partner", by=editor)
    client = Client()
    user = {"author": author, "board member": board_user(), "anonymous": None}[who]
    if user is not None:
        client.force_login(user)
    for url in [ADD, "/admin/api/apikey/", f"/admin/api/apikey/{api_key.pk}/change/"]:
        assert client.get(url).status_code in (302, 403), (who, url)
    assert client.post(ADD, {"partner": "Mine", "rate_limit": 10}).status_code in (302, 403)
    assert ApiKey.objects.count() == 1
    if user is not None:
        with pytest.raises(PermissionDenied, match=EDITORS_ONLY):
            api_key_create(partner="Mine", by=user)
        with pytest.raises(PermissionDenied, match=EDITORS_ONLY):
            api_key_revoke(api_key=api_key, by=user)
    assert not ApiKey.objects.get().is_revoked


def test_a_key_with_no_partner_or_a_zero_limit_is_refused_and_nothing_saved(editor):
    client = Client()
    client.force_login(editor)
    for data in [{"partner": "", "rate_limit": 5}, {"partner": "P", "rate_limit": 0}]:
        response = client.post(ADD, data)
        assert response.status_code == 200 and b"errorlist" in response.content
    assert not ApiKey.objects.exists()


def test_a_new_key_gets_the_limit_the_setting_says_when_it_is_made(editor, settings):
    settings.API_KEY_RATE_LIMIT = 77
    assert ApiKey(partner="P").rate_limit == 77
    api_key, _ = api_key_create(partner="P", by=editor)
    assert api_key.rate_limit == 77


def test_a_key_revoked_by_another_process_is_refused_here_within_the_stated_time(editor, settings):
    """The process that revokes a key refuses it at once; every other one remembers what it
    read of a key for API_KEY_CACHE_SECONDS, so it refuses it that long after at most."""
    settings.API_KEY_CACHE_SECONDS = 1
    api_key, key = api_key_create(partner="Partner app", by=editor)
    url = "/api/v1/topics/"
    assert Client().get(url, HTTP_X_API_KEY=key).status_code == 200  # read and remembered
    # What the revocation looks like from another process: the row changes, nothing more.
    ApiKey.objects.filter(pk=api_key.pk).update(revoked_at=timezone.now())
    with CaptureQueriesContext(connection) as queries:
        assert key_holder(key) is not None  # still remembered: within the stated time
    assert len(queries) == 0
    time.sleep(settings.API_KEY_CACHE_SECONDS + 0.1)
    refused = Client().get(url, HTTP_X_API_KEY=key)
    assert refused.status_code == 401
    assert refused.json() == {"detail": INVALID_KEY}


def test_a_request_with_a_remembered_key_reads_no_row_and_hashes_nothing(editor, monkeypatch):
    _api_key, key = api_key_create(partner="Partner app", by=editor)
    holder = key_holder(key)
    assert holder is not None and holder.client == f"key:{holder.pk}"
    hashed = []
    monkeypatch.setattr(keys, "digest_of", lambda key: hashed.append(key))
    with CaptureQueriesContext(connection) as queries:
        assert key_holder(key) == holder
    assert len(queries) == 0 and hashed == []
    assert key_holder("edk_" + "x" * 200) is None  # too long to be one: nothing remembered
    assert "edk_" + "x" * 200 not in keys._known
