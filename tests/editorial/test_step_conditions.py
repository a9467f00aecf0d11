"""The conditions of a step (``editorial.workflow``) beyond its role: a comment to request
changes or reject, the conditions of submission and resubmission (text, citations, no work
twice), an acknowledged retraction before approval, a live revision before revising.
"""

from __future__ import annotations

import re

import pytest

from articles.models import Article, Section
from articles.services import article_update
from editorial.models import Step
from editorial.workflow import ReviewState, WorkflowError, article_transition
from editorial.workflow.machine import comment_refusal
from editorial.workflow.rules import (
    CITES_NOTHING,
    NEEDS_TEXT,
    NOT_PUBLISHED,
    unresolved_markers_refusal,
)
from tests.editorial.steps import S, snapshot, step
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    article_in_state,
    board_reviews,
    board_user,
)

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# Comments and the conditions of submission
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", [Step.REQUEST_CHANGES, Step.REJECT])
@pytest.mark.parametrize("comment", ["", "   ", "\n\t "])
def test_a_comment_is_required_to_request_changes_or_reject(action, comment):
    article = article_in_state("under_review")
    before = snapshot(article)

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action=action, by=board_user(), comment=comment)

    assert type(refused.value) is WorkflowError
    assert refused.value.problems == [comment_refusal(action.label)]
    assert snapshot(article) == before


def test_a_long_board_comment_is_recorded_whole():
    """Board comments are paragraphs, not one-liners: the step and its audit keep all of it."""
    article = article_in_state("under_review")
    comment = (
        "The dosing table contradicts the 2021 guideline for children under six. Please cite "
        "the guideline directly, give the weight-based dose, and explain when to refer to a "
        "specialist rather than start treatment in primary care."
    )

    article = step(article, "request_changes", board_user(), comment=comment)

    assert article.status == S.CHANGES_REQUESTED
    assert article.transition_logs.get(action="request_changes").comment == comment
    assert article.history.first().history_change_reason.startswith(Step.REQUEST_CHANGES.label)


@pytest.mark.parametrize("bodies", [[], ["", "   "]], ids=["no-sections", "blank-sections"])
def test_submit_needs_text(bodies):
    article = ArticleFactory(content=False)
    for position, body in enumerate(bodies, start=1):
        Section.objects.create(article=article, position=position, heading="Empty", body=body)
    before = snapshot(article)

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action="submit", by=article.author)

    assert type(refused.value) is WorkflowError
    assert refused.value.problems[0] == NEEDS_TEXT
    assert snapshot(article) == before


def test_submit_needs_every_citation_marker_to_name_a_reference():
    article = ArticleFactory()
    Section.objects.create(
        article=article, position=3, heading="Unsure", body="As shown elsewhere [@nope]."
    )
    before = snapshot(article)

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action="submit", by=article.author)

    assert refused.value.problems == [unresolved_markers_refusal(["nope"])]
    assert snapshot(article) == before


def test_submit_needs_a_cited_reference():
    article = ArticleFactory(content=False)
    article.references.add(ReferenceFactory())  # listed, but never cited
    Section.objects.create(article=article, position=1, heading="Text", body="No citation.")
    before = snapshot(article)

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action="submit", by=article.author)

    assert refused.value.problems == [
        CITES_NOTHING,
        f"These listed references are never cited: [@{article.references.get().key}].",
    ]
    assert snapshot(article) == before


def test_submit_refuses_a_reference_list_with_the_same_work_twice():
    article = ArticleFactory()
    first = article.references.get()
    twin = ReferenceFactory(title=first.title, journal=first.journal, year=first.year)
    article.references.add(twin)
    Section.objects.filter(article=article, position=2).update(body=f"Again [@{twin.key}].")
    before = snapshot(article)

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action="submit", by=article.author)

    assert any(first.key in problem and twin.key in problem for problem in refused.value.problems)
    assert snapshot(article) == before


def test_a_retracted_reference_blocks_approval_until_an_editor_acknowledges_it(editor):
    from articles.retractions import retraction_acknowledge
    from references.models import Retraction

    article = article_in_state("under_review", editor=editor)
    board_reviews(article, editor=editor)
    reference = article.references.get()
    reference.doi = "10.1000/retracted.1"
    reference.save()
    Retraction.objects.create(doi="10.1000/RETRACTED.1", notice="Retracted for data fabrication.")

    with pytest.raises(WorkflowError, match="retracted"):
        article_transition(article=article, action="approve", by=editor, comment="")
    assert Article.objects.get(pk=article.pk).status == ReviewState.UNDER_REVIEW

    retraction_acknowledge(
        article=article, reference=reference, by=editor, note="Cited as an example of a retraction."
    )
    entry = article_transition(article=article, action="approve", by=editor, comment="")
    assert entry.target == ReviewState.APPROVED


def test_resubmit_checks_the_conditions_again():
    article = article_in_state("changes_requested")
    key = article.references.get().key
    article_update(
        article=article, by=article.author, sections=[("Text", f"See [@{key}] and [@nope].")]
    )
    before = snapshot(article)

    with pytest.raises(WorkflowError, match=re.escape(unresolved_markers_refusal(["nope"]))):
        article_transition(article=article, action="resubmit", by=article.author)

    assert snapshot(article) == before


def test_revise_needs_a_live_revision():
    article = article_in_state("rejected")  # rejected before it was ever approved
    before = snapshot(article)

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action="revise", by=article.author)

    assert type(refused.value) is WorkflowError
    assert refused.value.problems == [NOT_PUBLISHED]
    assert snapshot(article) == before
