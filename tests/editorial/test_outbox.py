"""Issue 11: every email goes through the outbox. Steps and cron commands queue their messages in
their own transaction and never talk to a mail server; the worker (``db_worker``) delivers each
message once, retries transient failures with backoff, and leaves a message it cannot deliver
failed, for an editor to see and retry in the admin.

The end-to-end tests talk to a real SMTP server (aiosmtpd) on a free local port, down and up.
"""

from __future__ import annotations

import email.policy
import smtplib
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from io import StringIO

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from editorial import notifications
from editorial.admin import EMAILS_RETRIED
from editorial.models import (
    EDITORS,
    EmailStatus,
    OutboundEmail,
    ReReviewNotice,
    ReviewInvitation,
    TransitionLog,
)
from editorial.outbox import deliver_email, email_queue, email_retry, is_transient
from editorial.reviews import (
    invitation_accept,
    invitation_declare_conflict,
    invitation_decline,
    invitations_create,
)
from editorial.workflow import article_transition
from tests.clients import signed_in
from tests.factories import (
    article_in_state,
    author_user,
    board_reviews,
    board_user,
    editor_user,
)
from tests.tasks import run_queued_tasks

NOW = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


# --------------------------------------------------------------------------------------------
# A real SMTP server on a free local port
# --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """What the SMTP server accepted. ``bounce@`` addresses are refused for good (550),
    ``later@`` ones for now (451)."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], str]] = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("bounce@"):
            return "550 5.1.1 No such user here"
        if address.startswith("later@"):
            return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        subject = message_from_bytes(envelope.content, policy=email.policy.default)["Subject"]
        with self.lock:  # the subject unfolded, as it was written
            self.received.append((list(envelope.rcpt_tos), " ".join(str(subject).split())))
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.mailbox = Mailbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings) -> Iterator[SMTPServer]:
    """An SMTP server the product is configured to use; it starts down."""
    server = SMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.EDITORIAL_EMAIL_RETRY_SECONDS = 60
    yield server
    server.stop()


def worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


# --------------------------------------------------------------------------------------------
# Delivery, retries and failures (inside the test's transaction)
# --------------------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


def queue(*recipients: str) -> list[OutboundEmail]:
    ids = email_queue(reason="test", subject="Hello", body="Body.", recipients=recipients)
    return list(OutboundEmail.objects.filter(pk__in=ids).order_by("to"))


def test_queueing_writes_one_message_and_one_task_per_recipient(mailoutbox):
    emails = queue("b@example.org", "a@example.org", "a@example.org", "")

    assert [email.to for email in emails] == ["a@example.org", "b@example.org"]
    assert all(email.status == EmailStatus.QUEUED and email.attempts == 0 for email in emails)
    assert DBTaskResult.objects.ready().count() == 2
    assert mailoutbox == []  # nothing is sent until the worker runs


def test_the_worker_delivers_each_message_once(mailoutbox):
    (email,) = queue("a@example.org")

    assert run_queued_tasks() == 1
    deliver_email.call(email.pk)  # a duplicate task for the same message does nothing

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.attempts == 1 and email.sent_at
    assert [(message.to, message.subject) for message in mailoutbox] == [
        (["a@example.org"], "Hello")
    ]


def test_a_message_rolled_back_with_its_change_was_never_queued():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue("a@example.org")
        raise RuntimeError("the change failed")

    assert not OutboundEmail.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_transient_failure_is_retried_with_backoff_then_failed(smtp, settings):
    settings.EDITORIAL_EMAIL_MAX_ATTEMPTS = 3
    with at(NOW):
        (email,) = queue("a@example.org")
        run_queued_tasks()  # the server is down: connection refused
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED and email.attempts == 1
    assert email.next_attempt_at == NOW + timedelta(seconds=60)
    assert "ConnectionRefusedError" in email.last_error

    with at(NOW + timedelta(seconds=30)):
        assert run_queued_tasks() == 0  # not due yet
    with at(NOW + timedelta(seconds=61)):
        run_queued_tasks()
    email.refresh_from_db()
    assert email.attempts == 2
    assert email.next_attempt_at == NOW + timedelta(seconds=61 + 120)  # doubled

    with at(NOW + timedelta(seconds=200)):
        run_queued_tasks()
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED and email.attempts == 3
    assert email.next_attempt_at is None
    with at(NOW + timedelta(days=1)):
        assert run_queued_tasks() == 0  # nothing is left to try


def test_a_refused_address_fails_at_once_and_holds_up_nobody(smtp):
    smtp.start()
    queue("bounce@example.org", "ok@example.org", "later@example.org")

    run_queued_tasks()

    status = dict(OutboundEmail.objects.values_list("to", "status"))
    assert status == {
        "bounce@example.org": EmailStatus.FAILED,
        "ok@example.org": EmailStatus.SENT,
        "later@example.org": EmailStatus.QUEUED,  # 451: tried again later
    }
    bounced = OutboundEmail.objects.get(to="bounce@example.org")
    assert bounced.attempts == 1 and "550" in bounced.last_error
    assert smtp.mailbox.received == [(["ok@example.org"], "Hello")]


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (ConnectionRefusedError(111, "Connection refused"), True),
        (TimeoutError("timed out"), True),
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPResponseException(421, b"Service not available"), True),
        (smtplib.SMTPResponseException(554, b"Transaction failed"), False),
        (smtplib.SMTPAuthenticationError(535, b"Bad credentials"), False),
        (smtplib.SMTPRecipientsRefused({"a@x.org": (450, b"Mailbox busy")}), True),
        (smtplib.SMTPRecipientsRefused({"a@x.org": (550, b"No such user")}), False),
        (smtplib.SMTPSenderRefused(553, b"Sender refused", "me@x.org"), False),
        (ValueError("a bug"), False),
    ],
)
def test_what_counts_as_transient(error, transient):
    assert is_transient(error) is transient


def test_a_failed_message_can_be_queued_again(smtp):
    with at(NOW):
        (email,) = queue("a@example.org")
        OutboundEmail.objects.filter(pk=email.pk).update(
            status=EmailStatus.FAILED, attempts=8, last_error="ConnectionRefusedError"
        )
        DBTaskResult.objects.all().delete()
        email.refresh_from_db()

        assert email_retry(email) is True
        assert email_retry(email) is False  # queued already: nothing to retry
        smtp.start()
        run_queued_tasks()

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.attempts == 1
    assert smtp.mailbox.received == [(["a@example.org"], "Hello")]


# --------------------------------------------------------------------------------------------
# The outbox in the admin
# --------------------------------------------------------------------------------------------


def failed_email() -> OutboundEmail:
    (email,) = queue("reader@example.org")
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.FAILED, attempts=8, last_error="SMTPRecipientsRefused: 550 No such user"
    )
    return OutboundEmail.objects.get(pk=email.pk)


def test_editors_see_failed_messages_with_their_error_and_retry_them():
    editor = editor_user()
    editor.is_staff = True
    editor.save()
    email = failed_email()
    client = signed_in(editor)
    changelist = reverse("admin:editorial_outboundemail_changelist")

    page = client.get(changelist, {"status__exact": EmailStatus.FAILED})
    html = page.content.decode()
    assert page.status_code == 200
    for shown in ["reader@example.org", "Hello", "SMTPRecipientsRefused: 550 No such user", "8"]:
        assert shown in html
    response = client.post(
        changelist, {"action": "retry_delivery", "_selected_action": [email.pk]}, follow=True
    )
    assert EMAILS_RETRIED.format(retried=1) in response.content.decode()
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED and email.attempts == 0
    assert DBTaskResult.objects.ready().exists()


@pytest.mark.parametrize("who", ["board_member", "author"])
def test_only_editors_read_the_outbox_or_retry(who):
    user = board_user() if who == "board_member" else author_user()
    user.is_staff = True
    user.save()
    email = failed_email()
    client = signed_in(user)
    changelist = reverse("admin:editorial_outboundemail_changelist")

    assert client.get(changelist).status_code == 403
    client.post(changelist, {"action": "retry_delivery", "_selected_action": [email.pk]})
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED


def test_an_editor_without_the_group_permission_is_refused_too():
    editor = editor_user()
    editor.is_staff = True
    editor.save()
    Group.objects.get(name=EDITORS).permissions.filter(codename="view_outboundemail").delete()
    response = signed_in(editor).get(reverse("admin:editorial_outboundemail_changelist"))
    assert response.status_code == 403


def test_the_anonymous_reader_is_sent_to_the_admin_login():
    response = Client().get(reverse("admin:editorial_outboundemail_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --------------------------------------------------------------------------------------------
# End to end, committed, against a real SMTP server that is down, then up
# --------------------------------------------------------------------------------------------


def staff(user):
    user.is_staff = True
    user.save()
    return user


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_mail_server_down_every_step_succeeds_and_once_up_each_message_goes_once(
    smtp,
):
    editor = staff(editor_user())
    with at(NOW - timedelta(days=400)):  # published a year ago: due for re-review by NOW
        due = article_in_state("approved", editor=editor)
    author = author_user()
    draft = article_in_state("draft", editor=editor, author=author)
    reviewed = article_in_state("under_review", editor=editor)
    board_reviews(reviewed, editor=editor)
    member = staff(board_user())
    under_review = article_in_state("under_review", editor=editor)
    late = board_user()
    invitation, _ = invitations_create(
        article=under_review, reviewers=[member.board_member, late.board_member], by=editor
    )
    invitation_accept(invitation=invitation, by=member)
    invitation_declare_conflict(invitation=invitation, by=member, has_conflict=False)
    OutboundEmail.objects.all().delete()  # what the setup queued is not this test's
    DBTaskResult.objects.all().delete()

    with at(NOW):
        submitted = signed_in(author).post(
            reverse("authoring:step", args=[draft.pk, "submit"]), {"comment": "Ready."}
        )
        approved = signed_in(editor).post(
            reverse("admin:articles_article_transition", args=[reviewed.pk]),
            {"action": "approve", "comment": "Approved: thank you."},
        )
        review = signed_in(member).post(
            reverse("admin:editorial_reviewinvitation_review", args=[invitation.pk]),
            {
                "recommendation": "approve",
                "claims_supported": "yes",
                "guidelines_current": "yes",
                "safety_accurate": "n/a",
                "language_suitable": "yes",
                "comments_for_author": "Sound.",
                "confidential_comments": "",
                "claim_1": "supported",  # the factory article's one claim
            },
        )
        ReviewInvitation.objects.filter(reviewer__user=late).update(due_date=NOW.date())
        call_command("send_review_reminders", stdout=StringIO())
        call_command("flag_due_rereviews", stdout=StringIO())
        worker()  # the server is down: every delivery fails, and is scheduled again

    assert submitted.status_code == 302 and approved.status_code == 302
    assert review.status_code == 302
    assert Article.objects.get(pk=draft.pk).status == "submitted"
    assert Article.objects.get(pk=reviewed.pk).status == "approved"
    assert ReReviewNotice.objects.filter(article=due).exists()
    assert smtp.mailbox.received == [] and mail.outbox == []
    queued = [
        (to, " ".join(subject.split()))
        for to, subject in OutboundEmail.objects.values_list("to", "subject")
    ]
    reasons = set(OutboundEmail.objects.values_list("reason", flat=True))
    assert {"submit", "approve", "review submitted", "re-reviews due"} <= reasons
    assert any(reason.startswith("reminder") for reason in reasons)
    assert set(OutboundEmail.objects.values_list("status", "attempts")) == {(EmailStatus.QUEUED, 1)}

    smtp.start()
    with at(NOW + timedelta(minutes=2)):
        worker()
        worker()  # a second run delivers nothing more
    received = [(to[0], subject) for to, subject in smtp.mailbox.received]
    assert sorted(received) == sorted(queued)
    assert len(received) == len(set(received))
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}


requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        f"needs PostgreSQL: concurrent commands need row locks across connections, and this "
        f"run uses {connection.vendor} (set DATABASE_URL=postgres://...)"
    ),
)


@pytest.mark.postgres_only
@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("command", ["send_review_reminders", "flag_due_rereviews"])
def test_five_runs_at_once_queue_each_notice_once(command):
    editor = editor_user()
    with at(NOW - timedelta(days=400)):
        due = [article_in_state("approved", editor=editor) for _ in range(3)]
    members = [board_user() for _ in range(3)]
    start = threading.Barrier(5, timeout=10)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            call_command(command, stdout=StringIO())
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    with at(NOW):  # one clock for all five runs
        article = article_in_state("under_review", editor=editor)
        invitations_create(
            article=article,
            reviewers=[member.board_member for member in members],
            by=editor,
            due_date=NOW.date() + timedelta(days=1),
        )
        OutboundEmail.objects.all().delete()
        threads = [threading.Thread(target=run) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert errors == []
    if command == "send_review_reminders":
        reminded = OutboundEmail.objects.filter(reason__startswith="reminder")
        assert sorted(reminded.values_list("to", flat=True)) == sorted(
            member.email for member in members
        )
    else:
        assert ReReviewNotice.objects.count() == 3
        bodies = list(OutboundEmail.objects.values_list("to", "body"))
        for flagged in due:  # each article announced to each editor exactly once
            assert sum(flagged.title in body for to, body in bodies if to == editor.email) == 1


def test_the_transition_log_and_its_email_are_one_change():
    """The decision and its message commit together: the message's text is the decision's."""
    article = article_in_state("under_review")
    board_reviews(article, editor=editor_user())
    OutboundEmail.objects.all().delete()

    entry = article_transition(
        article=article, action="approve", by=board_user(), comment="Well done."
    )

    assert entry == TransitionLog.objects.latest("pk")
    bodies = list(OutboundEmail.objects.filter(reason="approve").values_list("body", flat=True))
    assert bodies and all("Well done." in body for body in bodies)


def test_muted_notifications_queue_nothing_and_only_inside_the_block():
    """The demo loader replays its story muted; outside the block, steps announce as usual."""
    muted, announced = article_in_state("draft"), article_in_state("draft")
    with notifications.muted():
        article_transition(article=muted, action="submit", by=muted.author)
    assert not OutboundEmail.objects.exists()

    article_transition(article=announced, action="submit", by=announced.author)
    assert OutboundEmail.objects.filter(reason="submit").exists()


def test_a_line_break_in_a_name_never_breaks_the_subject(editor, deliver):
    article = article_in_state("under_review", editor=editor)
    member = board_user()
    member.board_member.display_name = "Dr. Line\nBreak\r\nInjected: yes"
    member.board_member.save()
    (invitation,) = invitations_create(article=article, reviewers=[member.board_member], by=editor)
    deliver()

    invitation_decline(invitation=invitation, by=member, reason="Away.")

    (message,) = deliver()
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.subject.startswith("[Editorial Medical Publishing] Dr. Line Break Injected: yes")
