"""API keys: what a partner sends to be counted apart, with a higher limit.

Only a digest of a key is stored (SHA-256 of the whole key; keys are 256-bit random, so a fast
digest is enough); the key itself is shown once, to the editor who issued it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


def default_rate_limit() -> int:
    """API_KEY_RATE_LIMIT, read when a key is made (a setting, not a constant of the schema)."""
    return settings.API_KEY_RATE_LIMIT


class ApiKeyQuerySet(models.QuerySet):
    def usable(self) -> ApiKeyQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A partner's key to the read API."""

    partner = models.CharField(max_length=200, help_text="Who the key was issued to.")
    prefix = models.CharField(
        max_length=16, unique=True, editable=False, help_text="The start of the key, to tell it."
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    rate_limit = models.PositiveIntegerField(
        "requests a minute",
        default=default_rate_limit,
        help_text="How many requests a minute the partner may make with this key.",
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"
        ordering = ["partner", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rate_limit__gte=1), name="apikey_rate_min")
        ]

    def __str__(self) -> str:
        return f"{self.partner} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
