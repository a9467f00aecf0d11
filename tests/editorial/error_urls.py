"""The project's URLs and error handlers, with views that fail on purpose (for the error pages'
tests)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.http import Http404
from django.urls import path

from editorial import urls as project


def bad(request):
    raise SuspiciousOperation("a detail nobody should read")


def forbidden(request):
    raise PermissionDenied("Only editors may do this.")


def missing(request):
    raise Http404("No Article matches the given query (internal detail).")


def broken(request):
    raise RuntimeError("a detail nobody should read")


def database_down(request):
    raise OperationalError("could not connect to server")


urlpatterns = [
    path("fail/400/", bad),
    path("fail/403/", forbidden),
    path("fail/404/", missing),
    path("fail/500/", broken),
    path("fail/database/", database_down),
    *project.urlpatterns,
]

handler400 = project.handler400
handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
