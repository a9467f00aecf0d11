"""Company sign-in's settings, read from the environment (``editorial/settings.py`` calls
``settings_from(os.environ)``; the tests call it with their provider's address).

Nothing here imports Django's models: it runs while the settings load.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

# allauth's OpenID Connect provider, with the checks it leaves out (the ID token's signature
# and nonce, always) and its URLs (editorial/company_sign_in/urls.py).
PROVIDER_CLASS = "editorial.company_sign_in.provider.CompanySignInProvider"
# The provider's id in URLs: /accounts/oidc/company/login/ and .../login/callback/.
PROVIDER_ID = "company"
ISSUER_NEEDS = ("OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")


def role_map(value: str) -> dict[str, str]:
    """``OIDC_ROLE_MAP``: "provider group=Our group, ..." as {provider group: our group}; which
    of our groups are roles is checked at start-up (editorial/checks.py)."""
    mapping: dict[str, str] = {}
    for item in value.split(","):
        if not item.strip():
            continue
        provider_group, equals, role = item.partition("=")
        if not equals or not provider_group.strip() or not role.strip():
            raise ImproperlyConfigured(
                f"OIDC_ROLE_MAP: {item.strip()!r} is not 'provider group=Our group' "
                "(for example 'cms-editors=Editors, cms-board=Board members')."
            )
        mapping[provider_group.strip()] = role.strip()
    return mapping


def settings_from(environ: Mapping[str, str]) -> dict[str, Any]:
    """The settings company sign-in needs, from these environment variables:

    - ``OIDC_ISSUER``: the provider's issuer URL (its discovery document is at
      ``<issuer>/.well-known/openid-configuration``); unset, company sign-in is off.
    - ``OIDC_CLIENT_ID`` and ``OIDC_CLIENT_SECRET``: the site's client at the provider.
    - ``OIDC_NAME``: the button's name ("Company sign-in").
    - ``OIDC_SCOPES``: what the site asks for ("openid profile email").
    - ``OIDC_GROUPS_CLAIM``: the claim that lists a user's groups ("groups").
    - ``OIDC_ROLE_MAP``: which provider groups grant which of our roles.
    """
    issuer = environ.get("OIDC_ISSUER", "").strip().rstrip("/")
    apps = []
    if issuer:
        missing = [name for name in ISSUER_NEEDS if not environ.get(name, "").strip()]
        if missing:
            raise ImproperlyConfigured(f"OIDC_ISSUER is set: set {' and '.join(missing)} too.")
        scopes = environ.get("OIDC_SCOPES", "").split() or ["openid", "profile", "email"]
        if "openid" not in scopes:
            raise ImproperlyConfigured("OIDC_SCOPES must include openid.")
        apps.append(
            {
                "provider_id": PROVIDER_ID,
                "name": environ.get("OIDC_NAME", "").strip() or "Company sign-in",
                "client_id": environ["OIDC_CLIENT_ID"].strip(),
                "secret": environ["OIDC_CLIENT_SECRET"].strip(),
                "settings": {
                    "server_url": issuer,
                    "scope": scopes,
                    "oauth_pkce_enabled": True,
                    # A staff member's existing account is found by its email address, when
                    # the provider says it verified it (``email_verified``): never by an
                    # address anyone could type into their profile there.
                    "email_authentication": True,
                },
            }
        )
    return {
        "SOCIALACCOUNT_PROVIDERS": {
            "openid_connect": {"provider_class": PROVIDER_CLASS, "APPS": apps}
        },
        "OIDC_GROUPS_CLAIM": environ.get("OIDC_GROUPS_CLAIM", "").strip() or "groups",
        "OIDC_ROLE_MAP": role_map(environ.get("OIDC_ROLE_MAP", "")),
    }
