"""The project's URLs. The apps' URLconfs are named, not imported: the project configuration
names the apps (as INSTALLED_APPS does) and depends on none of their modules."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from editorial import guest_access, health

admin.site.site_header = "Editorial: Medical Advisory Board"
admin.site.site_title = "Editorial admin"
admin.site.index_title = "Review and publishing"

urlpatterns = [
    path("", include("references.urls")),
    path("write/", include("articles.authoring_urls")),
    path("accounts/", include("editorial.accounts_urls")),
    path("api/v1/", include("api.urls")),
    # Its login and password change are the site's (editorial.admin_site).
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    # The link in a guest reviewer's invitation (editorial.guests).
    path("guest/<int:invitation_id>/", guest_access.guest_sign_in, name="guest-sign-in"),
    # What crawlers read once per site, in no language: the sitemap and robots.txt.
    path("", include("articles.crawler_urls")),
    # The public site in each language of LANGUAGES: the default at today's URLs, every other
    # under its code (/es/). The language is the path's, never the browser's (settings).
    *i18n_patterns(path("", include("articles.urls")), prefix_default_language=False),
]

# Error pages in the site's layout (editorial/errors.py).
handler400 = "editorial.errors.bad_request"
handler403 = "editorial.errors.permission_denied"
handler404 = "editorial.errors.page_not_found"
handler500 = "editorial.errors.server_error"
