"""Text the site cannot store or encode (NUL, lone surrogates, bytes that are not UTF-8) gets a
400, never a 500: in query strings, form fields, uploads, pasted imports and admin forms, on
every URL pattern, for every role (editorial/security.py)."""

from __future__ import annotations

import json
import logging

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from articles.models import Article, Topic
from editorial.models import AUTHOR_STEPS, ReviewInvitation, ScheduledPublication
from editorial.security import caused_by_unencodable_text, json_escape_problem
from references.models import Reference, Retraction
from tests.factories import (
    article_in_state,
    board_reviews,
    board_user,
    editor_user,
)
from tests.reference_imports import previewed
from tests.urlwalk import history_ids, model_objects, paths, resolve_path, routes

NUL = "\x00"
# A CSL-JSON export whose escapes decode to a NUL and to half a surrogate pair.
HOSTILE_JSON = '[{"id": "a", "type": "article-journal", "title": "T\\u0000", "issued": ' + (
    '{"date-parts": [[2020]]}, "container-title": "J\\ud800"}]'
)
# Names of the fields the site's and the admin's forms read, each sent with a NUL.
FORM_FIELDS = [
    "q", "comment", "title", "slug", "reason", "note", "text", "answer", "action", "username",
    "password", "email", "description", "has_conflict", "comments_for_author",
    "confidential_comments", "new_reviewer", "reviewers", "due_date", "source", "payload",
    "reference", "sections-0-body", "sections-0-heading", "version", "_save", "name", "body",
]  # fmt: skip


@pytest.fixture
def site(db):
    """Something behind every parameter of every URL: articles in several states with their
    rounds and reviews, a topic, a retraction, and users of every role."""
    editor, member = editor_user(), board_user()
    published = article_in_state("approved", editor=editor, board=member)
    draft = article_in_state("draft", author=published.author)
    in_review = article_in_state("under_review", editor=editor, board=member)
    board_reviews(in_review, editor=editor)
    topic = Topic.objects.create(name="Topic", slug="topic")
    topic.articles.add(published)
    Retraction.objects.create(doi="10.1000/retracted", notice="Retracted.")
    return {
        "published": published,
        "draft": draft,
        "editor": editor,
        "member": member,
        "author": published.author,
        "in_review": in_review,
    }


def walk_values(site):
    invitation = ReviewInvitation.objects.filter(round__article=site["in_review"]).first()

    def values(route, name: str) -> list[str]:
        if name in {"object_id", "positional0", "id"}:
            objects = model_objects(route.model or "editorial.user")
            return objects[:1] or ["1"]
        if name == "positional1":
            object_id = model_objects(route.model)[:1]
            return (history_ids(route.model, object_id[0]) if object_id else [])[-1:] or ["1"]
        return {
            "invitation_id": [str(invitation.pk)],
            "review_id": [str(invitation.review.pk)],
            "content_type_id": [str(ContentType.objects.get_for_model(Article).pk)],
            "slug": ["topic" if route.name == "articles:topic" else site["published"].slug],
            "extension": ["ris"],
            "pk": [str(site["draft"].pk)],
            "action": [AUTHOR_STEPS[0]],
            "uidb64": ["MQ"],
            "token": ["set-password"],
            "uidb36": ["1"],  # django-allauth's password reset link
            "key": ["not-a-key"],
            "provider_id": ["company"],  # company sign-in (editorial.company_sign_in)
            "app_label": ["articles"],
            "url": ["nowhere/"],
            "section": ["articles"],
            "comment_id": ["1"],
            "job_id": ["1"],  # a notice import's progress (references.admin)
            "import_id": ["1"],  # an author's reference import (references.views)
            "what": ["reply"],
            "language": ["es"],  # a translation's language (articles.translations)
            "publication_id": [
                str(pk) for pk in ScheduledPublication.objects.values_list("pk", flat=True)[:1]
            ]
            or ["1"],
        }[name]

    return values


def clients(site) -> dict[str, Client]:
    signed_in = {}
    for role in ("author", "editor", "member"):
        client = Client(raise_request_exception=False)
        client.force_login(site[role])
        signed_in[role] = client
    return {"anonymous": Client(raise_request_exception=False), **signed_in}


def hostile_requests(client: Client, path: str):
    """Each way a request can carry unencodable text, for one path."""
    yield "NUL in the query string", client.get(path, {"q": NUL, f"x{NUL}": "1"})
    yield "not UTF-8 in the query string", client.get(path, QUERY_STRING="q=%ff%fe%ed%a0%80")
    yield "NUL in form fields", client.post(path, {name: f"a{NUL}b" for name in FORM_FIELDS})
    yield (
        "escaped NUL and surrogate in an upload and a pasted import",
        client.post(
            path,
            {
                "file": SimpleUploadedFile("refs.json", HOSTILE_JSON.encode()),
                "text": HOSTILE_JSON,
                "format": "csl-json",
            },
        ),
    )


@pytest.mark.slow  # walks every URL pattern
def test_every_url_pattern_refuses_unencodable_input_with_a_400(site, caplog):
    caplog.set_level(logging.CRITICAL, logger="django.request")
    values = walk_values(site)
    by_role = clients(site)
    references = Reference.objects.count()
    refused, failures, walked = 0, [], 0
    for route in routes():
        for path in paths(route, values, limit=1):
            walked += 1
            # The reference import reads pasted and uploaded text itself: what it cannot store
            # is an error of its entry in the preview (or a login, or a 403), never a 500.
            raw = getattr(resolve_path(path).func, "reads_raw_text", False)
            for role, client in by_role.items():
                for what, response in hostile_requests(client, path):
                    if response.status_code == 400 or (
                        raw and response.status_code in {200, 302, 403}
                    ):
                        refused += 1
                    else:
                        failures.append(f"{response.status_code} {role} {what}: {path}")
    assert walked >= 100  # every pattern of the site, the accounts pages and the admin
    assert not failures, f"{len(failures)} not refused, e.g.\n" + "\n".join(failures[:40])
    assert refused == walked * len(by_role) * 4
    assert Reference.objects.count() == references  # nothing was imported on the way


@pytest.mark.parametrize(
    "url",
    ["/admin/articles/article/{pk}/change/", "/articles/{slug}/", "/write/{pk}/edit/"],
)
def test_a_nul_in_a_path_parameter_is_refused(site, client, url):
    client.force_login(site["editor"])
    response = client.get(url.format(pk=f"1{NUL}", slug=f"a{NUL}"))
    assert response.status_code in {400, 404}


def test_the_search_with_a_nul_is_a_400(db, client):
    """The probe of the issue: on PostgreSQL this was a DataError, a 500."""
    response = client.get("/search/", {"q": f"heart{NUL}"})
    assert response.status_code == 400
    assert "The request could not be read" in response.content.decode()


def test_a_csl_json_import_with_escaped_nul_or_surrogate_shows_an_entry_error(db, client, editor):
    client.force_login(editor)
    for escape in ("\\u0000", "\\ud800", "\\udc00", "\\ud800x", "\\ud800\\u0041"):
        content = f'[{{"id": "a", "type": "book", "title": "T{escape}"}}]'
        upload = SimpleUploadedFile("refs.json", content.encode())
        response = previewed(client, {"file": upload})
        assert response.status_code == 200, escape
        assert "NUL character or broken Unicode" in response.content.decode(), escape
        pasted = previewed(client, {"text": content})
        assert pasted.status_code == 200, escape
        assert "NUL character or broken Unicode" in pasted.content.decode(), escape
    assert Reference.objects.count() == 0


def test_other_forms_with_escaped_nul_in_json_are_still_a_400(db, client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/references/retraction/import/",
        {"file": SimpleUploadedFile("r.csv", b"doi,notice\n10.1000/x,Bad\x00one\n")},
    )
    assert response.status_code == 400
    assert Retraction.objects.count() == 0


def test_json_with_real_characters_and_escaped_backslashes_is_read_as_usual(db, client, editor):
    """An emoji written as a surrogate pair escape, and "\\\\u0000" (a backslash, then text),
    are fine: the import reads them."""
    client.force_login(editor)
    item = {
        "id": "a",
        "type": "article-journal",
        "title": "Smiles \ud83d\ude00 and a path C:\\u0000",
        "container-title": "Journal",
        "issued": {"date-parts": [[2020]]},
    }
    content = json.dumps([item])  # ensure_ascii: the emoji becomes "\\ud83d\\ude00"
    assert "\\ud83d\\ude00" in content and "\\\\u0000" in content
    response = previewed(client, {"file": SimpleUploadedFile("refs.json", content.encode())})
    assert response.status_code == 200
    assert "Smiles" in response.content.decode()


def test_an_admin_form_with_a_nul_is_a_400_and_changes_nothing(site, client):
    client.force_login(site["editor"])
    article = site["in_review"]
    response = client.post(
        f"/admin/articles/article/{article.pk}/transition/",
        {"action": "request_changes", "comment": f"Fix{NUL}this"},
    )
    assert response.status_code == 400
    article.refresh_from_db()
    assert article.status == "under_review"


def test_an_authors_form_with_a_nul_is_a_400(site, client):
    client.force_login(site["author"])
    response = client.post(f"/write/{site['draft'].pk}/edit/", {"title": f"Q{NUL}?"})
    assert response.status_code == 400
    site["draft"].refresh_from_db()
    assert NUL not in site["draft"].title


def test_a_retraction_csv_with_a_nul_byte_is_a_400(site, client):
    """The CSV reader refuses a NUL deep inside the admin's import: the answer is a 400."""
    client.force_login(site["editor"])
    csv = b"doi,notice\n10.1000/x,Retracted\x00 notice\n"
    response = client.post(
        "/admin/references/retraction/import/", {"file": SimpleUploadedFile("r.csv", csv)}
    )
    assert response.status_code == 400
    assert not Retraction.objects.filter(doi="10.1000/x").exists()


def test_a_header_or_cookie_with_a_nul_is_a_400(db, client):
    assert client.get("/", HTTP_USER_AGENT=f"bot{NUL}").status_code == 400
    client.cookies["sessionid"] = f"abcdefgh{NUL}"
    assert client.get("/").status_code == 400


def test_a_form_body_that_is_not_utf8_is_a_400(db, client):
    response = client.post(
        "/accounts/login/",
        data=b"username=%ff%fe&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_ordinary_text_passes(db, client):
    text = "Zo\u00eb\u2019s na\u00efve caf\u00e9 \u2014 \u65e5\u672c\u8a9e \U0001f600"
    response = client.get("/search/", {"q": text})
    assert response.status_code == 200


def test_the_refusal_is_logged(db, client, caplog):
    with caplog.at_level(logging.WARNING, logger="editorial.security"):
        client.get("/search/", {"q": NUL})
    assert "Refused GET '/search/'" in caplog.text
    assert "query parameter 'q'" in caplog.text


# The last line: an exception unencodable text causes further in -------------------------------


@pytest.mark.parametrize(
    ("exception", "refused"),
    [
        ("\ud800".encode, True),
        (lambda: b"\xff".decode("utf-8"), True),
        (
            lambda: (_ for _ in ()).throw(ValueError("A string literal cannot contain NUL (0x00)")),
            True,
        ),
        (lambda: (_ for _ in ()).throw(ValueError("invalid literal for int()")), False),
        (lambda: (_ for _ in ()).throw(RuntimeError("boom")), False),
    ],
)
def test_which_exceptions_count_as_unencodable_text(exception, refused):
    try:
        exception()
    except Exception as error:
        wrapped = RuntimeError("while saving")
        wrapped.__cause__ = error
        assert caused_by_unencodable_text(error) is refused
        assert caused_by_unencodable_text(wrapped) is refused
    else:
        pytest.fail("no exception")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"a": "\\u0000"}', "an escaped NUL (\\u0000)"),
        ('{"a": "\\ud800"}', "an unpaired surrogate escape"),
        ('{"a": "\\udc00"}', "an unpaired surrogate escape"),
        ('{"a": "\\ud800\\n"}', "an unpaired surrogate escape"),
        ('{"a": "\\ud800\\ud800"}', "an unpaired surrogate escape"),
        ('{"a": "\\ud83d\\ude00"}', ""),
        ('{"a": "\\\\u0000"}', ""),
        ('{"a": "\\\\\\u0000"}', "an escaped NUL (\\u0000)"),
        ('{"a": "\\u00e9 \\n \\"x\\""}', ""),
    ],
)
def test_json_escapes_that_decode_to_unencodable_text(text, problem):
    assert json_escape_problem(text) == problem


# Text the site can store passes: only what is not UTF-8, a NUL or a surrogate is refused -------

UTF8_URLS = [
    ("/search/?q=%C3%A9", 200),
    ("/search/?q=caf%C3%A9+%E6%97%A5%E6%9C%AC&page=1", 200),
    ("/search/?q=%F0%9F%98%80", 200),
    ("/topics/caf%C3%A9/", 404),  # no such topic (slugs are ASCII): the view answered
    ("/articles/%E6%97%A5%E6%9C%AC/", 404),
    ("/api/v1/articles/caf%C3%A9/", 404),
]
NOT_UTF8_PATHS = [
    "/topics/caf%ff/",
    "/topics/%ED%A0%80/",  # a surrogate written as UTF-8 is not UTF-8
    "/topics/%C0%80/",  # an overlong NUL
]


def get(url: str, **extra):
    path, _, query = url.partition("?")
    return Client(raise_request_exception=False).get(path, QUERY_STRING=query, **extra)


@pytest.mark.parametrize(("url", "status"), UTF8_URLS)
@pytest.mark.parametrize("raw_uri", [True, False], ids=["gunicorn", "no RAW_URI"])
def test_utf8_paths_and_queries_reach_the_view(db, url, status, raw_uri):
    response = get(url, **({"RAW_URI": url} if raw_uri else {}))
    assert response.status_code == status, response.content[:200]


@pytest.mark.parametrize("path", NOT_UTF8_PATHS)
def test_a_path_that_is_not_utf8_is_a_400_under_gunicorn(db, path):
    """gunicorn passes the request line's target as RAW_URI (REQUEST_URI elsewhere)."""
    assert get(path, RAW_URI=path).status_code == 400
    assert get(path, REQUEST_URI=f"http://testserver{path}?q=1").status_code == 400


@pytest.mark.parametrize("path", NOT_UTF8_PATHS)
def test_without_the_target_a_path_that_is_not_utf8_finds_nothing(db, path):
    """Django replaces PATH_INFO with the decoded path, bytes that are not UTF-8 percent-encoded
    again: the resolver sees ASCII, and finds no page."""
    assert get(path).status_code == 404


@pytest.mark.parametrize(
    "url", ["/topics/%00/", "/search/?q=%ff", "/search/?q=%ED%A0%80", "/search/?q=a%00"]
)
def test_a_nul_in_the_path_and_a_query_that_is_not_utf8_are_a_400(db, url):
    assert get(url).status_code == 400
    assert get(url, RAW_URI=url).status_code == 400


@pytest.mark.parametrize(
    ("value", "status"),
    [("caf\u00e9", 200), ("\xff\xfe", 200), (f"caf{NUL}", 400)],  # \xff read as U+FFFD
)
def test_cookies_need_not_be_utf8_but_hold_no_nul(db, value, status):
    client = Client(raise_request_exception=False)
    client.cookies["preference"] = value
    assert client.get("/search/", {"q": "x"}).status_code == status
