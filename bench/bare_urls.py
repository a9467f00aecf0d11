"""A bare Django view returning the bytes of BENCH_BARE_FILE (the seed article as served)."""

import os
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.urls import path

CONTENT = Path(os.environ["BENCH_BARE_FILE"]).read_bytes()


def bare(request: HttpRequest, anything: str) -> HttpResponse:
    return HttpResponse(CONTENT)


urlpatterns = [path("<path:anything>", bare)]
