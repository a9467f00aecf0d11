"""The board's review as people do it in the admin: invitations, answers, reviews, decisions,
replacements, the queue, the timeline and the comparison, and every refusal."""

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.services import article_update
from articles.timeline import article_timeline
from editorial.board_panel import board_review_context
from editorial.models import (
    InvitationStatus,
    Review,
    ReviewInvitation,
    Step,
    TransitionLog,
)
from editorial.reviews import (
    DECLINE_NEEDS_REASON,
    invitation_accept,
    invitation_declare_conflict,
    invitation_decline,
    invitation_replace,
    invitations_create,
    review_address,
    review_submit,
)
from editorial.workflow import ReviewState, WorkflowError, article_transition
from editorial.workflow.board import DECLARE_FIRST, REVIEWED_ALREADY
from editorial.workflow.rules import conflict_refusal, quorum_refusal
from tests.clients import signed_in
from tests.factories import article_in_state, board_reviews, board_user, editor_user, review_a

pytestmark = pytest.mark.django_db


def all_claims_supported(invitation):
    return {claim.fingerprint: ("supported", "") for claim in invitation.round.revision.claims()}


REVIEW = {
    "recommendation": "approve",
    "claims_supported": "yes",
    "guidelines_current": "yes",
    "safety_accurate": "n/a",
    "language_suitable": "yes",
    "comments_for_author": "Well sourced.",
    "confidential_comments": "Nothing to add.",
    "claim_1": "supported",  # the factory article makes one claim
}


def messages_of(response) -> list[str]:
    return [message.message for message in get_messages(response.wsgi_request)]


def invitation_url(invitation, name="change") -> str:
    return reverse(f"admin:editorial_reviewinvitation_{name}", args=[invitation.pk])


@pytest.fixture
def under_review(editor):
    return article_in_state("under_review", editor=editor)


@pytest.fixture
def invited(under_review, editor, board_member):
    return invitations_create(
        article=under_review, reviewers=[board_member.board_member], by=editor
    )[0]


def test_an_editor_invites_board_members_from_the_article_page(under_review, editor):
    members = [board_user(), board_user()]
    page = signed_in(editor).get(reverse("admin:articles_article_change", args=[under_review.pk]))
    assert "Invite reviewers to Round 1" in page.content.decode()
    response = signed_in(editor).post(
        reverse("admin:articles_article_invite", args=[under_review.pk]),
        {
            "reviewers": [member.board_member.pk for member in members],
            "due_date": (timezone.localdate() + timezone.timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert ReviewInvitation.objects.filter(round__article=under_review).count() == 2


@pytest.mark.parametrize("who", ["board_member", "author"])
def test_only_editors_may_invite(under_review, board_member, who):
    user = board_member if who == "board_member" else under_review.author
    user.is_staff = True
    user.save()
    response = signed_in(user).post(
        reverse("admin:articles_article_invite", args=[under_review.pk]),
        {"reviewers": [board_user().board_member.pk], "due_date": "2099-01-01"},
    )
    assert response.status_code == 403
    assert not ReviewInvitation.objects.exists()


def test_anonymous_is_sent_to_log_in_for_every_board_view(client, under_review, invited):
    for url in [
        reverse("admin:articles_article_invite", args=[under_review.pk]),
        reverse("admin:articles_article_timeline", args=[under_review.pk]),
        reverse("admin:articles_article_compare", args=[under_review.pk]),
        invitation_url(invited, "respond"),
        invitation_url(invited, "review"),
    ]:
        response = client.post(url, {"answer": "accept"})
        assert response.status_code == 302 and "/admin/login/" in response.url, url
    invited.refresh_from_db()
    assert invited.status == InvitationStatus.INVITED


def test_the_queue_shows_a_member_only_their_own_open_invitations(invited, board_member):
    other = invitations_create(
        article=invited.round.article, reviewers=[board_user().board_member], by=invited.invited_by
    )[0]
    page = signed_in(board_member).get(reverse("admin:editorial_awaitingmyreview_changelist"))
    assert page.status_code == 200
    assert page.context["cl"].result_count == 1
    assert list(page.context["cl"].queryset) == [invited]
    assert signed_in(board_member).get(invitation_url(other)).status_code in (302, 404)


def test_the_invitee_accepts_declares_and_reviews(invited, board_member):
    client = signed_in(board_member)
    assert "Accept the invitation" in client.get(invitation_url(invited)).content.decode()
    client.post(invitation_url(invited, "respond"), {"answer": "accept"})
    client.post(invitation_url(invited, "respond"), {"answer": "conflict", "has_conflict": "no"})
    response = client.post(invitation_url(invited, "review"), REVIEW)
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.status == InvitationStatus.REVIEWED
    assert invited.review.comments_for_author == "Well sourced."


def test_a_review_with_missing_answers_keeps_what_was_typed_and_saves_nothing(
    invited, board_member
):
    client = signed_in(board_member)
    client.post(invitation_url(invited, "respond"), {"answer": "accept"})
    client.post(invitation_url(invited, "respond"), {"answer": "conflict", "has_conflict": "no"})
    response = client.post(
        invitation_url(invited, "review"),
        {"recommendation": "major", "comments_for_author": "Please cite the 2024 guideline."},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert "Please cite the 2024 guideline." in html
    assert not Review.objects.exists()


def test_a_review_cannot_be_submitted_twice(invited, board_member):
    client = signed_in(board_member)
    client.post(invitation_url(invited, "respond"), {"answer": "accept"})
    client.post(invitation_url(invited, "respond"), {"answer": "conflict", "has_conflict": "no"})
    client.post(invitation_url(invited, "review"), REVIEW)
    response = client.post(
        invitation_url(invited, "review"), {**REVIEW, "recommendation": "reject"}
    )
    assert escape(REVIEWED_ALREADY) in response.content.decode()
    assert Review.objects.get().recommendation == "approve"


def test_reviewing_before_declaring_conflicts_is_refused(invited, board_member):
    client = signed_in(board_member)
    client.post(invitation_url(invited, "respond"), {"answer": "accept"})
    response = client.post(invitation_url(invited, "review"), REVIEW)
    assert escape(DECLARE_FIRST) in response.content.decode()
    assert not Review.objects.exists()


def test_declining_needs_a_reason(invited, board_member):
    client = signed_in(board_member)
    response = client.post(invitation_url(invited, "respond"), {"answer": "decline", "reason": " "})
    assert messages_of(response) == [DECLINE_NEEDS_REASON]
    invited.refresh_from_db()
    assert invited.status == InvitationStatus.INVITED


def test_an_editor_cannot_answer_or_review_for_a_member(invited, editor):
    client = signed_in(editor)
    assert client.post(invitation_url(invited, "respond"), {"answer": "accept"}).status_code == 403
    assert client.post(invitation_url(invited, "review"), REVIEW).status_code == 403
    invited.refresh_from_db()
    assert invited.status == InvitationStatus.INVITED


def test_a_declared_conflict_blocks_approval_until_the_editor_replaces_the_member(
    invited, board_member, editor
):
    article = invited.round.article
    board_reviews(article, editor=editor)
    client = signed_in(board_member)
    client.post(invitation_url(invited, "respond"), {"answer": "accept"})
    client.post(
        invitation_url(invited, "respond"),
        {"answer": "conflict", "has_conflict": "yes", "description": "I co-wrote a cited paper."},
    )
    response = signed_in(editor).post(
        reverse("admin:articles_article_transition", args=[article.pk]),
        {"action": "approve", "comment": "Approved."},
    )
    unresolved = conflict_refusal([board_member.board_member.display_name])
    # The sentence, then who can lift it and the link to where (editorial.refusals).
    assert any(message.startswith(unresolved) for message in messages_of(response))
    assert f"#invitation-{invited.pk}" in " ".join(messages_of(response))
    article.refresh_from_db()
    assert article.status == ReviewState.UNDER_REVIEW

    substitute = board_user()
    signed_in(editor).post(
        reverse("admin:articles_article_replace", args=[article.pk, invited.pk]),
        {"new_reviewer": substitute.board_member.pk},
    )
    invited.refresh_from_db()
    assert invited.status == InvitationStatus.REPLACED
    assert invited.replaced_by.reviewer == substitute.board_member
    signed_in(editor).post(
        reverse("admin:articles_article_transition", args=[article.pk]),
        {"action": "approve", "comment": "Approved."},
    )
    article.refresh_from_db()
    assert article.status == ReviewState.APPROVED


def test_a_reject_recommendation_is_addressed_by_an_editor_only(under_review, editor, board_member):
    reviews = board_reviews(under_review, editor=editor, recommendation="reject")
    url = reverse("admin:articles_article_address", args=[under_review.pk, reviews[0].pk])
    assert signed_in(board_member).post(url, {"note": "Discussed."}).status_code == 403
    signed_in(editor).post(url, {"note": "Discussed with the reviewer; the claim was removed."})
    reviews[0].refresh_from_db()
    assert reviews[0].addressed_by == editor


def test_the_decision_letter_is_drafted_from_the_round(under_review, editor):
    board_reviews(under_review, editor=editor, recommendation="approve")
    page = signed_in(editor).get(reverse("admin:articles_article_change", args=[under_review.pk]))
    html = page.content.decode()
    assert "has approved" in html
    assert "Clear and well sourced." in html  # the reviewers' comments for the author
    assert "Reviewer 1 (Approve)" in html


def test_approval_without_a_quorum_is_explained_and_refused(under_review, editor):
    page = signed_in(editor).get(reverse("admin:articles_article_change", args=[under_review.pk]))
    assert escape(quorum_refusal(2, 0)) in page.content.decode()
    response = signed_in(editor).post(
        reverse("admin:articles_article_transition", args=[under_review.pk]),
        {"action": "approve", "comment": ""},
    )
    assert response.status_code == 302
    under_review.refresh_from_db()
    assert under_review.status == ReviewState.UNDER_REVIEW
    assert not TransitionLog.objects.filter(action="approve").exists()


def test_timeline_and_compare_tell_the_story(editor):
    article = article_in_state("changes_requested", editor=editor)
    article_update(
        article=article,
        by=article.author,
        sections=[
            (
                "From the Guidelines",
                "Guidance now says more [@" + article.references.get().key + "].",
            )
        ],
    )
    article_transition(article=article, action="resubmit", by=article.author, comment="Done.")
    timeline = signed_in(editor).get(reverse("admin:articles_article_timeline", args=[article.pk]))
    text = timeline.content.decode()
    steps = [Step.SUBMIT.label, Step.REQUEST_CHANGES.label, Step.RESUBMIT.label]
    for expected in ["Article created", *steps, "Section edited"]:
        assert expected in text
    compare = signed_in(editor).get(reverse("admin:articles_article_compare", args=[article.pk]))
    html = compare.content.decode()
    assert "Revision 1 → Revision 2" in html
    assert "<ins>" in html and "<del>" in html


def test_the_compare_view_escapes_what_authors_wrote(editor):
    article = article_in_state("changes_requested", editor=editor)
    key = article.references.get().key
    article_update(
        article=article,
        by=article.author,
        sections=[("From the Guidelines", f"<script>alert(1)</script> [@{key}]")],
    )
    article_transition(article=article, action="resubmit", by=article.author)
    html = (
        signed_in(editor)
        .get(reverse("admin:articles_article_compare", args=[article.pk]))
        .content.decode()
    )
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_the_article_list_shows_review_progress_and_filters_overdue(editor):
    article = article_in_state("under_review", editor=editor)
    member = board_user()
    invitations_create(
        article=article, reviewers=[member.board_member], by=editor, due_date=timezone.localdate()
    )
    ReviewInvitation.objects.update(due_date=timezone.localdate() - timezone.timedelta(days=1))
    response = signed_in(editor).get(
        reverse("admin:articles_article_changelist"), {"review": "overdue"}
    )
    assert list(response.context["cl"].queryset) == [article]
    assert "1 overdue" in response.content.decode()
    on_time = signed_in(editor).get(
        reverse("admin:articles_article_changelist"), {"review": "overdue"}
    )
    ReviewInvitation.objects.update(due_date=timezone.localdate())
    assert (
        list(
            signed_in(editor)
            .get(reverse("admin:articles_article_changelist"), {"review": "overdue"})
            .context["cl"]
            .queryset
        )
        == []
    )
    assert on_time.status_code == 200


def test_a_replacement_is_one_event_in_the_timeline(under_review, invited, editor, board_member):

    invitation_decline(invitation=invited, by=board_member, reason="Travelling.")
    invitation_replace(invitation=invited, by=editor, new_reviewer=board_user().board_member)

    events = [event.text for event in article_timeline(under_review, confidential=True)]
    name = board_member.board_member.display_name
    assert events.count(f"{name}: Replaced") == 1
    assert events.count(f"{name}: Declined") == 1
    page = signed_in(editor).get(reverse("admin:articles_article_timeline", args=[under_review.pk]))
    assert page.content.decode().count(f"{name}: Replaced") == 1


def _accepted(service) -> bool:
    """Whether ``service()`` succeeds; whatever it did is rolled back."""

    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            service()
            raise Undo
    except Undo:
        return True
    except WorkflowError:
        return False


def _panel(user, article) -> dict:

    return board_review_context(user, article)


@pytest.mark.parametrize("who", ["editor", "editor_author", "board_member", "author"])
@pytest.mark.parametrize("state", ["invited", "declined", "conflicted", "overdue", "reviewed"])
def test_replace_is_offered_exactly_when_the_service_accepts(who, state, editor):

    reviewer = board_user()
    other = board_user()
    user = {"editor": editor, "board_member": other}.get(who)
    article = article_in_state("under_review", editor=editor)
    if who == "editor_author":
        user = editor_user()
        article.coauthors.add(user)
    elif who == "author":
        user = article.author
    (invitation,) = invitations_create(
        article=article, reviewers=[reviewer.board_member], by=editor
    )
    if state == "declined":
        invitation_decline(invitation=invitation, by=reviewer, reason="Busy.")
    elif state == "conflicted":
        invitation_declare_conflict(
            invitation=invitation, by=reviewer, has_conflict=True, description="Co-author."
        )
    elif state == "overdue":
        ReviewInvitation.objects.filter(pk=invitation.pk).update(
            due_date=timezone.localdate() - timezone.timedelta(days=1)
        )
    elif state == "reviewed":
        invitation_accept(invitation=invitation, by=reviewer)
        invitation_declare_conflict(invitation=invitation, by=reviewer, has_conflict=False)
        review_a(invitation, reviewer)

    (shown,) = _panel(user, article)["current_round"].invitation_list
    accepted = _accepted(
        lambda: invitation_replace(invitation=invitation, by=user, new_reviewer=None)
    )
    assert shown.replaceable == accepted
    assert accepted == (who == "editor" and state in {"declined", "conflicted", "overdue"})


@pytest.mark.parametrize("who", ["editor", "editor_author", "board_member"])
@pytest.mark.parametrize("recommendation", ["reject", "approve", "reject_addressed"])
def test_address_is_offered_exactly_when_the_service_accepts(who, recommendation, editor):

    article = article_in_state("under_review", editor=editor)
    (review,) = board_reviews(
        article,
        editor=editor,
        members=[board_user()],
        recommendation=recommendation.removesuffix("_addressed"),
    )
    if recommendation == "reject_addressed":
        review_address(review=review, by=editor, note="Discussed with the author.")
    user = {"editor": editor, "board_member": board_user()}.get(who)
    if who == "editor_author":
        user = editor_user()
        article.coauthors.add(user)

    (shown,) = _panel(user, article)["current_round"].invitation_list
    accepted = _accepted(
        lambda: review_address(review=Review.objects.get(pk=review.pk), by=user, note="Noted.")
    )
    assert shown.addressable == accepted
    assert accepted == (who == "editor" and recommendation == "reject")


@pytest.mark.parametrize("who", ["editor", "editor_author", "board_member", "author"])
@pytest.mark.parametrize("state", ["submitted", "under_review", "approved"])
def test_invite_is_offered_exactly_when_the_service_accepts(who, state, editor):

    article = article_in_state(state, editor=editor)
    user = {"editor": editor, "board_member": board_user(), "author": article.author}.get(who)
    if who == "editor_author":
        user = editor_user()
        article.coauthors.add(user)
    member = board_user().board_member

    offered = _panel(user, article)["invite_form"] is not None
    accepted = _accepted(lambda: invitations_create(article=article, reviewers=[member], by=user))
    assert offered == accepted
    assert accepted == (who == "editor" and state == "under_review")


@pytest.mark.parametrize(
    "state", ["invited", "accepted", "declared", "reviewed", "declined", "round_closed"]
)
def test_the_invitees_buttons_are_offered_exactly_when_the_services_accept(
    state, editor, board_member
):

    article = article_in_state("under_review", editor=editor)
    (invitation,) = invitations_create(
        article=article, reviewers=[board_member.board_member], by=editor
    )
    if state in {"accepted", "declared", "reviewed"}:
        invitation_accept(invitation=invitation, by=board_member)
    if state in {"declared", "reviewed"}:
        invitation_declare_conflict(invitation=invitation, by=board_member, has_conflict=False)
    if state == "reviewed":
        review_a(invitation, board_member)
    if state == "declined":
        invitation_decline(invitation=invitation, by=board_member, reason="Busy.")
    if state == "round_closed":
        article_transition(article=article, action="reject", by=editor, comment="Out of scope.")

    page = signed_in(board_member).get(invitation_url(invitation))
    assert page.status_code == 200
    fresh = ReviewInvitation.objects.get(pk=invitation.pk)
    services = {
        "can_accept": lambda: invitation_accept(invitation=fresh, by=board_member),
        "can_decline": lambda: invitation_decline(invitation=fresh, by=board_member, reason="No."),
        "can_declare": lambda: invitation_declare_conflict(
            invitation=fresh, by=board_member, has_conflict=False
        ),
        "can_review": lambda: review_submit(
            invitation=fresh,
            by=board_member,
            claim_checks=all_claims_supported(fresh),
            **{name: value for name, value in REVIEW.items() if not name.startswith("claim_")},
        ),
    }
    for flag, service in services.items():
        assert page.context[flag] == _accepted(service), flag
