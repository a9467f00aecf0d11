"""allauth's social-account adapter (``SOCIALACCOUNT_ADAPTER``): the accounts the company's
provider vouches for are made at their first sign-in, though nobody signs up on the site itself
(``editorial.accounts.AccountAdapter``). Such an account has no role until ``OIDC_ROLE_MAP``
grants one (``editorial.company_sign_in.roles``)."""

from __future__ import annotations

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.http import HttpRequest

from editorial.company_sign_in.config import PROVIDER_ID


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return sociallogin.account.provider == PROVIDER_ID
