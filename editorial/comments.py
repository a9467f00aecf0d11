"""Comments on passages of the revision under review: the board comments, replies, resolves and
reopens; the authors read the comments meant for them once the decision is sent, and answer or
resolve them.

Each service is atomic and keyword-only, and asks the check of the same name first
(``comment_add_problems``...), which the admin's and the authors' buttons ask too: a button is
offered exactly when the service would accept. A refusal raises ``PermissionRefused`` (no right:
a 403) or ``WorkflowError`` (not now, or bad input) and saves nothing. Who may read a
comment is ``comments_visible_to``: the board's confidential comments follow the one rule
``roles.may_read_confidential``. Every change is in the comment's history
(``editorial.history``), which the Timeline reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from editorial.history import save_with_history
from editorial.models import (
    CommentAudience,
    CommentReply,
    PassageComment,
    PassageCommentQuerySet,
    ReviewInvitation,
    ReviewRound,
    RoundOutcome,
    User,
)
from editorial.passages import CONTEXT, locate
from editorial.refusals import EDITOR_NOT_AUTHOR, INVITE_ANCHOR, Refusal, article_page
from editorial.workflow import (
    Someone,
    WorkflowError,
    is_author_of,
    is_board_member,
    is_editor,
    may_read_confidential,
    no_open_round_refusal,
    open_round,
    refuse,
)

# ``article`` below is the reviewed model (settings.EDITORIAL_REVIEWED_MODEL) and ``revision``
# its revision model (settings.EDITORIAL_REVISION_MODEL).
Article = Any
Revision = Any

QUOTE_LENGTH = 1000
BODY_LENGTH = 5000

# Refusals, in the words the board and the authors read.
ONLY_THE_ROUND_COMMENTS = (
    "Only an editor, or a board member invited to the round in progress, who is not an author "
    "of the article may comment on its passages."
)
ONLY_THE_THREAD = (
    "Only the board (an editor, or a board member invited to the round) and, once the decision "
    "is sent, the authors of the article for a comment meant for them may answer, resolve or "
    "reopen this comment."
)
NOT_SENT_YET = "The authors see the board's comments once the decision is sent."
OTHER_ARTICLE = "This revision is not one of this article's: comment on the article's own revision."
NOT_UNDER_REVIEW = (
    "Revision {number} is not the revision under review: comment on revision {current}, the "
    "one this round reviews."
)
QUOTE_NEEDED = "Quote the passage you comment on: select it in the revision, or paste its words."
QUOTE_TOO_LONG = f"Quote at most {QUOTE_LENGTH:,} characters of the passage."
NOT_IN_REVISION = (
    "The quoted words are not in revision {number}: quote the passage exactly as the revision "
    "under review reads it (citation numbers left out)."
)
NO_SUCH_SECTION = "Choose one of the revision's sections, or none."
COMMENT_NEEDED = "Write your comment."
REPLY_NEEDED = "Write your reply."
BODY_TOO_LONG = f"Keep it to {BODY_LENGTH:,} characters."
UNKNOWN_AUDIENCE = "Say whether the comment is for the author or confidential to the board."
RESOLVED_ALREADY = "This comment is resolved already."
OPEN_ALREADY = "This comment is open already."

# What the screens tell the person acting.
PASSAGES_CHANGED = "Passages that changed since the comment"
# Who lifts the refusals to comment, and where.
INVITING_TO_COMMENT = f"{EDITOR_NOT_AUTHOR}, by inviting you to review the round in progress"
SENDING_THE_DECISION = (
    "an editor, or a board member where the board may decide, by sending the decision"
)
COMMENT_ADDED = "Your comment on “{quote}” is saved."
REPLY_ADDED = "Your reply is saved."
COMMENT_RESOLVED = "The comment is resolved."
COMMENT_REOPENED = "The comment is open again."


def _short(quote: str, limit: int = 60) -> str:
    return quote if len(quote) <= limit else quote[:limit].rsplit(" ", 1)[0] + "…"


# --------------------------------------------------------------------------------------------
# Who may
# --------------------------------------------------------------------------------------------


def _invited(user: Someone, review_round: ReviewRound | None) -> bool:
    """A board member with an invitation on the round that still counts (invited, accepted,
    reviewed)."""
    if review_round is None or not is_board_member(user):
        return False
    return (
        ReviewInvitation.objects.filter(round=review_round, reviewer__user=user).active().exists()
    )


def may_comment(user: Someone, article: Article, review_round: ReviewRound | None) -> bool:
    """Editors and the board members invited to the round comment; never an author."""
    if is_author_of(user, article):
        return False
    return is_editor(user) or _invited(user, review_round)


def decision_sent(review_round: ReviewRound) -> bool:
    """The round was closed by a decision (not by a withdrawal): its letter went to the authors.
    The same rule as ``PassageComment.objects.for_the_author()``."""
    return not review_round.is_open and review_round.outcome not in ("", RoundOutcome.WITHDRAWN)


def _author_reads(user: Someone, comment: PassageComment) -> bool:
    article = comment.round.article
    return (
        is_author_of(user, article)
        and comment.audience == CommentAudience.AUTHOR
        and PassageComment.objects.for_the_author().filter(pk=comment.pk).exists()
    )


def comments_visible_to(user: Someone, article: Article) -> PassageCommentQuerySet:
    """The comments on the article that ``user`` may read: all of them for whoever may read the
    board's confidential material, those meant for them once the decision is sent for its
    authors, none for anyone else."""
    comments = PassageComment.objects.of_article(article).select_related(
        "author", "resolved_by", "revision", "round"
    )
    if may_read_confidential(user, article):
        return comments
    if is_author_of(user, article):
        return comments.for_the_author()
    return comments.none()


def comment_add_problems(user: Someone, article: Article) -> list[str]:
    """Why ``user`` may not comment on a passage of the article's revision under review now."""
    current = open_round(article)
    if not may_comment(user, article, current):
        return [
            Refusal(
                ONLY_THE_ROUND_COMMENTS,
                who=INVITING_TO_COMMENT,
                url=article_page(article, INVITE_ANCHOR),
                link_text="The round's invitations",
            )
        ]
    if current is None:
        return [no_open_round_refusal(article)]
    return []


def _thread_problems(user: Someone, comment: PassageComment) -> list[str]:
    """Who takes part in a thread: the board that may comment on the article (in the comment's
    round or the one in progress), and its authors for a comment meant for them, once sent."""
    article = comment.round.article
    board = may_read_confidential(user, article) and (
        may_comment(user, article, comment.round) or may_comment(user, article, open_round(article))
    )
    if board or _author_reads(user, comment):
        return []
    if is_author_of(user, article) and comment.audience == CommentAudience.AUTHOR:
        return [
            Refusal(
                NOT_SENT_YET,
                who=SENDING_THE_DECISION,
                url=article_page(article, "workflow-heading"),
                link_text="The decision, on the article's page",
            )
        ]
    return [ONLY_THE_THREAD]


def comment_reply_problems(user: Someone, comment: PassageComment) -> list[str]:
    return _thread_problems(user, comment)


def comment_resolve_problems(user: Someone, comment: PassageComment) -> list[str]:
    return _thread_problems(user, comment) or ([RESOLVED_ALREADY] if comment.is_resolved else [])


def comment_reopen_problems(user: Someone, comment: PassageComment) -> list[str]:
    return _thread_problems(user, comment) or ([] if comment.is_resolved else [OPEN_ALREADY])


def _refuse_thread(problems: list[str]) -> None:
    """A thread's refusal: no right is a 403; an author before the decision is sent is one too
    (they may not read it yet); "resolved already" and the like are messages."""
    refuse(problems, permitted=not ({ONLY_THE_THREAD, NOT_SENT_YET} & set(problems)))


@dataclass(frozen=True)
class Thread:
    """A comment with its replies, and what the reader may do with it (each flag is the
    service's own check)."""

    comment: PassageComment
    replies: list[CommentReply]
    can_reply: bool
    can_resolve: bool
    can_reopen: bool


@dataclass(frozen=True)
class SectionThreads:
    """The threads on one section of the revision (``index`` None: passages that changed)."""

    index: int | None
    heading: str
    threads: list[Thread]

    @property
    def open_count(self) -> int:
        return sum(1 for thread in self.threads if not thread.comment.is_resolved)


def comment_threads(user: Someone, article: Article) -> list[Thread]:
    """The threads ``user`` may read on the article, open ones first, in the text's order."""
    comments = comments_visible_to(user, article).prefetch_related(
        Prefetch("replies", queryset=CommentReply.objects.select_related("author"))
    )
    threads = []
    for comment in sorted(comments, key=lambda c: (c.is_resolved, c.section_index, c.offset)):
        comment.round.article = article
        problems = _thread_problems(user, comment)
        threads.append(
            Thread(
                comment=comment,
                replies=list(comment.replies.all()),
                can_reply=not problems,
                can_resolve=not problems and not comment.is_resolved,
                can_reopen=not problems and comment.is_resolved,
            )
        )
    return threads


def threads_by_section(threads: list[Thread], headings: Sequence[str]) -> list[SectionThreads]:
    """Threads under the sections of the revision they are read in, in order, then those whose
    passage changed (or whose section is gone); sections without threads are left out."""
    by_index: dict[int | None, list[Thread]] = {}
    for thread in threads:
        comment = thread.comment
        known = not comment.passage_changed and comment.section_index < len(headings)
        by_index.setdefault(comment.section_index if known else None, []).append(thread)
    groups = [
        SectionThreads(index, heading, by_index[index])
        for index, heading in enumerate(headings)
        if index in by_index
    ]
    if None in by_index:
        groups.append(SectionThreads(None, PASSAGES_CHANGED, by_index[None]))
    return groups


# --------------------------------------------------------------------------------------------
# Services
# --------------------------------------------------------------------------------------------


def _body(text: str, needed: str) -> str:
    text = text.strip()
    if not text:
        raise WorkflowError(needed)
    if len(text) > BODY_LENGTH:
        raise WorkflowError(BODY_TOO_LONG)
    return text


def _locked(comment: PassageComment) -> PassageComment:
    return (
        PassageComment.objects.select_for_update()
        .select_related("round__article", "revision")
        .get(pk=comment.pk)
    )


@transaction.atomic
def comment_add(
    *,
    article: Article,
    revision: Revision,
    by: User,
    quote: str,
    body: str,
    audience: str,
    section_index: int | None = None,
    offset: int = 0,
) -> PassageComment:
    """Comment on the passage ``quote`` of ``revision``, the revision under review of the
    article's round in progress. ``section_index`` and ``offset`` (from the reader's selection)
    say which occurrence is meant when the words appear more than once; without them the first
    is."""
    refuse(
        comment_add_problems(by, article), permitted=may_comment(by, article, open_round(article))
    )
    current = ReviewRound.objects.select_for_update().open().filter(article=article).first()
    if current is None:
        raise WorkflowError(no_open_round_refusal(article))
    if revision.article_id != article.pk:
        raise WorkflowError(OTHER_ARTICLE)
    if revision.pk != current.revision_id:
        raise WorkflowError(
            NOT_UNDER_REVIEW.format(number=revision.number, current=current.revision.number)
        )
    if audience not in CommentAudience.values:
        raise WorkflowError(UNKNOWN_AUDIENCE)
    if not quote.strip():
        raise WorkflowError(QUOTE_NEEDED)
    if len(quote.strip()) > QUOTE_LENGTH:
        raise WorkflowError(QUOTE_TOO_LONG)
    sections = revision.section_texts()
    if section_index is not None and not 0 <= section_index < len(sections):
        raise WorkflowError(NO_SUCH_SECTION)
    text = _body(body, COMMENT_NEEDED)
    anchor = locate(sections, quote, section_index=section_index, offset=offset)
    if anchor is None:
        raise WorkflowError(NOT_IN_REVISION.format(number=revision.number))
    comment = PassageComment(
        revision=revision,
        round=current,
        audience=audience,
        quote=anchor.quote,
        section=anchor.section,
        section_index=anchor.section_index,
        offset=anchor.offset,
        prefix=anchor.prefix[-CONTEXT:],
        suffix=anchor.suffix[:CONTEXT],
        body=text,
        author=by,
        created_at=timezone.now(),
    )
    comment.full_clean()
    return save_with_history(comment, by=by, reason="Commented")


@transaction.atomic
def comment_reply(*, comment: PassageComment, by: User, body: str) -> CommentReply:
    comment = _locked(comment)
    _refuse_thread(comment_reply_problems(by, comment))
    reply = CommentReply(
        comment=comment, author=by, body=_body(body, REPLY_NEEDED), created_at=timezone.now()
    )
    reply.full_clean()
    reply.save()
    return reply


@transaction.atomic
def comment_resolve(*, comment: PassageComment, by: User) -> PassageComment:
    comment = _locked(comment)
    _refuse_thread(comment_resolve_problems(by, comment))
    comment.resolved_at, comment.resolved_by = timezone.now(), by
    return save_with_history(comment, by=by, reason="Resolved")


@transaction.atomic
def comment_reopen(*, comment: PassageComment, by: User) -> PassageComment:
    comment = _locked(comment)
    _refuse_thread(comment_reopen_problems(by, comment))
    comment.resolved_at, comment.resolved_by = None, None
    return save_with_history(comment, by=by, reason="Reopened")


def comment_added_message(comment: PassageComment) -> str:
    return COMMENT_ADDED.format(quote=_short(comment.quote))


UNKNOWN_THREAD_ACTION = "Reply, resolve or reopen."


def comment_act(*, comment: PassageComment, by: User, what: str, body: str = "") -> str:
    """One of the thread's services by name (``reply`` with ``body``, ``resolve``, ``reopen``),
    as the admin's and the authors' forms post them; what to tell the person acting."""
    if what == "reply":
        comment_reply(comment=comment, by=by, body=body)
        return REPLY_ADDED
    if what == "resolve":
        comment_resolve(comment=comment, by=by)
        return COMMENT_RESOLVED
    if what == "reopen":
        comment_reopen(comment=comment, by=by)
        return COMMENT_REOPENED
    raise WorkflowError(UNKNOWN_THREAD_ACTION)
