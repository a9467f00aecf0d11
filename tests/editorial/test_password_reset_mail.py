"""A password reset is an email like any other: queued in the outbox by the request, sent by
the worker, and its link made as it is sent, never stored (editorial.reset_links)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from editorial.models import EmailStatus, OutboundEmail
from editorial.reset_links import RESET_PLACEHOLDER, RESET_REFUSED
from tests.factories import author_user, editor_user
from tests.tasks import run_queued_tasks

RESET = "/accounts/password/reset/"
LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)")


@pytest.fixture
def writer(db):
    return author_user(username="writer", email="writer@example.org")


def test_the_request_queues_the_message_and_sends_nothing_itself(client, writer):
    response = client.post(RESET, {"email": "writer@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
    [queued] = OutboundEmail.objects.all()
    assert queued.to == "writer@example.org"
    assert queued.password_reset_for == writer
    assert queued.reason == "password reset"
    assert queued.status == EmailStatus.QUEUED
    assert RESET_PLACEHOLDER in queued.body
    assert not LINK.search(queued.body)


def test_the_worker_sends_a_working_link_and_the_outbox_never_holds_it(client, writer, deliver):
    client.post(RESET, {"email": "writer@example.org"})
    [sent] = deliver()
    assert sent.to == ["writer@example.org"]
    assert RESET_PLACEHOLDER not in sent.body
    link = LINK.search(sent.body).group(1)
    stored = OutboundEmail.objects.get()
    assert stored.status == EmailStatus.SENT
    assert link not in stored.body and RESET_PLACEHOLDER in stored.body
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"password1": "a-long-new-passphrase", "password2": "a-long-new-passphrase"},
    )
    assert done.status_code == 302
    writer.refresh_from_db()
    assert writer.check_password("a-long-new-passphrase")


def test_an_account_deactivated_before_the_message_goes_gets_no_link(client, writer, deliver):
    client.post(RESET, {"email": "writer@example.org"})
    writer.is_active = False
    writer.save(update_fields=["is_active"])
    assert deliver() == []
    failed = OutboundEmail.objects.get()
    assert failed.status == EmailStatus.FAILED
    assert failed.last_error == RESET_REFUSED


def test_an_account_deleted_before_the_message_goes_takes_its_message_along(client, writer):
    client.post(RESET, {"email": "writer@example.org"})
    writer.delete()
    assert not OutboundEmail.objects.exists()
    run_queued_tasks()
    assert mail.outbox == []


def test_a_mail_server_down_never_fails_the_request(client, writer, settings, deliver):
    """The request answers as usual; the worker tries again later (the outbox's retries)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    response = client.post(RESET, {"email": "writer@example.org"})
    assert response.status_code == 302
    run_queued_tasks()
    queued = OutboundEmail.objects.get()
    assert queued.status == EmailStatus.QUEUED and queued.attempts == 1
    assert queued.last_error.startswith("ConnectionRefusedError")
    assert queued.next_attempt_at is not None  # tried again later


def test_an_unknown_address_gets_nothing_and_the_page_does_not_say_so(client, db):
    """No message to an address with no account (``ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS`` off: no
    mail to strangers on anyone's request), and the same answer as for a known one."""
    response = client.post(RESET, {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert not OutboundEmail.objects.exists()
    run_queued_tasks()
    assert mail.outbox == []


def test_a_reset_message_in_the_admin_shows_no_link(writer, deliver):
    Client().post(RESET, {"email": "writer@example.org"})
    deliver()
    message = OutboundEmail.objects.get()
    editor = Client()
    editor.force_login(editor_user(username="chief"))
    page = editor.get(f"/admin/editorial/outboundemail/{message.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert RESET_PLACEHOLDER in body and not LINK.search(body)
