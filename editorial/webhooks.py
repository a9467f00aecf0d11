"""Webhooks: telling other systems (an app, a partner, a search index) that an article changed.

Editors register endpoints in the admin, each for some of the events (``WebhookEvent``) and with
its own secret. The change that causes an event calls ``webhooks_queue`` inside its transaction:
one ``WebhookDelivery`` per subscribed active endpoint, each with a django-tasks task, so a
delivery exists exactly when the change committed. A workflow step never waits on an endpoint.

The worker runs ``deliver_webhook``: the payload (small: the event, its time, the article's id,
title, language, public and API URLs, and for a translation its original's API URL) is POSTed
through ``editorial.outbound_http`` (https, no internal address, bounded in time and size),
signed per the Standard Webhooks specification with the ``standardwebhooks`` library:
``webhook-id`` (the same at every attempt), ``webhook-timestamp`` (the attempt's),
``webhook-signature`` (``v1,<base64 HMAC-SHA256>`` of ``id.timestamp.body``,
with the previous secret's signature beside it for a day after a rotation). Every attempt is
recorded: time, duration, status code, the start of the answer, or the error. A 2xx answer
delivers; anything else (another status, a redirect, which is not followed, a body over the
limit, a timeout, a refused address) is tried again after EDITORIAL_WEBHOOK_RETRY_SECONDS,
doubled each time up to EDITORIAL_WEBHOOK_RETRY_MAX_SECONDS, up to
EDITORIAL_WEBHOOK_MAX_ATTEMPTS attempts; then it is failed, for an editor to redeliver. An
endpoint whose last EDITORIAL_WEBHOOK_DISABLE_AFTER attempts all failed is disabled, and the
editors are emailed (through the outbox, in the same transaction).

A worker sending a delivery holds a lease on it (``claimed_until``, ``claim_token``), not a row
lock: other workers skip it without waiting, a crashed worker's delivery is sent again once its
lease has run out, and no two workers ever send the same delivery at once.
"""

from __future__ import annotations

import base64
import contextvars
import json
import logging
import secrets
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from standardwebhooks import Webhook

from editorial import outbound_http
from editorial.models import (
    DeliveryStatus,
    User,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from editorial.outbox import email_queue
from editorial.retries import backoff

logger = logging.getLogger(__name__)

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
# After a rotation, receivers have this long to switch: both secrets sign meanwhile.
ROTATION_OVERLAP = timedelta(hours=24)
ERROR_MAX_LENGTH = 2000

ENDPOINT_DISABLED = "Not sent: the endpoint “{endpoint}” is disabled."
DISABLED_REASON = "Disabled after {failures} failed attempts in a row; the last: {error}"
ANSWERED = "The endpoint answered {status}."
REDIRECT_NOT_FOLLOWED = "The endpoint answered {status} (a redirect to “{location}”), not followed."
BODY_TOO_LARGE = "The endpoint's answer is longer than {limit} KB; it was not read further."
REDELIVER_DISABLED = "“{endpoint}” is disabled: enable it again before redelivering to it."
REDELIVER_QUEUED = "This delivery is queued already."


_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("webhooks_muted", default=False)


@contextmanager
def muted() -> Iterator[None]:
    """Queue no webhook inside this block: the demo loader replays a story that happened
    elsewhere, and no endpoint is to be told of it."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


class WebhookError(Exception):
    """A webhook action that cannot be taken; the message says why."""


def secret_generate() -> str:
    """A new signing secret, as Standard Webhooks writes one: ``whsec_`` and base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def message_id_generate() -> str:
    return f"msg_{uuid.uuid4().hex}"


def article_api_url(article: Any) -> str:
    """The article in the read API (``/api/v1/articles/<slug>/``), named by its URL name: the
    project's URLs include the API, whose app this one never imports."""
    return f"{settings.EDITORIAL_SITE_URL}{reverse('api:article', kwargs={'slug': article.slug})}"


def _original_api_url(article: Any) -> str | None:
    """A translation's original in the read API, while readers can read it (the API lists the
    work's versions there); None for an original."""
    if article.translation_of_id is None:
        return None
    original = article.translation_of
    return article_api_url(original) if original.is_published else None


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def webhook_payload(*, event: str, article: Any, at: datetime) -> dict[str, Any]:
    """What an endpoint is told: small, public facts only (the live revision's title, never
    the working copy's), and where to read the rest (the API)."""
    revision = article.live_revision
    return {
        "type": str(event),
        "timestamp": _iso(at),
        "data": {
            "id": article.pk,
            "title": revision.title if revision is not None else "",
            "language": article.language,
            "url": f"{settings.EDITORIAL_SITE_URL}{article.get_absolute_url()}",
            "api_url": article_api_url(article),
            "translation_of": _original_api_url(article),
        },
    }


def webhooks_queue(*, event: WebhookEvent, article: Any) -> list[int]:
    """Queue ``event`` about ``article`` for every active endpoint subscribed to it, each with
    its delivery task. Call it inside the transaction of the change it announces. Nothing is
    queued inside ``muted()``."""
    if _muted.get():
        return []
    endpoints = [
        endpoint for endpoint in WebhookEndpoint.objects.active() if endpoint.subscribes_to(event)
    ]
    if not endpoints:
        return []
    payload = webhook_payload(event=event, article=article, at=timezone.now())
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint,
            event=event,
            message_id=message_id_generate(),
            payload=payload,
            article=article,
        )
        for endpoint in endpoints
    )
    for delivery in deliveries:
        deliver_webhook.enqueue(delivery.pk)
    return [delivery.pk for delivery in deliveries]


class _UpdatesAnnounced:
    """The ``article.updated`` deliveries queued in the current transaction, by article: kept
    as an on-commit callback (which does nothing), so that it ends with the transaction, and
    goes with a savepoint rolled back that created it."""

    def __init__(self) -> None:
        self.deliveries: dict[int, list[int]] = {}

    def __call__(self) -> None:
        pass


def _updates_announced() -> _UpdatesAnnounced | None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None  # autocommit: every statement is its own transaction
    for _, callback, _ in connection.run_on_commit:
        if isinstance(callback, _UpdatesAnnounced):
            return callback
    announced = _UpdatesAnnounced()
    transaction.on_commit(announced)
    return announced


def article_updated_announce(*, article: Any) -> list[int]:
    """Queue ``article.updated`` about ``article``, whose public page changed, once per
    transaction: a change that rebuilds its page more than once (retraction notices imported
    together, a topic renamed and given articles) tells each endpoint once."""
    announced = _updates_announced()
    if announced is not None:
        earlier = announced.deliveries.get(article.pk)
        # Those of a savepoint rolled back are gone: the change's own are to be queued then.
        if earlier and WebhookDelivery.objects.filter(pk__in=earlier).exists():
            return []
    deliveries = webhooks_queue(event=WebhookEvent.UPDATED, article=article)
    if announced is not None and deliveries:
        announced.deliveries[article.pk] = deliveries
    return deliveries


def payload_body(payload: dict[str, Any]) -> str:
    """The body as sent and signed: compact JSON, UTF-8."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def signing_secrets(endpoint: WebhookEndpoint, at: datetime) -> list[str]:
    """The secrets that sign at ``at``: the endpoint's, and the previous one during the
    overlap after a rotation."""
    overlap = endpoint.previous_secret_expires_at
    if endpoint.previous_secret and overlap and overlap > at:
        return [endpoint.secret, endpoint.previous_secret]
    return [endpoint.secret]


def signature_headers(
    endpoint: WebhookEndpoint, *, message_id: str, at: datetime, body: str
) -> dict[str, str]:
    """The Standard Webhooks headers for ``body`` sent at ``at``."""
    signature = " ".join(
        Webhook(secret).sign(msg_id=message_id, timestamp=at, data=body)
        for secret in signing_secrets(endpoint, at)
    )
    return {
        "Content-Type": "application/json",
        "User-Agent": f"{settings.PUBLISHER_NAME} webhooks",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
    }


def answer_problem(answer: outbound_http.Answer) -> str:
    """Why an answer does not deliver the message; empty for a 2xx with a short body."""
    if answer.too_large:
        return BODY_TOO_LARGE.format(limit=outbound_http.BODY_LIMIT_BYTES // 1024)
    if 300 <= answer.status < 400:
        return REDIRECT_NOT_FOLLOWED.format(status=answer.status, location=answer.location)
    if not 200 <= answer.status < 300:
        return ANSWERED.format(status=answer.status)
    return ""


def attempt_make(delivery: WebhookDelivery, endpoint: WebhookEndpoint) -> WebhookAttempt:
    """Try to deliver once (bounded in time by ``outbound_http``) and say what happened, as an
    unsaved record. Never raises."""
    started_at, clock = timezone.now(), time.monotonic()
    body = payload_body(delivery.payload)
    attempt = WebhookAttempt(delivery=delivery, started_at=started_at)
    try:
        headers = signature_headers(
            endpoint, message_id=delivery.message_id, at=started_at, body=body
        )
        answer = outbound_http.post(endpoint.url, body=body.encode(), headers=headers)
    except (outbound_http.OutboundRefused, outbound_http.OutboundError) as error:
        attempt.error = str(error)
    except Exception as error:  # whatever it was, it is the attempt's failure, not the worker's
        logger.exception("Webhook delivery %s failed unexpectedly", delivery.pk)
        attempt.error = f"{type(error).__name__}: {error}"
    else:
        attempt.status_code = answer.status
        attempt.response_excerpt = answer.excerpt
        attempt.error = answer_problem(answer)
        attempt.succeeded = not attempt.error
    attempt.error = attempt.error[:ERROR_MAX_LENGTH]
    attempt.duration_ms = round((time.monotonic() - clock) * 1000)
    return attempt


def retry_delay(attempts: int) -> timedelta:
    return backoff(
        attempts,
        first=settings.EDITORIAL_WEBHOOK_RETRY_SECONDS,
        most=settings.EDITORIAL_WEBHOOK_RETRY_MAX_SECONDS,
    )


def _editors_told_of_disabling(endpoint: WebhookEndpoint, error: str) -> None:
    path = reverse("admin:editorial_webhookendpoint_change", args=[endpoint.pk])
    email_queue(
        reason="webhook disabled",
        subject=" ".join(
            f"[{settings.PUBLISHER_NAME}] Webhook endpoint disabled: {endpoint.name}".split()
        ),
        body=render_to_string(
            "editorial/email/webhook_disabled.txt",
            {
                "endpoint": endpoint,
                "failures": endpoint.consecutive_failures,
                "error": error,
                "admin_url": f"{settings.EDITORIAL_SITE_URL}{path}",
                "publisher_name": settings.PUBLISHER_NAME,
            },
        ),
        recipients=User.objects.editors().exclude(email="").values_list("email", flat=True),
    )


def _failure_counted(endpoint_id: int, error: str) -> WebhookEndpoint:
    """One more failed attempt in a row for the endpoint; disabled (and the editors told) when
    that makes EDITORIAL_WEBHOOK_DISABLE_AFTER."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint_id)
    endpoint.consecutive_failures += 1
    fields = ["consecutive_failures"]
    if (
        endpoint.active
        and endpoint.consecutive_failures >= settings.EDITORIAL_WEBHOOK_DISABLE_AFTER
    ):
        endpoint.active = False
        endpoint.disabled_at = timezone.now()
        endpoint.disabled_reason = DISABLED_REASON.format(
            failures=endpoint.consecutive_failures, error=error
        )[:ERROR_MAX_LENGTH]
        fields += ["active", "disabled_at", "disabled_reason"]
        _editors_told_of_disabling(endpoint, error)
        logger.warning("Webhook endpoint %s disabled: %s", endpoint.pk, error)
    endpoint.save(update_fields=fields)
    return endpoint


def _outcome_recorded(delivery: WebhookDelivery, attempt: WebhookAttempt) -> str:
    attempt.number = delivery.attempt_records.count() + 1
    attempt.save()
    delivery.attempts += 1
    if attempt.succeeded:
        WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(consecutive_failures=0)
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
        delivery.last_error = ""
        return "delivered"
    delivery.last_error = attempt.error
    endpoint = _failure_counted(delivery.endpoint_id, attempt.error)
    if endpoint.active and delivery.attempts < settings.EDITORIAL_WEBHOOK_MAX_ATTEMPTS:
        delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
        return "retry"
    delivery.status = DeliveryStatus.FAILED
    delivery.next_attempt_at = None
    return "failed"


NOTHING_TO_DO = "nothing to do"
NOT_DUE = "not due yet"
CLAIMED = "claimed by another worker"
LEASE_LOST = "lease lost"


def lease_duration() -> timedelta:
    """How long a worker holds a delivery it sends: longer than an attempt can last
    (EDITORIAL_WEBHOOK_TOTAL_TIMEOUT bounds the request; the rest is room for resolving the
    host and recording the outcome), so that a live worker's lease never runs out under it."""
    return timedelta(seconds=2 * settings.EDITORIAL_WEBHOOK_TOTAL_TIMEOUT + 30)


def delivery_claim(delivery_id: int) -> tuple[WebhookDelivery | None, str]:
    """Take the lease on a delivery that is queued, due and held by nobody (or whose holder's
    lease ran out: it crashed): the delivery, with its endpoint and its ``claim_token``, or None
    and why not. One conditional UPDATE in a short transaction: no worker holds the row while
    it sends, so nobody waits on an endpoint, and of two workers claiming at once one wins.

    With the lease, a task is queued for when it ends: should this worker die before it records
    the attempt, that task sends the delivery again (an ordinary retry, same ``webhook-id``);
    otherwise it finds nothing to do."""
    now = timezone.now()
    lease = lease_duration()
    token = uuid.uuid4().hex
    with transaction.atomic():
        claimed = (
            WebhookDelivery.objects.queued()
            .filter(pk=delivery_id)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
            .update(claimed_until=now + lease, claim_token=token)
        )
        if claimed:
            deliver_webhook.using(run_after=now + lease).enqueue(delivery_id)
    if claimed:
        return WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id), ""
    delivery = WebhookDelivery.objects.filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.QUEUED:
        return None, NOTHING_TO_DO
    if delivery.next_attempt_at and delivery.next_attempt_at > now:
        return None, NOT_DUE  # an earlier task for the same delivery; its retry is queued
    return None, CLAIMED  # sending now; the task queued with its lease follows it up


def _released(delivery: WebhookDelivery) -> None:
    delivery.claimed_until = None
    delivery.claim_token = ""


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Try to deliver a queued message; record the attempt and what follows. Never raises:
    the outcome is the delivery's own status (delivered, queued for a retry, or failed).

    The worker holds a lease on the delivery while it sends (``delivery_claim``), never a row
    lock: the request (up to EDITORIAL_WEBHOOK_TOTAL_TIMEOUT) runs outside any transaction."""
    claimed, why_not = delivery_claim(delivery_id)
    if claimed is None:
        return why_not
    endpoint = claimed.endpoint
    attempt = attempt_make(claimed, endpoint) if endpoint.active else None
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .filter(pk=delivery_id, claim_token=claimed.claim_token)
            .first()
        )
        if delivery is None:
            # This worker stalled past its lease and another took the delivery over: what was
            # sent is on the record, what follows is the other worker's to decide.
            logger.warning("Webhook delivery %s: lease lost while sending", delivery_id)
            if attempt is not None:
                attempt.number = claimed.attempt_records.count() + 1
                attempt.save()
            return LEASE_LOST
        if attempt is None:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
            delivery.last_error = ENDPOINT_DISABLED.format(endpoint=endpoint)
            outcome = "failed"
        else:
            outcome = _outcome_recorded(delivery, attempt)
        _released(delivery)
        delivery.save()
    return outcome


# --------------------------------------------------------------------------------------------
# Editors' actions: registering, rotating, redelivering
# --------------------------------------------------------------------------------------------


def webhook_endpoint_save(*, endpoint: WebhookEndpoint, by: User) -> WebhookEndpoint:
    """Save an endpoint an editor registered or changed: a new one gets its secret; one
    enabled again starts with no failures counted."""
    if endpoint.pk is None:
        endpoint.secret = secret_generate()
        endpoint.created_by = by
    elif endpoint.active:
        was = WebhookEndpoint.objects.filter(pk=endpoint.pk).values_list("active", flat=True)
        if not was.first():
            endpoint.consecutive_failures = 0
            endpoint.disabled_at = None
            endpoint.disabled_reason = ""
    endpoint.save()
    return endpoint


def webhook_secret_rotate(*, endpoint: WebhookEndpoint) -> str:
    """Give the endpoint a new secret; the previous one still signs for ROTATION_OVERLAP."""
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        endpoint.previous_secret = endpoint.secret
        endpoint.previous_secret_expires_at = timezone.now() + ROTATION_OVERLAP
        endpoint.secret = secret_generate()
        endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
    return endpoint.secret


def redeliver_problems(delivery: WebhookDelivery) -> list[str]:
    """Why the delivery cannot be sent again now; empty when it can."""
    problems = []
    if delivery.status == DeliveryStatus.QUEUED:
        problems.append(REDELIVER_QUEUED)
    if not delivery.endpoint.active:
        problems.append(REDELIVER_DISABLED.format(endpoint=delivery.endpoint))
    return problems


def webhook_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Queue a delivered or failed message again (an editor's action), with fresh attempts
    and the same ``webhook-id``. Raises ``WebhookError`` when it cannot be."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("endpoint")
            .get(pk=delivery.pk)
        )
        problems = redeliver_problems(delivery)
        if problems:
            raise WebhookError(" ".join(problems))
        delivery.status = DeliveryStatus.QUEUED
        delivery.attempts = 0
        delivery.next_attempt_at = None
        _released(delivery)
        delivery.save(
            update_fields=["status", "attempts", "next_attempt_at", "claimed_until", "claim_token"]
        )
        deliver_webhook.enqueue(delivery.pk)
    return delivery
