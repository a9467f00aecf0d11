"""Two people acting on the same article at once: only one of them can succeed.

``article_transition`` locks the row (``select_for_update``) and re-reads the status before it
checks anything, and ``ConcurrentTransitionMixin`` refuses to save a transition taken from a
status that has changed in the database since the instance was loaded.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction
from django_fsm import ConcurrentTransition
from django_fsm.signals import pre_transition

from articles.models import Article
from editorial.models import Step, TransitionLog
from editorial.workflow import (
    ACTIONS,
    PermissionRefused,
    ReviewState,
    WorkflowError,
    article_transition,
)
from editorial.workflow.machine import not_possible_refusal
from editorial.workflow.steps import CONCURRENT_CHANGE
from tests.factories import article_in_state, board_reviews, board_user, editor_user

HOLD_SECONDS = 0.4


def race_refusals(first_action: str, second_action: str) -> list[list[str]]:
    """What the second of two steps taken at once may be told: that someone changed the article
    meanwhile, or that its step is not possible from where the first one left it."""
    left_in = ACTIONS[first_action].target
    return [[CONCURRENT_CHANGE], [not_possible_refusal(Step(second_action).label, left_in)]]


def reviewed_article() -> Article:
    """An article under review whose round has the quorum of approving reviews, so that only
    the race can stop a decision."""
    article = article_in_state("under_review")
    board_reviews(article, editor=editor_user())
    return article


def decisions(article: Article) -> list[str]:
    return list(
        TransitionLog.objects.filter(
            article=article, action__in=["approve", "reject", "request_changes"]
        ).values_list("action", flat=True)
    )


# --------------------------------------------------------------------------------------------
# Any database: stale copies in memory
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_stale_copy_cannot_overturn_a_decision_through_the_service():
    article = reviewed_article()
    first = Article.objects.get(pk=article.pk)
    stale = Article.objects.get(pk=article.pk)
    logs_before = TransitionLog.objects.filter(article=article).count()

    article_transition(article=first, action="approve", by=board_user())
    not_possible = not_possible_refusal(Step.REJECT.label, ReviewState.APPROVED)
    with pytest.raises(WorkflowError, match=re.escape(not_possible)) as refused:
        article_transition(article=stale, action="reject", by=board_user(), comment="No.")

    assert not isinstance(refused.value, PermissionRefused)
    assert stale.status == ReviewState.UNDER_REVIEW  # the stale copy was never changed
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.status == ReviewState.APPROVED
    assert fresh.live_revision is not None
    assert decisions(article) == ["approve"]
    assert TransitionLog.objects.filter(article=article).count() == logs_before + 1


@pytest.mark.django_db
def test_saving_a_transition_taken_on_a_stale_instance_raises_concurrent_transition():
    article = reviewed_article()
    first = Article.objects.get(pk=article.pk)
    stale = Article.objects.get(pk=article.pk)

    first.approve(by=board_user())
    first.save()
    stale.reject(by=board_user(), comment="No.")  # checks pass in memory: it still says so
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        stale.save()

    assert Article.objects.get(pk=article.pk).status == ReviewState.APPROVED


@pytest.mark.django_db
def test_the_service_turns_a_concurrent_change_into_a_refusal_and_rolls_everything_back():
    """Someone changes the row between the service's check and its save (simulated here from
    inside the step): the step is refused and leaves no trace, not even the revision's approval."""
    article = reviewed_article()
    logs_before = TransitionLog.objects.filter(article=article).count()

    def someone_else_withdraws(sender: Any, instance: Article, **kwargs: Any) -> None:
        Article.objects.filter(pk=instance.pk).update(status=ReviewState.WITHDRAWN)

    pre_transition.connect(someone_else_withdraws, sender=Article)
    try:
        with pytest.raises(WorkflowError, match=re.escape(CONCURRENT_CHANGE)):
            article_transition(article=article, action="approve", by=board_user())
    finally:
        pre_transition.disconnect(someone_else_withdraws, sender=Article)

    fresh = Article.objects.get(pk=article.pk)
    assert fresh.status == ReviewState.UNDER_REVIEW  # the simulated change was rolled back too
    assert fresh.live_revision is None
    assert fresh.revisions.get().approved_at is None
    assert fresh.last_reviewed_at is None
    assert fresh.review_rounds.get().closed_at is None  # the round is still open
    assert TransitionLog.objects.filter(article=article).count() == logs_before


# --------------------------------------------------------------------------------------------
# PostgreSQL: a real race between two connections
# --------------------------------------------------------------------------------------------


# Decided at collection, from the configured backend, so that no database is set up (and
# flushed) for nothing on SQLite.
requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        f"needs PostgreSQL: a real race needs row locks held across two connections, and this "
        f"run uses {connection.vendor} (set DATABASE_URL=postgres://...)"
    ),
)


@pytest.mark.postgres_only
@requires_postgresql
# Each thread needs to see the committed article, so no test transaction; serialized_rollback
# restores the roles (groups) that the migrations created and the flush after the test removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("first_action", "second_action"),
    [("approve", "reject"), ("approve", "approve"), ("reject", "approve")],
)
def test_two_reviewers_acting_at_once_cannot_both_succeed(first_action, second_action):
    article = reviewed_article()
    first_user, second_user = board_user(), board_user()
    logs_before = TransitionLog.objects.filter(article=article).count()
    both_loaded = threading.Barrier(2, timeout=5)
    row_locked = threading.Event()
    outcome: dict[str, Any] = {}
    times: dict[str, float] = {}

    def first() -> None:
        try:
            copy = Article.objects.get(pk=article.pk)
            both_loaded.wait()
            with transaction.atomic():
                # Take the row lock first and keep it a moment, so that the second
                # reviewer's step certainly runs while this one is in progress.
                Article.objects.select_for_update().get(pk=article.pk)
                row_locked.set()
                time.sleep(HOLD_SECONDS)
                article_transition(article=copy, action=first_action, by=first_user, comment="1")
                times["first_decided"] = time.monotonic()  # still holding the lock: not committed
            outcome["first"] = "ok"
        except Exception as exc:
            outcome["first"] = exc
        finally:
            row_locked.set()
            connection.close()

    def second() -> None:
        try:
            copy = Article.objects.get(pk=article.pk)
            both_loaded.wait()
            assert row_locked.wait(timeout=5)
            times["second_started"] = time.monotonic()
            try:
                article_transition(article=copy, action=second_action, by=second_user, comment="2")
                outcome["second"] = "ok"
            finally:
                times["second_finished"] = time.monotonic()
        except Exception as exc:
            outcome["second"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads)

    assert outcome["first"] == "ok", outcome
    refusal = outcome["second"]
    assert isinstance(refusal, WorkflowError), outcome
    assert not isinstance(refusal, PermissionRefused)
    assert refusal.problems in race_refusals(first_action, second_action), refusal.problems
    # The steps really overlapped: the second started while the first held the lock, and could
    # only finish once the first had committed.
    assert times["second_started"] < times["first_decided"] < times["second_finished"]
    fresh = Article.objects.get(pk=article.pk)
    expected = ReviewState.APPROVED if first_action == "approve" else ReviewState.REJECTED
    assert fresh.status == expected
    assert decisions(article) == [first_action]
    assert TransitionLog.objects.filter(article=article).count() == logs_before + 1
    if first_action == "approve":
        assert fresh.live_revision.approved_by == first_user
