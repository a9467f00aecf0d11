"""Company sign-in's two URLs, allauth's views with this package's checks: the button
(``login``: to the provider) and the provider's answer (``callback``).

Both are throttled like any sign-in (``editorial.throttling``): a refused answer counts as a
failed sign-in from the address (``COMPANY_SIGN_IN`` is the username it is counted under), and
past the limit both answer with the lockout page.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import statekit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.utils import get_request_param
from axes.handlers.proxy import AxesProxyHandler
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from editorial.company_sign_in.provider import (
    NONCE,
    CompanySignInAdapter,
    CompanySignInProvider,
    Refusal,
    RefusedAnswer,
)
from editorial.throttling import COMPANY_SIGN_IN, client_address, lockout_response

CREDENTIALS = {"username": COMPANY_SIGN_IN}
logger = logging.getLogger(__name__)


def refused(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    """The refusal page, in the site's layout; the attempt counts as a failed sign-in, and is
    logged with its reason."""
    logger.warning("Company sign-in refused (%s) from %s", refusal.name, client_address(request))
    AxesProxyHandler.user_login_failed(
        sender=CompanySignInProvider, credentials=CREDENTIALS, request=request
    )
    request.axes_locked_out = False  # this answer is the refusal; a lockout starts next time
    return render(
        request, "accounts/company_sign_in_refused.html", {"message": refusal}, status=403
    )


class CallbackView(OAuth2CallbackView):
    """allauth's callback, whose state is the sign-in's (or a refusal) and whose ID token
    must carry that sign-in's nonce."""

    adapter: CompanySignInAdapter

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().dispatch(request, *args, **kwargs)
        except RefusedAnswer as refusal:
            return refused(request, refusal.refusal)

    def _get_state(self, request: HttpRequest, provider: Any) -> tuple[dict, None]:
        state_id = get_request_param(request, "state")
        state = None
        if state_id:
            state = statekit.unstash_state(request, state_id=state_id, provider_id=provider.sub_id)
        if state is None:
            raise RefusedAnswer(Refusal.STATE)
        self.adapter.expected_nonce = state.get(NONCE)
        return state, None


def _throttled(view: type, request: HttpRequest, provider_id: str) -> HttpResponse:
    if AxesProxyHandler.is_locked(request, CREDENTIALS):
        return lockout_response(request, credentials=CREDENTIALS)
    try:
        return view.adapter_view(CompanySignInAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@never_cache
@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    return _throttled(OAuth2LoginView, request, provider_id)


@never_cache
@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    return _throttled(CallbackView, request, provider_id)
