"""Start-up checks of the review's settings: a value out of range (a quorum of 0 would approve
without any review) stops ``manage.py check``, ``runserver`` and ``migrate`` with a message that
names the variable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

# setting: (smallest allowed value, what it means)
WHOLE_NUMBERS = {
    "EDITORIAL_APPROVAL_QUORUM": (1, "approving reviews needed to approve"),
    "EDITORIAL_REVIEW_DUE_DAYS": (1, "days a reviewer has"),
    "EDITORIAL_REREVIEW_MONTHS": (1, "months between periodic re-reviews"),
    "EDITORIAL_REMINDER_DAYS_BEFORE_DUE": (0, "days before the due date of the first reminder"),
    "REFERENCES_GUIDELINE_MAX_AGE_YEARS": (0, "years before a guideline is flagged as old"),
    "REFERENCES_RESEARCH_MAX_AGE_YEARS": (0, "years before research is flagged as old"),
    "EDITORIAL_EMAIL_MAX_ATTEMPTS": (1, "delivery attempts of an email before it is failed"),
    "EDITORIAL_EMAIL_RETRY_SECONDS": (0, "seconds before the first retry, doubled each time"),
}
BOOLEANS = ("EDITORIAL_BOARD_MEMBERS_MAY_DECIDE", "EDITORIAL_CLAIM_SIGNOFF")


@register()
def review_settings(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for number, (name, (minimum, meaning)) in enumerate(WHOLE_NUMBERS.items(), start=1):
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            errors.append(
                Error(
                    f"{name} is {value!r}; it must be a whole number of at least {minimum} "
                    f"({meaning}).",
                    hint=f"Set {name} in the environment to a whole number >= {minimum}.",
                    id=f"editorial.E{number:03d}",
                )
            )
    for number, name in enumerate(BOOLEANS, start=len(WHOLE_NUMBERS) + 1):
        if not isinstance(getattr(settings, name), bool):
            errors.append(
                Error(
                    f"{name} is {getattr(settings, name)!r}; it must be on or off.",
                    hint=f"Set {name} to 1 or 0.",
                    id=f"editorial.E{number:03d}",
                )
            )
    return errors


# setting: (environment variable, smallest allowed value, what it means)
THROTTLING_NUMBERS = {
    "AXES_FAILURE_LIMIT": ("LOGIN_FAILURE_LIMIT", 1, "failed sign-ins before a lockout"),
    "TRUSTED_PROXIES": ("TRUSTED_PROXIES", 0, "reverse proxies appending to X-Forwarded-For"),
}


@register()
def throttling_settings(
    app_configs: Sequence[Any] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Login throttling (editorial/throttling.py): a limit of 0 would lock everyone out, a
    negative proxy count means nothing, and a lockout must last."""
    errors: list[CheckMessage] = []
    for number, (name, (variable, minimum, meaning)) in enumerate(
        THROTTLING_NUMBERS.items(), start=101
    ):
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            errors.append(
                Error(
                    f"{variable} is {value!r}; it must be a whole number of at least {minimum} "
                    f"({meaning}).",
                    hint=f"Set {variable} in the environment to a whole number >= {minimum}.",
                    id=f"editorial.E{number:03d}",
                )
            )
    if settings.AXES_COOLOFF_TIME.total_seconds() < 60:
        errors.append(
            Error(
                "LOGIN_LOCKOUT_MINUTES must be at least 1: a lockout must last.",
                hint="Set LOGIN_LOCKOUT_MINUTES in the environment to a whole number >= 1.",
                id="editorial.E103",
            )
        )
    return errors
