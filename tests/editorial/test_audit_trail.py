"""The audit trail of the review workflow (``editorial.workflow``): one transition log entry
per step, and django-simple-history recording who changed the article or its sections and why.
"""

from __future__ import annotations

import pytest

from articles.models import Section
from articles.services import article_update
from editorial.models import Step
from tests.editorial.steps import make_actor, step
from tests.factories import article_in_state, board_user, editor_user

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# The audit trail
# --------------------------------------------------------------------------------------------


def test_the_audit_trail_follows_the_article_through_the_workflow():
    editor, board = editor_user(), board_user()
    article = article_in_state("approved", editor=editor, board=board)

    logs = list(article.transition_logs.values_list("action", "source", "target", "actor"))

    assert logs == [
        ("submit", "draft", "submitted", article.author.pk),
        ("start_review", "submitted", "under_review", editor.pk),
        ("approve", "under_review", "approved", board.pk),
    ]
    assert {log.revision.number for log in article.transition_logs.all()} == {1}


def test_history_records_a_step_without_comment_under_its_label():
    article = article_in_state("draft")

    article = step(article, "submit", article.author, comment="")

    record = article.history.first()
    assert record.history_user == article.author
    assert record.history_change_reason == Step.SUBMIT.label
    assert article.transition_logs.get().comment == ""


def test_section_edits_record_who_made_them():
    article = article_in_state("draft")
    coauthor = make_actor("coauthor", article)
    key = article.references.get().key

    article_update(
        article=article,
        by=coauthor,
        title="What helps a child after trauma?",
        sections=[("From the Guidelines", f"New guidance [@{key}].")],
    )

    changed = Section.history.filter(article_id=article.pk, history_type="~").get()
    deleted = Section.history.filter(article_id=article.pk, history_type="-").get()
    assert changed.history_user == coauthor
    assert changed.body == f"New guidance [@{key}]."
    assert deleted.history_user == coauthor
    assert article.history.first().history_user == coauthor
    assert article.history.first().title == "What helps a child after trauma?"
