"""The OpenAPI 3 schema at /api/v1/schema/ is generated from the code, valid for an independent
validator, and names every endpoint; its documentation page loads nothing from elsewhere."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver
from openapi_spec_validator import validate

from api import urls as api_urls

pytestmark = pytest.mark.django_db

DOCUMENTATION = {"schema", "docs"}


def schema() -> dict:
    response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def test_the_schema_is_valid_openapi_3_and_names_every_endpoint():
    document = schema()
    validate(document)  # raises on any error
    assert document["openapi"].startswith("3.")
    operations = {(path, method) for path, item in document["paths"].items() for method in item}
    routes = [
        pattern
        for pattern in api_urls.urlpatterns
        if isinstance(pattern, URLPattern) and pattern.name not in DOCUMENTATION
    ]
    expected = {
        ("/api/v1/" + re.sub(r"<slug:(\w+)>", r"{\1}", str(pattern.pattern)), "get")
        for pattern in routes
    }
    assert {(path, method) for path, method in operations if method == "get"} == expected
    assert document["components"]["securitySchemes"]["ApiKey"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
    }
    for path, method in operations:  # anonymous by default, a key optional
        assert document["paths"][path][method]["security"] == [{"ApiKey": []}, {}], path
    assert get_resolver().resolve("/api/v1/schema/").url_name == "schema"


def test_the_documentation_page_uses_only_the_sites_own_files():
    page = Client().get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/") for source in sources), sources
    assert "<style" not in html
    assert not re.search(r"<script>(?!</script>)", html)  # no inline script
    assert "script-src 'self'" in page["Content-Security-Policy"]
    script = Client().get("/api/v1/docs/", {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()


def test_the_search_query_s_schema_excludes_the_nul_the_api_refuses():
    (q,) = [
        p for p in schema()["paths"]["/api/v1/search/"]["get"]["parameters"] if p["name"] == "q"
    ]
    pattern = re.compile(q["schema"]["pattern"])
    assert pattern.match("kawasaki disease") and not pattern.match("kawa\x00saki")
    assert Client().get("/api/v1/search/", {"q": "kawa\x00saki"}).status_code == 400
