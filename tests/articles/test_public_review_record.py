"""Issue 15 on the public page: each reviewer's declaration beside "Medically reviewed by" (and in
the JSON-LD), and "Every cited claim checked" only when that is true of the live revision."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from articles.models import Article
from editorial.models import ChecklistAnswer, InvitationStatus, ReviewInvitation
from editorial.reviews import (
    disclosure_publish,
    invitation_accept,
    invitation_declare_conflict,
    invitations_create,
)
from editorial.workflow import article_transition
from tests.factories import article_in_state, board_reviews, board_user, review_a
from tests.html import parse, visible_text
from tests.tasks import run_queued_tasks

CLAIMS_CHECKED = "Every cited claim checked by the Medical Advisory Board against its source."


def page_of(article: Article):
    return Client().get(article.get_absolute_url())


def json_ld(response) -> dict:
    (script,) = parse(response).find_all("script", type="application/ld+json")
    return json.loads(script.text())


@pytest.mark.django_db
def test_reviewers_declarations_are_shown_and_the_claims_promise_kept(editor):
    article = article_in_state("approved", editor=editor)
    response = page_of(article)
    text = visible_text(response)

    names = sorted(
        invitation.reviewer.display_name
        for invitation in ReviewInvitation.objects.filter(round__article=article)
    )
    assert (
        "Conflicts of interest: "
        + " · ".join(f"{name}: no conflicts of interest declared" for name in names)
        in text
    )
    assert CLAIMS_CHECKED in text
    people = json_ld(response)["reviewedBy"]
    assert {person["description"] for person in people} == {"Conflicts of interest: none declared."}


@pytest.mark.django_db
def test_a_published_disclosure_shows_at_once_escaped(editor):
    article = article_in_state("approved", editor=editor)
    page_of(article)  # cached now
    invitation = ReviewInvitation.objects.filter(round__article=article).first()

    disclosure_publish(
        invitation=invitation, by=editor, text="<script>x()</script> Speaker fees (2023)"
    )

    response = page_of(article)
    assert (
        f"{invitation.reviewer.display_name}: <script>x()</script> Speaker fees (2023)"
        in visible_text(response)
    )
    assert "<script>x()</script>" not in response.content.decode()
    descriptions = {person["description"] for person in json_ld(response)["reviewedBy"]}
    assert "Conflicts of interest: <script>x()</script> Speaker fees (2023)" in descriptions


@pytest.mark.django_db
def test_no_claims_promise_when_the_board_did_not_check_every_claim(editor, settings):
    settings.EDITORIAL_CLAIM_SIGNOFF = False
    article = article_in_state("under_review", editor=editor)
    board_reviews(article, editor=editor)  # every claim supported...
    second = article_in_state("under_review", editor=editor)
    for _ in range(2):
        member = board_user()
        (invitation,) = invitations_create(
            article=second, reviewers=[member.board_member], by=editor
        )
        invitation_accept(invitation=invitation, by=member)
        invitation_declare_conflict(invitation=invitation, by=member, has_conflict=False)
        review_a(
            invitation, member, claims=None, claims_supported=ChecklistAnswer.NO
        )  # ...here none
    for each in (article, second):
        article_transition(article=each, action="approve", by=editor)

    assert CLAIMS_CHECKED in visible_text(page_of(article))
    assert CLAIMS_CHECKED not in visible_text(page_of(second))


@pytest.mark.django_db
def test_a_scheduled_update_names_its_reviewers_only_once_it_is_live(editor):
    now = datetime(2025, 3, 1, 9, tzinfo=UTC)
    with time_machine.travel(now - timedelta(days=30), tick=False):
        article = article_in_state("approved", editor=editor)
    first_reviewers = set(
        ReviewInvitation.objects.filter(round__article=article).values_list(
            "reviewer__display_name", flat=True
        )
    )
    with time_machine.travel(now, tick=False):
        article = article_transition(article=article, action="start_rereview", by=editor).article
        ReviewInvitation.objects.filter(round__article=article, round__number=2).update(
            status=InvitationStatus.REPLACED
        )
        newcomers = board_reviews(article, editor=editor)
        article_transition(
            article=article, action="approve", by=editor, publish_at=now + timedelta(days=2)
        )
        text = visible_text(page_of(article))
    new_names = {review.invitation.reviewer.display_name for review in newcomers}
    assert all(name in text for name in first_reviewers)
    assert not any(name in text for name in new_names)

    with time_machine.travel(now + timedelta(days=3), tick=False):
        run_queued_tasks()
        text = visible_text(page_of(Article.objects.get(pk=article.pk)))
    assert all(name in text for name in new_names)
