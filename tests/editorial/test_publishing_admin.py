"""Issue 15 in the admin: approving with a publication time, moving, publishing now or
cancelling it; publishing a reviewer's disclosure. Each form posts to a service that checks."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from articles.models import Article
from editorial.admin import GOES_LIVE, PUBLICATION_CANCELLED
from editorial.models import ReviewInvitation, ScheduledPublication, TransitionLog
from editorial.workflow.steps import PUBLISHED_NOW
from tests.clients import signed_in
from tests.factories import article_in_state, board_reviews, board_user, editor_user
from tests.html import visible_text
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def messages_of(response) -> list[str]:
    return [message.message for message in get_messages(response.wsgi_request)]


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def reviewed(editor) -> Article:
    with time_machine.travel(NOW, tick=False):
        article = article_in_state("under_review", editor=editor)
        board_reviews(article, editor=editor)
    return article


def approve(client: Client, article: Article, publish_at: str):
    return client.post(
        reverse("admin:articles_article_transition", args=[article.pk]),
        {"action": "approve", "comment": "Approved.", "publish_at": publish_at},
    )


def test_an_editor_approves_for_a_later_publication_and_moves_it(reviewed, editor):
    client = signed_in(editor)
    with time_machine.travel(NOW, tick=False):
        form = client.get(change_url(reviewed)).content.decode()
        assert 'name="publish_at"' in form and "Publish at (optional, UTC time)" in form
        response = approve(client, reviewed, "2025-03-05T08:30")
        goes_live = GOES_LIVE.format(when="March 5, 2025 at 08:30 UTC")
        assert goes_live in " ".join(messages_of(response))
        page = visible_text(client.get(change_url(reviewed)))
        assert "Scheduled: revision 1" in page and "goes live on March 5, 2025, 08:30 UTC" in page
        assert "nothing: the article is not on the site yet" in page
        publication = ScheduledPublication.objects.get()
        url = reverse("admin:articles_article_publication", args=[reviewed.pk, publication.pk])
        client.post(url, {"what": "move", "publish_at": "2025-03-10T09:00"})
    publication.refresh_from_db()
    assert publication.publish_at == datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
    with time_machine.travel(NOW + timedelta(days=10, hours=1), tick=False):
        run_queued_tasks()
    assert Article.objects.get(pk=reviewed.pk).is_published


def test_times_are_chosen_and_shown_in_the_publishers_zone(reviewed, editor, settings):
    """The publisher's TIME_ZONE: the time typed is read in it, and every time shown names it."""
    settings.TIME_ZONE = "America/New_York"
    client = signed_in(editor)
    with time_machine.travel(NOW, tick=False):
        form = client.get(change_url(reviewed)).content.decode()
        assert "Publish at (optional, America/New_York time)" in form
        response = approve(client, reviewed, "2025-03-05T08:30")
        assert GOES_LIVE.format(when="March 5, 2025 at 08:30 EST") in messages_of(response)[-1]
        page = visible_text(client.get(change_url(reviewed)))
        assert "goes live on March 5, 2025, 08:30 EST" in page
        assert "Move to (America/New_York time)" in page
    publication = ScheduledPublication.objects.get()
    assert publication.publish_at == datetime(2025, 3, 5, 13, 30, tzinfo=UTC)


def test_publish_now_and_cancel(reviewed, editor):
    client = signed_in(editor)
    with time_machine.travel(NOW, tick=False):
        approve(client, reviewed, "2025-03-05T08:30")
        publication = ScheduledPublication.objects.get()
        url = reverse("admin:articles_article_publication", args=[reviewed.pk, publication.pk])
        client.post(url, {"what": "now"})
        run_queued_tasks()
    assert Article.objects.get(pk=reviewed.pk).is_published

    other = article_in_state("under_review", editor=editor)
    board_reviews(other, editor=editor)
    with time_machine.travel(NOW, tick=False):
        approve(client, other, "2025-03-05T08:30")
        publication = ScheduledPublication.objects.get(article=other)
        url = reverse("admin:articles_article_publication", args=[other.pk, publication.pk])
        response = client.post(url, {"what": "cancel"})
    assert PUBLICATION_CANCELLED in messages_of(response)
    publication.refresh_from_db()
    assert publication.cancelled_at is not None


@pytest.mark.parametrize("bad", ["not a date", "2025-02-28T09:00"])
def test_a_bad_or_past_publication_time_is_refused_and_nothing_changes(reviewed, editor, bad):
    with time_machine.travel(NOW, tick=False):
        response = approve(signed_in(editor), reviewed, bad)
    assert response.status_code == 302
    assert messages_of(response)  # the reason, as an error message
    assert Article.objects.get(pk=reviewed.pk).status == "under_review"
    assert not ScheduledPublication.objects.exists()


def test_a_board_member_may_schedule_but_only_an_editor_moves(reviewed, editor):
    member = board_user()
    with time_machine.travel(NOW, tick=False):
        approve(signed_in(member), reviewed, "2025-03-05T08:30")
        publication = ScheduledPublication.objects.get()
        page = signed_in(member).get(change_url(reviewed)).content.decode()
        assert "Scheduled:" in page and "Move the publication" not in page
        url = reverse("admin:articles_article_publication", args=[reviewed.pk, publication.pk])
        assert signed_in(member).post(url, {"what": "cancel"}).status_code == 403
        coauthor = editor_user()
        reviewed.coauthors.add(coauthor)
        assert signed_in(coauthor).post(url, {"what": "now"}).status_code == 403
    publication.refresh_from_db()
    assert publication.is_pending and publication.publish_at == datetime(
        2025, 3, 5, 8, 30, tzinfo=UTC
    )


def test_an_editor_publishes_a_disclosure_from_the_board_panel(editor):
    article = article_in_state("approved", editor=editor)
    invitation = ReviewInvitation.objects.filter(round__article=article).first()
    url = reverse("admin:articles_article_disclosure", args=[article.pk, invitation.pk])
    page = signed_in(editor).get(change_url(article)).content.decode()
    assert url in page

    response = signed_in(editor).post(url, {"text": "Speaker fees (2023)"})

    assert response.status_code == 302
    assert f"{invitation.reviewer.display_name}: Speaker fees (2023)" in visible_text(
        Client().get(article.get_absolute_url())
    )


@pytest.mark.parametrize("who", ["board_member", "editor_coauthor"])
def test_only_an_editor_who_is_not_an_author_publishes_a_disclosure(editor, who):
    article = article_in_state("approved", editor=editor)
    invitation = ReviewInvitation.objects.filter(round__article=article).first()
    user = board_user() if who == "board_member" else editor_user()
    if who == "editor_coauthor":
        article.coauthors.add(user)
    url = reverse("admin:articles_article_disclosure", args=[article.pk, invitation.pk])

    assert url not in signed_in(user).get(change_url(article)).content.decode()
    assert signed_in(user).post(url, {"text": "Forged."}).status_code == 403
    assert ReviewInvitation.objects.get(pk=invitation.pk).public_disclosure == ""


def test_a_disclosure_over_500_characters_is_an_error_message(editor):
    article = article_in_state("approved", editor=editor)
    invitation = ReviewInvitation.objects.filter(round__article=article).first()
    url = reverse("admin:articles_article_disclosure", args=[article.pk, invitation.pk])

    response = signed_in(editor).post(url, {"text": "x" * 501})

    assert messages_of(response)
    assert ReviewInvitation.objects.get(pk=invitation.pk).public_disclosure == ""


def drafted_letter(client: Client, article: Article) -> str:
    page = client.get(change_url(article)).content.decode()
    start = page.index('id="comment-approve"')
    body = page[page.index(">", start) + 1 : page.index("</textarea>", start)]
    return html.unescape(body)


def test_a_scheduled_approvals_letter_says_when_it_goes_live(reviewed, editor, mailoutbox):
    client = signed_in(editor)
    with time_machine.travel(NOW, tick=False):
        letter = drafted_letter(client, reviewed)
        assert PUBLISHED_NOW in letter  # drafted before the time is chosen
        client.post(
            reverse("admin:articles_article_transition", args=[reviewed.pk]),
            {"action": "approve", "comment": letter, "publish_at": "2025-03-05T08:30"},
        )
        run_queued_tasks()
    sent = TransitionLog.objects.get(action="approve").comment
    assert PUBLISHED_NOW not in sent
    later = "The approved revision goes live on March 5, 2025 at 08:30 UTC; until then readers"
    assert later in sent
    [to_author] = [m for m in mailoutbox if reviewed.author.email in m.to]
    assert later in to_author.body and PUBLISHED_NOW not in to_author.body


def test_an_approval_now_keeps_the_letters_words(reviewed, editor):
    client = signed_in(editor)
    with time_machine.travel(NOW, tick=False):
        letter = drafted_letter(client, reviewed)
        client.post(
            reverse("admin:articles_article_transition", args=[reviewed.pk]),
            {"action": "approve", "comment": letter, "publish_at": ""},
        )
    sent = TransitionLog.objects.get(action="approve").comment
    assert PUBLISHED_NOW in sent and "goes live on" not in sent


def test_an_editors_own_letter_is_given_the_publication_time(reviewed, editor):
    client = signed_in(editor)
    with time_machine.travel(NOW, tick=False):
        approve(client, reviewed, "2025-03-05T08:30")
    sent = TransitionLog.objects.get(action="approve").comment
    assert sent.startswith("Approved.\n\n")
    assert sent.endswith(
        "goes live on March 5, 2025 at 08:30 UTC; until then readers keep the version they "
        "read now."
    )
