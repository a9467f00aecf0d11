"""The error pages, in the site's layout (editorial/urls.py names them as Django's handlers).

400, 500 and the CSRF failure page are static: rendered without the request, so they read
neither the session nor the database (a 500 may be the database failing). 403 and 404 are
rendered with the request, so they show who is signed in; 404 offers the search and a link home.
None of them repeats what was asked for.
"""

from __future__ import annotations

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader


def static_page(template_name: str) -> str:
    """An error page that needs nothing but the publisher's name."""
    return loader.render_to_string(template_name, {"publisher_name": settings.PUBLISHER_NAME})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponseBadRequest(static_page("400.html"))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception) if exception is not None and exception.args else ""
    return HttpResponseForbidden(
        loader.render_to_string("403.html", {"reason": reason}, request=request)
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(static_page("500.html"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without a valid token (expired page, cookies refused)."""
    return HttpResponseForbidden(static_page("403_csrf.html"))
