"""Issue 23, item 3: signed webhooks, queued with the change and sent by the worker.

Each event is queued in the transaction of the step (or scheduled publication, or cron run)
that causes it, one delivery per subscribed active endpoint; the worker signs it per Standard
Webhooks (checked here with the library's own ``Webhook.verify``), records every attempt,
retries with backoff, fails it after the last attempt and disables an endpoint after a run of
failures, telling the editors. Against real HTTP(S) servers on the loopback address.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult
from standardwebhooks import Webhook, WebhookVerificationError

from articles.models import Article
from editorial import webhooks
from editorial.models import (
    DeliveryStatus,
    OutboundEmail,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from editorial.webhooks import (
    CLAIMED,
    ENDPOINT_DISABLED,
    LEASE_LOST,
    REDELIVER_DISABLED,
    WebhookError,
    article_api_url,
    deliver_webhook,
    delivery_claim,
    lease_duration,
    payload_body,
    signature_headers,
    webhook_endpoint_save,
    webhook_redeliver,
    webhook_secret_rotate,
    webhooks_queue,
)
from editorial.workflow import WorkflowError, article_transition
from tests.articles.translation_helpers import approve, translation_into
from tests.factories import (
    article_in_state,
    board_reviews,
    board_user,
    editor_user,
    invitees_review,
)
from tests.receivers import Receiver
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
EVERY_EVENT = [event.value for event in WebhookEvent]


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


@pytest.fixture(autouse=True)
def _local_receivers(settings):
    settings.EDITORIAL_OUTBOUND_ALLOW_HTTP = True
    settings.EDITORIAL_OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32", "::1/128"]
    settings.EDITORIAL_WEBHOOK_CONNECT_TIMEOUT = 1
    settings.EDITORIAL_WEBHOOK_READ_TIMEOUT = 1
    settings.EDITORIAL_WEBHOOK_TOTAL_TIMEOUT = 2
    settings.EDITORIAL_WEBHOOK_RETRY_SECONDS = 30
    settings.EDITORIAL_WEBHOOK_RETRY_MAX_SECONDS = 3600
    settings.EDITORIAL_WEBHOOK_MAX_ATTEMPTS = 4
    settings.EDITORIAL_WEBHOOK_DISABLE_AFTER = 6
    settings.EDITORIAL_SITE_URL = "https://journal.example"


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


def endpoint_for(url: str, events=None, **kwargs) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(
        name=kwargs.pop("name", "Mobile app"), url=url, events=events or EVERY_EVENT, **kwargs
    )
    return webhook_endpoint_save(endpoint=endpoint, by=editor_user())


def verified(received, secret: str) -> dict:
    """What the receiver got, checked as a receiver checks it: with the library's verify."""
    return Webhook(secret).verify(received.body, received.headers)


# --------------------------------------------------------------------------------------------
# Queued with the change
# --------------------------------------------------------------------------------------------


def test_a_publication_queues_one_delivery_per_subscribed_active_endpoint(editor):
    subscribed = endpoint_for("https://a.example/hook", [WebhookEvent.PUBLISHED])
    endpoint_for("https://b.example/hook", [WebhookEvent.UNPUBLISHED], name="Other event")
    endpoint_for("https://c.example/hook", active=False, name="Inactive")

    article = article_in_state("approved", editor=editor)

    (delivery,) = WebhookDelivery.objects.all()
    assert delivery.endpoint == subscribed and delivery.event == WebhookEvent.PUBLISHED
    assert delivery.status == DeliveryStatus.QUEUED and delivery.article_id == article.pk
    assert delivery.message_id.startswith("msg_")
    assert DBTaskResult.objects.filter(task_path__endswith=".deliver_webhook").count() == 1


def test_the_payload_is_small_public_and_links_to_the_api(editor):
    endpoint_for("https://a.example/hook")
    article = article_in_state("approved", editor=editor)
    Article.objects.filter(pk=article.pk).update(title="An unreviewed working title")
    article = Article.objects.get(pk=article.pk)

    article_transition(article=article, action="start_rereview", by=editor)

    delivery = WebhookDelivery.objects.get(event=WebhookEvent.REREVIEW_STARTED)
    assert set(delivery.payload) == {"type", "timestamp", "data"}
    assert delivery.payload["type"] == "article.rereview_started"
    assert delivery.payload["timestamp"].endswith("Z")
    assert delivery.payload["data"] == {
        "id": article.pk,
        "title": article.live_revision.title,
        "language": "en",
        "url": f"https://journal.example{article.get_absolute_url()}",
        "api_url": f"https://journal.example/api/v1/articles/{article.slug}/",
        "translation_of": None,
    }
    assert "unreviewed" not in json.dumps(delivery.payload)
    assert article_api_url(article) == delivery.payload["data"]["api_url"]
    api = Client().get(delivery.payload["data"]["api_url"].removeprefix("https://journal.example"))
    assert api.status_code == 200 and api.json()["slug"] == article.slug


def test_a_translation_s_payload_says_its_language_and_links_its_original_in_the_api(editor):
    original = article_in_state("approved", editor=editor)
    endpoint_for("https://a.example/hook", [WebhookEvent.PUBLISHED])
    spanish = approve(translation_into(original))

    (delivery,) = WebhookDelivery.objects.filter(article=spanish)
    data = delivery.payload["data"]
    assert data["language"] == "es"
    assert data["url"] == f"https://journal.example/es/articles/{spanish.slug}/"
    assert data["api_url"] == f"https://journal.example/api/v1/articles/{spanish.slug}/"
    assert data["translation_of"] == article_api_url(original)
    api = Client().get(data["api_url"].removeprefix("https://journal.example")).json()
    assert api["language"] == "es" and api["translation_of"]["api_url"].endswith(
        data["translation_of"].removeprefix("https://journal.example")
    )


def events_of(article) -> list[str]:
    return list(
        WebhookDelivery.objects.filter(article=article)
        .order_by("created_at", "pk")
        .values_list("event", flat=True)
    )


def test_each_event_comes_from_the_change_that_causes_it(editor):
    endpoint_for("https://a.example/hook")
    with at(NOW - timedelta(days=400)):
        article = article_in_state("approved", editor=editor)
    assert events_of(article) == ["article.published"]

    with at(NOW):
        call_command("flag_due_rereviews", stdout=StringIO())
        call_command("flag_due_rereviews", stdout=StringIO())  # flagged once, announced once
    assert events_of(article)[-1] == "article.review_due"
    assert events_of(article).count("article.review_due") == 1

    with at(NOW):
        article = article_transition(article=article, action="start_rereview", by=editor).article
        invitees_review(article)
        article_transition(article=article, action="approve", by=board_user())
        article_transition(article=article, action="archive", by=editor)
    assert events_of(article) == [
        "article.published",
        "article.review_due",
        "article.rereview_started",
        "article.updated",
        "article.unpublished",
    ]


def test_a_scheduled_publication_is_announced_when_it_is_carried_out(editor):
    endpoint_for("https://a.example/hook")
    article = article_in_state("under_review", editor=editor)
    board_reviews(article, editor=editor)
    with at(NOW):
        article_transition(
            article=article, action="approve", by=board_user(), publish_at=NOW + timedelta(days=1)
        )
        assert events_of(article) == []
    with at(NOW + timedelta(days=1, minutes=1)):
        run_queued_tasks()
    assert events_of(article) == ["article.published"]


def test_steps_that_change_nothing_readers_see_announce_nothing(editor):
    endpoint_for("https://a.example/hook")
    article = article_in_state("under_review", editor=editor)
    article_transition(
        article=article, action="request_changes", by=board_user(), comment="Cite the trial."
    )
    assert WebhookDelivery.objects.count() == 0


def test_a_refused_step_queues_nothing(editor, author):
    endpoint_for("https://a.example/hook")
    article = article_in_state("approved", editor=editor)
    WebhookDelivery.objects.all().delete()
    with pytest.raises(WorkflowError):
        article_transition(article=article, action="archive", by=author)
    assert WebhookDelivery.objects.count() == 0


def test_a_delivery_rolled_back_with_its_change_was_never_queued(editor):
    endpoint_for("https://a.example/hook")
    article = article_in_state("approved", editor=editor)
    WebhookDelivery.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        webhooks_queue(event=WebhookEvent.UPDATED, article=article)
        raise RuntimeError("the change failed")
    assert WebhookDelivery.objects.count() == 0


# --------------------------------------------------------------------------------------------
# Sent by the worker, signed, recorded
# --------------------------------------------------------------------------------------------


def test_the_worker_delivers_a_signed_message_the_library_verifies(editor, receiver):
    endpoint = endpoint_for(receiver.url)
    with at(NOW):
        article_in_state("approved", editor=editor)
        run_queued_tasks()

        (received,) = receiver.received
        delivery = WebhookDelivery.objects.get()
        assert verified(received, endpoint.secret) == delivery.payload
    assert received.headers["webhook-id"] == delivery.message_id
    assert received.headers["webhook-timestamp"] == str(int(NOW.timestamp()))
    assert received.headers["Content-Type"] == "application/json"
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
    (attempt,) = delivery.attempt_records.all()
    assert attempt.succeeded and attempt.status_code == 200 and attempt.response_excerpt == "ok"
    assert attempt.started_at == NOW and attempt.duration_ms >= 0


def test_a_message_signed_with_another_secret_or_altered_does_not_verify(editor, receiver):
    endpoint = endpoint_for(receiver.url)
    with at(NOW):
        article_in_state("approved", editor=editor)
        run_queued_tasks()
        (received,) = receiver.received
        with pytest.raises(WebhookVerificationError):
            Webhook(endpoint_for("https://x.example/", name="Other").secret).verify(
                received.body, received.headers
            )
        with pytest.raises(WebhookVerificationError):
            Webhook(endpoint.secret).verify(received.body.replace(b"}", b" }"), received.headers)


def test_after_a_rotation_both_secrets_sign_for_a_day(editor, receiver):
    endpoint = endpoint_for(receiver.url)
    old = endpoint.secret
    with at(NOW):
        new = webhook_secret_rotate(endpoint=endpoint)
        article_in_state("approved", editor=editor)
        run_queued_tasks()
        (received,) = receiver.received
        assert new != old and new.startswith("whsec_")
        assert len(received.headers["webhook-signature"].split(" ")) == 2
        verified(received, new)
        verified(received, old)
    endpoint.refresh_from_db()
    later = NOW + timedelta(hours=25)
    headers = signature_headers(endpoint, message_id="msg_x", at=later, body="{}")
    assert len(headers["webhook-signature"].split(" ")) == 1


@pytest.mark.parametrize(
    ("how", "error"),
    [
        ({"status": 500, "body": b"boom"}, "The endpoint answered 500."),
        ({"status": 302, "location": "http://169.254.169.254/"}, "not followed"),
        ({"delay": 4}, "timed out"),
        ({"drip": 0.3}, "No complete answer within 2 s"),
        ({"huge": True}, "longer than 64 KB"),
    ],
    ids=["500", "redirect-to-metadata", "slow", "drip", "10-MB-body"],
)
def test_a_bad_answer_is_a_recorded_failure_and_a_retry_with_backoff(editor, receiver, how, error):
    endpoint_for(receiver.url)
    receiver.answer(**how)
    with at(NOW):
        article_in_state("approved", editor=editor)
        assert run_queued_tasks() >= 1
    delivery = WebhookDelivery.objects.get()
    (attempt,) = delivery.attempt_records.all()
    assert not attempt.succeeded and error in attempt.error
    assert attempt.duration_ms < 3500  # never a stuck worker
    assert delivery.status == DeliveryStatus.QUEUED
    assert delivery.next_attempt_at == NOW + timedelta(seconds=30)
    if "status" in how:
        assert attempt.status_code == how["status"]
    if how.get("body"):
        assert attempt.response_excerpt == "boom"


def test_retries_back_off_then_deliver_with_the_same_id(editor, receiver):
    endpoint = endpoint_for(receiver.url)
    receiver.answer(status=503)
    with at(NOW):
        article_in_state("approved", editor=editor)
        run_queued_tasks()
    with at(NOW + timedelta(seconds=29)):
        assert run_queued_tasks() == 0  # not due yet
    with at(NOW + timedelta(seconds=30)):
        run_queued_tasks()
    delivery = WebhookDelivery.objects.get()
    assert delivery.next_attempt_at == NOW + timedelta(seconds=30 + 60)  # doubled
    receiver.answer(status=204, body=b"")
    with at(NOW + timedelta(seconds=90)):
        run_queued_tasks()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 3
    assert [a.status_code for a in delivery.attempt_records.all()] == [503, 503, 204]
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0


def run_every_retry(start: datetime, hours: int = 4) -> None:
    moment = start
    while moment < start + timedelta(hours=hours):
        with at(moment):
            run_queued_tasks()
        moment += timedelta(seconds=30)


def test_after_the_last_attempt_the_delivery_fails_for_an_editor_to_redeliver(editor, receiver):
    endpoint_for(receiver.url)
    receiver.answer(status=500)
    with at(NOW):
        article_in_state("approved", editor=editor)
    run_every_retry(NOW, hours=1)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 4
    assert delivery.attempt_records.count() == 4 and len(receiver.received) == 4

    receiver.answer(status=200)
    with at(NOW + timedelta(hours=2)):
        webhook_redeliver(delivery=delivery)
        run_queued_tasks()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert [a.number for a in delivery.attempt_records.all()] == [1, 2, 3, 4, 5]
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1


def test_an_endpoint_failing_again_and_again_is_disabled_and_the_editors_are_told(editor, receiver):
    endpoint = endpoint_for(receiver.url)
    receiver.answer(status=500)
    with at(NOW):
        article = article_in_state("approved", editor=editor)
        article_transition(article=article, action="start_rereview", by=editor)
    OutboundEmail.objects.all().delete()
    run_every_retry(NOW, hours=1)

    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.consecutive_failures == 6
    assert "6 failed attempts in a row" in endpoint.disabled_reason
    assert len(receiver.received) == 6
    (told,) = OutboundEmail.objects.filter(reason="webhook disabled", to=editor.email)
    assert "Mobile app" in told.subject and receiver.url in told.body
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.FAILED}

    # Nothing more goes to it: a new event is not queued, a redelivery is refused.
    with at(NOW + timedelta(hours=2)):
        webhooks_queue(event=WebhookEvent.UPDATED, article=article)
        assert WebhookDelivery.objects.count() == 2
        delivery = WebhookDelivery.objects.first()
        with pytest.raises(WebhookError) as refused:
            webhook_redeliver(delivery=delivery)
        assert str(refused.value) == REDELIVER_DISABLED.format(endpoint=endpoint)

    # Enabled again, it starts afresh.
    endpoint.active = True
    webhook_endpoint_save(endpoint=endpoint, by=editor)
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0 and endpoint.disabled_at is None


def test_a_delivery_queued_before_its_endpoint_was_disabled_is_not_sent(editor, receiver):
    endpoint = endpoint_for(receiver.url)
    with at(NOW):
        article_in_state("approved", editor=editor)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
    with at(NOW):
        run_queued_tasks()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == ENDPOINT_DISABLED.format(endpoint=endpoint)
    assert receiver.received == [] and delivery.attempt_records.count() == 0


def test_a_private_destination_is_a_recorded_failure_not_a_request(editor, settings, receiver):
    endpoint_for(receiver.url)
    settings.EDITORIAL_OUTBOUND_ALLOWED_NETWORKS = []  # the receiver's loopback is refused now
    with at(NOW):
        article_in_state("approved", editor=editor)
        run_queued_tasks()
    (attempt,) = WebhookDelivery.objects.get().attempt_records.all()
    assert "127.0.0.1 is a loopback address" in attempt.error and attempt.status_code is None
    assert receiver.received == []


def test_the_body_sent_is_the_payload_as_signed(editor, receiver):
    endpoint_for(receiver.url)
    with at(NOW):
        article_in_state("approved", editor=editor)
        run_queued_tasks()
    delivery = WebhookDelivery.objects.get()
    assert receiver.received[0].body == payload_body(delivery.payload).encode()


# --------------------------------------------------------------------------------------------
# A step never waits on an endpoint, committed, with the endpoint down and then up
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_endpoint_down_every_step_succeeds_and_once_up_each_message_goes_once():
    editor = editor_user()
    with Receiver() as gone:
        port = gone.port
    endpoint = endpoint_for(f"http://127.0.0.1:{port}/hook")
    with at(NOW):
        article = article_in_state("approved", editor=editor)
        article = article_transition(article=article, action="start_rereview", by=editor).article
        run_queued_tasks()  # nobody listens: both fail, and are scheduled again
    assert Article.objects.get(pk=article.pk).status == "under_review"
    failed = WebhookDelivery.objects.all()
    assert [d.attempts for d in failed] == [1, 1]
    assert all("Could not connect" in d.last_error for d in failed)

    with Receiver(port=port) as back, at(NOW + timedelta(seconds=31)):
        run_queued_tasks()
        run_queued_tasks()  # a second run sends nothing more
        types = sorted(verified(r, endpoint.secret)["type"] for r in back.received)
    assert types == ["article.published", "article.rereview_started"]
    statuses = set(WebhookDelivery.objects.values_list("status", flat=True))
    assert statuses == {DeliveryStatus.DELIVERED}


# --------------------------------------------------------------------------------------------
# Leases: a worker sending holds no row lock; a crashed worker's delivery is taken over
# --------------------------------------------------------------------------------------------


def queued_delivery(url: str) -> WebhookDelivery:
    endpoint = endpoint_for(url)
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=WebhookEvent.PUBLISHED,
        message_id="msg_lease_test",
        payload={"type": "article.published", "data": {"id": 1}},
    )


def test_a_crashed_workers_delivery_is_sent_once_its_lease_has_run_out(receiver):
    delivery = queued_delivery(receiver.url)
    with at(NOW):
        claimed, _ = delivery_claim(delivery.pk)  # ...and the worker dies before sending
        assert claimed is not None and claimed.claimed_until == NOW + lease_duration()
        assert deliver_webhook.call(delivery.pk) == CLAIMED  # another worker skips it
        assert run_queued_tasks() == 0
    assert receiver.received == []
    with at(NOW + lease_duration() - timedelta(seconds=1)):
        assert run_queued_tasks() == 0  # the lease still holds
    with at(NOW + lease_duration()):
        assert run_queued_tasks() == 1  # the task queued with the lease takes it over
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
    assert delivery.claimed_until is None and delivery.claim_token == ""
    assert [r.headers["webhook-id"] for r in receiver.received] == ["msg_lease_test"]
    with at(NOW + 2 * lease_duration()):
        run_queued_tasks()  # the delivered message's own follow-up finds nothing to do
    assert len(receiver.received) == 1


def test_a_worker_whose_lease_was_taken_over_records_its_attempt_and_decides_nothing(
    receiver, monkeypatch
):
    delivery = queued_delivery(receiver.url)
    receiver.answer(status=500)
    send = webhooks.attempt_make

    def stalled(claimed, endpoint):
        # The worker stalls past its lease, and another worker takes the delivery over.
        WebhookDelivery.objects.filter(pk=delivery.pk).update(claim_token="another-worker")
        return send(claimed, endpoint)

    monkeypatch.setattr(webhooks, "attempt_make", stalled)
    with at(NOW):
        assert deliver_webhook.call(delivery.pk) == LEASE_LOST
    delivery.refresh_from_db()
    (attempt,) = delivery.attempt_records.all()
    assert attempt.status_code == 500 and attempt.number == 1  # what was sent is on the record
    # ...and the delivery is the other worker's: no failure counted, no retry scheduled here.
    assert delivery.status == DeliveryStatus.QUEUED and delivery.attempts == 0
    assert delivery.claim_token == "another-worker" and delivery.next_attempt_at is None
    assert WebhookEndpoint.objects.get().consecutive_failures == 0


POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "needs PostgreSQL: whether a worker sending holds a row lock, and two workers claiming "
        f"at once, need two connections with real row locks; this run uses {connection.vendor} "
        "(set DATABASE_URL=postgres://...)"
    ),
)


def _in_thread(target, outcome: dict, name: str) -> threading.Thread:
    def run() -> None:
        try:
            outcome[name] = target()
        except Exception as error:  # the test reads it
            outcome[name] = error
        finally:
            connection.close()

    return threading.Thread(target=run)


@pytest.mark.postgres_only
@POSTGRES
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_while_a_worker_sends_the_row_is_not_locked_and_another_worker_skips_it(receiver, settings):
    settings.EDITORIAL_WEBHOOK_READ_TIMEOUT = settings.EDITORIAL_WEBHOOK_TOTAL_TIMEOUT = 8
    delivery = queued_delivery(receiver.url)
    receiver.answer(status=200, delay=1.5)  # an endpoint slow to answer
    outcome: dict = {}
    sender = _in_thread(lambda: deliver_webhook.call(delivery.pk), outcome, "sender")
    sender.start()
    for _ in range(200):  # until the request reached the endpoint (the worker is waiting on it)
        if receiver.received:
            break
        time.sleep(0.01)
    assert receiver.received and sender.is_alive()
    with transaction.atomic():  # another connection: the row is free, not waited on
        free = WebhookDelivery.objects.select_for_update(nowait=True).get(pk=delivery.pk)
    assert free.status == DeliveryStatus.QUEUED and free.claimed_until is not None
    assert deliver_webhook.call(delivery.pk) == CLAIMED
    assert sender.is_alive()  # skipped while the first worker was still sending
    sender.join(timeout=10)
    assert outcome["sender"] == "delivered" and len(receiver.received) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.claim_token == ""


@pytest.mark.postgres_only
@POSTGRES
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_send_a_delivery_once(receiver):
    delivery = queued_delivery(receiver.url)
    receiver.answer(status=200, delay=0.3)
    together = threading.Barrier(2, timeout=5)
    outcome: dict = {}

    def work() -> str:
        together.wait()
        return deliver_webhook.call(delivery.pk)

    workers = [_in_thread(work, outcome, name) for name in ("one", "two")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=10)
    assert sorted(outcome.values()) == sorted(["delivered", CLAIMED])
    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.attempt_records.count() == 1
