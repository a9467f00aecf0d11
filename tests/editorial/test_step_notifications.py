"""The emails a step of the review workflow queues (``editorial.workflow``): submitting emails
the editors, requesting changes emails each author with the comment, a refusal sends nothing.
"""

from __future__ import annotations

import pytest

from editorial.models import OutboundEmail
from editorial.workflow import ReviewState, WorkflowError, article_transition
from tests.editorial.steps import COMMENT, make_actor
from tests.factories import article_in_state, board_user, editor_user

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# Notifications
# --------------------------------------------------------------------------------------------


def test_submit_emails_the_editors(mailoutbox, deliver):
    editor = editor_user()
    editor_user(is_active=False)
    article = article_in_state("draft", editor=editor)

    article_transition(article=article, action="submit", by=article.author)

    assert mailoutbox == []  # queued with the step; the worker delivers
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == [editor.email]
    (message,) = deliver()
    assert message.to == [editor.email]
    assert article.title in message.subject


def test_request_changes_emails_each_author_with_the_comment(deliver):
    article = article_in_state("under_review")
    coauthor = make_actor("coauthor", article)
    board = board_user()
    deliver()

    article_transition(article=article, action="request_changes", by=board, comment="Add the dose.")
    messages = deliver()

    assert sorted(message.to[0] for message in messages) == sorted(
        [article.author.email, coauthor.email]
    )
    assert all(len(message.to) == 1 for message in messages)
    assert all("Add the dose." in message.body for message in messages)
    changes_requested = ReviewState.CHANGES_REQUESTED.label
    assert all(changes_requested in message.subject for message in messages)


@pytest.mark.parametrize(
    ("action", "role", "state"),
    [
        ("submit", "editor", "draft"),
        ("approve", "editor", "under_review"),  # no quorum of approving reviews
        ("approve", "editor_coauthor", "under_review"),  # an author never decides
        ("submit", "author", "submitted"),
    ],
)
def test_a_refused_step_sends_nothing(action, role, state, mailoutbox):
    article = article_in_state(state)
    user = make_actor(role, article)
    queued = OutboundEmail.objects.count()

    with pytest.raises(WorkflowError):
        article_transition(article=article, action=action, by=user, comment=COMMENT)

    assert OutboundEmail.objects.count() == queued  # the refusal queued nothing
    assert mailoutbox == []
