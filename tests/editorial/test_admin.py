"""The Django admin as the board and the editors use it: who may open what, which workflow steps
are offered and taken, and that content and history stay read-only whatever is POSTed."""

import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article
from editorial.admin import STEP_TAKEN
from editorial.models import BoardMember, Step, TransitionLog
from editorial.workflow import ACTIONS, ReviewState, step_reason
from editorial.workflow.machine import comment_refusal, not_possible_refusal
from editorial.workflow.steps import NOT_A_STEP
from references.models import Reference
from tests.factories import (
    ArticleFactory,
    BoardMemberFactory,
    ReferenceFactory,
    UserFactory,
    article_in_state,
    board_reviews,
    board_user,
    editor_user,
)
from tests.html import parse

pytestmark = pytest.mark.django_db

OFFERED_ACTION = re.compile(r'<input type="hidden" name="action" value="([a-z_]+)">')


def changelist_url() -> str:
    return reverse("admin:articles_article_changelist")


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def transition_url(article: Article) -> str:
    return reverse("admin:articles_article_transition", args=[article.pk])


def history_url(article: Article) -> str:
    return reverse("admin:articles_article_history", args=[article.pk])


def offered_actions(response) -> list[str]:
    """The workflow steps the change page offers, as the forms of its workflow panel post them."""
    return OFFERED_ACTION.findall(response.content.decode())


def sent_messages(response) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def snapshot(article: Article) -> tuple:
    """Everything a refused step or a refused edit must leave as it was."""
    article = Article.objects.get(pk=article.pk)
    return (
        article.status,
        article.title,
        article.live_revision_id,
        article.revisions.count(),
        TransitionLog.objects.filter(article=article).count(),
        article.history.count(),
    )


# --------------------------------------------------------------------------------------------
# Who may open the article admin
# --------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page(client):
    article = ArticleFactory()

    for url in (changelist_url(), change_url(article)):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_an_author_who_is_not_staff_gets_no_access(client, author):
    article = ArticleFactory(author=author)
    client.force_login(author)

    for url in (changelist_url(), change_url(article)):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_a_role_may_not_open_an_article(client):
    article = ArticleFactory()
    client.force_login(UserFactory(is_staff=True))

    assert client.get(changelist_url()).status_code == 403
    assert client.get(change_url(article)).status_code == 403


@pytest.mark.parametrize("make_user", [board_user, editor_user], ids=["board", "editor"])
def test_board_members_and_editors_see_the_list_and_the_article(client, make_user):
    article = article_in_state("under_review")
    client.force_login(make_user())

    listing = client.get(changelist_url())
    page = client.get(change_url(article))

    assert listing.status_code == 200
    assert escape(article.title) in listing.content.decode()
    assert change_url(article) in listing.content.decode()
    assert page.status_code == 200
    assert page.context["original"] == article
    assert f"Review workflow: {ReviewState.UNDER_REVIEW.label}" in page.content.decode()
    assert f'href="{history_url(article)}"' in page.content.decode()


# --------------------------------------------------------------------------------------------
# The workflow panel offers only the steps the signed-in user may take
# --------------------------------------------------------------------------------------------


def test_an_editor_is_offered_start_review_but_not_approve_on_a_submitted_article(client, editor):
    article = article_in_state("submitted")
    client.force_login(editor)

    response = client.get(change_url(article))

    offered = offered_actions(response)
    assert "start_review" in offered
    assert "approve" not in offered
    assert set(offered) == {"start_review", "request_changes", "reject"}
    steps = response.context["workflow_actions"]
    assert [step["offered"].action.name for step in steps] == offered


def test_a_board_member_is_offered_the_decisions_but_not_start_review(client, board_member):
    article = article_in_state("under_review")
    client.force_login(board_member)

    offered = offered_actions(client.get(change_url(article)))

    assert set(offered) == {"approve", "request_changes", "reject"}
    assert "start_review" not in offered


@pytest.mark.parametrize("role", ["author", "coauthor"])
def test_a_board_member_who_wrote_the_article_is_not_offered_approve(client, board_member, role):
    if role == "author":
        article = article_in_state("under_review", author=board_member)
    else:
        article = article_in_state("under_review")
        article.coauthors.add(board_member)
    client.force_login(board_member)

    offered = offered_actions(client.get(change_url(article)))

    assert "approve" not in offered
    assert "request_changes" not in offered
    assert "reject" not in offered


def test_an_article_with_no_step_for_the_user_says_so(client, board_member):
    article = article_in_state("approved")
    client.force_login(board_member)

    response = client.get(change_url(article))

    assert offered_actions(response) == []
    assert "You can take no step on this article in its current state." in response.content.decode()


# --------------------------------------------------------------------------------------------
# Taking a step from the admin
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "make_user", "action", "comment", "target"),
    [
        ("submitted", editor_user, "start_review", "", ReviewState.UNDER_REVIEW),
        ("under_review", board_user, "approve", "Well sourced.", ReviewState.APPROVED),
        ("under_review", board_user, "request_changes", "Cite it.", ReviewState.CHANGES_REQUESTED),
        ("under_review", editor_user, "reject", "Off topic.", ReviewState.REJECTED),
        ("approved", editor_user, "archive", "", ReviewState.ARCHIVED),
    ],
)
def test_an_allowed_step_is_taken_logged_and_confirmed(
    client, state, make_user, action, comment, target
):
    article = article_in_state(state)
    if action == "approve":
        board_reviews(article, editor=editor_user())  # the quorum that approval needs
    user = make_user()
    client.force_login(user)

    response = client.post(transition_url(article), {"action": action, "comment": comment})

    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    article.refresh_from_db()
    assert article.status == target
    entry = TransitionLog.objects.filter(article=article).latest("created_at", "pk")
    assert (entry.action, entry.source, entry.target) == (action, state, target)
    assert entry.actor == user
    assert entry.comment == comment
    assert sent_messages(response) == [
        ("success", STEP_TAKEN.format(article=article.title, state=target.label.lower()))
    ]
    history = article.history.latest("history_date")
    assert history.history_user == user
    assert history.status == target


def test_approving_from_the_admin_publishes_the_reviewed_revision(client, board_member):
    article = article_in_state("under_review")
    board_reviews(article, editor=editor_user())
    client.force_login(board_member)

    client.post(transition_url(article), {"action": "approve"})

    article.refresh_from_db()
    assert article.is_published
    assert article.live_revision == article.latest_revision()
    assert article.live_revision.approved_by == board_member


def test_a_long_comment_for_the_author_is_accepted_and_kept_whole(client, board_member):
    """Review comments are paragraphs, not labels: the step must not fail on their length."""
    article = article_in_state("under_review")
    comment = (
        "The research section says attachment-informed therapy works on several themes but does "
        "not name them. Please list the key themes the cited work identifies, and keep each "
        "claim tied to its source."
    )
    client.force_login(board_member)

    response = client.post(
        transition_url(article), {"action": "request_changes", "comment": comment}
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == ReviewState.CHANGES_REQUESTED
    assert TransitionLog.objects.get(article=article, action="request_changes").comment == comment


def forbidden_cases():
    """(state, who, action): steps the user may not take although the article is in the state."""
    return [
        pytest.param("under_review", "author_editor", "approve", id="editor-author-approves"),
        pytest.param("approved", "board", "archive", id="board-archives"),
        pytest.param("submitted", "board", "start_review", id="board-starts-review"),
        pytest.param("under_review", "author_board", "approve", id="board-author-approves"),
        pytest.param("under_review", "author_board", "reject", id="board-author-rejects"),
        pytest.param("submitted", "author_editor", "start_review", id="editor-author-starts"),
    ]


@pytest.mark.parametrize(("state", "who", "action"), forbidden_cases())
def test_a_forged_step_the_user_may_not_take_is_forbidden_and_changes_nothing(
    client, state, who, action
):
    if who == "editor":
        user, article = editor_user(), article_in_state(state)
    elif who == "board":
        user, article = board_user(), article_in_state(state)
    elif who == "author_board":
        user = board_user()
        article = article_in_state(state, author=user)
    else:
        user = editor_user()
        article = article_in_state(state, author=user)
    if action == "approve":
        board_reviews(article, editor=editor_user())  # only the user's right is missing
    before = snapshot(article)
    client.force_login(user)

    response = client.post(transition_url(article), {"action": action, "comment": "Forged."})

    assert response.status_code == 403
    assert snapshot(article) == before


@pytest.mark.parametrize(
    ("state", "make_user", "action", "comment", "problem"),
    [
        (
            "submitted",
            board_user,
            "approve",
            "",
            not_possible_refusal(Step.APPROVE.label, ReviewState.SUBMITTED),
        ),
        (
            "approved",
            editor_user,
            "start_review",
            "",
            not_possible_refusal(Step.START_REVIEW.label, ReviewState.APPROVED),
        ),
        (
            "under_review",
            board_user,
            "request_changes",
            "",
            comment_refusal(Step.REQUEST_CHANGES.label),
        ),
        (
            "under_review",
            editor_user,
            "reject",
            "   ",
            comment_refusal(Step.REJECT.label),
        ),
    ],
    ids=["wrong-state-approve", "wrong-state-start", "no-comment", "blank-comment"],
)
def test_a_step_that_is_not_possible_now_shows_why_and_changes_nothing(
    client, state, make_user, action, comment, problem
):
    article = article_in_state(state)
    before = snapshot(article)
    client.force_login(make_user())

    response = client.post(transition_url(article), {"action": action, "comment": comment})

    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    # The sentence, then who can lift it and where, when someone can (test_refusals.py).
    [(level, message)] = sent_messages(response)
    assert level == "error" and message.startswith(problem)
    assert snapshot(article) == before


@pytest.mark.parametrize("action", ["frobnicate", "", "take_snapshot", "delete", "save"])
def test_an_unknown_action_is_refused_and_changes_nothing(client, editor, action):
    article = article_in_state("submitted")
    before = (snapshot(article), Article.objects.count())
    client.force_login(editor)

    response = client.post(transition_url(article), {"action": action})

    assert action not in ACTIONS
    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    assert sent_messages(response) == [("error", NOT_A_STEP.format(action=action))]
    assert (snapshot(article), Article.objects.count()) == before


def test_the_transition_url_answers_get_with_405(client, editor):
    article = article_in_state("submitted")
    client.force_login(editor)

    response = client.get(transition_url(article), {"action": "start_review"})

    assert response.status_code == 405
    article.refresh_from_db()
    assert article.status == ReviewState.SUBMITTED


def test_a_transition_on_a_missing_article_is_not_found(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_transition", args=[987654]), {"action": "start_review"}
    )

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "author"])
def test_a_transition_posted_without_admin_access_is_sent_to_login(client, who):
    article = ArticleFactory()
    if who == "author":
        client.force_login(article.author)
    before = snapshot(article)

    response = client.post(transition_url(article), {"action": "submit"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert snapshot(article) == before


def test_a_transition_posted_without_csrf_token_is_refused(editor):
    article = article_in_state("submitted")
    before = snapshot(article)
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(transition_url(article), {"action": "start_review"})

    assert response.status_code == 403
    assert snapshot(article) == before


def test_a_transition_posted_from_the_panel_with_its_csrf_token_is_taken(editor):
    """The control for the test above: the same client succeeds with the page's token."""
    article = article_in_state("submitted")
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = client.post(
        transition_url(article), {"action": "start_review", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == ReviewState.UNDER_REVIEW


# --------------------------------------------------------------------------------------------
# Content is read-only in the admin: no add, no delete, no edit
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("make_user", [editor_user, superuser], ids=["editor", "superuser"])
def test_the_article_admin_has_no_add_or_delete(client, make_user):
    article = article_in_state("draft")
    client.force_login(make_user())

    assert client.get(reverse("admin:articles_article_add")).status_code == 403
    assert client.post(reverse("admin:articles_article_add"), {"title": "New"}).status_code == 403
    delete_url = reverse("admin:articles_article_delete", args=[article.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()
    assert Article.objects.count() == 1


@pytest.mark.parametrize("make_user", [editor_user, superuser], ids=["editor", "superuser"])
def test_article_content_is_read_only_and_posting_to_the_change_page_changes_nothing(
    client, make_user
):
    article = article_in_state("under_review")
    before = snapshot(article)
    client.force_login(make_user())

    page = client.get(change_url(article))
    response = client.post(
        change_url(article),
        {"title": "Rewritten by the admin", "slug": article.slug, "status": "approved"},
    )

    assert page.context["adminform"].form.fields == {}
    assert 'name="title"' not in page.content.decode()
    assert response.status_code == 403
    assert snapshot(article) == before


# --------------------------------------------------------------------------------------------
# History: readable, never restorable
# --------------------------------------------------------------------------------------------


def test_the_history_page_lists_each_step_with_who_took_it(client, editor):
    article = article_in_state("under_review", editor=editor)
    client.force_login(editor)

    response = client.get(history_url(article))

    assert response.status_code == 200
    rows = [
        (record.history_change_reason, record.history_user, record.status)
        for record in response.context["page_obj"]
    ]
    # The change reason is the step's label, followed by the comment when there is one.
    submitted, started = (
        step_reason(Step.SUBMIT, "Because."),
        step_reason(Step.START_REVIEW, "Because."),
    )
    assert (submitted, article.author, "submitted") in rows
    assert (started, editor, "under_review") in rows
    content = response.content.decode()
    assert escape(str(editor)) in content
    assert escape(str(article.author)) in content
    assert escape(started) in content


def article_with_history():
    """An article whose oldest history row is the draft, now under review."""
    article = article_in_state("under_review")
    oldest = article.history.earliest("history_date")
    data = {"title": "An older title", "slug": oldest.slug, "status": oldest.status}
    return article, oldest.history_id, data


def reference_with_history():
    reference = ReferenceFactory(title="The original title.")
    reference.title = "The corrected title."
    reference.save()
    oldest = reference.history.earliest("history_date")
    data = {
        "key": oldest.key,
        "kind": oldest.kind,
        "title": oldest.title,
        "journal": oldest.journal,
        "year": oldest.year,
    }
    return reference, oldest.history_id, data


def board_member_with_history():
    member = BoardMemberFactory(specialty="Psychiatry", active=True)
    member.specialty = "Developmental-behavioral pediatrics"
    member.active = False
    member.save()
    oldest = member.history.earliest("history_date")
    data = {
        "user": oldest.user_id,
        "display_name": oldest.display_name,
        "credentials": oldest.credentials,
        "specialty": oldest.specialty,
        "bio": oldest.bio,
        "active": "on",
    }
    return member, oldest.history_id, data


def state_of(obj) -> tuple:
    fresh = type(obj).objects.get(pk=obj.pk)
    fields = {
        Article: ("status", "title", "slug", "live_revision_id"),
        Reference: ("title", "key", "journal", "year"),
        BoardMember: ("specialty", "active", "display_name"),
    }[type(obj)]
    return (*(getattr(fresh, name) for name in fields), fresh.history.count())


@pytest.mark.parametrize("make_user", [editor_user, superuser], ids=["editor", "superuser"])
@pytest.mark.parametrize(
    "make_object",
    [article_with_history, reference_with_history, board_member_with_history],
    ids=["article", "reference", "board-member"],
)
def test_posting_to_a_history_form_cannot_restore_an_old_row(client, make_user, make_object):
    obj, history_id, old_values = make_object()
    opts = obj._meta
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, history_id]
    )
    before = state_of(obj)
    client.force_login(make_user())

    shown = client.get(url)
    response = client.post(url, old_values)

    assert shown.status_code == 200
    assert response.status_code == 403
    assert state_of(obj) == before


# --------------------------------------------------------------------------------------------
# The reference library
# --------------------------------------------------------------------------------------------

REFERENCE_ADD = "admin:references_reference_add"


def reference_data(**overrides) -> dict:
    return {
        "key": "forkey2021",
        "kind": "guideline",
        "title": "Trauma-informed care.",
        "authors": "Forkey H, Szilagyi M, Kelly ET, Duffee J.",
        "journal": "Pediatrics",
        "year": "2021",
        "volume": "148",
        "issue": "2",
        "pages": "e2021052580",
        "doi": "10.1542/peds.2021-052580",
        "pmid": "34312292",
        "url": "",
        **overrides,
    }


def test_an_editor_adds_a_reference(client, editor):
    client.force_login(editor)

    response = client.post(reverse(REFERENCE_ADD), reference_data())

    assert response.status_code == 302
    reference = Reference.objects.get(key="forkey2021")
    assert (reference.title, reference.year, reference.doi) == (
        "Trauma-informed care.",
        2021,
        "10.1542/peds.2021-052580",
    )
    assert reference.history.get().history_user == editor


def test_a_doi_pasted_as_a_doi_org_link_is_stored_as_the_bare_doi(client, editor):
    """``normalize_doi`` exists so that the same DOI is stored one way, whatever form it was
    pasted in; the admin must accept a resolver link and keep the DOI itself."""
    client.force_login(editor)

    response = client.post(
        reverse(REFERENCE_ADD), reference_data(doi="https://doi.org/10.1542/peds.2021-052580")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Reference.objects.get(key="forkey2021").doi == "10.1542/peds.2021-052580"


def test_a_board_member_may_not_add_a_reference(client, board_member):
    client.force_login(board_member)

    assert client.get(reverse(REFERENCE_ADD)).status_code == 403
    assert client.post(reverse(REFERENCE_ADD), reference_data()).status_code == 403
    assert not Reference.objects.exists()


def test_an_invalid_doi_is_shown_and_nothing_is_saved(client, editor):
    client.force_login(editor)

    response = client.post(reverse(REFERENCE_ADD), reference_data(doi="11.1542/not-a-doi"))

    assert response.status_code == 200
    assert "doi" in response.context["adminform"].form.errors
    assert "Enter a DOI of the form 10.&lt;registrant&gt;/&lt;suffix&gt;" in (
        response.content.decode()
    )
    assert not Reference.objects.exists()


# --------------------------------------------------------------------------------------------
# The roles created by the migration
# --------------------------------------------------------------------------------------------


def permissions_of(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_the_three_roles_exist_with_their_key_permissions():
    authors = permissions_of("Authors")
    board = permissions_of("Board members")
    editors = permissions_of("Editors")

    assert {"articles.add_article", "articles.view_article", "references.add_reference"} <= authors
    assert {
        "articles.view_article",
        "articles.view_articlerevision",
        "references.view_reference",
        "editorial.view_transitionlog",
    } <= board
    assert {
        "articles.view_article",
        "references.add_reference",
        "references.change_reference",
        "editorial.add_boardmember",
        "editorial.change_boardmember",
        "editorial.view_transitionlog",
    } <= editors
    # Reading only, for the board: references and the board itself are the editors' to change.
    assert not {perm for perm in board if not perm.split(".")[1].startswith("view_")}
    assert "editorial.change_boardmember" not in authors
    # Nobody deletes anything, and no role edits the audit trail. (Editors lift a sign-in
    # lockout by deleting its access attempt; the failure log keeps the record.)
    for granted in (authors, board, editors):
        assert not {perm for perm in granted if ".delete_" in perm} - {"axes.delete_accessattempt"}
        assert "editorial.change_transitionlog" not in granted
    assert "axes.delete_accessattempt" in editors


@pytest.mark.parametrize("state", ["submitted", "under_review"])
def test_view_on_site_is_not_offered_for_an_article_readers_cannot_see(client, editor, state):
    article = article_in_state(state)
    client.force_login(editor)
    page = client.get(change_url(article))
    assert page.status_code == 200
    assert "viewsitelink" not in page.content.decode()


def test_view_on_site_leads_to_the_public_page_of_a_published_article(client, editor):
    article = article_in_state("approved")
    client.force_login(editor)
    page = parse(client.get(change_url(article)))
    [link] = [a for a in page.find_all("a") if a.has_class("viewsitelink")]
    public = Client().get(link.attrs["href"], follow=True)
    assert public.status_code == 200
    assert article.live_revision.title in public.content.decode()
