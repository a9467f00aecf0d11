"""What crawlers read once per site, at its root and in no language: the sitemap (its index
and sections past 50,000 URLs, ``articles.sitemaps``), which lists every page in each language
it exists in with its alternates, and robots.txt, which names it.

Not under ``i18n_patterns``: a sitemap applies to the URLs under its own directory (the
sitemap protocol's rule), so only one at the root can list every language's pages, and one
sitemap per language prefix would list the same URLs twice. Asked under a language's prefix
(``/es/sitemap.xml``, as the site answered before), the sitemap has moved here for good: a
301 for a language of the site other than its own, a 404 for any other prefix."""

from django.urls import path

from articles.sitemaps import robots_txt, sitemap_moved, sitemap_or_index, sitemap_section
from editorial.caching import public_page

app_name = "crawlers"

urlpatterns = [
    path("robots.txt", public_page(robots_txt, params=(), keys=()), name="robots"),
    path("sitemap.xml", public_page(sitemap_or_index, params=()), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        public_page(sitemap_section, params=("p",)),
        name="sitemap-section",
    ),
    path("<slug:language>/sitemap.xml", sitemap_moved, name="sitemap-moved"),
    path(
        "<slug:language>/sitemap-<slug:section>.xml",
        sitemap_moved,
        name="sitemap-section-moved",
    ),
]
