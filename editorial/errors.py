"""The error pages, in the site's layout (editorial/urls.py names them as Django's handlers).

400, 500 and the CSRF failure page are static: rendered without the request, so they read
neither the session nor the database (a 500 may be the database failing). 403 and 404 are
rendered with the request, so they show who is signed in; 404 offers the search and a link home.
None of them repeats what was asked for.

Under the paths of ``JSON_ERROR_PATH_PREFIXES`` (the read API: ``/api/``) the same errors are
JSON, ``{"detail": "..."}``, for the programs that call them.
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
    JsonResponse,
)
from django.template import loader

JSON_DETAILS = {
    400: "Bad request: the request could not be read (see the API's documentation).",
    403: "You may not see this.",
    404: "Not found.",
    500: "The server failed to answer; try again later.",
}


def wants_json(request: HttpRequest) -> bool:
    """Whether the request's errors are answered in JSON (``JSON_ERROR_PATH_PREFIXES``)."""
    path = getattr(request, "path", "") or ""
    return any(path.startswith(prefix) for prefix in settings.JSON_ERROR_PATH_PREFIXES)


def json_error(status: int, detail: str | None = None) -> JsonResponse:
    return JsonResponse({"detail": detail or JSON_DETAILS[status]}, status=status)


def static_page(template_name: str) -> str:
    """An error page that needs nothing but the publisher's name."""
    return loader.render_to_string(template_name, {"publisher_name": settings.PUBLISHER_NAME})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return json_error(400)
    return HttpResponseBadRequest(static_page("400.html"))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception) if exception is not None and exception.args else ""
    if wants_json(request):
        return json_error(403)
    return HttpResponseForbidden(
        loader.render_to_string("403.html", {"reason": reason}, request=request)
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return json_error(404)
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def server_error(request: HttpRequest) -> HttpResponse:
    if wants_json(request):
        return json_error(500)
    return HttpResponseServerError(static_page("500.html"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without a valid token (expired page, cookies refused)."""
    return HttpResponseForbidden(static_page("403_csrf.html"))
