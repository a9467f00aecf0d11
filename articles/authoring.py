"""What the authors' pages read: their articles, the board's feedback, the steps open to them.

Everything starts from ``Article.objects.authored_by(user)``; the board's confidential comments
are never read here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from articles.compare import Comparison, Version, compare
from articles.models import Article
from editorial.models import AUTHOR_STEPS, DECISIONS, ReviewRound, TransitionLog, User
from editorial.workflow import (
    AvailableAction,
    ReviewState,
    available_actions,
    content_edit_problems,
)

# The steps an author takes on the site (``AUTHOR_STEPS``); everything else is the board's, in
# the admin.


@dataclass(frozen=True)
class BoardFeedback:
    """The board's latest decision as the author reads it: the letter and the reviewers'
    comments for the author that the letter does not already quote (never the confidential
    comments for the board)."""

    decision: TransitionLog
    round_number: int | None
    comments: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return ReviewState(self.decision.target).label


@dataclass(frozen=True)
class AuthorArticle:
    article: Article
    state: ReviewState
    round_number: int | None
    feedback: BoardFeedback | None
    actions: list[AvailableAction]
    edit_problems: list[str]

    @property
    def editable(self) -> bool:
        return not self.edit_problems


def articles_of(user: User) -> QuerySet[Article]:
    """The articles ``user`` wrote or co-wrote: the only ones their pages can reach."""
    return Article.objects.authored_by(user)


def author_steps(user: User, article: Article) -> list[AvailableAction]:
    return [
        offered
        for offered in available_actions(user, article)
        if offered.action.step in AUTHOR_STEPS
    ]


def board_feedback(articles: list[Article]) -> dict[int, BoardFeedback]:
    """The latest decision on each article, with its round's comments for the author."""
    decisions: dict[int, TransitionLog] = {}
    logs = TransitionLog.objects.filter(
        article__in=[article.pk for article in articles], action__in=DECISIONS
    ).order_by("created_at", "pk")
    for log in logs:
        decisions[log.article_id] = log  # the last one wins
    rounds = {
        closed.decision_id: closed
        for closed in ReviewRound.objects.filter(decision__in=decisions.values())
        .prefetch_related("invitations__review")
        .order_by()
    }
    feedback = {}
    for article_pk, decision in decisions.items():
        closed = rounds.get(decision.pk)
        comments = []
        letter = _words(decision.comment)
        if closed is not None:
            for invitation in closed.invitations.all():
                review = getattr(invitation, "review", None)
                # The drafted letter quotes each review; the author reads it once.
                if review is not None and _words(review.comments_for_author) not in letter:
                    comments.append(review.comments_for_author)
        feedback[article_pk] = BoardFeedback(
            decision=decision,
            round_number=closed.number if closed else None,
            comments=comments,
        )
    return feedback


def _words(text: str) -> str:
    return " ".join(text.split())


def dashboard_articles(user: User) -> QuerySet[Article]:
    """The author's articles for the dashboard, the most recently changed first."""
    return (
        articles_of(user)
        .select_related("live_revision")
        .prefetch_related("sections", "references", "review_rounds")
        .order_by("-updated_at", "-pk")
    )


def dashboard_rows(user: User, articles: Iterable[Article]) -> list[AuthorArticle]:
    """The dashboard's articles (one page of ``dashboard_articles``), each with its state,
    round, feedback and next steps."""
    articles = list(articles)
    feedback = board_feedback(articles)
    rows = []
    for article in articles:
        rounds = [review_round.number for review_round in article.review_rounds.all()]
        rows.append(
            AuthorArticle(
                article=article,
                state=ReviewState(article.status),
                round_number=max(rounds, default=None),
                feedback=feedback.get(article.pk),
                actions=author_steps(user, article),
                edit_problems=content_edit_problems(user, article),
            )
        )
    return rows


def latest_feedback(article: Article) -> BoardFeedback | None:
    return board_feedback([article]).get(article.pk)


@dataclass(frozen=True)
class WhatChanged:
    against_submitted: Comparison | None
    against_live: Comparison | None


def what_changed(article: Article) -> WhatChanged:
    """The working copy against the revision last submitted and against the live revision."""
    working = Version.of_working_copy(article)
    submitted = article.latest_revision()
    live = article.live_revision
    return WhatChanged(
        against_submitted=(
            compare(
                Version.of_revision(submitted, f"Revision {submitted.number}, submitted"), working
            )
            if submitted
            else None
        ),
        against_live=(
            compare(Version.of_revision(live, f"Revision {live.number}, live"), working)
            if live
            else None
        ),
    )
