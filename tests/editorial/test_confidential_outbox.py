"""Issue 20, item 6: the last two holes in the board's confidentiality, closed in the one rule.

- The outbox: a message about an article carries it (``OutboundEmail.article``), and the admin's
  list, pages and actions hold only the messages whose article the user may read the board's
  confidential material about (``may_read_confidential``): an editor who co-wrote the article
  never reads the email quoting a reviewer's conflict of interest.
- The board panel: where the round's claims stand ("Cited claims: …", the disputed ones) is the
  board's, inside the panel's board-only part.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article
from editorial import notifications
from editorial.admin import EMAILS_RETRIED
from editorial.models import BoardMember, ClaimVerdict, EmailStatus, OutboundEmail
from editorial.reviews import (
    invitation_accept,
    invitation_declare_conflict,
    invitation_decline,
    invitations_create,
)
from editorial.roles import confidential_readable, may_read_confidential
from editorial.workflow import article_transition
from tests.clients import signed_in
from tests.factories import ArticleFactory, author_user, board_user, editor_user, review_a
from tests.html import parse

pytestmark = pytest.mark.django_db

CONFLICT = "CONFLICT-OF-INTEREST: I consult for the maker of the drug."
DECLINE = "DECLINE-REASON: I treated the author's family."

fill = importlib.import_module("editorial.migrations.0018_outbox_messages_carry_their_article")


@pytest.fixture
def people():
    insider = editor_user(username="insider", email="insider@example.org")  # editor and co-author
    BoardMember.objects.create(user=insider, display_name="Dr. Insider", specialty="Psychiatry")
    return {
        "insider": insider,
        "outsider": editor_user(username="outsider", email="outsider@example.org"),
        "members": [board_user() for _ in range(3)],
    }


@pytest.fixture
def article(people):
    article = ArticleFactory()
    article.coauthors.add(people["insider"])
    article_transition(article=article, action="submit", by=article.author)
    article = article_transition(
        article=article, action="start_review", by=people["outsider"]
    ).article
    declining, conflicted, reviewing = invitations_create(
        article=article,
        reviewers=[member.board_member for member in people["members"]],
        by=people["outsider"],
    )
    invitation_decline(invitation=declining, by=people["members"][0], reason=DECLINE)
    invitation_accept(invitation=conflicted, by=people["members"][1])
    invitation_declare_conflict(
        invitation=conflicted, by=people["members"][1], has_conflict=True, description=CONFLICT
    )
    invitation_accept(invitation=reviewing, by=people["members"][2])
    invitation_declare_conflict(invitation=reviewing, by=people["members"][2], has_conflict=False)
    review_a(
        reviewing, people["members"][2], claims=ClaimVerdict.NOT_SUPPORTED, claims_supported="no"
    )  # disputed
    return Article.objects.get(pk=article.pk)


def quoting(secret: str) -> OutboundEmail:
    return OutboundEmail.objects.get(body__contains=secret)


def changelist() -> str:
    return reverse("admin:editorial_outboundemail_changelist")


def change(email: OutboundEmail) -> str:
    return reverse("admin:editorial_outboundemail_change", args=[email.pk])


# --------------------------------------------------------------------------------------------
# Messages carry their article
# --------------------------------------------------------------------------------------------


def test_every_message_about_the_article_carries_it(article):
    about_it = OutboundEmail.objects.filter(article=article)
    reasons = set(about_it.values_list("reason", flat=True))
    assert {"submit", "invitation", "invitation answered", "review submitted"} <= reasons
    assert not OutboundEmail.objects.filter(article__isnull=True).exists()
    assert quoting(CONFLICT).article == article
    assert quoting(DECLINE).article == article


def test_a_message_about_several_articles_carries_none(article, people):
    notifications.rereviews_due([article, ArticleFactory()])
    emails = OutboundEmail.objects.filter(reason="re-reviews due")
    assert emails.count() == 2  # one to each editor
    assert {email.article for email in emails} == {None}


# --------------------------------------------------------------------------------------------
# The outbox in the admin
# --------------------------------------------------------------------------------------------


def test_an_editor_who_co_wrote_the_article_never_reads_its_messages(article, people):
    client = signed_in(people["insider"])
    listing = client.get(changelist())
    assert listing.status_code == 200
    html = listing.content.decode()
    assert article.title not in html
    for secret in (CONFLICT, DECLINE):
        response = client.get(change(quoting(secret)), follow=True)
        assert escape(secret) not in response.content.decode()
        assert response.redirect_chain or response.status_code in {403, 404}
    assert client.get(change(quoting(CONFLICT)) + "?_popup=1").status_code != 200


def test_the_editor_who_may_read_them_reads_every_message(article, people):
    client = signed_in(people["outsider"])
    html = client.get(changelist()).content.decode()
    assert html.count(article.title) >= OutboundEmail.objects.filter(article=article).count() - 1
    for secret in (CONFLICT, DECLINE):
        response = client.get(change(quoting(secret)))
        assert response.status_code == 200
        assert escape(secret) in response.content.decode()


def test_messages_about_no_article_are_read_by_every_editor(article, people):
    notifications.rereviews_due([article])
    for email in OutboundEmail.objects.filter(reason="re-reviews due"):
        for editor in (people["insider"], people["outsider"]):
            assert signed_in(editor).get(change(email)).status_code == 200


def test_retrying_skips_the_messages_the_editor_may_not_read(article, people):
    email = quoting(CONFLICT)
    OutboundEmail.objects.filter(pk=email.pk).update(status=EmailStatus.FAILED, attempts=8)
    action = {"action": "retry_delivery", "_selected_action": [email.pk]}

    signed_in(people["insider"]).post(changelist(), action)
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED

    response = signed_in(people["outsider"]).post(changelist(), action, follow=True)
    assert EMAILS_RETRIED.format(retried=1) in response.content.decode()
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED


def test_a_bad_object_id_is_not_found_not_an_error(article, people):
    client = signed_in(people["outsider"])
    for bad in ("999999", "not-a-number"):
        response = client.get(f"/admin/editorial/outboundemail/{bad}/change/")
        assert response.status_code in {302, 404}


@pytest.mark.parametrize("who", ["author", "member", "anonymous"])
def test_who_may_not_open_the_outbox_at_all(article, people, who):
    from django.test import Client

    client = {
        "author": lambda: signed_in(article.author),
        "member": lambda: signed_in(people["members"][0]),
        "anonymous": Client,
    }[who]()
    for url in (changelist(), change(quoting(CONFLICT))):
        response = client.get(url)
        assert response.status_code in {302, 403}
        assert escape(CONFLICT) not in response.content.decode()


def test_the_filter_is_the_rule(article, people):
    """``confidential_readable`` says of every row what ``may_read_confidential`` says."""
    other = ArticleFactory()
    other.coauthors.add(people["members"][0])
    superuser = author_user(is_superuser=True, is_staff=True)
    users = [
        people["insider"],
        people["outsider"],
        *people["members"],
        article.author,
        superuser,
        editor_user(is_active=False),
        AnonymousUser(),
    ]
    for user in users:
        readable = set(Article.objects.filter(confidential_readable(user, "")).distinct())
        rule = {a for a in Article.objects.all() if may_read_confidential(user, a)}
        assert readable == rule, user
        emails = OutboundEmail.objects.filter(confidential_readable(user))
        assert {email.article for email in emails} <= rule


# --------------------------------------------------------------------------------------------
# The migration: existing messages get their article where the subject tells it
# --------------------------------------------------------------------------------------------


def test_the_migration_names_the_article_a_subject_names(article, people):
    twin = ArticleFactory(title="A title two articles share?")
    ArticleFactory(title="A title two articles share?")
    article_transition(article=twin, action="submit", by=twin.author)
    notifications.rereviews_due([article])
    known = dict(OutboundEmail.objects.values_list("pk", "article_id"))
    OutboundEmail.objects.update(article=None)

    fill.messages_name_their_article(apps, None)

    found = dict(OutboundEmail.objects.values_list("pk", "article_id"))
    for pk, article_id in known.items():
        email = OutboundEmail.objects.get(pk=pk)
        if article_id == twin.pk or email.reason == "re-reviews due":
            assert found[pk] is None, email.subject  # ambiguous, or about several
        else:
            assert found[pk] == article_id, email.subject
    assert found[quoting(CONFLICT).pk] == article.pk


@pytest.mark.parametrize(
    ("reason", "subject", "title"),
    [
        ("invitation", "[P] Invitation to review: Is it safe?", "Is it safe?"),
        ("invitation answered", "[P] Dr. A: Conflict of interest (Why: now?)", "Why: now?"),
        ("review submitted", "[Pub [x]] Review received: Q?", "Q?"),
        ("reminder (overdue)", "[P] Overdue review: Q?", "Q?"),
        ("approve", "[P] Does it work: really?: Approved", "Does it work: really?"),
        ("approve", "[P] no state here", None),
        ("re-reviews due", "[P] 2 article(s) due for periodic re-review", None),
        ("something else", "[P] Review received: Q?", None),
    ],
)
def test_the_migration_reads_each_kind_of_subject(reason, subject, title):
    assert fill.subject_title(reason, subject) == title


# --------------------------------------------------------------------------------------------
# The board panel
# --------------------------------------------------------------------------------------------


def signoff_of(user, article):
    html = parse(signed_in(user).get(reverse("admin:articles_article_change", args=[article.pk])))
    summary = [node for node in html.iter() if node.has_class("claim-signoff")]
    open_claims = [node for node in html.iter() if node.has_class("claim-signoff__open")]
    assert any(node.has_class("board-panel") for node in html.iter())  # the panel is there
    return summary, open_claims


def test_an_author_on_the_board_never_sees_where_the_claims_stand(article, people):
    member = people["members"][0]
    article.coauthors.add(member)
    for user in (people["insider"], member):
        assert signoff_of(user, article) == ([], [])


def test_the_board_sees_where_the_claims_stand(article, people):
    for user in (people["outsider"], people["members"][1]):
        summary, open_claims = signoff_of(user, article)
        assert len(summary) == 1 and len(open_claims) == 1
