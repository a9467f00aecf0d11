"""The project's settings with one bare view as the whole site (bench/serve.py compares the
article page with it). BENCH_BARE_MIDDLEWARE=0 also drops every middleware."""

import os

from editorial.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare_urls"
if os.environ.get("BENCH_BARE_MIDDLEWARE") == "0":
    MIDDLEWARE = []
    # Nor any app (allauth refuses to start without its middleware): one view, no models.
    INSTALLED_APPS = []
