"""WSGI entry of the bare view (bench/bare_settings.py), served by gunicorn like the site."""

import os

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bare_settings"

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
