"""Issue 3's rules for the board's review, through the services every caller uses
(``editorial.reviews`` and ``editorial.workflow.article_transition``), not through the admin.

Invitations (who may invite whom, due dates, one active invitation per reviewer and round),
answers, conflicts of interest, structured reviews, the approval quorum and its other
conditions, rounds, who decides, the periodic re-review, and the emails queued on commit.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from articles.models import Article, ArticleRevision
from articles.services import article_update
from editorial.models import (
    BoardMember,
    ConflictAnswer,
    InvitationStatus,
    Review,
    ReviewInvitation,
    ReviewRound,
    TransitionLog,
    User,
)
from editorial.reviews import (
    invitation_accept,
    invitation_declare_conflict,
    invitation_decline,
    invitation_replace,
    invitations_create,
    review_address,
)
from editorial.workflow import (
    PermissionRefused,
    ReviewState,
    WorkflowError,
    article_transition,
    round_reviews,
)
from tests.factories import (
    article_in_state,
    author_user,
    board_reviews,
    board_user,
    editor_user,
    invitees_review,
    review_a,
)

pytestmark = pytest.mark.django_db

S = ReviewState
NO_QUORUM = "Approval needs {needed} approving review(s) in the current round; it has {has}."


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def under_review(editor: Any, **kwargs: Any) -> Article:
    """An article whose first review round is open, nobody invited yet."""
    return article_in_state("under_review", editor=editor, **kwargs)


def invite(article: Article, editor: Any, *users: Any, **kwargs: Any) -> list[ReviewInvitation]:
    return invitations_create(
        article=article, reviewers=[user.board_member for user in users], by=editor, **kwargs
    )


def accepted(invitation: ReviewInvitation, user: Any) -> ReviewInvitation:
    """The invitee accepts and declares no conflict of interest: ready to review."""
    invitation_accept(invitation=invitation, by=user)
    return invitation_declare_conflict(invitation=invitation, by=user, has_conflict=False)


def reviewed_by(article: Article, editor: Any, user: Any, recommendation: str = "approve"):
    (invitation,) = invite(article, editor, user)
    return review_a(accepted(invitation, user), user, recommendation=recommendation)


def step(article: Article, action: str, by: Any, comment: str = "Because.") -> Article:
    article_transition(article=article, action=action, by=by, comment=comment)
    return Article.objects.get(pk=article.pk)


def refusal(article: Article, action: str, by: Any, comment: str = "Because.") -> WorkflowError:
    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action=action, by=by, comment=comment)
    return refused.value


def state_of(article: Article) -> tuple:
    """Everything a refused decision must leave as it was."""
    fresh = Article.objects.get(pk=article.pk)
    return (
        fresh.status,
        fresh.live_revision_id,
        fresh.last_reviewed_at,
        fresh.next_review_due,
        TransitionLog.objects.filter(article=article).count(),
        list(fresh.review_rounds.values_list("number", "closed_at", "outcome")),
    )


def invitations_state(article: Article) -> list[tuple]:
    return list(
        ReviewInvitation.objects.filter(round__article=article)
        .order_by("pk")
        .values_list("reviewer_id", "status", "conflict", "decline_reason", "due_date")
    )


def page_text(client: Any, article: Article) -> str:
    """The article page as a reader reads it: text, without markup."""
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def at(*args: int):
    return time_machine.travel(datetime(*args, 12, 0, tzinfo=UTC), tick=False)


# --------------------------------------------------------------------------------------------
# Inviting reviewers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["anonymous", "author", "board", "editor_author", "editor_coauthor", "inactive_editor"]
)
def test_only_an_editor_who_is_not_an_author_may_invite(who, django_capture_on_commit_callbacks):
    editor = editor_user()
    if who == "editor_author":
        user = editor_user()
        article = under_review(editor, author=user)
    else:
        article = under_review(editor)
        user = {
            "anonymous": lambda: AnonymousUser(),
            "author": lambda: article.author,
            "board": board_user,
            "editor_coauthor": editor_user,
            "inactive_editor": lambda: editor_user(is_active=False),
        }[who]()
        if who == "editor_coauthor":
            article.coauthors.add(user)
    member = board_user()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(PermissionRefused, match="Only an editor who is not an author"),
    ):
        invitations_create(article=article, reviewers=[member.board_member], by=user)

    assert not ReviewInvitation.objects.exists()
    assert callbacks == []


@override_settings(EDITORIAL_REVIEW_DUE_DAYS=10)
def test_an_editor_invites_board_members_with_the_default_due_date(editor):
    article = under_review(editor)
    first, second = board_user(), board_user()

    created = invite(article, editor, first, second)

    due = timezone.localdate() + timedelta(days=10)
    current = article.review_rounds.get()
    assert [(i.reviewer.user, i.status, i.due_date) for i in created] == [
        (first, InvitationStatus.INVITED, due),
        (second, InvitationStatus.INVITED, due),
    ]
    assert all(i.round == current and i.invited_by == editor for i in created)
    assert all(i.conflict == ConflictAnswer.UNANSWERED for i in created)


def test_the_default_due_date_is_two_weeks(editor):
    article = under_review(editor)

    (invitation,) = invite(article, editor, board_user())

    assert invitation.due_date == timezone.localdate() + timedelta(days=14)


def test_an_explicit_due_date_is_kept_and_a_past_one_is_refused(editor):
    article = under_review(editor)
    member, late = board_user(), board_user()
    today = timezone.localdate()

    (invitation,) = invite(article, editor, member, due_date=today)
    with pytest.raises(WorkflowError, match="due date cannot be in the past"):
        invite(article, editor, late, due_date=today - timedelta(days=1))

    assert invitation.due_date == today
    assert list(ReviewInvitation.objects.values_list("reviewer__user", flat=True)) == [member.pk]


@pytest.mark.parametrize("role", ["author", "coauthor"])
def test_an_author_of_the_article_is_never_invited_to_review_it(editor, role):
    member = board_user()
    if role == "author":
        article = under_review(editor, author=member)
    else:
        article = under_review(editor)
        article.coauthors.add(member)
    other = board_user()

    with pytest.raises(WorkflowError, match="is an author of this article and cannot review it"):
        invite(article, editor, other, member)

    assert not ReviewInvitation.objects.exists()  # all or nothing: not even the other one


@pytest.mark.parametrize("how", ["inactive_member", "inactive_user"])
def test_an_inactive_board_member_is_not_invited(editor, how):
    article = under_review(editor)
    user = board_user()
    if how == "inactive_member":
        BoardMember.objects.filter(user=user).update(active=False)
    else:
        User.objects.filter(pk=user.pk).update(is_active=False)
    user = User.objects.get(pk=user.pk)

    with pytest.raises(WorkflowError, match="is not an active board member"):
        invite(article, editor, user)

    assert not ReviewInvitation.objects.exists()


def test_nobody_is_invited_without_an_open_round_or_without_a_reviewer(editor):
    submitted = article_in_state("submitted", editor=editor)
    article = under_review(editor)

    with pytest.raises(WorkflowError, match="no review round in progress"):
        invite(submitted, editor, board_user())
    with pytest.raises(WorkflowError, match="at least one board member"):
        invitations_create(article=article, reviewers=[], by=editor)

    assert not ReviewInvitation.objects.exists()


def test_a_member_is_not_invited_twice_to_the_same_round(editor):
    article = under_review(editor)
    member = board_user()
    invite(article, editor, member)

    with pytest.raises(WorkflowError, match="already invited to this round"):
        invite(article, editor, member)

    assert ReviewInvitation.objects.filter(reviewer=member.board_member).count() == 1


def test_the_database_keeps_one_active_invitation_per_reviewer_per_round(editor):
    article = under_review(editor)
    member = board_user().board_member
    current = article.review_rounds.get()
    fields = {"round": current, "reviewer": member, "invited_by": editor, "due_date": date.today()}
    ReviewInvitation.objects.create(**fields)

    for status in [InvitationStatus.INVITED, InvitationStatus.ACCEPTED, InvitationStatus.REVIEWED]:
        with pytest.raises(IntegrityError), transaction.atomic():
            ReviewInvitation.objects.create(**fields, status=status)

    # The constraint is on active invitations only: a declined one may sit beside it.
    ReviewInvitation.objects.create(**fields, status=InvitationStatus.DECLINED)
    assert ReviewInvitation.objects.count() == 2


# --------------------------------------------------------------------------------------------
# Answering an invitation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "other_member", "editor", "author"])
@pytest.mark.parametrize("answer", ["accept", "decline", "declare"])
def test_only_the_invitee_answers(editor, who, answer):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    user = {
        "anonymous": AnonymousUser(),
        "other_member": board_user(),
        "editor": editor,
        "author": article.author,
    }[who]
    before = invitations_state(article)

    with pytest.raises(PermissionRefused, match="Only the invited board member"):
        if answer == "accept":
            invitation_accept(invitation=invitation, by=user)
        elif answer == "decline":
            invitation_decline(invitation=invitation, by=user, reason="Busy.")
        else:
            invitation_declare_conflict(invitation=invitation, by=user, has_conflict=False)

    assert invitations_state(article) == before


def test_the_invitee_accepts(editor):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)

    invitation_accept(invitation=invitation, by=member)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.responded_at is not None
    with pytest.raises(WorkflowError, match="This invitation is accepted"):
        invitation_accept(invitation=invitation, by=member)


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_declining_needs_a_reason(editor, reason):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    before = invitations_state(article)

    with pytest.raises(WorkflowError, match="Say why you decline"):
        invitation_decline(invitation=invitation, by=member, reason=reason)

    assert invitations_state(article) == before


@pytest.mark.parametrize("first", ["invited", "accepted"])
def test_the_invitee_declines_with_a_reason_and_cannot_accept_afterwards(editor, first):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    if first == "accepted":
        invitation_accept(invitation=invitation, by=member)

    invitation_decline(invitation=invitation, by=member, reason="  Travelling until June.  ")

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert invitation.decline_reason == "Travelling until June."
    assert not invitation.is_active
    with pytest.raises(WorkflowError, match="This invitation is declined"):
        invitation_accept(invitation=invitation, by=member)


# --------------------------------------------------------------------------------------------
# Conflicts of interest
# --------------------------------------------------------------------------------------------


def test_declaring_no_conflict_keeps_the_member_on_the_review(editor):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    invitation_accept(invitation=invitation, by=member)

    invitation_declare_conflict(invitation=invitation, by=member, has_conflict=False)

    invitation.refresh_from_db()
    assert invitation.conflict == ConflictAnswer.NONE
    assert invitation.conflict_declared_at is not None
    assert invitation.status == InvitationStatus.ACCEPTED


@pytest.mark.parametrize("description", ["", "  "])
def test_a_declared_conflict_must_be_described(editor, description):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    before = invitations_state(article)

    with pytest.raises(WorkflowError, match="Describe the conflict of interest"):
        invitation_declare_conflict(
            invitation=invitation, by=member, has_conflict=True, description=description
        )

    assert invitations_state(article) == before


@pytest.mark.parametrize("first", ["invited", "accepted"])
def test_a_declared_conflict_takes_the_member_off_the_review(editor, first):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    if first == "accepted":
        invitation_accept(invitation=invitation, by=member)

    invitation_declare_conflict(
        invitation=invitation, by=member, has_conflict=True, description="I co-wrote ref 2."
    )

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.CONFLICTED
    assert invitation.conflict == ConflictAnswer.DECLARED
    assert invitation.conflict_description == "I co-wrote ref 2."
    assert not invitation.is_active
    with pytest.raises(WorkflowError):
        review_a(invitation, member)
    with pytest.raises(WorkflowError):
        invitation_accept(invitation=invitation, by=member)
    assert not Review.objects.exists()


@pytest.mark.parametrize("resolution", ["replaced", "released"])
def test_a_conflict_declared_mid_review_blocks_approval_until_replaced_or_released(
    editor, resolution
):
    article = under_review(editor)
    board_reviews(article, editor=editor)  # the quorum is there
    member = board_user()
    (invitation,) = invite(article, editor, member)
    accepted(invitation, member)  # accepted, no conflict declared... then one comes to light
    invitation_declare_conflict(
        invitation=invitation, by=member, has_conflict=True, description="Consults for the maker."
    )
    before = state_of(article)

    refused = refusal(article, "approve", editor)

    assert type(refused) is WorkflowError
    assert refused.problems == [
        f"A declared conflict of interest is unresolved ({member.board_member.display_name}): "
        "replace or release that reviewer first."
    ]
    assert state_of(article) == before

    if resolution == "replaced":
        other = board_user()
        replacement = invitation_replace(
            invitation=invitation, by=editor, new_reviewer=other.board_member
        )
        invitation.refresh_from_db()
        assert invitation.status == InvitationStatus.REPLACED
        assert invitation.replaced_by == replacement
        assert (replacement.reviewer.user, replacement.status) == (other, InvitationStatus.INVITED)
    else:
        assert invitation_replace(invitation=invitation, by=editor, new_reviewer=None) is None
        invitation.refresh_from_db()
        assert invitation.status == InvitationStatus.CANCELLED

    assert step(article, "approve", editor).status == S.APPROVED


# --------------------------------------------------------------------------------------------
# Replacing a reviewer
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["declined", "conflicted", "overdue"])
def test_a_declined_conflicted_or_overdue_invitation_is_replaced(editor, status):
    article = under_review(editor)
    member, other = board_user(), board_user()
    (invitation,) = invite(article, editor, member)
    if status == "declined":
        invitation_decline(invitation=invitation, by=member, reason="On leave.")
    elif status == "conflicted":
        invitation_declare_conflict(
            invitation=invitation, by=member, has_conflict=True, description="Co-author."
        )
    else:
        ReviewInvitation.objects.filter(pk=invitation.pk).update(
            due_date=timezone.localdate() - timedelta(days=1)
        )
    due = timezone.localdate() + timedelta(days=7)

    replacement = invitation_replace(
        invitation=invitation, by=editor, new_reviewer=other.board_member, due_date=due
    )

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REPLACED
    assert invitation.replaced_by == replacement
    assert replacement.round == invitation.round
    assert (replacement.reviewer.user, replacement.due_date) == (other, due)


@pytest.mark.parametrize("status", ["invited", "accepted", "reviewed"])
def test_an_invitation_in_good_standing_cannot_be_replaced(editor, status):
    article = under_review(editor)
    member, other = board_user(), board_user()
    (invitation,) = invite(article, editor, member)
    if status == "accepted":
        accepted(invitation, member)
    elif status == "reviewed":
        review_a(accepted(invitation, member), member)
    before = invitations_state(article)

    for new_reviewer in [other.board_member, None]:
        with pytest.raises(WorkflowError, match="Only a declined, conflicted or overdue"):
            invitation_replace(invitation=invitation, by=editor, new_reviewer=new_reviewer)

    assert invitations_state(article) == before


def test_only_an_editor_replaces_and_never_with_the_same_member(editor):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    invitation_decline(invitation=invitation, by=member, reason="Busy.")
    before = invitations_state(article)

    with pytest.raises(PermissionRefused):
        invitation_replace(invitation=invitation, by=board_user(), new_reviewer=board_user())
    with pytest.raises(PermissionRefused):
        invitation_replace(invitation=invitation, by=article.author, new_reviewer=None)
    with pytest.raises(WorkflowError, match="different board member"):
        invitation_replace(invitation=invitation, by=editor, new_reviewer=member.board_member)

    assert invitations_state(article) == before


# --------------------------------------------------------------------------------------------
# The structured review
# --------------------------------------------------------------------------------------------


def test_a_review_needs_an_accepted_invitation_and_a_conflict_declaration(editor):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)

    with pytest.raises(WorkflowError, match="Accept the invitation before reviewing"):
        review_a(invitation, member)
    invitation_accept(invitation=invitation, by=member)
    with pytest.raises(WorkflowError, match="Declare whether you have a conflict"):
        review_a(invitation, member)
    assert not Review.objects.exists()

    invitation_declare_conflict(invitation=invitation, by=member, has_conflict=False)
    review = review_a(
        invitation,
        member,
        recommendation="minor",
        comments_for_author="  Cite the 2021 guideline.  ",
        confidential_comments="Otherwise sound.",
    )

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVIEWED
    stored = Review.objects.get()
    assert stored == review
    assert (stored.recommendation, stored.comments_for_author, stored.confidential_comments) == (
        "minor",
        "Cite the 2021 guideline.",
        "Otherwise sound.",
    )
    assert (stored.claims_supported, stored.safety_accurate) == ("yes", "n/a")


def test_only_the_invitee_submits_the_review(editor):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    accepted(invitation, member)

    for user in [board_user(), editor, article.author, AnonymousUser()]:
        with pytest.raises(PermissionRefused):
            review_a(invitation, user)

    assert not Review.objects.exists()


def test_an_invalid_recommendation_is_refused(editor):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    accepted(invitation, member)

    with pytest.raises(ValidationError):
        review_a(invitation, member, recommendation="publish")

    assert not Review.objects.exists()
    assert ReviewInvitation.objects.get().status == InvitationStatus.ACCEPTED


def test_one_review_per_invitation(editor):
    article = under_review(editor)
    member = board_user()
    first = reviewed_by(article, editor, member)
    invitation = first.invitation

    with pytest.raises(WorkflowError, match="already reviewed this round"):
        review_a(invitation, member, recommendation="reject")
    # The database says so too, whatever path writes the review.
    fields = {
        "recommendation": "reject",
        "claims_supported": "no",
        "guidelines_current": "no",
        "safety_accurate": "no",
        "language_suitable": "no",
        "comments_for_author": "Second thoughts.",
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(invitation=invitation, **fields)

    assert list(Review.objects.values_list("recommendation", flat=True)) == ["approve"]


@pytest.mark.parametrize(
    "change",
    [
        {"recommendation": "reject"},
        {"comments_for_author": "Rewritten."},
        {"confidential_comments": "Rewritten."},
        {"claims_supported": "no"},
    ],
    ids=["recommendation", "comments", "confidential", "checklist"],
)
def test_a_submitted_review_cannot_be_edited(editor, change):
    article = under_review(editor)
    review = reviewed_by(article, editor, board_user())
    stored = Review.objects.filter(pk=review.pk).values().get()
    for field, value in change.items():
        setattr(review, field, value)

    with pytest.raises(ValidationError, match="cannot be edited"):
        review.save()
    with pytest.raises(ValidationError, match="cannot be edited"):
        review.save(update_fields=[*change])
    with pytest.raises(ValidationError, match="cannot be edited"):
        review.save(update_fields=[*change, "addressed_note"])

    assert Review.objects.filter(pk=review.pk).values().get() == stored


# --------------------------------------------------------------------------------------------
# The approval quorum
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("approving", [0, 1, 2])
def test_approval_needs_two_approving_reviews_by_default(editor, approving):
    article = under_review(editor)
    if approving:
        board_reviews(article, editor=editor, members=[board_user() for _ in range(approving)])
    before = state_of(article)

    if approving < 2:
        refused = refusal(article, "approve", editor)
        assert type(refused) is WorkflowError
        assert refused.problems == [NO_QUORUM.format(needed=2, has=approving)]
        assert state_of(article) == before
    else:
        assert step(article, "approve", editor).status == S.APPROVED


@pytest.mark.parametrize("other", ["minor", "major"])
def test_only_approve_recommendations_count_towards_the_quorum(editor, other):
    article = under_review(editor)
    board_reviews(article, editor=editor, members=[board_user()])
    board_reviews(
        article, editor=editor, members=[board_user(), board_user()], recommendation=other
    )

    refused = refusal(article, "approve", board_user())

    assert refused.problems == [NO_QUORUM.format(needed=2, has=1)]
    assert Article.objects.get(pk=article.pk).status == S.UNDER_REVIEW


def test_pending_invitations_do_not_count_towards_the_quorum(editor):
    article = under_review(editor)
    board_reviews(article, editor=editor, members=[board_user()])
    member = board_user()
    (invitation,) = invite(article, editor, member)
    accepted(invitation, member)

    assert refusal(article, "approve", editor).problems == [NO_QUORUM.format(needed=2, has=1)]


@pytest.mark.parametrize(("quorum", "approving", "approved"), [(1, 1, True), (3, 2, False)])
def test_the_quorum_is_a_setting(editor, quorum, approving, approved):
    article = under_review(editor)
    board_reviews(article, editor=editor, members=[board_user() for _ in range(approving)])

    with override_settings(EDITORIAL_APPROVAL_QUORUM=quorum):
        if approved:
            assert step(article, "approve", editor).status == S.APPROVED
        else:
            refused = refusal(article, "approve", editor)
            assert refused.problems == [NO_QUORUM.format(needed=quorum, has=approving)]
            board_reviews(article, editor=editor, members=[board_user()])
            assert step(article, "approve", editor).status == S.APPROVED


# --------------------------------------------------------------------------------------------
# A 'reject' recommendation must be addressed
# --------------------------------------------------------------------------------------------


def test_a_reject_recommendation_blocks_approval_until_an_editor_addresses_it(editor):
    article = under_review(editor)
    board_reviews(article, editor=editor)
    dissenter = board_user()
    rejection = reviewed_by(article, editor, dissenter, recommendation="reject")
    before = state_of(article)

    refused = refusal(article, "approve", editor)
    assert refused.problems == [
        f"A reviewer recommends rejection ({dissenter.board_member.display_name}); an editor "
        "must address it before the article can be approved."
    ]
    assert state_of(article) == before

    # Not by a board member (even the one deciding), nor by an author; and a note is needed.
    with pytest.raises(PermissionRefused):
        review_address(review=rejection, by=board_user(), note="Discussed.")
    with pytest.raises(PermissionRefused):
        review_address(review=rejection, by=article.author, note="I disagree.")
    editor_author = editor_user()
    article.coauthors.add(editor_author)
    with pytest.raises(PermissionRefused):
        review_address(review=rejection, by=editor_author, note="Mine.")
    with pytest.raises(WorkflowError, match="Say how the recommendation was addressed"):
        review_address(review=rejection, by=editor, note="   ")
    assert Review.objects.get(pk=rejection.pk).addressed_at is None
    assert refusal(article, "approve", editor).problems == refused.problems

    review_address(review=rejection, by=editor, note="  The cited trial was retracted; removed. ")

    stored = Review.objects.get(pk=rejection.pk)
    assert (stored.addressed_by, stored.addressed_note) == (
        editor,
        "The cited trial was retracted; removed.",
    )
    assert stored.recommendation == "reject"  # the review itself is unchanged
    with pytest.raises(WorkflowError, match="already been addressed"):
        review_address(review=rejection, by=editor, note="Again.")
    assert step(article, "approve", board_user()).status == S.APPROVED


def test_only_a_reject_recommendation_is_addressed(editor):
    article = under_review(editor)
    review = reviewed_by(article, editor, board_user(), recommendation="major")

    with pytest.raises(WorkflowError, match="Only a 'reject' recommendation"):
        review_address(review=review, by=editor, note="Noted.")


def test_every_missing_condition_is_named_in_the_refusal(editor):
    article = under_review(editor)
    dissenter, conflicted = board_user(), board_user()
    reviewed_by(article, editor, dissenter, recommendation="reject")
    (invitation,) = invite(article, editor, conflicted)
    invitation_declare_conflict(
        invitation=invitation, by=conflicted, has_conflict=True, description="Family."
    )

    refused = refusal(article, "approve", editor)

    assert refused.problems == [
        NO_QUORUM.format(needed=2, has=0),
        f"A declared conflict of interest is unresolved ({conflicted.board_member.display_name})"
        ": replace or release that reviewer first.",
        f"A reviewer recommends rejection ({dissenter.board_member.display_name}); an editor "
        "must address it before the article can be approved.",
    ]
    assert all(problem in str(refused) for problem in refused.problems)


# --------------------------------------------------------------------------------------------
# Rounds
# --------------------------------------------------------------------------------------------


def first_round_with_every_kind_of_reviewer(editor: Any) -> tuple[Article, dict[str, Any]]:
    """Round 1: one reviewed, one accepted but not yet reviewed, one still invited, one declined,
    one conflicted, one released by the editor."""
    article = under_review(editor)
    users = {name: board_user() for name in ["reviewed", "accepted", "invited", "declined"]}
    users.update({"conflicted": board_user(), "released": board_user()})
    invitations = dict(zip(users, invite(article, editor, *users.values()), strict=True))
    review_a(accepted(invitations["reviewed"], users["reviewed"]), users["reviewed"])
    accepted(invitations["accepted"], users["accepted"])
    invitation_decline(invitation=invitations["declined"], by=users["declined"], reason="Busy.")
    invitation_declare_conflict(
        invitation=invitations["conflicted"],
        by=users["conflicted"],
        has_conflict=True,
        description="Co-author of a cited trial.",
    )
    ReviewInvitation.objects.filter(pk=invitations["released"].pk).update(
        due_date=timezone.localdate() - timedelta(days=1)
    )
    invitation_replace(invitation=invitations["released"], by=editor, new_reviewer=None)
    return article, users


def statuses(review_round: ReviewRound) -> dict[int, str]:
    return dict(review_round.invitations.values_list("reviewer__user", "status"))


def test_requesting_changes_closes_the_round(editor):
    article, users = first_round_with_every_kind_of_reviewer(editor)
    decider = board_user()

    entry = article_transition(
        article=article, action="request_changes", by=decider, comment="List the key themes."
    )

    first = ReviewRound.objects.get(article=article)
    assert first.closed_at is not None
    assert not first.is_open
    assert first.outcome == "changes_requested"
    assert first.decision == entry
    assert (first.decision.actor, first.decision.comment) == (decider, "List the key themes.")
    assert statuses(first) == {
        users["reviewed"].pk: InvitationStatus.REVIEWED,
        users["accepted"].pk: InvitationStatus.LAPSED,
        users["invited"].pk: InvitationStatus.LAPSED,
        users["declined"].pk: InvitationStatus.DECLINED,
        users["conflicted"].pk: InvitationStatus.CONFLICTED,
        users["released"].pk: InvitationStatus.CANCELLED,
    }
    # A closed round takes no more answers, reviews or invitations.
    with pytest.raises(WorkflowError, match="round is closed"):
        review_a(ReviewInvitation.objects.get(reviewer__user=users["accepted"]), users["accepted"])
    with pytest.raises(WorkflowError, match="no review round in progress"):
        invite(article, editor, board_user())


@pytest.mark.parametrize(
    ("action", "outcome"), [("reject", "rejected"), ("approve", "approved"), ("withdraw", None)]
)
def test_every_decision_closes_the_round_with_its_outcome(editor, action, outcome):
    article = under_review(editor)
    board_reviews(article, editor=editor)
    member = board_user()
    invite(article, editor, member)
    by = article.author if action == "withdraw" else editor

    entry = article_transition(article=article, action=action, by=by, comment="Because.")

    current = ReviewRound.objects.get(article=article)
    assert current.closed_at is not None
    assert current.outcome == (outcome or "withdrawn")
    assert current.decision == entry
    assert statuses(current)[member.pk] == InvitationStatus.LAPSED


def resubmitted_and_restarted(article: Article, editor: Any) -> Article:
    author = article.author
    key = article.references.get().key
    article_update(article=article, by=author, sections=[("Themes", f"Three themes [@{key}].")])
    article = step(article, "resubmit", author)
    return step(article, "start_review", editor)


def test_the_next_round_invites_the_reviewers_again_but_not_those_who_declined(editor):
    article, users = first_round_with_every_kind_of_reviewer(editor)
    article = step(article, "request_changes", board_user())

    article = resubmitted_and_restarted(article, editor)

    first, second = article.review_rounds.order_by("number")
    assert (second.number, second.kind, second.is_open) == (2, "submission", True)
    assert second.revision == article.latest_revision()
    assert second.revision.number == 2 and first.revision.number == 1
    again = {i.reviewer.user: i for i in second.invitations.select_related("reviewer__user")}
    assert users["reviewed"] in again
    for name in ["declined", "conflicted", "released"]:
        assert users[name] not in again, name
    for invitation in again.values():
        assert invitation.status == InvitationStatus.INVITED
        assert invitation.invited_by == editor
        assert invitation.conflict == ConflictAnswer.UNANSWERED  # declared anew each round
    # Round 1 and its review stay readable, unchanged.
    old = Review.objects.get(invitation__round=first)
    assert (old.invitation.reviewer.user, old.recommendation) == (users["reviewed"], "approve")
    assert first.outcome == "changes_requested"


def test_a_reviewer_who_accepted_but_had_not_yet_reviewed_is_invited_to_the_next_round(editor):
    """Issue 3: "the author's resubmission opens the next round with the same reviewers invited
    by default". A reviewer still working on the review when another member requested changes
    is one of the round's reviewers, and was neither declined nor conflicted."""
    article, users = first_round_with_every_kind_of_reviewer(editor)
    article = step(article, "request_changes", board_user())

    article = resubmitted_and_restarted(article, editor)

    second = article.review_rounds.get(number=2)
    invited_again = set(second.invitations.values_list("reviewer__user", flat=True))
    assert users["accepted"].pk in invited_again


def test_the_quorum_counts_only_the_current_round(editor):
    article = under_review(editor)
    first_reviews = board_reviews(article, editor=editor)  # two approvals in round 1...
    article = step(article, "request_changes", editor, comment="One more source, please.")
    article = resubmitted_and_restarted(article, editor)

    assert refusal(article, "approve", editor).problems == [NO_QUORUM.format(needed=2, has=0)]
    assert round_reviews(article) == []

    reviews = invitees_review(article)  # ...and the same two members approve round 2
    assert {r.invitation.reviewer for r in reviews} == {
        r.invitation.reviewer for r in first_reviews
    }
    article = step(article, "approve", editor)
    assert article.status == S.APPROVED
    assert article.live_revision.number == 2
    assert Review.objects.filter(invitation__round__number=1).count() == 2


# --------------------------------------------------------------------------------------------
# Who decides
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["approve", "request_changes", "reject"])
def test_a_board_member_decides_while_the_setting_allows_it(editor, action):
    article = under_review(editor)
    board_reviews(article, editor=editor)
    member = board_user()

    assert step(article, action, member).status != S.UNDER_REVIEW


@pytest.mark.parametrize("action", ["approve", "request_changes", "reject"])
def test_without_the_setting_only_an_editor_decides(editor, settings, action):
    settings.EDITORIAL_BOARD_MEMBERS_MAY_DECIDE = False
    article = under_review(editor)
    reviewers = [board_user(), board_user()]
    board_reviews(article, editor=editor, members=reviewers)
    before = state_of(article)

    for member in [board_user(), *reviewers]:
        refused = refusal(article, action, member)
        assert type(refused) is PermissionRefused
        assert state_of(article) == before

    assert step(article, action, editor).status != S.UNDER_REVIEW


@pytest.mark.parametrize("action", ["approve", "request_changes", "reject"])
@pytest.mark.parametrize("who", ["board_author", "board_coauthor", "editor_coauthor"])
def test_nobody_decides_on_an_article_they_wrote(editor, action, who):
    user = editor_user() if who == "editor_coauthor" else board_user()
    if who == "board_author":
        article = under_review(editor, author=user)
    else:
        article = under_review(editor)
        article.coauthors.add(user)
    board_reviews(article, editor=editor)
    before = state_of(article)

    refused = refusal(article, action, user)

    assert type(refused) is PermissionRefused
    assert "who is not an author of the article" in str(refused)
    assert state_of(article) == before


# --------------------------------------------------------------------------------------------
# Periodic re-review
# --------------------------------------------------------------------------------------------


def approved_on_march_first(editor: Any, **kwargs: Any) -> Article:
    with at(2025, 3, 1):
        return article_in_state("approved", editor=editor, **kwargs)


def test_approval_sets_last_reviewed_and_the_next_review_a_year_later(editor):
    article = approved_on_march_first(editor)

    assert article.last_reviewed_at == datetime(2025, 3, 1, 12, tzinfo=UTC)
    assert article.next_review_due == date(2026, 3, 1)
    assert article.live_revision.last_updated == datetime(2025, 3, 1, 12, tzinfo=UTC)


@override_settings(EDITORIAL_REREVIEW_MONTHS=1)
def test_the_next_review_falls_on_the_last_day_of_a_shorter_month(editor):
    with at(2025, 1, 31):
        article = article_in_state("approved", editor=editor)

    assert article.next_review_due == date(2025, 2, 28)


def test_an_editor_starts_a_re_review_and_readers_keep_the_live_revision(editor, client):
    article = approved_on_march_first(editor)
    live = article.live_revision
    first_reviewers = set(ReviewInvitation.objects.values_list("reviewer", flat=True))

    with at(2026, 3, 2):
        article = step(article, "start_rereview", editor, comment="Due for its yearly review.")

    assert article.status == S.UNDER_REVIEW
    assert article.live_revision == live
    assert Article.objects.published().filter(pk=article.pk).exists()
    rereview = article.review_rounds.get(closed_at__isnull=True)
    assert (rereview.number, rereview.kind) == (2, "periodic")
    assert rereview.revision == article.latest_revision() != live
    assert rereview.revision.same_content_as(live)
    assert set(rereview.invitations.values_list("reviewer", flat=True)) == first_reviewers
    assert "Last updated: March 1, 2025" in page_text(client, article)


@pytest.mark.parametrize("who", ["board", "author", "editor_author"])
def test_only_an_editor_who_is_not_an_author_starts_a_re_review(editor, who):
    user = {"board": board_user, "author": author_user, "editor_author": editor_user}[who]()
    article = approved_on_march_first(editor, author=user) if who != "board" else None
    article = article or approved_on_march_first(editor)
    before = state_of(article)

    refused = refusal(article, "start_rereview", user)

    assert type(refused) is PermissionRefused
    assert state_of(article) == before


@pytest.mark.parametrize("interval", [None, 6])
def test_approving_unchanged_content_keeps_the_live_revision_and_its_last_updated(
    editor, client, interval
):
    article = approved_on_march_first(editor)
    Article.objects.filter(pk=article.pk).update(review_interval_months=interval)
    live = article.live_revision
    with at(2026, 3, 2):
        article = step(article, "start_rereview", editor)
        invitees_review(article)

    with at(2026, 3, 5):
        article = step(article, "approve", board_user())

    assert article.status == S.APPROVED
    assert article.live_revision == live
    live = ArticleRevision.objects.get(pk=live.pk)
    assert live.approved_at == datetime(2025, 3, 1, 12, tzinfo=UTC)  # "Last updated" stays
    assert live.last_updated == datetime(2025, 3, 1, 12, tzinfo=UTC)
    assert article.last_reviewed_at == datetime(2026, 3, 5, 12, tzinfo=UTC)
    assert article.next_review_due == (date(2026, 9, 5) if interval else date(2027, 3, 5))
    assert article.review_rounds.get(number=2).outcome == "approved"
    assert "Last updated: March 1, 2025" in page_text(client, article)


def test_approving_changed_content_replaces_the_live_revision(editor, client):
    article = approved_on_march_first(editor)
    old = article.live_revision
    key = article.references.get().key
    author = article.author
    with at(2025, 9, 1):
        article = step(article, "revise", author)
        article_update(article=article, by=author, sections=[("Guidance", f"Updated [@{key}].")])
        article = step(article, "submit", author)
        article = step(article, "start_review", editor)
        invitees_review(article)
    assert Article.objects.get(pk=article.pk).live_revision == old

    with at(2025, 9, 3):
        article = step(article, "approve", editor)

    new = article.live_revision
    assert new != old and new == article.latest_revision()
    assert new.sections == [{"heading": "Guidance", "body": f"Updated [@{key}]."}]
    assert (new.approved_by, new.last_updated) == (editor, datetime(2025, 9, 3, 12, tzinfo=UTC))
    assert article.last_reviewed_at == datetime(2025, 9, 3, 12, tzinfo=UTC)
    assert article.next_review_due == date(2026, 9, 3)
    page = page_text(client, article)
    assert "Last updated: September 3, 2025" in page
    assert "Updated" in page
    assert "Guidance says so" not in page  # the old text is gone


def test_a_re_review_may_request_changes_and_readers_still_see_the_live_revision(editor):
    article = approved_on_march_first(editor)
    live = article.live_revision

    article = step(article, "start_rereview", editor)
    article = step(article, "request_changes", board_user(), comment="Update the dose table.")

    assert article.status == S.CHANGES_REQUESTED
    assert article.live_revision == live
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert article.last_reviewed_at == datetime(2025, 3, 1, 12, tzinfo=UTC)


# --------------------------------------------------------------------------------------------
# Emails, queued on commit
# --------------------------------------------------------------------------------------------


def test_the_invitation_email_goes_to_each_invitee_after_commit(
    editor, django_capture_on_commit_callbacks, mailoutbox
):
    article = under_review(editor)
    first, second = board_user(), board_user()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(article, editor, first, second)
    assert mailoutbox == []  # nothing is sent inside the transaction
    assert len(callbacks) == 2
    for callback in callbacks:
        callback()

    assert sorted(message.to[0] for message in mailoutbox) == sorted([first.email, second.email])
    assert all(len(message.to) == 1 for message in mailoutbox)
    assert all(article.title in message.subject for message in mailoutbox)
    assert all("Invitation to review" in message.subject for message in mailoutbox)


@pytest.mark.parametrize("answer", ["decline", "conflict"])
def test_a_decline_or_a_conflict_is_emailed_to_the_editors(
    editor, answer, django_capture_on_commit_callbacks, mailoutbox
):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)

    with django_capture_on_commit_callbacks(execute=True):
        if answer == "decline":
            invitation_decline(invitation=invitation, by=member, reason="On leave in May.")
        else:
            invitation_declare_conflict(
                invitation=invitation, by=member, has_conflict=True, description="My own trial."
            )

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert editor.email in message.to
    assert member.email not in message.to
    assert article.author.email not in message.to
    assert ("On leave in May." if answer == "decline" else "My own trial.") in message.body


def test_accepting_and_declaring_no_conflict_email_nobody(
    editor, django_capture_on_commit_callbacks, mailoutbox
):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        accepted(invitation, member)

    assert callbacks == []
    assert mailoutbox == []


def test_a_refused_service_queues_no_email(editor, django_capture_on_commit_callbacks, mailoutbox):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    # Created before: a new board member changes the public board page (a callback of its own).
    not_editor, other_member, stranger = board_user(), board_user(), board_user()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for refused in [
            lambda: invite(article, not_editor, other_member),
            lambda: invite(article, editor, member),
            lambda: invitation_decline(invitation=invitation, by=member, reason=" "),
            lambda: invitation_declare_conflict(
                invitation=invitation, by=member, has_conflict=True, description=""
            ),
            lambda: invitation_decline(invitation=invitation, by=stranger, reason="Busy."),
            lambda: review_a(invitation, member),
        ]:
            with pytest.raises(WorkflowError):
                refused()

    assert callbacks == []
    assert mailoutbox == []
    assert ReviewInvitation.objects.get().status == InvitationStatus.INVITED


def test_a_submitted_review_is_emailed_to_the_editors_not_the_author(
    editor, django_capture_on_commit_callbacks, mailoutbox
):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    accepted(invitation, member)

    with django_capture_on_commit_callbacks(execute=True):
        review_a(invitation, member, confidential_comments="Between us: weak.")

    assert len(mailoutbox) == 1
    assert editor.email in mailoutbox[0].to
    assert article.author.email not in mailoutbox[0].to
