"""Start-up checks of the review's settings: a value out of range (a quorum of 0 would approve
without any review), or a reviewed model that is not what the workflow reads, stops
``manage.py check``, ``runserver`` and ``migrate`` with a message that names the variable.

Imported by ``EditorialConfig.ready``, once the models are loaded."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import FieldDoesNotExist

from editorial.models import ReviewedRevision
from editorial.workflow.machine import REVIEWED_MODEL_FIELDS, REVIEWED_MODEL_METHODS, ReviewWorkflow

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
    "LOGIN_ADDRESS_FAILURE_LIMIT": (
        "LOGIN_ADDRESS_FAILURE_LIMIT",
        1,
        "failed sign-ins from one address, whatever the usernames, before a lockout",
    ),
    "LOGIN_USERNAME_FAILURE_LIMIT": (
        "LOGIN_USERNAME_FAILURE_LIMIT",
        1,
        "failed sign-ins for one username, whatever the addresses, before a lockout",
    ),
    "STAFF_IDLE_TIMEOUT_MINUTES": (
        "STAFF_IDLE_TIMEOUT_MINUTES",
        1,
        "minutes without a request before staff are signed out",
    ),
}
# Their check ids, in that order (E103 is the lockout's length, below).
THROTTLING_IDS = [f"editorial.E{number}" for number in (101, 102, 104, 105, 106)]


@register()
def throttling_settings(
    app_configs: Sequence[Any] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Login throttling (editorial/throttling.py): a limit of 0 would lock everyone out, a
    negative proxy count means nothing, and a lockout must last."""
    errors: list[CheckMessage] = []
    for check_id, (name, (variable, minimum, meaning)) in zip(
        THROTTLING_IDS, THROTTLING_NUMBERS.items(), strict=True
    ):
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            errors.append(
                Error(
                    f"{variable} is {value!r}; it must be a whole number of at least {minimum} "
                    f"({meaning}).",
                    hint=f"Set {variable} in the environment to a whole number >= {minimum}.",
                    id=check_id,
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


@register()
def reviewed_models(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """The models EDITORIAL_REVIEWED_MODEL and EDITORIAL_REVISION_MODEL name must be what the
    workflow reads: a ``ReviewWorkflow`` with the content's methods and fields, and a
    ``ReviewedRevision`` of it (as Wagtail checks that a page model has its workflow mixin)."""
    errors: list[CheckMessage] = []
    reviewed = _named_model("EDITORIAL_REVIEWED_MODEL", "editorial.E201", errors)
    revision = _named_model("EDITORIAL_REVISION_MODEL", "editorial.E202", errors)
    if reviewed is not None:
        missing = (
            [
                name
                for name in REVIEWED_MODEL_METHODS
                if getattr(reviewed, name) is getattr(ReviewWorkflow, name, None)
            ]
            if issubclass(reviewed, ReviewWorkflow)
            else ["ReviewWorkflow"]
        )
        missing += [name for name in REVIEWED_MODEL_FIELDS if not _has_field(reviewed, name)]
        if missing:
            errors.append(
                Error(
                    f"{settings.EDITORIAL_REVIEWED_MODEL} (EDITORIAL_REVIEWED_MODEL) is not what "
                    f"the review workflow reads: it lacks {', '.join(missing)}.",
                    hint="The reviewed model inherits editorial.workflow.ReviewWorkflow and "
                    "provides the content's methods and fields it declares.",
                    id="editorial.E203",
                )
            )
    if revision is not None:
        article = revision._meta.get_field("article") if _has_field(revision, "article") else None
        if not issubclass(revision, ReviewedRevision) or (
            reviewed is not None and (article is None or article.related_model is not reviewed)
        ):
            errors.append(
                Error(
                    f"{settings.EDITORIAL_REVISION_MODEL} (EDITORIAL_REVISION_MODEL) must inherit "
                    "editorial.models.ReviewedRevision and have an 'article' foreign key to "
                    f"{settings.EDITORIAL_REVIEWED_MODEL}.",
                    id="editorial.E204",
                )
            )
    return errors


def _named_model(setting: str, error_id: str, errors: list[CheckMessage]) -> Any:
    try:
        return apps.get_model(getattr(settings, setting), require_ready=False)
    except (LookupError, ValueError):
        errors.append(
            Error(
                f"{setting} is {getattr(settings, setting)!r}: no installed model has that name.",
                hint=f"Set {setting} to 'app_label.ModelName' of an installed model.",
                id=error_id,
            )
        )
        return None


def _has_field(model: Any, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


# Webhooks (editorial.webhooks, editorial.outbound_http): setting: (smallest value, meaning).
WEBHOOK_NUMBERS = {
    "EDITORIAL_WEBHOOK_MAX_ATTEMPTS": (1, "attempts at a delivery before it is failed"),
    "EDITORIAL_WEBHOOK_RETRY_SECONDS": (0, "seconds before a delivery's first retry"),
    "EDITORIAL_WEBHOOK_RETRY_MAX_SECONDS": (0, "the longest wait between two attempts"),
    "EDITORIAL_WEBHOOK_DISABLE_AFTER": (1, "failed attempts in a row that disable an endpoint"),
    "EDITORIAL_WEBHOOK_CONNECT_TIMEOUT": (1, "seconds to connect to an endpoint"),
    "EDITORIAL_WEBHOOK_READ_TIMEOUT": (1, "seconds to wait for each read of an answer"),
    "EDITORIAL_WEBHOOK_TOTAL_TIMEOUT": (1, "seconds a whole delivery attempt may take"),
}


@register()
def webhook_settings(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """E301-E307: the numbers; E308: an allowed network that is none; E309: a missing CA file."""
    errors: list[CheckMessage] = []
    for number, (name, (minimum, meaning)) in enumerate(WEBHOOK_NUMBERS.items(), start=301):
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            errors.append(
                Error(
                    f"{name} is {value!r}; it must be a number of at least {minimum} ({meaning}).",
                    hint=f"Set {name} in the environment to a whole number >= {minimum}.",
                    id=f"editorial.E{number}",
                )
            )
    for network in settings.EDITORIAL_OUTBOUND_ALLOWED_NETWORKS:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"EDITORIAL_OUTBOUND_ALLOWED_NETWORKS holds {network!r}, which is not a "
                    "network.",
                    hint="List CIDRs, comma-separated, e.g. 10.20.0.0/16,2001:db8::/32.",
                    id="editorial.E308",
                )
            )
    ca_file = settings.EDITORIAL_OUTBOUND_CA_FILE
    if ca_file and not Path(ca_file).is_file():
        errors.append(
            Error(
                f"EDITORIAL_OUTBOUND_CA_FILE is {ca_file!r}, which is not a file.",
                hint="Name a PEM file of certificate authorities, or leave it empty.",
                id="editorial.E309",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def webhook_deploy_settings(
    app_configs: Sequence[Any] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    if not settings.EDITORIAL_OUTBOUND_ALLOW_HTTP:
        return []
    return [
        Warning(
            "EDITORIAL_OUTBOUND_ALLOW_HTTP is on: webhooks may be sent in plain http, readable "
            "and forgeable on the way.",
            hint="Turn it off in production (it is for tests and local work).",
            id="editorial.W310",
        )
    ]


@register()
def language_settings(
    app_configs: Sequence[Any] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Each language of LANGUAGES but the site's has the catalogue of the site's words in it
    (locale/<code>/LC_MESSAGES/django.po): without one its public pages would say they are in
    the language and show English."""
    errors: list[CheckMessage] = []
    codes = [code for code, _ in settings.LANGUAGES]
    if settings.LANGUAGE_CODE not in codes:
        errors.append(
            Error(
                f"LANGUAGE_CODE {settings.LANGUAGE_CODE!r} is not one of LANGUAGES "
                f"({', '.join(codes)}).",
                hint="The first of LANGUAGES is the site's language.",
                id="editorial.E401",
            )
        )
    for code in codes:
        if code == settings.LANGUAGE_CODE:
            continue
        if not any(
            (Path(path) / code / "LC_MESSAGES" / "django.po").exists()
            for path in settings.LOCALE_PATHS
        ):
            errors.append(
                Error(
                    f"LANGUAGES names {code!r}, which has no catalogue of the site's words "
                    f"(locale/{code}/LC_MESSAGES/django.po).",
                    hint=f"Create and translate it (make messages LANGUAGE={code}), or leave "
                    f"{code!r} out of LANGUAGES.",
                    id="editorial.E402",
                )
            )
    return errors
