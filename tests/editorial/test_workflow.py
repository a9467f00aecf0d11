"""The review workflow (``editorial.workflow``), step by step: the whole state graph.

For every step: it succeeds from each allowed source for each role that may take it, it is
refused from every other state, and it is refused for the wrong role; a refusal changes nothing.
Then the rules that are more than a role (authors never review their own article, inactive
people never act, comments and submission conditions), the audit trail, published revisions,
editing the working copy, notifications and the actions offered to each user.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from articles.models import Article, ArticleRevision, Section
from articles.services import article_update
from editorial.models import BoardMember, OutboundEmail, Step, TransitionLog, User
from editorial.workflow import (
    ACTIONS,
    PermissionRefused,
    ReviewState,
    WorkflowError,
    article_transition,
    available_actions,
    content_edit_problems,
    submission_step,
)
from editorial.workflow.rules import quorum_refusal
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    article_in_state,
    author_user,
    board_reviews,
    board_user,
    editor_user,
)

pytestmark = pytest.mark.django_db

S = ReviewState
COMMENT = "Please cite the 2021 guideline."

# The editorial policy, written down independently of the code: step -> (sources, target).
POLICY: dict[str, tuple[frozenset[ReviewState], ReviewState]] = {
    "submit": (frozenset({S.DRAFT}), S.SUBMITTED),
    "resubmit": (frozenset({S.CHANGES_REQUESTED}), S.SUBMITTED),
    "withdraw": (
        frozenset({S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.CHANGES_REQUESTED}),
        S.WITHDRAWN,
    ),
    "reopen": (frozenset({S.WITHDRAWN}), S.DRAFT),
    "start_review": (frozenset({S.SUBMITTED}), S.UNDER_REVIEW),
    "start_rereview": (frozenset({S.APPROVED}), S.UNDER_REVIEW),
    "request_changes": (frozenset({S.SUBMITTED, S.UNDER_REVIEW}), S.CHANGES_REQUESTED),
    "reject": (frozenset({S.SUBMITTED, S.UNDER_REVIEW}), S.REJECTED),
    "approve": (frozenset({S.UNDER_REVIEW}), S.APPROVED),
    "revise": (frozenset({S.APPROVED, S.REJECTED}), S.DRAFT),
    "archive": (
        frozenset({S.DRAFT, S.CHANGES_REQUESTED, S.APPROVED, S.REJECTED, S.WITHDRAWN}),
        S.ARCHIVED,
    ),
}

# Who may take each step (roles are built by ``make_actor``).
RIGHT_ROLES: dict[str, tuple[str, ...]] = {
    "submit": ("author", "coauthor"),
    "resubmit": ("author", "coauthor"),
    "withdraw": ("author", "coauthor"),
    "reopen": ("author", "editor"),
    "start_review": ("editor",),
    "start_rereview": ("editor",),
    "request_changes": ("board", "editor"),
    "reject": ("board", "editor"),
    "approve": ("board", "editor"),
    "revise": ("author", "editor"),
    "archive": ("editor",),
}

# Who may not, from a state where the step is otherwise possible.
WRONG_ROLES: dict[str, tuple[str, ...]] = {
    "submit": ("anonymous", "other_author", "editor", "board", "inactive_author"),
    "resubmit": ("anonymous", "other_author", "editor", "board", "inactive_author"),
    "withdraw": ("anonymous", "other_author", "editor", "board", "inactive_author"),
    "reopen": ("anonymous", "other_author", "board", "inactive_author"),
    "start_review": (
        "anonymous",
        "other_author",
        "author",
        "board",
        "editor_coauthor",
        "inactive_editor",
    ),
    "request_changes": (
        "anonymous",
        "other_author",
        "author",
        "coauthor",
        "board_coauthor",
        "editor_coauthor",
        "inactive_editor",
        "inactive_board_member",
    ),
    "reject": (
        "anonymous",
        "other_author",
        "author",
        "coauthor",
        "board_coauthor",
        "editor_coauthor",
        "inactive_editor",
        "inactive_board_member",
    ),
    "start_rereview": (
        "anonymous",
        "other_author",
        "author",
        "board",
        "editor_coauthor",
        "inactive_editor",
    ),
    "approve": (
        "anonymous",
        "other_author",
        "author",
        "coauthor",
        "board_coauthor",
        "editor_coauthor",
        "inactive_editor",
        "inactive_board_member",
        "inactive_board_user",
    ),
    "revise": ("anonymous", "other_author", "board", "inactive_author"),
    "archive": ("anonymous", "other_author", "author", "board", "inactive_editor"),
}

ALLOWED = [
    (action, source, role)
    for action, (sources, _target) in POLICY.items()
    for source in sorted(sources)
    for role in RIGHT_ROLES[action]
]
FORBIDDEN = [
    (action, state)
    for action, (sources, _target) in POLICY.items()
    for state in ReviewState
    if state not in sources
]
REFUSED_ROLES = [(action, role) for action, roles in WRONG_ROLES.items() for role in roles]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def make_actor(role: str, article: Article) -> Any:
    """A user playing ``role`` towards ``article`` (co-author roles are added to it)."""
    if role == "anonymous":
        return AnonymousUser()
    if role == "author":
        return article.author
    if role == "inactive_author":
        User.objects.filter(pk=article.author_id).update(is_active=False)
        return User.objects.get(pk=article.author_id)
    if role == "other_author":
        return author_user()
    if role == "editor":
        return editor_user()
    if role == "board":
        return board_user()
    if role == "inactive_editor":
        return editor_user(is_active=False)
    if role == "inactive_board_user":
        return board_user(is_active=False)
    if role == "inactive_board_member":
        user = board_user()
        BoardMember.objects.filter(user=user).update(active=False)
        return User.objects.get(pk=user.pk)
    makers = {"coauthor": author_user, "editor_coauthor": editor_user, "board_coauthor": board_user}
    user = makers[role]()
    article.coauthors.add(user)
    return user


def article_ready_for(action: str, state: ReviewState, **kwargs: Any) -> Article:
    """An article in ``state``; a rejected one has a live revision when it is to be revised,
    and one to approve has the quorum of approving reviews, so only the role is in question."""
    if action == "revise" and state == S.REJECTED:
        return rejected_update(**kwargs)
    article = article_in_state(state, **kwargs)
    if action == "approve" and state == S.UNDER_REVIEW:
        board_reviews(article, editor=editor_user())
    return article


def reviewed(state: str = "under_review", **kwargs: Any) -> Article:
    """An article under review whose open round has the quorum of approving reviews."""
    article = article_in_state(state, **kwargs)
    board_reviews(article, editor=editor_user())
    return article


def step(article: Article, action: str, by: Any, comment: str = COMMENT) -> Article:
    article_transition(article=article, action=action, by=by, comment=comment)
    return Article.objects.get(pk=article.pk)


def rejected_update(**kwargs: Any) -> Article:
    """An approved article whose next revision the board rejected: it keeps a live revision."""
    article = article_in_state("approved", **kwargs)
    editor, board = editor_user(), board_user()
    article = step(article, "revise", article.author)
    article = step(article, "submit", article.author)
    article = step(article, "start_review", editor)
    return step(article, "reject", board)


def snapshot(article: Article) -> dict[str, Any]:
    """Everything a refused step must leave as it was."""
    fresh = Article.objects.get(pk=article.pk)
    return {
        "status": fresh.status,
        "live_revision": fresh.live_revision_id,
        "logs": TransitionLog.objects.filter(article=article).count(),
        "revisions": ArticleRevision.objects.filter(article=article).count(),
        "approved": ArticleRevision.objects.filter(
            article=article, approved_at__isnull=False
        ).count(),
        "history": fresh.history.count(),
    }


def sections_of(article: Article) -> list[tuple[str, str]]:
    return list(Section.objects.filter(article=article).values_list("heading", "body"))


# --------------------------------------------------------------------------------------------
# The state graph
# --------------------------------------------------------------------------------------------


def test_the_code_declares_exactly_the_editorial_policy():
    declared = {name: (frozenset(a.sources), a.target) for name, a in ACTIONS.items()}
    assert declared == POLICY


@pytest.mark.parametrize(("action", "source", "role"), ALLOWED)
def test_step_succeeds_from_each_allowed_source_for_the_right_role(action, source, role):
    article = article_ready_for(action, source)
    user = make_actor(role, article)
    before = snapshot(article)

    entry = article_transition(article=article, action=action, by=user, comment=f"  {COMMENT} ")

    article.refresh_from_db()
    target = POLICY[action][1]
    assert article.status == target
    new_revisions = 1 if action in ("submit", "resubmit", "start_rereview") else 0
    assert article.revisions.count() == before["revisions"] + new_revisions
    # One audit entry: who, what, from where, to where, why, and which revision.
    assert TransitionLog.objects.filter(article=article).count() == before["logs"] + 1
    entry = TransitionLog.objects.get(pk=entry.pk)
    assert entry.actor == user
    assert (entry.action, entry.source, entry.target) == (action, source, target)
    assert entry.comment == COMMENT
    latest = article.revisions.order_by("-number").first()
    assert entry.revision == latest
    # django-simple-history records who changed the article and why.
    record = article.history.first()
    assert record.status == target
    assert record.history_user == user
    assert record.history_change_reason == f"{ACTIONS[action].label}: {COMMENT}"


@pytest.mark.parametrize(("action", "state"), FORBIDDEN)
def test_step_is_refused_from_a_forbidden_source_and_nothing_changes(action, state):
    article = article_in_state(state)
    user = make_actor(RIGHT_ROLES[action][0], article)
    before = snapshot(article)

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action=action, by=user, comment=COMMENT)

    assert type(refused.value) is WorkflowError  # not a matter of permission
    assert f"not possible while the article is {state.label.lower()}" in str(refused.value)
    assert snapshot(article) == before


@pytest.mark.parametrize(("action", "role"), REFUSED_ROLES)
def test_step_is_refused_for_a_wrong_role_and_nothing_changes(action, role):
    source = min(POLICY[action][0])
    article = article_ready_for(action, source)
    user = make_actor(role, article)
    before = snapshot(article)

    with pytest.raises(PermissionRefused) as refused:
        article_transition(article=article, action=action, by=user, comment=COMMENT)

    permission = ACTIONS[action].permission.description
    assert str(refused.value) == f"Only {permission} may {ACTIONS[action].label.lower()}."
    assert snapshot(article) == before


@pytest.mark.parametrize("action", ["approve", "request_changes", "reject"])
def test_a_board_member_who_is_the_author_cannot_review_the_article(action):
    board_author = board_user()
    article = article_in_state("under_review", author=board_author)
    before = snapshot(article)

    with pytest.raises(PermissionRefused):
        article_transition(article=article, action=action, by=board_author, comment=COMMENT)

    assert snapshot(article) == before


def test_an_editor_who_is_the_author_cannot_start_the_review():
    editor_author = editor_user()
    article = article_in_state("submitted", author=editor_author)
    before = snapshot(article)

    with pytest.raises(PermissionRefused, match="editor who is not an author"):
        article_transition(article=article, action="start_review", by=editor_author)

    assert snapshot(article) == before


def test_a_superuser_is_an_editor():
    article = article_in_state("submitted")
    admin = User.objects.create_superuser("admin", "admin@example.org", "pw")

    article = step(article, "start_review", admin)

    assert article.status == S.UNDER_REVIEW


def test_an_unknown_step_is_refused():
    article = article_in_state("draft")

    with pytest.raises(WorkflowError, match="not a step of the review workflow"):
        article_transition(article=article, action="publish", by=editor_user())


def test_the_status_cannot_be_assigned_by_hand():
    article = article_in_state("draft")

    with pytest.raises(AttributeError):
        article.status = S.APPROVED


# --------------------------------------------------------------------------------------------
# The guard is in the transition method itself
# --------------------------------------------------------------------------------------------

DIRECT_REFUSALS = [
    ("submit", S.DRAFT, "editor"),
    ("withdraw", S.SUBMITTED, "other_author"),
    ("start_review", S.SUBMITTED, "author"),
    ("request_changes", S.UNDER_REVIEW, "author"),
    ("reject", S.UNDER_REVIEW, "board_coauthor"),
    ("start_rereview", S.APPROVED, "board"),
    ("approve", S.UNDER_REVIEW, "author"),
    ("approve", S.UNDER_REVIEW, "editor_coauthor"),
    ("approve", S.UNDER_REVIEW, "board_coauthor"),
    ("approve", S.UNDER_REVIEW, "anonymous"),
    ("approve", S.UNDER_REVIEW, "inactive_board_member"),
    ("revise", S.APPROVED, "board"),
    ("archive", S.APPROVED, "author"),
]


@pytest.mark.parametrize(("action", "source", "role"), DIRECT_REFUSALS)
def test_calling_a_transition_method_directly_is_refused_for_a_wrong_role(action, source, role):
    article = article_ready_for(action, source)
    user = make_actor(role, article)
    before = snapshot(article)

    with pytest.raises(PermissionRefused):
        getattr(article, action)(by=user, comment=COMMENT)

    assert article.status == source  # in memory too
    assert snapshot(article) == before


def test_calling_approve_directly_changes_the_state_only_for_a_board_member():
    """The method of a step is the state machine's: it checks the step as the service does and
    moves the status; what approval entails (the revision made live, the round closed, the
    audit entry) is the step service's, ``article_transition``."""
    article = reviewed()
    board = board_user()

    article.approve(by=board)
    article.save()

    article.refresh_from_db()
    assert article.status == S.APPROVED
    assert article.live_revision is None
    assert article.review_rounds.open().exists()
    assert not TransitionLog.objects.filter(article=article, action=Step.APPROVE).exists()


def test_calling_approve_directly_without_the_quorum_is_refused_even_for_an_editor():
    """The quorum is a condition of the transition itself, not only of the service."""
    article = article_in_state("under_review")
    board_reviews(article, editor=editor_user(), members=[board_user()])  # one of two
    before = snapshot(article)

    with pytest.raises(WorkflowError) as refused:
        article.approve(by=editor_user())

    assert refused.value.problems == [quorum_refusal(2, 1)]

    assert article.status == S.UNDER_REVIEW
    assert snapshot(article) == before


@pytest.mark.parametrize("action", ["request_changes", "reject"])
def test_calling_a_transition_method_directly_without_a_comment_is_refused(action):
    article = article_in_state("under_review")

    with pytest.raises(WorkflowError, match="comment for the author is required"):
        getattr(article, action)(by=board_user())

    assert article.status == S.UNDER_REVIEW


# --------------------------------------------------------------------------------------------
# Comments and the conditions of submission
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "label"), [("request_changes", "request changes"), ("reject", "reject")]
)
@pytest.mark.parametrize("comment", ["", "   ", "\n\t "])
def test_a_comment_is_required_to_request_changes_or_reject(action, label, comment):
    article = article_in_state("under_review")
    before = snapshot(article)

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action=action, by=board_user(), comment=comment)

    assert type(refused.value) is WorkflowError
    assert refused.value.problems == [f"A comment for the author is required to {label}."]
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
    assert article.history.first().history_change_reason.startswith("Request changes")


NEEDS_TEXT = "The article needs a title and at least one section with text."
NO_CITATION = "The article cites no reference yet: cite one with [@key]."


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

    assert refused.value.problems == [
        "These citation markers name no reference of the article: [@nope]."
    ]
    assert snapshot(article) == before


def test_submit_needs_a_cited_reference():
    article = ArticleFactory(content=False)
    article.references.add(ReferenceFactory())  # listed, but never cited
    Section.objects.create(article=article, position=1, heading="Text", body="No citation.")
    before = snapshot(article)

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action="submit", by=article.author)

    assert refused.value.problems == [
        NO_CITATION,
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

    with pytest.raises(WorkflowError, match=r"\[@nope\]"):
        article_transition(article=article, action="resubmit", by=article.author)

    assert snapshot(article) == before


def test_revise_needs_a_live_revision():
    article = article_in_state("rejected")  # rejected before it was ever approved
    before = snapshot(article)

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action="revise", by=article.author)

    assert type(refused.value) is WorkflowError
    assert refused.value.problems == ["Only an article with an approved revision can be revised."]
    assert snapshot(article) == before


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
    assert record.history_change_reason == "Submit for review"
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


# --------------------------------------------------------------------------------------------
# Published revisions
# --------------------------------------------------------------------------------------------


def test_submit_freezes_the_working_copy_in_revision_one():
    article = article_in_state("draft")
    reference = article.references.get()
    expected_sections = [{"heading": h, "body": b} for h, b in sections_of(article)]

    article = step(article, "submit", article.author, comment="First version.")

    revision = article.revisions.get()
    assert revision.number == 1
    assert revision.title == article.title
    assert revision.sections == expected_sections
    assert [work["key"] for work in revision.references] == [reference.key]
    assert revision.note == "First version."
    assert revision.created_by == article.author
    assert revision.approved_at is None
    assert article.live_revision is None
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_editing_after_changes_requested_leaves_the_submitted_revision_alone():
    article = article_in_state("changes_requested")
    frozen = article.revisions.get()
    frozen_content = (frozen.title, frozen.sections, frozen.references)
    key = article.references.get().key
    reference = article.references.get()
    reference.title = "A retitled study."
    reference.save()

    article_update(
        article=article,
        by=article.author,
        title="A better question?",
        sections=[("Rewritten", f"Entirely new text [@{key}].")],
    )

    frozen = ArticleRevision.objects.get(pk=frozen.pk)
    assert (frozen.title, frozen.sections, frozen.references) == frozen_content
    assert sections_of(article) == [("Rewritten", f"Entirely new text [@{key}].")]
    assert Article.objects.get(pk=article.pk).title == "A better question?"


def test_approve_makes_the_reviewed_revision_live():
    board = board_user()
    article = reviewed()

    article = step(article, "approve", board)

    revision = article.revisions.get()
    assert article.live_revision == revision
    assert revision.approved_by == board
    assert revision.approved_at is not None
    assert article.is_published
    assert list(Article.objects.published()) == [article]


def test_revise_returns_to_draft_and_readers_keep_the_live_revision():
    article = article_in_state("approved")
    live = article.live_revision

    article = step(article, "revise", article.author)

    assert article.status == S.DRAFT
    assert article.live_revision == live
    assert article.is_published
    assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize("route", ["revise", "changes_requested"])
def test_a_newly_approved_revision_replaces_the_live_one(route):
    editor, board = editor_user(), board_user()
    if route == "revise":
        article = article_in_state("approved", editor=editor, board=board)
        first = article.live_revision
        article = step(article, "revise", article.author)
    else:
        article = article_in_state("changes_requested", editor=editor, board=board)
        first = article.revisions.get()
    key = article.references.get().key
    article_update(article=article, by=article.author, sections=[("Updated", f"New [@{key}].")])
    submit = "submit" if route == "revise" else "resubmit"

    article = step(article, submit, article.author)
    assert article.revisions.count() == 2
    article = step(article, "start_review", editor)
    board_reviews(article, editor=editor)
    article = step(article, "approve", board)

    second = article.revisions.get(number=2)
    assert article.live_revision == second
    assert second.sections == [{"heading": "Updated", "body": f"New [@{key}]."}]
    assert second.approved_by == board
    assert ArticleRevision.objects.get(pk=first.pk).sections != second.sections
    assert list(Article.objects.published()) == [article]


def test_rejecting_an_update_keeps_the_old_live_revision():
    article = rejected_update()

    first, second = article.revisions.get(number=1), article.revisions.get(number=2)
    assert article.status == S.REJECTED
    assert article.live_revision == first
    assert second.approved_at is None
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_a_rejected_first_submission_is_not_published():
    article = article_in_state("rejected")

    assert article.live_revision is None
    assert not Article.objects.published().exists()


def test_archive_takes_the_article_off_the_site():
    article = article_in_state("approved")
    assert Article.objects.published().filter(pk=article.pk).exists()

    article = step(article, "archive", editor_user())

    assert article.status == S.ARCHIVED
    assert not article.is_published
    assert not Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    "change",
    [{"title": "Changed"}, {"sections": []}, {"references": []}, {"note": "Changed"}],
    ids=["title", "sections", "references", "note"],
)
def test_a_revision_is_immutable(change):
    revision = article_in_state("submitted").revisions.get()
    stored = ArticleRevision.objects.filter(pk=revision.pk).values().get()
    for field, value in change.items():
        setattr(revision, field, value)

    with pytest.raises(ValidationError):
        revision.save()
    with pytest.raises(ValidationError):
        revision.save(update_fields=[*change, "approved_at"])

    assert ArticleRevision.objects.filter(pk=revision.pk).values().get() == stored


# --------------------------------------------------------------------------------------------
# Editing the working copy
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "changes_requested"])
@pytest.mark.parametrize("role", ["author", "coauthor"])
def test_authors_may_edit_in_draft_and_after_changes_requested(state, role):
    article = article_in_state(state)
    user = make_actor(role, article)

    assert content_edit_problems(user, article) == []
    article_update(article=article, by=user, sections=[("Only", "Rewritten.")])

    assert sections_of(article) == [("Only", "Rewritten.")]


@pytest.mark.parametrize(
    "state", ["submitted", "under_review", "approved", "rejected", "withdrawn", "archived"]
)
def test_the_text_is_locked_while_the_board_has_it_or_it_is_not_a_draft(state):
    article = article_in_state(state)
    before = (sections_of(article), snapshot(article))

    assert content_edit_problems(article.author, article)
    with pytest.raises(WorkflowError, match="text is locked") as refused:
        article_update(article=article, by=article.author, sections=[("Only", "Sneaky.")])

    assert type(refused.value) is WorkflowError
    assert (sections_of(article), snapshot(article)) == before


@pytest.mark.parametrize("role", ["anonymous", "other_author", "editor", "board"])
def test_only_an_author_may_edit(role):
    article = article_in_state("draft")
    user = make_actor(role, article)
    before = (sections_of(article), snapshot(article))

    assert content_edit_problems(user, article) == ["Only an author of the article may edit it."]
    with pytest.raises(PermissionRefused):
        article_update(article=article, by=user, sections=[("Only", "Vandalism.")])

    assert (sections_of(article), snapshot(article)) == before


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
    assert all("Changes requested" in message.subject for message in messages)


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


# --------------------------------------------------------------------------------------------
# What each user is offered
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "role", "expected"),
    [
        ("draft", "author", {"submit", "withdraw"}),
        ("draft", "coauthor", {"submit", "withdraw"}),
        ("draft", "editor", {"archive"}),
        ("draft", "board", set()),
        ("draft", "other_author", set()),
        ("draft", "anonymous", set()),
        ("submitted", "author", {"withdraw"}),
        ("submitted", "editor", {"start_review", "request_changes", "reject"}),
        ("submitted", "board", {"request_changes", "reject"}),
        ("under_review", "board", {"request_changes", "reject", "approve"}),
        ("under_review", "board_coauthor", {"withdraw"}),
        ("under_review", "inactive_board_member", set()),
        ("under_review", "editor", {"request_changes", "reject", "approve"}),
        ("under_review", "editor_coauthor", {"withdraw"}),
        ("under_review", "author", {"withdraw"}),
        ("under_review", "anonymous", set()),
        ("changes_requested", "author", {"resubmit", "withdraw"}),
        ("changes_requested", "editor", {"archive"}),
        ("approved", "author", {"revise"}),
        ("approved", "editor", {"revise", "archive", "start_rereview"}),
        ("approved", "editor_coauthor", {"revise", "archive"}),
        ("approved", "board", set()),
        ("withdrawn", "author", {"reopen"}),
        ("withdrawn", "editor", {"reopen", "archive"}),
        ("archived", "editor", set()),
        ("archived", "author", set()),
    ],
)
def test_available_actions_lists_only_what_the_user_may_do(state, role, expected):
    article = reviewed() if state == "under_review" else article_in_state(state)
    user = make_actor(role, article)

    offered = available_actions(user, article)

    assert {available.action.name for available in offered} == expected
    assert all(available.blocked_by == [] for available in offered)


def test_available_actions_says_what_blocks_an_offered_step():
    article = ArticleFactory(content=False)

    (submit, withdraw) = available_actions(article.author, article)

    assert submit.action.name == "submit"
    assert submit.blocked_by == [NEEDS_TEXT, NO_CITATION]
    assert (withdraw.action.name, withdraw.blocked_by) == ("withdraw", [])


def test_available_actions_says_why_approval_is_not_yet_possible():
    article = article_in_state("under_review")
    board_reviews(article, editor=editor_user(), members=[board_user()])

    offered = {
        item.action.name: item.blocked_by for item in available_actions(editor_user(), article)
    }

    assert offered["approve"] == [
        "Approval needs 2 approving review(s) in the current round; it has 1."
    ]
    assert offered["request_changes"] == offered["reject"] == []


def test_available_actions_agrees_with_the_service():
    """Whatever is offered without a blocker can be taken; everything else is refused."""
    article = reviewed()
    board = board_user()
    offered = {available.action.name for available in available_actions(board, article)}

    for action in ACTIONS:
        if action in offered:
            continue
        with pytest.raises(WorkflowError):
            article_transition(article=article, action=action, by=board, comment=COMMENT)
    assert step(article, "approve", board).status == S.APPROVED


@pytest.mark.parametrize("state", ["submitted", "under_review"])
def test_a_locked_article_the_author_may_withdraw_says_so(state):
    article = article_in_state(state)
    problems = content_edit_problems(article.author, article)
    assert problems[-1] == "To change the text now, withdraw the article first."


def test_an_approved_article_is_locked_without_the_withdraw_hint():
    article = article_in_state("approved")
    assert "withdraw" not in " ".join(content_edit_problems(article.author, article))


@pytest.mark.parametrize(
    ("state", "expected"),
    [("draft", "submit"), ("changes_requested", "resubmit"), ("submitted", None)],
)
def test_the_submission_step_follows_the_state(state, expected):
    article = article_in_state(state)
    assert submission_step(article.author, article) == expected
    assert submission_step(author_user(), article) is None
