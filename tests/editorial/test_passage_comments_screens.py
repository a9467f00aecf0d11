"""The comments screen in the admin (the revision under review beside its comments), its forms,
and where comments show: the board panel, the review screen, the board member's queue and the
Timeline. Anonymous, another author and a board member not invited are refused; the authors
never meet a confidential comment."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import escape

from articles.timeline import article_timeline
from editorial.comments import (
    COMMENT_REOPENED,
    COMMENT_RESOLVED,
    NOT_IN_REVISION,
    ONLY_THE_ROUND_COMMENTS,
    OTHER_ARTICLE,
    REPLY_ADDED,
    comment_add,
    comment_added_message,
)
from editorial.models import CommentAudience, CommentReply, PassageComment
from editorial.reviews import invitation_accept
from tests.clients import signed_in
from tests.editorial.steps import invite, step, under_review
from tests.factories import author_user, board_user, editor_user

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def editor():
    return editor_user()


@pytest.fixture
def reviewer():
    return board_user()


@pytest.fixture
def article(editor, reviewer):
    article = under_review(editor)
    invite(article, editor, reviewer)
    return article


def url(name, *args):
    return reverse(f"admin:articles_article_{name}", args=args)


def post_comment(client, article, **data):
    revision = article.latest_revision()
    fields = {
        "revision": revision.pk,
        "quote": "Research agrees.",
        "section": "",
        "offset": "",
        "audience": CommentAudience.AUTHOR,
        "body": "Which research?",
        **data,
    }
    return client.post(url("comment_add", article.pk), fields)


def test_the_screen_shows_the_revision_and_the_form_to_the_invited_reviewer(article, reviewer):
    response = signed_in(reviewer).get(url("comments", article.pk))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-section-index="1"' in body and "Research agrees." in body
    assert 'id="comment-form"' in body and "js/passage-comments.js" in body


def test_a_reviewer_comments_from_the_screen(article, reviewer):
    response = post_comment(signed_in(reviewer), article)

    comment = PassageComment.objects.get()
    assert response.status_code == 302 and response["Location"] == url("comments", article.pk)
    assert messages_of(response) == [comment_added_message(comment)]
    page = signed_in(reviewer).get(url("comments", article.pk)).content.decode()
    assert f'id="comment-{comment.pk}"' in page and "Which research?" in page


def test_a_quote_not_in_the_revision_is_refused_on_the_screen(article, reviewer):
    response = post_comment(signed_in(reviewer), article, quote="Research disagrees.")

    assert messages_of(response) == [NOT_IN_REVISION.format(number=1)]
    assert not PassageComment.objects.exists()


def test_another_articles_revision_is_refused_on_the_screen(article, reviewer, editor):
    other = under_review(editor)

    response = post_comment(
        signed_in(reviewer), article, revision=other.latest_revision().pk, quote="Guidance"
    )

    assert messages_of(response) == [OTHER_ARTICLE]
    assert not PassageComment.objects.exists()


def test_a_board_member_not_invited_reads_but_may_not_comment(article):
    member = board_user()
    client = signed_in(member)

    page = client.get(url("comments", article.pk)).content.decode()
    response = post_comment(client, article)

    assert 'id="comment-form"' not in page and escape(ONLY_THE_ROUND_COMMENTS) in page
    assert response.status_code == 403
    assert not PassageComment.objects.exists()


def test_anonymous_and_authors_are_kept_out(client, article, reviewer):
    comment = comment_add(
        article=article,
        revision=article.latest_revision(),
        by=reviewer,
        quote="Research agrees.",
        body="Board only.",
        audience=CommentAudience.BOARD,
    )
    thread = url("comment_thread", article.pk, comment.pk, "reply")

    for path in (url("comments", article.pk), url("comment_add", article.pk), thread):
        response = client.get(path) if path.endswith("comments/") else client.post(path)
        assert response.status_code == 302 and "/login/" in response["Location"]
    author = article.author
    author.is_staff = True
    author.save()
    assert signed_in(author).get(url("comments", article.pk)).status_code == 403
    assert signed_in(author_user(is_staff=True)).post(thread, {"body": "Hi"}).status_code in (
        403,
        404,
    )
    assert not CommentReply.objects.exists()


def test_the_thread_is_answered_resolved_and_reopened_on_the_screen(article, reviewer, editor):
    comment = comment_add(
        article=article,
        revision=article.latest_revision(),
        by=reviewer,
        quote="Research agrees.",
        body="Which research?",
        audience=CommentAudience.AUTHOR,
    )
    client = signed_in(editor)

    replied = client.post(url("comment_thread", article.pk, comment.pk, "reply"), {"body": "Yes"})
    resolved = client.post(url("comment_thread", article.pk, comment.pk, "resolve"))
    page = client.get(url("comments", article.pk)).content.decode()
    reopened = client.post(url("comment_thread", article.pk, comment.pk, "reopen"))

    # The messages wait for the next page; each response adds its own.
    assert messages_of(replied) == [REPLY_ADDED]
    assert messages_of(resolved)[-1] == COMMENT_RESOLVED
    assert messages_of(reopened)[-1] == COMMENT_REOPENED
    assert replied["Location"].endswith(f"#comment-{comment.pk}")
    assert f"{comment.pk}/reopen/" in page and f"{comment.pk}/resolve/" not in page
    assert not PassageComment.objects.get().is_resolved


def test_comments_show_on_the_panel_the_review_screen_the_queue_and_the_timeline(
    article, reviewer, editor
):
    comment_add(
        article=article,
        revision=article.latest_revision(),
        by=editor,
        quote="Research agrees.",
        body="Secret note.",
        audience=CommentAudience.BOARD,
    )
    invitation = reviewer.board_member.invitations.get()
    invitation_accept(invitation=invitation, by=reviewer)

    panel = signed_in(editor).get(url("change", article.pk)).content.decode()
    home = signed_in(reviewer).get(reverse("admin:index")).content.decode()
    review = signed_in(reviewer).get(
        reverse("admin:editorial_awaitingmyreview_review", args=[invitation.pk])
    )

    assert "Comments on passages: 1 open, 0 resolved." in panel
    assert url("comments", article.pk) in panel
    assert "Secret note." in panel  # the open comments, listed for the board
    assert "1 open comment on passages" in home
    queue = signed_in(reviewer).get(reverse("admin:editorial_awaitingmyreview_changelist"))
    assert queue.context["cl"].result_list[0].open_comments == 1
    assert url("comments", article.pk) in review.content.decode()
    board_events = article_timeline(article, confidential=True)
    assert any("Secret note." in event.confidential for event in board_events)
    authors_events = article_timeline(article, confidential=False)
    assert not any("Secret note." in event.detail + event.confidential for event in authors_events)


def test_the_timeline_shows_a_comment_for_the_author_once_sent(article, reviewer, editor):
    comment_add(
        article=article,
        revision=article.latest_revision(),
        by=reviewer,
        quote="Research agrees.",
        body="Name the studies.",
        audience=CommentAudience.AUTHOR,
    )
    before = article_timeline(article, confidential=False)
    step(article, "request_changes", editor)

    after = article_timeline(article, confidential=False)

    assert not any("Name the studies." in event.detail for event in before)
    assert any("Name the studies." in event.detail for event in after)


# The authors' side -----------------------------------------------------------------------------


def two_comments(article, reviewer):
    revision = article.latest_revision()
    shared = comment_add(
        article=article,
        revision=revision,
        by=reviewer,
        quote="Research agrees.",
        body="Name the studies.",
        audience=CommentAudience.AUTHOR,
    )
    secret = comment_add(
        article=article,
        revision=revision,
        by=reviewer,
        quote="Guidance says so.",
        body="Between us: weak source.",
        audience=CommentAudience.BOARD,
    )
    return shared, secret


def author_url(article, comment=None, what=""):
    if comment is None:
        return reverse("authoring:edit", args=[article.pk])
    return reverse("authoring:comment", args=[article.pk, comment.pk, what])


def test_the_author_reads_answers_and_resolves_beside_the_text(article, reviewer, editor):
    shared, secret = two_comments(article, reviewer)
    step(article, "request_changes", editor)
    client = signed_in(article.author)

    page = client.get(author_url(article)).content.decode()
    replied = client.post(author_url(article, shared, "reply"), {"body": "Named them."})
    resolved = client.post(author_url(article, shared, "resolve"))

    assert "Name the studies." in page and f'id="comment-{shared.pk}"' in page
    assert "Between us" not in page and "weak source" not in page
    assert "1 comment from the board on this section (1 open)" in page
    assert replied["Location"] == f"{author_url(article)}#comment-{shared.pk}"
    assert messages_of(replied) == [REPLY_ADDED]
    assert messages_of(resolved)[-1] == COMMENT_RESOLVED
    shared = PassageComment.objects.get(pk=shared.pk)
    assert shared.is_resolved and shared.resolved_by == article.author
    assert shared.replies.get().body == "Named them."
    assert client.post(author_url(article, secret, "reply"), {"body": "?"}).status_code == 404
    assert client.get(reverse("authoring:comments", args=[article.pk]))["Location"].endswith(
        "#board-comments"
    )


def test_the_author_sees_nothing_before_the_decision_is_sent(article, reviewer):
    shared, _ = two_comments(article, reviewer)
    client = signed_in(article.author)

    page = client.get(author_url(article)).content.decode()

    assert "Name the studies." not in page and "board-comments" not in page
    assert client.post(author_url(article, shared, "reply"), {"body": "Hi"}).status_code == 404
    assert not CommentReply.objects.exists()


def test_another_author_reaches_nothing(article, reviewer, editor):
    shared, _ = two_comments(article, reviewer)
    step(article, "request_changes", editor)

    response = signed_in(author_user()).post(author_url(article, shared, "resolve"))

    assert response.status_code == 404
    assert not PassageComment.objects.get(pk=shared.pk).is_resolved
