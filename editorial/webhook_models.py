"""The records of webhooks (``editorial.webhooks``): the endpoints editors register, each message
queued for one of them, and every attempt to deliver it.

Re-exported by ``editorial.models``, where the rest of the app's records are.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class WebhookEvent(models.TextChoices):
    """What an endpoint can be told of, by the type its payload carries."""

    PUBLISHED = "article.published", "article.published: an article is published"
    UPDATED = (
        "article.updated",
        "article.updated: a published article's approval is renewed (a new revision, a "
        "re-review completed)",
    )
    UNPUBLISHED = "article.unpublished", "article.unpublished: an article is no longer published"
    REREVIEW_STARTED = (
        "article.rereview_started",
        "article.rereview_started: a periodic re-review of a published article starts",
    )
    REVIEW_DUE = (
        "article.review_due",
        "article.review_due: a published article is due for its periodic re-review",
    )


class WebhookEndpointQuerySet(models.QuerySet):
    def active(self) -> WebhookEndpointQuerySet:
        return self.filter(active=True)


class WebhookEndpoint(models.Model):
    """A URL told of the events it subscribed to, with its own signing secret (Standard
    Webhooks, ``whsec_`` and base64). After a rotation the previous secret still signs, beside
    the new one, until ``previous_secret_expires_at``."""

    name = models.CharField(max_length=100, help_text="Who receives it, e.g. “Mobile app”.")
    url = models.CharField(
        "URL",
        max_length=2000,
        help_text="Where deliveries are POSTed: an https:// address on the public internet.",
    )
    events = models.JSONField(default=list, help_text="The event types it is sent.")
    secret = models.CharField(max_length=100, editable=False)
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    active = models.BooleanField(
        default=True, help_text="Deliveries are sent only to an active endpoint."
    )
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    disabled_at = models.DateTimeField(null=True, blank=True, editable=False)
    disabled_reason = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "webhook endpoint"

    def __str__(self) -> str:
        return self.name

    def subscribes_to(self, event: str) -> bool:
        return event in self.events


REDELIVER_PERMISSION = "redeliver_webhookdelivery"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


class WebhookDeliveryQuerySet(models.QuerySet):
    def queued(self) -> WebhookDeliveryQuerySet:
        return self.filter(status=DeliveryStatus.QUEUED)


class WebhookDelivery(models.Model):
    """One message to one endpoint, written in the transaction of the change it announces and
    sent by the worker, again with backoff while it fails. ``message_id`` is the
    ``webhook-id`` header: the same at every attempt and redelivery, so that a receiver can
    ignore a message it has already processed."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    message_id = models.CharField(max_length=40, unique=True, editable=False)
    payload = models.JSONField()
    article = models.ForeignKey(
        settings.EDITORIAL_REVIEWED_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="webhook_deliveries",
    )
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # The lease of the worker sending it (``editorial.webhooks.delivery_claim``), not a row lock:
    # other workers skip the delivery until ``claimed_until`` and take it over after it (the
    # worker crashed); ``claim_token`` tells the holder its lease is still its own.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        # Queuing a message again sends it to a partner: an action of its own, not reading.
        permissions = [(REDELIVER_PERMISSION, "Can redeliver webhook deliveries")]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"


class WebhookAttempt(models.Model):
    """One try at delivering a message: when, how long it took, what the endpoint answered
    (status code and the start of its body), or why no answer came."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_records"
    )
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField("duration (ms)")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    succeeded = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    response_excerpt = models.TextField(blank=True)

    class Meta:
        ordering = ["delivery", "number", "pk"]
        verbose_name = "webhook attempt"

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.delivery}"
