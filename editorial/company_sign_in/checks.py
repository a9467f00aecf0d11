"""Start-up checks of company sign-in's settings (``manage.py check``, ``runserver``,
``migrate``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from editorial.company_sign_in.backends import company_sign_in_on
from editorial.models import ROLE_GROUPS


@register()
def company_sign_in_settings(
    app_configs: Sequence[Any] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    unknown = sorted(set(settings.OIDC_ROLE_MAP.values()) - set(ROLE_GROUPS))
    if unknown:
        messages.append(
            Error(
                f"OIDC_ROLE_MAP grants {', '.join(map(repr, unknown))}, which "
                f"{'is not a role' if len(unknown) == 1 else 'are not roles'}.",
                hint=f"Map provider groups to {', '.join(ROLE_GROUPS)}.",
                id="editorial.E301",
            )
        )
    if (
        company_sign_in_on()
        and not settings.EDITORIAL_STAFF_PASSWORD_SIGN_IN
        and not settings.EDITORIAL_EMERGENCY_ACCOUNT
    ):
        messages.append(
            Warning(
                "Password sign-in is off for staff and no emergency account is named: when the "
                "identity provider is down, no editor can sign in.",
                hint="Set EDITORIAL_EMERGENCY_ACCOUNT to the username of one staff account.",
                id="editorial.W302",
            )
        )
    return messages
