"""400, 403, 404 and 500 pages (and the CSRF failure page) in the site's layout, with DEBUG off
(pytest-django runs with DEBUG off): 404 offers the search and a link home; 500 is static and
reads no database; none repeats the detail of the error."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from articles.authoring_views import ONLY_AUTHORS_START
from tests.factories import UserFactory
from tests.html import parse

FAILING_URLS = "tests.editorial.error_urls"


@pytest.fixture
def failing(settings):
    settings.ROOT_URLCONF = FAILING_URLS
    return Client(raise_request_exception=False)


def with_class(node, tag: str, name: str) -> list:
    return [found for found in node.find_all(tag) if found.has_class(name)]


def assert_site_layout(response) -> None:
    page = parse(response)
    (header,) = with_class(page, "header", "site-header")
    (site_name,) = with_class(header, "a", "site-name")
    assert site_name.text() == settings.PUBLISHER_NAME
    assert with_class(page, "footer", "site-footer")
    assert page.find("main", id="main")
    assert "/static/css/site.css" in response.content.decode()
    assert "a detail nobody should read" not in response.content.decode()
    assert "internal detail" not in response.content.decode()


def test_debug_is_off_in_these_tests():
    assert settings.DEBUG is False


def test_the_project_names_its_error_handlers():
    from editorial import urls

    assert urls.handler400 == "editorial.errors.bad_request"
    assert urls.handler403 == "editorial.errors.permission_denied"
    assert urls.handler404 == "editorial.errors.page_not_found"
    assert urls.handler500 == "editorial.errors.server_error"
    assert settings.CSRF_FAILURE_VIEW == "editorial.errors.csrf_failure"


def test_a_bad_request_page(db, failing):
    response = failing.get("/fail/400/")
    assert response.status_code == 400
    assert_site_layout(response)
    assert parse(response).find("h1").text() == "The request could not be read"


def test_a_forbidden_page_says_why_and_offers_to_log_in(db, failing):
    response = failing.get("/fail/403/")
    assert response.status_code == 403
    assert_site_layout(response)
    page = parse(response)
    assert page.find("h1").text() == "You may not do this"
    assert "Only editors may do this." in page.find("main").text()
    assert page.find("main").find_all("a", href="/accounts/login/")


def test_a_real_refusal_is_the_forbidden_page_with_the_account_menu(client, db):
    client.force_login(UserFactory())  # signed in, but no author
    response = client.get("/write/new/")
    assert response.status_code == 403
    assert_site_layout(response)
    page = parse(response)
    (account,) = with_class(page, "nav", "account-nav")
    assert account.find_all("a", href="/write/")
    assert ONLY_AUTHORS_START in page.find("main").text()


def test_a_page_not_found_offers_search_and_home(db, failing):
    response = failing.get("/fail/404/")
    assert response.status_code == 404
    assert_site_layout(response)
    main = parse(response).find("main")
    assert main.find("h1").text() == "Page not found"
    search = main.find("form", role="search")
    assert search.attrs["action"] == "/search/" and search.find("input", name="q")
    assert main.find_all("a", href="/")


@pytest.mark.parametrize(
    "url", ["/no-such-page/", "/articles/no-such-article/", "/topics/none/", "/write/999999/edit/"]
)
def test_unknown_addresses_get_the_site_404(client, author, url):
    client.force_login(author)
    response = client.get(url)
    assert response.status_code == 404
    assert_site_layout(response)


def test_a_server_error_page_is_static_and_reads_no_database(
    db, failing, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = failing.get("/fail/500/")
    assert response.status_code == 500
    assert_site_layout(response)
    page = parse(response)
    assert page.find("h1").text() == "Something went wrong on our side"
    assert not with_class(page, "nav", "account-nav")  # it never asks who is signed in


def test_the_server_error_page_shows_when_the_database_is_down(failing, django_db_blocker):
    with django_db_blocker.block():  # any database access would raise here
        response = failing.get("/fail/database/")
    assert response.status_code == 500
    assert_site_layout(response)


def test_a_form_sent_without_its_csrf_token_gets_the_site_page(db):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post("/accounts/login/", {"login": "x", "password": "y"})
    assert response.status_code == 403
    assert_site_layout(response)
    assert parse(response).find("h1").text() == "The form could not be sent"


def test_error_pages_keep_the_security_headers(db, failing):
    for url in ("/fail/400/", "/fail/403/", "/fail/404/", "/fail/500/"):
        response = failing.get(url)
        assert "default-src 'self'" in response["Content-Security-Policy"], url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
