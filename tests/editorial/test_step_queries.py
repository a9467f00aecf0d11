"""What a step costs: each condition is evaluated once per step, by one engine, so approving the
seed-sized article (its three works, its cited claims, two approving reviewers who signed off
every claim) stays within a fixed budget of queries, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.demo import content
from articles.models import Article
from articles.services import article_create
from editorial.models import ReviewState, Step
from editorial.workflow import article_transition
from references.services import reference_create
from tests.factories import author_user, board_reviews, board_user, editor_user

pytestmark = pytest.mark.django_db

APPROVAL_BUDGET = 20
# The publication record the approval builds in its transaction (articles.publication): the
# live round, its reviewers, the claim checks, the change log, topics, periodic rounds, the
# retraction notices, the record written.
RECORD_BUDGET = 14


@pytest.fixture
def seed_under_review(settings) -> Article:
    """The seed article as the demo tells it, under review with a quorum of two approving
    reviews that signed off each of its claims."""
    settings.EDITORIAL_APPROVAL_QUORUM = 2
    editor = editor_user()
    for data in content.REFERENCES:
        reference_create(by=editor, **data)
    author = author_user()
    article = article_create(
        author=author,
        title=content.SEED_TITLE,
        slug=content.SEED_SLUG,
        sections=content.SEED_SECTIONS,
        reference_keys=content.SEED_REFERENCE_KEYS,
    )
    article_transition(article=article, action=Step.SUBMIT, by=author)
    article_transition(article=article, action=Step.START_REVIEW, by=editor)
    board_reviews(article, editor=editor)
    assert article.latest_revision().claims()  # claims to sign off, as on the seed page
    return Article.objects.get(pk=article.pk)


def test_approving_the_seed_article_takes_at_most_twenty_queries_and_its_record(seed_under_review):
    decider = board_user()

    with CaptureQueriesContext(connection) as queries:
        article_transition(article=seed_under_review, action=Step.APPROVE, by=decider)

    approved = Article.objects.get(pk=seed_under_review.pk)
    assert approved.status == ReviewState.APPROVED
    assert approved.live_revision.approved_by == decider
    statements = step_statements(queries)
    assert len(statements) <= APPROVAL_BUDGET + RECORD_BUDGET, "\n".join(statements)


def step_statements(queries: CaptureQueriesContext) -> list[str]:
    """The statements of one step, without the savepoint the test's own transaction wraps it in
    (outside a test, the step's transaction is the outermost one: BEGIN and COMMIT, which are
    not statements)."""
    statements = [query["sql"] for query in queries.captured_queries]
    assert statements[0].startswith("SAVEPOINT") and statements[-1].startswith("RELEASE")
    return statements[1:-1]
