"""The authors' pages under /write/: who reaches what, writing, validation, locking, steps."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils.html import escape

from articles.forms import (
    DOI_IN_LIBRARY,
    HEADING_NEEDED,
    MARKERS_NOT_LISTED,
    SLUG_FIXED,
    SLUG_TAKEN,
)
from articles.models import Article, ArticleReference, Section
from articles.services import STALE_VERSION, article_update
from editorial.models import Step, TransitionLog, User
from editorial.workflow import ReviewState, article_transition
from editorial.workflow.machine import not_possible_refusal
from editorial.workflow.rules import (
    CITES_NOTHING,
    NEEDS_TEXT,
    decider_not_author,
    unresolved_markers_refusal,
)
from editorial.workflow.steps import locked_text_refusal
from references.models import Reference
from tests.articles.authoring_helpers import editor_data
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    UserFactory,
    article_in_state,
    author_user,
    board_reviews,
    board_user,
    editor_user,
)
from tests.html import parse

pytestmark = pytest.mark.django_db


def pages(article: Article) -> list[str]:
    return [
        f"/write/{article.pk}/edit/",
        f"/write/{article.pk}/preview/",
        f"/write/{article.pk}/changes/",
        f"/write/{article.pk}/submit/",
        f"/write/{article.pk}/withdraw/",
    ]


def snapshot(article: Article) -> tuple:
    article = Article.objects.get(pk=article.pk)
    return (
        article.title,
        article.slug,
        article.status,
        article.version,
        list(article.sections.values_list("heading", "body")),
        sorted(article.references.values_list("key", flat=True)),
    )


def errors_of(response, field_id: str) -> str:
    """The error list shown next to the field with this id ("" when there is none)."""
    match = re.search(
        rf'<ul class="errorlist" id="{field_id}_errors">(.*?)</ul>',
        response.content.decode(),
        re.S,
    )
    return match.group(1) if match else ""


# --------------------------------------------------------------------------------------------
# Who reaches what
# --------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_site_login_and_nothing_changes(client):
    article = ArticleFactory()
    before = snapshot(article)
    for url in ["/write/", "/write/new/", *pages(article)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    response = client.post(f"/write/{article.pk}/edit/", editor_data(article, title="Hacked?"))
    assert response.status_code == 302
    assert client.post(f"/write/{article.pk}/submit/").status_code == 302
    assert client.post("/write/new/", editor_data(title="New?")).status_code == 302
    assert snapshot(article) == before
    assert Article.objects.count() == 1


def test_author_reaches_every_page_of_their_article(client):
    article = ArticleFactory()
    client.force_login(article.author)
    for url in ["/write/", "/write/new/", *pages(article)]:
        assert client.get(url).status_code == 200, url


def test_coauthor_sees_and_edits_the_article(client):
    article = ArticleFactory()
    coauthor = author_user()
    article.coauthors.add(coauthor)
    client.force_login(coauthor)
    assert article.title in client.get("/write/").content.decode()
    for url in pages(article):
        assert client.get(url).status_code == 200, url
    response = client.post(
        f"/write/{article.pk}/edit/", editor_data(article, title="What did the co-author ask?")
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).title == "What did the co-author ask?"


@pytest.mark.parametrize("who", ["other author", "board member", "editor"])
def test_someone_elses_article_is_a_404_and_a_forged_post_changes_nothing(client, who):
    article = ArticleFactory()
    user = {"other author": author_user, "board member": board_user, "editor": editor_user}[who]()
    client.force_login(user)
    before = snapshot(article)
    for url in pages(article):
        assert client.get(url).status_code == 404, url
    edit = client.post(f"/write/{article.pk}/edit/", editor_data(article, title="Mine now?"))
    assert edit.status_code == 404
    assert client.post(f"/write/{article.pk}/submit/", {"comment": ""}).status_code == 404
    assert article.title not in client.get("/write/").content.decode()
    assert snapshot(article) == before


def test_only_authors_start_articles(client):
    client.force_login(UserFactory())
    assert client.get("/write/").status_code == 200
    assert client.get("/write/new/").status_code == 403
    assert client.post("/write/new/", editor_data(title="Sneaky?")).status_code == 403
    assert not Article.objects.exists()


@pytest.mark.parametrize("action", ["approve", "start_review", "request_changes", "archive"])
def test_author_cannot_take_the_boards_steps_on_their_own_article(client, action):
    article = article_in_state("under_review")
    client.force_login(article.author)
    assert client.post(f"/write/{article.pk}/{action}/", {"comment": "LGTM"}).status_code == 404
    assert Article.objects.get(pk=article.pk).status == ReviewState.UNDER_REVIEW


def test_author_is_refused_by_the_workflow_even_when_made_a_board_member(client):
    """The refusal is the workflow's, not only the URL's: an author who sits on the board still
    cannot approve their own article."""
    article = article_in_state("under_review")
    from tests.factories import BoardMemberFactory

    BoardMemberFactory(user=article.author)
    with pytest.raises(Exception, match=re.escape(decider_not_author.refusal(Step.APPROVE.label))):
        article_transition(article=article, action="approve", by=article.author)
    assert Article.objects.get(pk=article.pk).status == ReviewState.UNDER_REVIEW


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def test_author_writes_a_new_article_with_sections_and_a_picked_reference(client, author):
    reference = ReferenceFactory(key="aap2021")
    client.force_login(author)
    data = editor_data(
        title="  How should   clinicians screen for anxiety? ",
        sections=[("From the Guidelines", "Screen at 8 [@aap2021]."), ("From the Research", "")],
        references=[reference],
    )
    response = client.post("/write/new/", data)
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/write/{article.pk}/edit/"
    assert article.title == "How should clinicians screen for anxiety?"
    assert article.slug == "how-should-clinicians-screen-for-anxiety"  # suggested
    assert article.author == author and article.status == ReviewState.DRAFT
    assert list(article.sections.values_list("heading", "body")) == [
        ("From the Guidelines", "Screen at 8 [@aap2021]."),
        ("From the Research", ""),
    ]
    assert list(article.references.all()) == [reference]


def test_suggested_slug_avoids_one_already_taken(client, author):
    ArticleFactory(slug="is-it-safe")
    client.force_login(author)
    client.post("/write/new/", editor_data(title="Is it safe?", sections=[("A", "Text.")]))
    assert Article.objects.get(title="Is it safe?").slug == "is-it-safe-2"


def test_author_reorders_removes_and_adds_sections(client):
    article = ArticleFactory()
    key = article.references.get().key
    client.force_login(article.author)
    data = editor_data(article)
    data.update(
        {
            "sections-0-ORDER": "2",
            "sections-1-ORDER": "1",
            "sections-TOTAL_FORMS": "3",
            "sections-2-heading": "Added",
            "sections-2-body": f"More [@{key}].",
            "sections-2-ORDER": "",
        }
    )
    assert client.post(f"/write/{article.pk}/edit/", data).status_code == 302
    assert list(article.sections.values_list("heading", flat=True)) == [
        "From the Research",
        "From the Guidelines",
        "Added",
    ]
    data = editor_data(Article.objects.get(pk=article.pk))
    data["sections-0-DELETE"] = "on"
    assert client.post(f"/write/{article.pk}/edit/", data).status_code == 302
    assert list(article.sections.values_list("heading", flat=True)) == [
        "From the Guidelines",
        "Added",
    ]


def test_an_empty_extra_section_is_ignored(client):
    article = ArticleFactory()
    client.force_login(article.author)
    data = editor_data(article)
    data.update({"sections-TOTAL_FORMS": "3", "sections-2-heading": "", "sections-2-body": ""})
    assert client.post(f"/write/{article.pk}/edit/", data).status_code == 302
    assert article.sections.count() == 2


def test_search_finds_by_title_doi_and_pmid_and_keeps_what_was_typed(client):
    article = ArticleFactory()
    wanted = ReferenceFactory(
        key="who2023", title="Guideline on anxiety screening", doi="10.1000/abc.1", pmid="1234567"
    )
    client.force_login(article.author)
    before = snapshot(article)
    for query in ["anxiety screening", "https://doi.org/10.1000/ABC.1", "1234567"]:
        data = editor_data(
            article,
            title="A title I typed but did not save?",
            sections=[("Typed heading", "Typed body, not saved.")],
            extra={"reference_query": query, "search": "1"},
        )
        del data["save"]
        response = client.post(f"/write/{article.pk}/edit/", data)
        page = response.content.decode()
        assert response.status_code == 200
        assert f'value="{wanted.pk}" id="reference-{wanted.pk}"' in page, query
        assert "A title I typed but did not save?" in page
        assert "Typed body, not saved." in page
    assert snapshot(article) == before


def test_ticking_a_search_result_puts_it_on_the_list_when_saved(client):
    article = ArticleFactory()
    found = ReferenceFactory(key="found2024")
    client.force_login(article.author)
    sections = [*((s.heading, s.body) for s in article.sections.all())]
    sections[1] = ("From the Research", "It agrees [@found2024].")
    data = editor_data(article, sections=sections, references=[*article.references.all(), found])
    assert client.post(f"/write/{article.pk}/edit/", data).status_code == 302
    assert found in article.references.all()
    page = client.get(f"/write/{article.pk}/edit/").content.decode()
    assert "cited as 2" in page  # numbered by first citation in the saved text


def test_author_adds_a_new_reference_in_place(client):
    article = ArticleFactory()
    client.force_login(article.author)
    sections = [("From the Guidelines", "New evidence [@nice2024].")]
    data = editor_data(
        article,
        sections=sections,
        new_reference={
            "key": "nice2024",
            "kind": "guideline",
            "title": "Anxiety disorders",
            "journal": "NICE",
            "year": "2024",
            "doi": "https://doi.org/10.1000/nice.2024",
            "pmid": "7654321",
            "url": "",
            "authors": "",
        },
    )
    response = client.post(f"/write/{article.pk}/edit/", data)
    assert response.status_code == 302
    created = Reference.objects.get(key="nice2024")
    assert created.doi == "10.1000/nice.2024"
    assert created in article.references.all()
    assert created.history.first().history_user == article.author


# --------------------------------------------------------------------------------------------
# Bad input: a message next to the field; nothing saved, nothing typed lost
# --------------------------------------------------------------------------------------------


def assert_refused_and_kept(client, article, data, field_id, message, typed):
    before = snapshot(article)
    references_before = Reference.objects.count()
    response = client.post(f"/write/{article.pk}/edit/", data)
    assert response.status_code == 200
    shown = errors_of(response, field_id)
    assert message in shown, response.content.decode()[:5000]
    page = response.content.decode()
    assert f'aria-describedby="{field_id}_errors' in page  # read with the field
    for text in typed:
        assert text in page
    assert snapshot(article) == before
    assert Reference.objects.count() == references_before
    return response


def test_empty_title_is_refused_next_to_the_field(client):
    article = ArticleFactory()
    client.force_login(article.author)
    data = editor_data(article, title="   ", sections=[("Kept heading", "Kept body text.")])
    assert_refused_and_kept(
        client,
        article,
        data,
        "id_title",
        "This field is required.",
        ["Kept heading", "Kept body text."],
    )


def test_duplicate_slug_is_refused_next_to_the_field(client):
    ArticleFactory(slug="taken-address")
    article = ArticleFactory()
    client.force_login(article.author)
    data = editor_data(article, slug="taken-address", title="A new title I typed?")
    assert_refused_and_kept(
        client,
        article,
        data,
        "id_slug",
        escape(SLUG_TAKEN % {"slug": "taken-address"}),
        ["A new title I typed?", 'value="taken-address"'],
    )


def test_duplicate_slug_on_a_new_article_is_refused(client, author):
    ArticleFactory(slug="taken-address")
    client.force_login(author)
    response = client.post(
        "/write/new/",
        editor_data(title="Fresh?", slug="taken-address", sections=[("H", "Body kept.")]),
    )
    assert escape(SLUG_TAKEN % {"slug": "taken-address"}) in errors_of(response, "id_slug")
    assert "Body kept." in response.content.decode()
    assert Article.objects.count() == 1


def test_marker_citing_nothing_is_refused_next_to_its_section(client):
    article = ArticleFactory()
    key = article.references.get().key
    client.force_login(article.author)
    sections = [("From the Guidelines", f"Fine [@{key}]."), ("Research", "See [@nobody2020].")]
    data = editor_data(article, sections=sections)
    assert_refused_and_kept(
        client,
        article,
        data,
        "id_sections-1-body",
        escape(MARKERS_NOT_LISTED % {"markers": "[@nobody2020]"}),
        ["See [@nobody2020]."],
    )


def test_removing_a_cited_reference_is_refused_next_to_the_citing_section(client):
    article = ArticleFactory()
    unlisted = escape(MARKERS_NOT_LISTED % {"markers": f"[@{article.references.get().key}]"})
    client.force_login(article.author)
    data = editor_data(article, references=[])
    assert_refused_and_kept(client, article, data, "id_sections-0-body", unlisted, [])


NEW_REFERENCE = {
    "key": "new2024",
    "kind": "research",
    "title": "A new trial",
    "journal": "BMJ",
    "year": "2024",
    "authors": "",
    "doi": "",
    "pmid": "",
    "url": "",
}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("doi", "not-a-doi", "Enter a DOI of the form 10.&lt;registrant&gt;/&lt;suffix&gt;"),
        ("doi", "10.1/too-short-registrant", "Enter a DOI of the form"),
        ("pmid", "12ab", "A PubMed ID is digits only."),
        ("pmid", "1234567890", "Ensure this value has at most 9 characters"),
        ("title", "t" * 501, "Ensure this value has at most 500 characters"),
        ("url", "javascript:alert(1)", "Enter a valid URL."),
        ("key", "has space", "Use letters, digits"),
    ],
)
def test_bad_new_reference_is_refused_next_to_its_field(client, field, value, message):
    article = ArticleFactory()
    client.force_login(article.author)
    data = editor_data(article, new_reference={**NEW_REFERENCE, field: value})
    assert_refused_and_kept(client, article, data, f"id_newref-{field}", message, ["BMJ"])


def test_new_reference_with_a_doi_already_in_the_library_points_to_it(client):
    ReferenceFactory(key="already", doi="10.1000/same")
    article = ArticleFactory()
    client.force_login(article.author)
    data = editor_data(article, new_reference={**NEW_REFERENCE, "doi": "10.1000/SAME"})
    in_library = escape(DOI_IN_LIBRARY % {"key": "already"})
    assert_refused_and_kept(client, article, data, "id_newref-doi", in_library, [])


@pytest.mark.parametrize(
    ("field_id", "override", "message"),
    [
        ("id_title", {"title": "q" * 301}, "at most 300 characters"),
        ("id_slug", {"slug": "s" * 256}, "at most 255 characters"),
        ("id_slug", {"slug": "not a slug!"}, "Enter a valid “slug”"),
        ("id_sections-0-heading", {"sections-0-heading": "h" * 201}, "at most 200 characters"),
        ("id_sections-0-body", {"sections-0-body": "b" * 50_001}, "at most 50000 characters"),
        ("id_sections-1-heading", {"sections-1-heading": ""}, HEADING_NEEDED),
    ],
)
def test_over_long_and_malformed_fields_are_refused_next_to_the_field(
    client, field_id, override, message
):
    article = ArticleFactory()
    client.force_login(article.author)
    data = editor_data(article)
    data.update(override)
    assert_refused_and_kept(client, article, data, field_id, message, [])


def test_too_many_sections_are_refused(client):
    article = ArticleFactory()
    client.force_login(article.author)
    data = editor_data(article, sections=[(f"H{n}", "") for n in range(31)])
    response = client.post(f"/write/{article.pk}/edit/", data)
    assert "Please submit at most 30 forms." in response.content.decode()
    assert article.sections.count() == 2


# --------------------------------------------------------------------------------------------
# Optimistic locking
# --------------------------------------------------------------------------------------------


def test_two_saves_from_the_same_version_the_second_is_refused(client):
    article = ArticleFactory()
    coauthor = author_user()
    article.coauthors.add(coauthor)
    opened = Article.objects.get(pk=article.pk).version
    first = editor_data(article, title="First author's title?", version=opened)
    second = editor_data(article, title="Second author's title?", version=opened)

    client.force_login(article.author)
    assert client.post(f"/write/{article.pk}/edit/", first).status_code == 302
    client.force_login(coauthor)
    response = client.post(f"/write/{article.pk}/edit/", second)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Not saved: someone else changed this article" in page
    assert escape(STALE_VERSION.format(expected=opened, current=opened + 1)) in page
    assert "First author&#x27;s title?" in page  # what it says now
    assert "Second author&#x27;s title?" in page  # what they typed, kept in the form
    current = Article.objects.get(pk=article.pk)
    assert current.title == "First author's title?" and current.version == opened + 1


def test_the_service_refuses_a_stale_version_and_bumps_on_success():
    from articles.services import ArticleChanged

    article = ArticleFactory()
    version = article.version
    article_update(article=article, by=article.author, title="Once?", expected_version=version)
    with pytest.raises(ArticleChanged):
        article_update(article=article, by=article.author, title="Twice?", expected_version=version)
    current = Article.objects.get(pk=article.pk)
    assert (current.title, current.version) == ("Once?", version + 1)


def test_a_save_without_a_version_is_refused(client):
    article = ArticleFactory()
    client.force_login(article.author)
    data = editor_data(article, title="No version?")
    data["version"] = ""
    response = client.post(f"/write/{article.pk}/edit/", data)
    assert response.status_code == 200 and Article.objects.get(pk=article.pk).title != "No version?"


# --------------------------------------------------------------------------------------------
# Steps: submit, locked while with the board, withdraw, resubmit, propose an update
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("no text", NEEDS_TEXT),
        ("no reference", CITES_NOTHING),
        ("unresolved", unresolved_markers_refusal(["ghost"])),
    ],
)
def test_submit_failing_a_condition_says_which(client, setup, message):
    article = ArticleFactory()
    if setup == "no text":
        Section.objects.filter(article=article).update(body="")
    elif setup == "no reference":
        ArticleReference.objects.filter(article=article).delete()
        Section.objects.filter(article=article).update(body="No citations.")
    else:  # a marker saved before its work left the library's list (e.g. an old draft)
        Section.objects.filter(article=article, position=2).update(body="See [@ghost].")
    client.force_login(article.author)
    assert message.split(":")[0] in client.get(f"/write/{article.pk}/submit/").content.decode()
    response = client.post(f"/write/{article.pk}/submit/", {"comment": "Please review."})
    assert response.status_code == 409
    assert escape(message) in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == ReviewState.DRAFT
    assert not TransitionLog.objects.exists()


def test_submit_with_a_note_to_the_board(client):
    article = ArticleFactory()
    client.force_login(article.author)
    response = client.post(f"/write/{article.pk}/submit/", {"comment": "Ready for the board."})
    assert response.status_code == 302 and response["Location"] == "/write/"
    article.refresh_from_db()
    assert article.status == ReviewState.SUBMITTED
    assert article.latest_revision().note == "Ready for the board."
    log = TransitionLog.objects.get()
    assert (log.action, log.actor, log.comment) == (
        "submit",
        article.author,
        "Ready for the board.",
    )


@pytest.mark.parametrize("state", ["submitted", "under_review"])
def test_editing_is_locked_while_with_the_board(client, state):
    article = article_in_state(state)
    client.force_login(article.author)
    page = client.get(f"/write/{article.pk}/edit/").content.decode()
    locked = escape(locked_text_refusal(ReviewState(state)))
    assert "Editing is locked" in page and locked in page
    assert '<fieldset class="article-editor__all" disabled>' in page
    before = snapshot(article)
    response = client.post(f"/write/{article.pk}/edit/", editor_data(article, title="Forged?"))
    assert response.status_code == 409
    assert locked in response.content.decode()
    assert snapshot(article) == before


def test_withdraw_then_reopen(client):
    article = article_in_state("submitted")
    client.force_login(article.author)
    assert (
        client.post(f"/write/{article.pk}/withdraw/", {"comment": "Not ready"}).status_code == 302
    )
    assert Article.objects.get(pk=article.pk).status == ReviewState.WITHDRAWN
    assert client.post(f"/write/{article.pk}/reopen/", {"comment": ""}).status_code == 302
    assert Article.objects.get(pk=article.pk).status == ReviewState.DRAFT


def test_a_step_not_open_in_this_state_is_refused_and_says_why(client):
    article = article_in_state("submitted")
    client.force_login(article.author)
    page = client.get(f"/write/{article.pk}/submit/").content.decode()
    assert "is not open to you while the article is submitted" in page
    response = client.post(f"/write/{article.pk}/submit/", {"comment": ""})
    assert response.status_code == 409
    not_possible = not_possible_refusal(Step.SUBMIT.label, ReviewState.SUBMITTED)
    assert escape(not_possible) in response.content.decode()


def test_after_changes_requested_the_author_reads_comments_edits_and_resubmits(client):
    editor, board = editor_user(), board_user()
    article = article_in_state("submitted", editor=editor)
    article_transition(article=article, action="start_review", by=editor)
    reviews = board_reviews(article, editor=editor, members=[board])
    from editorial.models import Review

    Review.objects.filter(pk=reviews[0].pk).update(
        comments_for_author="Please cite the 2023 guideline.",
        confidential_comments="SECRET: the author is sloppy.",
    )
    article_transition(
        article=article, action="request_changes", by=board, comment="Dear author, revise."
    )
    client.force_login(article.author)

    dashboard = client.get("/write/").content.decode()
    assert ReviewState.CHANGES_REQUESTED.label in dashboard
    assert "Dear author, revise." in dashboard
    assert "Please cite the 2023 guideline." in dashboard
    assert "SECRET" not in dashboard
    assert "Review round" in dashboard and "<dd>1</dd>" in dashboard

    edit = client.get(f"/write/{article.pk}/edit/").content.decode()
    assert "Please cite the 2023 guideline." in edit and "SECRET" not in edit
    article.refresh_from_db()
    sections = [(s.heading, s.body) for s in article.sections.all()]
    sections[1] = ("From the Research", "Now with the 2023 guideline.")
    assert (
        client.post(
            f"/write/{article.pk}/edit/", editor_data(article, sections=sections)
        ).status_code
        == 302
    )

    step = client.get(f"/write/{article.pk}/resubmit/").content.decode()
    assert "Please cite the 2023 guideline." in step and "SECRET" not in step
    response = client.post(f"/write/{article.pk}/resubmit/", {"comment": "Cited it."})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == ReviewState.SUBMITTED
    assert article.latest_revision().number == 2
    assert article.latest_revision().sections[1]["body"] == "Now with the 2023 guideline."


@pytest.fixture
def published(db):
    return article_in_state("approved", title="Is the approved answer public?")


def test_proposing_an_update_keeps_the_approved_revision_public(client, published):
    client.force_login(published.author)
    assert Step.REVISE.label in client.get("/write/").content.decode()
    response = client.post(f"/write/{published.pk}/revise/", {"comment": "New guideline out."})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == ReviewState.DRAFT

    data = editor_data(published, title="Is the updated answer public yet?")
    assert client.post(f"/write/{published.pk}/edit/", data).status_code == 302
    public = client.get(published.get_absolute_url()).content.decode()
    assert "Is the approved answer public?" in public
    assert "Is the updated answer public yet?" not in public
    preview = client.get(f"/write/{published.pk}/preview/").content.decode()
    assert "Is the updated answer public yet?" in preview

    assert client.post(f"/write/{published.pk}/submit/", {"comment": ""}).status_code == 302
    public = client.get(published.get_absolute_url()).content.decode()
    assert "Is the approved answer public?" in public


def test_a_published_articles_address_is_fixed(client, published):
    article_transition(article=published, action="revise", by=published.author)
    client.force_login(published.author)
    page = client.get(f"/write/{published.pk}/edit/").content.decode()
    assert escape(SLUG_FIXED) in page
    data = editor_data(Article.objects.get(pk=published.pk), slug="a-new-address")
    assert client.post(f"/write/{published.pk}/edit/", data).status_code == 302
    assert Article.objects.get(pk=published.pk).slug == published.slug
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        article_update(article=published, by=published.author, slug="another-address")


# --------------------------------------------------------------------------------------------
# Log in and out
# --------------------------------------------------------------------------------------------


def test_log_in_lands_on_the_dashboard_and_log_out_is_a_post(client):
    user = author_user(username="writer")
    page = client.get("/accounts/login/").content.decode()
    assert '<label for="id_login">Username' in page and "csrfmiddlewaretoken" in page
    response = client.post("/accounts/login/", {"login": "writer", "password": "pw"})
    assert response.status_code == 302 and response["Location"] == "/write/"
    header = client.get("/write/").content.decode()
    assert 'action="/accounts/logout/"' in header
    # A link followed (GET) only asks: it signs nobody out.
    asking = client.get("/accounts/logout/")
    assert asking.status_code == 200 and parse(asking).find("h1").text() == "Log out"
    assert client.get("/write/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/write/").status_code == 302
    assert user.is_active


def test_wrong_password_says_so(client):
    author_user(username="writer")
    response = client.post("/accounts/login/", {"login": "writer", "password": "nope"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_nobody_signs_up(client):
    """Accounts are made by editors: allauth's sign-up page is closed."""
    response = client.get("/accounts/signup/")
    assert "Sign Up Closed" in response.content.decode() or response.status_code == 404
    client.post(
        "/accounts/signup/",
        {
            "username": "new",
            "email": "new@example.org",
            "password1": "Xy-long-1!",
            "password2": "Xy-long-1!",
        },
    )
    assert not User.objects.filter(username="new").exists()


def test_password_reset_by_email(client, deliver):
    author_user(username="writer", email="writer@example.org")
    response = client.post("/accounts/password/reset/", {"email": "writer@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0  # queued in the outbox; the worker sends it
    [sent] = deliver()
    assert sent.subject == "Reset your password at Editorial Medical Publishing"
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", sent.body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"password1": "a-long-new-passphrase", "password2": "a-long-new-passphrase"},
    )
    assert done.status_code == 302
    # The link is used up.
    again = client.get(link, follow=True)
    assert "This link has expired or was already used." in again.content.decode()
    signed_in = client.post(
        "/accounts/login/", {"login": "writer", "password": "a-long-new-passphrase"}
    )
    assert signed_in.status_code == 302 and "_auth_user_id" in client.session


def test_the_old_addresses_of_the_password_pages_lead_to_the_new_ones(client):
    assert client.get("/accounts/password_reset/")["Location"] == "/accounts/password/reset/"
    assert client.get("/accounts/password_change/")["Location"] == "/accounts/password/change/"


def test_the_admin_signs_in_on_the_sites_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    follow = client.get(response["Location"])
    assert follow["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_csrf_is_enforced_on_the_write_form():
    from django.test import Client

    article = ArticleFactory()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(article.author)
    response = strict.post(f"/write/{article.pk}/edit/", editor_data(article, title="CSRF?"))
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).title != "CSRF?"
