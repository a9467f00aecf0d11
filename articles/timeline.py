"""An article's whole story in one list: edits, workflow steps, rounds, invitations, reviews."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.text import Truncator

from articles.models import Article, ArticleReference, Section
from editorial.models import (
    CommentReply,
    InvitationStatus,
    PassageComment,
    Review,
    ReviewInvitation,
    ReviewRound,
    TransitionLog,
    User,
)


@dataclass(frozen=True)
class Event:
    at: datetime
    who: User | None
    kind: str
    text: str
    detail: str = ""
    confidential: str = ""
    extra: dict = field(default_factory=dict)


def _history_events(records: list[Any], describe: Any) -> list[Event]:
    events = []
    previous: dict[Any, Any] = {}
    for record in sorted(records, key=lambda row: (row.history_date, row.history_id)):
        before = previous.get(record.id)
        text = describe(record, before)
        if text:
            events.append(Event(record.history_date, record.history_user, "edit", text))
        previous[record.id] = record
    return events


def _describe_article(record: Any, before: Any) -> str:
    if record.history_type == "+":
        return f"Article created: “{record.title}”"
    if before is None or record.history_change_reason:
        return ""  # workflow steps are listed from the transition log
    changed = [
        change.field
        for change in record.diff_against(before).changes
        if change.field not in {"status", "live_revision", "version"}
    ]
    return f"Article edited ({', '.join(changed)})" if changed else ""


def _describe_section(record: Any, before: Any) -> str:
    if record.history_type == "+":
        return f"Section added: “{record.heading}”"
    if record.history_type == "-":
        return f"Section removed: “{record.heading}”"
    return f"Section edited: “{record.heading}”"


def _describe_reference(record: Any, before: Any) -> str:
    verb = {"+": "added to", "-": "removed from", "~": "changed in"}[record.history_type]
    return f"Reference [@{record.reference.key}] {verb} the reference list"


def article_timeline(article: Article, *, confidential: bool) -> list[Event]:
    """The article's events. The board's confidential material (decline reasons, conflict of
    interest declarations, confidential comments, notes on addressed rejections) is in them only
    with ``confidential``, which the caller takes from ``roles.may_read_confidential``."""
    events: list[Event] = []
    events += _history_events(
        list(article.history.select_related("history_user")), _describe_article
    )
    events += _history_events(
        list(Section.history.filter(article_id=article.pk).select_related("history_user")),
        _describe_section,
    )
    events += _history_events(
        list(
            ArticleReference.history.filter(article_id=article.pk).select_related(
                "history_user", "reference"
            )
        ),
        _describe_reference,
    )
    for entry in TransitionLog.objects.filter(article=article).select_related("actor"):
        events.append(
            Event(
                entry.created_at,
                entry.actor,
                "transition",
                f"{entry.get_action_display()}: {entry.source_label} → {entry.target_label}",
                entry.comment,
            )
        )
    for review_round in ReviewRound.objects.filter(article=article).select_related("revision"):
        events.append(
            Event(
                review_round.opened_at,
                None,
                "round",
                f"{review_round} opened ({review_round.get_kind_display().lower()}) on "
                f"revision {review_round.revision.number}",
            )
        )
    invitations = ReviewInvitation.history.filter(round__article=article).select_related(
        "history_user", "reviewer"
    )
    records = invitations.exclude(status=InvitationStatus.REVIEWED)
    for record in records.order_by("history_date", "history_id"):
        reason = record.history_change_reason or record.get_status_display()
        detail = record.decline_reason if record.status == InvitationStatus.DECLINED else ""
        if record.status == InvitationStatus.CONFLICTED:
            detail = record.conflict_description
        if not confidential:
            detail = ""
        events.append(
            Event(
                record.history_date,
                record.history_user,
                "invitation",
                f"{record.reviewer.display_name}: {reason}",
                detail,
            )
        )
    reviews = Review.objects.filter(invitation__round__article=article).select_related(
        "invitation__reviewer__user", "invitation__round", "addressed_by"
    )
    for review in reviews:
        events.append(
            Event(
                review.submitted_at,
                review.invitation.reviewer.user,
                "review",
                f"Review ({review.invitation.round}): {review.get_recommendation_display()}",
                review.comments_for_author,
                review.confidential_comments if confidential else "",
            )
        )
        if review.addressed_at:
            events.append(
                Event(
                    review.addressed_at,
                    review.addressed_by,
                    "review",
                    f"Rejection recommended by {review.invitation.reviewer.display_name} addressed",
                    review.addressed_note if confidential else "",
                )
            )
    events += _comment_events(article, confidential=confidential)
    return sorted(events, key=lambda event: event.at)


def _comment_events(article: Article, *, confidential: bool) -> list[Event]:
    """Comments on passages, their replies, and each resolution, reopening and move to a new
    revision (from the comments' history). Without ``confidential``: only the comments meant
    for the authors whose decision was sent. A confidential comment's words, and its replies',
    are the event's confidential part."""
    comments = PassageComment.objects.of_article(article)
    if not confidential:
        comments = comments.for_the_author()
    comments = {comment.pk: comment for comment in comments.select_related("author")}

    def event(at: datetime, who: User, text: str, comment: PassageComment, body: str) -> Event:
        words = ("", body) if comment.is_confidential else (body, "")
        return Event(at, who, "comment", text, *words)

    events = []
    for comment in comments.values():
        audience = comment.get_audience_display().lower()
        quote = Truncator(comment.quote).chars(80)
        text = f"Comment ({audience}) on “{quote}”"
        events.append(event(comment.created_at, comment.author, text, comment, comment.body))
    replies = CommentReply.objects.filter(comment__in=list(comments)).select_related("author")
    for reply in replies:
        comment = comments[reply.comment_id]
        text = f"Reply on “{Truncator(comment.quote).chars(80)}”"
        events.append(event(reply.created_at, reply.author, text, comment, reply.body))
    records = PassageComment.history.filter(id__in=list(comments)).exclude(history_type="+")
    for record in records.select_related("history_user"):
        quote = Truncator(comments[record.id].quote).chars(80)
        text = f"{record.history_change_reason or 'Changed'}: comment on “{quote}”"
        events.append(Event(record.history_date, record.history_user, "comment", text))
    return events
