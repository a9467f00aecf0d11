"""allauth's OpenID Connect provider, with every check of the provider's answer made here.

allauth's ``openid_connect`` provider sends no ``nonce`` and, for an ID token fetched from the
token endpoint, skips its signature (OpenID Connect Core 3.1.3.7 allows it over TLS). Company
sign-in grants roles from that token, so ``CompanySignInProvider`` sends a nonce with each
sign-in (kept in allauth's state for it, in the session) and ``CompanySignInAdapter`` checks,
every time: the signature against the provider's published keys, the issuer, the audience
(our client id), the expiry, the nonce, and that the token was not used before. Each refusal
says which check failed (``Refusal``), signs nobody in and is counted by the throttling.

``SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]`` names this class, so allauth
serves its URLs from this package (``urls.py``), with the views in ``views.py``.
"""

from __future__ import annotations

import secrets
from enum import StrEnum
from typing import Any

import jwt
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.core.cache import cache
from django.http import HttpRequest

# Where the nonce of a sign-in waits, in allauth's state for it.
NONCE = "nonce"
# How far the provider's clock may be from ours (the token's times are checked with it).
CLOCK_SKEW_SECONDS = 30
# How long the provider's discovery document and keys are kept in the cache: a sign-in asks the
# provider for its token and userinfo only. A token signed by a key not among those kept has
# the keys fetched again, once (the provider rotated its keys).
PROVIDER_DOCUMENTS_SECONDS = 60 * 60


class Refusal(StrEnum):
    """Why an answer from the provider was refused: what the person is told."""

    STATE = (
        "This sign-in does not match one started here (its state is unknown or already used). "
        "Start again from the sign-in page."
    )
    NONCE = "The provider's answer was meant for another sign-in (its nonce does not match)."
    AUDIENCE = "The provider's token was issued to another application (wrong audience)."
    SIGNATURE = "The provider's token is not signed by the provider's keys."
    EXPIRED = "The provider's token has expired. Start again from the sign-in page."
    ISSUER = "The provider's token was issued by another provider."
    REPLAYED = "The provider's token was already used for a sign-in."
    INVALID = "The provider's token could not be read."
    EMERGENCY = (
        "The emergency account signs in with its password only, never through company sign-in."
    )


class RefusedAnswer(Exception):
    """An answer refused for one of the reasons above (not allauth's ``OAuth2Error``, which its
    callback turns into a page that does not say why: the callback view answers this one)."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal


_PYJWT_REFUSALS: list[tuple[type[Exception], Refusal]] = [
    (jwt.ExpiredSignatureError, Refusal.EXPIRED),
    (jwt.InvalidAudienceError, Refusal.AUDIENCE),
    (jwt.InvalidIssuerError, Refusal.ISSUER),
    (jwt.InvalidSignatureError, Refusal.SIGNATURE),
]


def _refusal_for(error: jwt.PyJWTError) -> Refusal:
    return next(
        (refusal for kind, refusal in _PYJWT_REFUSALS if isinstance(error, kind)),
        Refusal.INVALID,
    )


class CompanySignInAdapter(OpenIDConnectOAuth2Adapter):
    """The callback's side: the ID token checked in full. ``expected_nonce`` is set by the
    callback view from the sign-in's state before the token is read."""

    expected_nonce: str | None = None

    @property
    def openid_config(self) -> dict[str, Any]:
        if not hasattr(self, "_openid_config"):
            key = f"company-sign-in:discovery:{self.get_provider().server_url}"
            config = cache.get(key)
            if config is None:
                config = super().openid_config
                cache.set(key, config, PROVIDER_DOCUMENTS_SECONDS)
            self._openid_config = config
        return self._openid_config

    def _signing_key(self, id_token: str) -> tuple[str, Any]:
        """The token's algorithm and the provider's key for its key id (OAuth2Error: none)."""
        header = jwt.get_unverified_header(id_token)
        keys_url = self.openid_config["jwks_uri"]
        cache_key = f"company-sign-in:keys:{keys_url}"
        keys = cache.get(cache_key)
        if keys is None or jwtkit.lookup_kid_jwk(keys, header["kid"]) is None:
            with get_adapter().get_requests_session() as session:
                response = session.get(keys_url)
                response.raise_for_status()
                keys = response.json()
            cache.set(cache_key, keys, PROVIDER_DOCUMENTS_SECONDS)
        key = jwtkit.lookup_kid_jwk(keys, header["kid"])
        if key is None:
            raise OAuth2Error(f"no key {header['kid']!r} among the provider's")
        return header["alg"], key

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        config = self.openid_config
        try:
            algorithm, key = self._signing_key(id_token)
            if algorithm not in (config.get("id_token_signing_alg_values_supported") or ["RS256"]):
                raise RefusedAnswer(Refusal.SIGNATURE)
            claims = jwt.decode(
                id_token,
                key=key,
                algorithms=[algorithm],
                issuer=config["issuer"],
                audience=app.client_id,
                # What OpenID Connect requires of every ID token (not ``jti``: many omit it,
                # and the nonce, one per sign-in, refuses a replay all the same).
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
                # The provider's clock and ours may differ by a few seconds.
                leeway=CLOCK_SKEW_SECONDS,
            )
        except (jwt.PyJWTError, KeyError) as error:
            refusal = _refusal_for(error) if isinstance(error, jwt.PyJWTError) else None
            raise RefusedAnswer(refusal or Refusal.SIGNATURE) from error
        except OAuth2Error as error:  # a key id the provider does not publish
            raise RefusedAnswer(Refusal.SIGNATURE) from error
        try:
            jwtkit.verify_jti(claims)  # before the nonce: a replayed token is told so
        except OAuth2Error as error:
            raise RefusedAnswer(Refusal.REPLAYED) from error
        if not self.expected_nonce or not secrets.compare_digest(
            str(claims.get("nonce", "")), self.expected_nonce
        ):
            raise RefusedAnswer(Refusal.NONCE)
        return claims


class CompanySignInProvider(OpenIDConnectProvider):
    """The company's OpenID Connect provider (``SOCIALACCOUNT_PROVIDERS`` names this class):
    each sign-in sends a fresh nonce, which the adapter checks in the ID token."""

    oauth2_adapter_class = CompanySignInAdapter

    def redirect(
        self, request: HttpRequest, process, next_url=None, data=None, **kwargs: Any
    ) -> Any:
        nonce = secrets.token_urlsafe(32)
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params[NONCE] = nonce
        # Every keyword left in kwargs is kept in the sign-in's state (allauth's stash).
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )
