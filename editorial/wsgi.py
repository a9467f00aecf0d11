import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "editorial.settings")

django_application = get_wsgi_application()

from editorial.caching import PublicPageWSGI  # noqa: E402  (needs the apps loaded)

# Public pages cached for anonymous readers are answered before Django's handler runs.
application = PublicPageWSGI(django_application)
