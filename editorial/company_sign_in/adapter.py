"""allauth's social-account adapter (``SOCIALACCOUNT_ADAPTER``).

- The accounts the company's provider vouches for are made at their first sign-in, though
  nobody signs up on the site itself (``editorial.accounts.AccountAdapter``). Such an account
  has no role until ``OIDC_ROLE_MAP`` grants one (``editorial.company_sign_in.roles``).
- The provider is the environment's only (``OIDC_*``): allauth would also use a provider "app"
  saved in the database, and one saved there (through the admin, a shell, a restored dump)
  would let another provider sign people in with whatever roles its groups claim.
"""

from __future__ import annotations

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.http import HttpRequest

from editorial.company_sign_in.config import PROVIDER_ID


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id=None
    ) -> list[SocialApp]:
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        return [app for app in apps if app.pk is None]  # the settings' apps are never saved

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return sociallogin.account.provider == PROVIDER_ID
