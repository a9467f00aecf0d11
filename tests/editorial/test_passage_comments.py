"""Comments on passages (editorial.comments): the board comments on the words of the revision
under review, replies, resolves and reopens; the authors read the comments meant for them once
the decision is sent; comments follow their passage to the next revision. Bad input and those
who may not are refused with the services' own words, and nothing is saved."""

from __future__ import annotations

import pytest

from articles.models import Article, Section
from articles.rendering import plain_text
from articles.services import article_update
from editorial.comments import (
    COMMENT_NEEDED,
    NO_SUCH_SECTION,
    NOT_IN_REVISION,
    NOT_SENT_YET,
    NOT_UNDER_REVIEW,
    ONLY_THE_ROUND_COMMENTS,
    ONLY_THE_THREAD,
    OPEN_ALREADY,
    OTHER_ARTICLE,
    QUOTE_NEEDED,
    QUOTE_TOO_LONG,
    RESOLVED_ALREADY,
    UNKNOWN_AUDIENCE,
    comment_add,
    comment_add_problems,
    comment_reopen,
    comment_reopen_problems,
    comment_reply,
    comment_reply_problems,
    comment_resolve,
    comment_resolve_problems,
    comments_visible_to,
)
from editorial.models import CommentAudience, CommentReply, PassageComment
from editorial.passages import changed_reason, locate, moved_reason, words
from editorial.workflow import NO_OPEN_ROUND, PermissionRefused, WorkflowError
from tests.editorial.steps import invite, step, under_review
from tests.factories import ArticleFactory, author_user, board_user, editor_user

pytestmark = pytest.mark.django_db

BODY = (
    "Aspirin is not recommended for children with fever [@ref]. Paracetamol is preferred for "
    "comfort, not to lower the number.\n\nGive paracetamol by weight."
)


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


def revision_of(article):
    return Article.objects.get(pk=article.pk).latest_revision()


def add(article, by, quote="Research agrees", audience=CommentAudience.AUTHOR, **kwargs):
    return comment_add(
        article=article,
        revision=kwargs.pop("revision", None) or revision_of(article),
        by=by,
        quote=quote,
        body=kwargs.pop("body", "Which research?"),
        audience=audience,
        **kwargs,
    )


def refused(call, *args, **kwargs) -> WorkflowError:
    before = (PassageComment.objects.count(), CommentReply.objects.count())
    with pytest.raises(WorkflowError) as refusal:
        call(*args, **kwargs)
    assert (PassageComment.objects.count(), CommentReply.objects.count()) == before
    return refusal.value


# The passage's words --------------------------------------------------------------------------


def test_the_text_of_a_section_is_what_readers_read_without_citation_numbers():
    html = (
        '<p>Fever <em>is</em> common <sup class="citation"><a href="#ref-1">1</a></sup>.</p>'
        "<ul><li>One</li><li>Two &amp; three</li></ul>"
    )

    assert plain_text(html) == "Fever is common. One Two & three"


def test_a_quote_is_found_in_the_section_and_place_given_first():
    sections = [("A", "dose by weight. dose by weight."), ("B", "dose by weight.")]

    assert locate(sections, "dose  by\nweight").offset == 0
    assert locate(sections, "dose by weight", section_index=0, offset=14).offset == 16
    second = locate(sections, "dose by weight", section_index=1)
    assert (second.section_index, second.section, second.offset) == (1, "B", 0)
    assert locate(sections, "by height") is None
    assert words(" fever .  Yes ") == "fever. Yes"


# Commenting ----------------------------------------------------------------------------------


def test_an_invited_board_member_comments_on_a_passage_of_the_revision_under_review(
    article, reviewer
):
    comment = add(article, reviewer, quote="Research\n agrees.", audience=CommentAudience.BOARD)

    assert (comment.quote, comment.section, comment.section_index, comment.offset) == (
        "Research agrees.",
        "From the Research",
        1,
        0,
    )
    assert comment.revision == revision_of(article)
    assert comment.round == article.review_rounds.get()
    assert comment.is_confidential and not comment.is_resolved
    assert comment.history.get().history_change_reason == "Commented"


def test_an_editor_comments_without_an_invitation(article, editor):
    comment = add(article, editor, quote="Guidance says so.")

    assert comment.section == "From the Guidelines"
    assert comment_add_problems(editor, article) == []


@pytest.mark.parametrize(
    ("quote", "message"),
    [
        ("", QUOTE_NEEDED),
        ("   ", QUOTE_NEEDED),
        ("x" * 1001, QUOTE_TOO_LONG),
        ("Research disagrees", NOT_IN_REVISION.format(number=1)),
    ],
)
def test_a_quote_that_is_not_in_the_revision_is_refused(article, reviewer, quote, message):
    assert refused(add, article, reviewer, quote=quote).problems == [message]


def test_bad_input_is_refused_with_its_reason(article, reviewer):
    assert refused(add, article, reviewer, body="  ").problems == [COMMENT_NEEDED]
    assert refused(add, article, reviewer, audience="everyone").problems == [UNKNOWN_AUDIENCE]
    assert refused(add, article, reviewer, section_index=7).problems == [NO_SUCH_SECTION]


def test_a_comment_on_another_articles_revision_is_refused(article, reviewer, editor):
    other = under_review(editor)

    problems = refused(add, article, reviewer, revision=revision_of(other)).problems

    assert problems == [OTHER_ARTICLE]


def test_a_comment_on_an_older_revision_is_refused(editor, reviewer):
    article = under_review(editor)
    article = step(article, "request_changes", editor)
    article_update(article=article, by=article.author, title=article.title + " Really?")
    article = step(step(article, "resubmit", article.author), "start_review", editor)
    invite(article, editor, reviewer)
    first = article.revisions.get(number=1)

    assert refused(add, article, reviewer, revision=first).problems == [
        NOT_UNDER_REVIEW.format(number=1, current=2)
    ]


def test_without_a_round_in_progress_nobody_comments(editor):
    article = step(under_review(editor), "request_changes", editor)

    assert comment_add_problems(editor, article) == [NO_OPEN_ROUND]
    assert refused(add, article, editor).problems == [NO_OPEN_ROUND]


@pytest.mark.parametrize("who", ["anonymous", "author", "other author", "not invited", "co-author"])
def test_who_may_not_comment(article, who):
    from django.contrib.auth.models import AnonymousUser

    if who == "co-author":
        user = editor_user()
        article.coauthors.add(user)
    else:
        user = {
            "anonymous": AnonymousUser(),
            "author": article.author,
            "other author": author_user(),
            "not invited": board_user(),
        }[who]

    assert comment_add_problems(user, article) == [ONLY_THE_ROUND_COMMENTS]
    with pytest.raises(PermissionRefused):
        add(article, user)
    assert not PassageComment.objects.exists()


# The thread ---------------------------------------------------------------------------------


def test_the_board_replies_resolves_and_reopens(article, reviewer, editor):
    comment = add(article, reviewer)

    reply = comment_reply(comment=comment, by=editor, body=" Agreed. ")
    resolved = comment_resolve(comment=comment, by=editor)

    assert reply.body == "Agreed." and list(comment.replies.all()) == [reply]
    assert resolved.resolved_by == editor and resolved.is_resolved
    assert comment_resolve_problems(editor, resolved) == [RESOLVED_ALREADY]
    assert refused(comment_resolve, comment=resolved, by=editor).problems == [RESOLVED_ALREADY]
    assert refused(comment_reply, comment=resolved, by=editor, body="").problems
    reopened = comment_reopen(comment=resolved, by=reviewer)
    assert not reopened.is_resolved
    assert comment_reopen_problems(reviewer, reopened) == [OPEN_ALREADY]
    assert [row.history_change_reason for row in comment.history.order_by("history_id")] == [
        "Commented",
        "Resolved",
        "Reopened",
    ]


def test_the_author_answers_once_the_decision_is_sent(article, reviewer, editor):
    for_author = add(article, reviewer)
    board_only = add(article, reviewer, audience=CommentAudience.BOARD, quote="Guidance")
    author = article.author

    assert comment_reply_problems(author, for_author) == [NOT_SENT_YET]
    with pytest.raises(PermissionRefused):
        comment_reply(comment=for_author, by=author, body="Done.")
    assert list(comments_visible_to(author, article)) == []

    step(article, "request_changes", editor)

    assert list(comments_visible_to(author, article)) == [for_author]
    comment_reply(comment=for_author, by=author, body="Named the studies.")
    assert comment_resolve(comment=for_author, by=author).resolved_by == author
    assert comment_reply_problems(author, board_only) == [ONLY_THE_THREAD]
    with pytest.raises(PermissionRefused):
        comment_resolve(comment=board_only, by=author)
    assert set(comments_visible_to(editor, article)) == {for_author, board_only}


@pytest.mark.parametrize("who", ["anonymous", "other author", "not invited board member"])
def test_who_may_not_take_part_in_a_thread(article, reviewer, who):
    from django.contrib.auth.models import AnonymousUser

    comment = add(article, reviewer)
    user = {
        "anonymous": AnonymousUser(),
        "other author": author_user(),
        "not invited board member": board_user(),
    }[who]

    assert comment_reply_problems(user, comment) == [ONLY_THE_THREAD]
    with pytest.raises(PermissionRefused):
        comment_reply(comment=comment, by=user, body="Hello")
    with pytest.raises(PermissionRefused):
        comment_resolve(comment=comment, by=user)
    assert not CommentReply.objects.exists()
    assert not PassageComment.objects.get().is_resolved


def test_a_board_member_reads_but_another_author_reads_nothing(article, reviewer):
    add(article, reviewer, audience=CommentAudience.BOARD)

    assert comments_visible_to(board_user(), article).count() == 1
    assert comments_visible_to(author_user(), article).count() == 0


# Following the passage to the next revision --------------------------------------------------


def test_comments_move_to_the_same_passage_or_say_it_changed(editor, reviewer):
    article = ArticleFactory()
    Section.objects.filter(article=article, position=2).update(
        body="Research agrees. Trials were small."
    )
    article = step(step(article, "submit", article.author), "start_review", editor)
    invite(article, editor, reviewer)
    kept = add(article, reviewer, quote="Trials were small.")
    changed = add(article, reviewer, quote="Research agrees.")
    step(article, "request_changes", editor)
    article = Article.objects.get(pk=article.pk)
    sections = [
        ("From the Guidelines", article.sections.get(position=1).body),
        ("From the Research", "Two trials were small. Trials were small."),
    ]
    article_update(article=article, by=article.author, sections=sections)

    article = step(article, "resubmit", article.author)

    second = article.revisions.get(number=2)
    kept, changed = (
        PassageComment.objects.get(pk=kept.pk),
        PassageComment.objects.get(pk=changed.pk),
    )
    assert (kept.revision, kept.passage_changed, kept.offset) == (second, False, 23)
    assert (changed.revision, changed.passage_changed, changed.quote) == (
        second,
        True,
        "Research agrees.",
    )
    assert kept.history.latest().history_change_reason == moved_reason(2)
    assert changed.history.latest().history_change_reason == changed_reason(2)
