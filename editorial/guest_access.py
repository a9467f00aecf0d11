"""Where a guest reviewer's sign-in leads, and no further.

``guest_sign_in`` takes the link of one invitation (``editorial.guest_links``): it signs the
guest in and remembers, in the session, the one invitation it opened. ``GuestScopeMiddleware``
then keeps that session to that invitation's pages in the admin (answer, declare, review), the
queue that lists it and signing out; any other page is refused, and a guest session without an
invitation is ended.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from editorial.guest_links import LINK_REFUSED, SESSION_KEY, invitation_problem, link_user
from editorial.models import ReviewInvitation
from editorial.refusals import Refusal
from editorial.roles import is_guest_reviewer

ONE_INVITATION_ONLY = (
    "Your sign-in link opens your invitation to review only. To review another article, use "
    "the link of its invitation."
)


def invitation_url(pk: int) -> str:
    return reverse("admin:editorial_awaitingmyreview_change", args=[pk])


# Who can lift a guest's refusal: the editorial office, which sends a new link (or, for a round
# that has closed, invites them to the next one). A guest can open no page of the admin: the
# link is the office's address.
OFFICE_SENDS_A_LINK = (
    "the editorial office, by sending you a new link if you are still to review (or by inviting "
    "you to the next round)"
)


def guest_refusal(message: str) -> Refusal:
    return Refusal(
        message,
        who=OFFICE_SENDS_A_LINK,
        url=f"mailto:{settings.DEFAULT_FROM_EMAIL}",
        link_text="Write to the editorial office",
    )


def _refused(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return render(
        request,
        "editorial/guest_refused.html",
        {"message": guest_refusal(message)},
        status=status,
    )


@never_cache
def guest_sign_in(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """The link in a guest reviewer's invitation: signed in for that invitation, or refused
    with the reason, and nobody signed in."""
    invitation = (
        ReviewInvitation.objects.select_related("reviewer__user", "round")
        .filter(pk=invitation_id)
        .first()
    )
    problem = invitation_problem(invitation)
    if problem:
        return _refused(request, problem)
    user = link_user(request, invitation)
    if user is None:
        return _refused(request, LINK_REFUSED)
    if request.user.is_authenticated and request.user.pk != user.pk:
        logout(request)  # nobody else's session carries on under a guest's link
    login(request, user)
    request.session[SESSION_KEY] = invitation.pk
    return HttpResponseRedirect(invitation_url(invitation.pk))


# The admin pages of the guest's invitation (``object_id`` is the invitation's), and the pages
# every guest session may open.
INVITATION_VIEWS = frozenset(
    f"admin:editorial_awaitingmyreview_{name}" for name in ("change", "respond", "review")
)
OPEN_VIEWS = frozenset(
    {"admin:editorial_awaitingmyreview_changelist", "admin:logout", "admin:jsi18n"}
)


class GuestScopeMiddleware:
    """A guest reviewer's session reaches their one invitation, and nothing else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if view is guest_sign_in or settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None  # a reader without a session stays one: the session is never read
        user = getattr(request, "user", None)
        if user is None or not is_guest_reviewer(user):
            return None
        pk = request.session.get(SESSION_KEY)
        if pk is None:
            logout(request)
            return _refused(request, ONE_INVITATION_ONLY)
        name = request.resolver_match.view_name
        if name in OPEN_VIEWS or request.path.startswith(settings.STATIC_URL):
            return None
        if name in INVITATION_VIEWS and str(kwargs.get("object_id")) == str(pk):
            return None
        if name == "admin:index":
            return HttpResponseRedirect(invitation_url(pk))
        return _refused(request, ONE_INVITATION_ONLY)
