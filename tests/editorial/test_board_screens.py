"""The board's screens as members and editors meet them: the queue on the admin's home, the
review form (no answer chosen in advance, questions as fieldsets), no dead end after answering
or reviewing, and decision forms that appear with a letter only when the step is possible."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from editorial.admin import REVIEW_SUBMITTED, still_awaiting
from editorial.board_panel import ANSWER_THE_INVITATION, DECLARE_ANY_CONFLICT, WRITE_YOUR_REVIEW
from editorial.models import InvitationStatus, Recommendation, Review, ReviewInvitation
from editorial.reviews import (
    DECLINE_NEEDS_REASON,
    decision_letter_draft,
    invitation_accept,
    invitation_declare_conflict,
    invitations_create,
)
from editorial.workflow import article_transition
from editorial.workflow.rules import quorum_refusal
from tests.clients import signed_in
from tests.factories import article_in_state, board_reviews, board_user
from tests.html import parse, visible_text

pytestmark = pytest.mark.django_db

REVIEW = {
    "recommendation": "minor",
    "claims_supported": "yes",
    "guidelines_current": "no",
    "safety_accurate": "n/a",
    "language_suitable": "yes",
    "comments_for_author": "Cite the 2024 update of the guideline.",
    "confidential_comments": "",
}
QUESTIONS = [
    "recommendation",
    "claims_supported",
    "guidelines_current",
    "safety_accurate",
    "language_suitable",
]
HOME = reverse("admin:index")
QUEUE = reverse("admin:editorial_awaitingmyreview_changelist")


def queue_url(invitation: ReviewInvitation, name: str = "change") -> str:
    return reverse(f"admin:editorial_awaitingmyreview_{name}", args=[invitation.pk])


def messages_of(response) -> list[str]:
    return [message.message for message in get_messages(response.wsgi_request)]


@pytest.fixture
def under_review(editor):
    return article_in_state("under_review", editor=editor)


@pytest.fixture
def invited(under_review, editor, board_member):
    return invitations_create(
        article=under_review, reviewers=[board_member.board_member], by=editor
    )[0]


@pytest.fixture
def ready(invited, board_member):
    """Accepted, with no conflict of interest declared: the review form is open."""
    invitation_accept(invitation=invited, by=board_member)
    return invitation_declare_conflict(invitation=invited, by=board_member, has_conflict=False)


# --------------------------------------------------------------------------------------------
# No dead end after reviewing or answering
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("admin_list", ["awaitingmyreview", "reviewinvitation"])
def test_after_submitting_a_review_the_member_lands_on_their_queue_with_a_confirmation(
    ready, board_member, admin_list
):
    client = signed_in(board_member)
    url = reverse(f"admin:editorial_{admin_list}_review", args=[ready.pk])
    response = client.post(url, REVIEW, follow=True)
    assert response.redirect_chain == [(QUEUE, 302)]
    assert response.status_code == 200
    text = visible_text(response)
    title = ready.round.article.title
    confirmation = REVIEW_SUBMITTED.format(
        title=title,
        round=ready.round,
        recommendation=Recommendation.MINOR.label,
        waiting=still_awaiting(0),
    )
    assert confirmation in text
    assert "Perhaps it was deleted" not in text
    assert Review.objects.get().invitation == ready


def test_the_confirmation_counts_what_still_awaits_the_member(ready, board_member, editor):
    other = article_in_state("under_review", editor=editor)
    invitations_create(article=other, reviewers=[board_member.board_member], by=editor)
    response = signed_in(board_member).post(queue_url(ready, "review"), REVIEW, follow=True)
    assert still_awaiting(1) in visible_text(response)
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize(
    ("answer", "leaves_the_queue"),
    [
        ({"answer": "accept"}, False),
        ({"answer": "decline", "reason": "On leave until March."}, True),
        ({"answer": "conflict", "has_conflict": "yes", "description": "I co-wrote it."}, True),
    ],
)
def test_answering_from_the_queue_never_ends_on_a_page_that_no_longer_exists(
    invited, board_member, answer, leaves_the_queue
):
    if answer["answer"] == "conflict":
        invitation_accept(invitation=invited, by=board_member)
    response = signed_in(board_member).post(queue_url(invited, "respond"), answer, follow=True)
    assert response.status_code == 200
    final = response.redirect_chain[-1][0]
    assert final == (QUEUE if leaves_the_queue else queue_url(invited))
    assert "Perhaps it was deleted" not in visible_text(response)
    assert messages_of(response)  # the confirmation is shown


def test_a_refused_answer_changes_nothing_and_says_why(invited, board_member):
    response = signed_in(board_member).post(
        queue_url(invited, "respond"), {"answer": "decline", "reason": " "}, follow=True
    )
    assert response.redirect_chain[-1][0] == queue_url(invited)
    assert DECLINE_NEEDS_REASON in visible_text(response)
    invited.refresh_from_db()
    assert invited.status == InvitationStatus.INVITED


def test_another_member_cannot_use_the_queue_to_review_or_answer(ready):
    client = signed_in(board_user())
    assert client.post(queue_url(ready, "review"), REVIEW).status_code == 404
    answer = {"answer": "decline", "reason": "Not mine."}
    assert client.post(queue_url(ready, "respond"), answer).status_code == 404
    ready.refresh_from_db()
    assert ready.status == InvitationStatus.ACCEPTED
    assert not Review.objects.exists()


# --------------------------------------------------------------------------------------------
# The review form and the invitation page
# --------------------------------------------------------------------------------------------


def test_every_question_is_a_fieldset_with_a_legend_and_nothing_is_chosen_in_advance(
    ready, board_member
):
    response = signed_in(board_member).get(queue_url(ready, "review"))
    page = parse(response)
    html = response.content.decode()
    assert "---------" not in html
    radios = [i for i in page.find_all("input") if i.attrs.get("type") == "radio"]
    claims = [radio for radio in radios if radio.attrs["name"].startswith("claim_")]
    questions = [radio for radio in radios if radio not in claims]
    assert {radio.attrs["name"] for radio in questions} == set(QUESTIONS)
    assert {radio.attrs["name"] for radio in claims} == {"claim_1"}  # its one cited claim
    assert not [radio for radio in radios if "checked" in radio.attrs]
    assert all("required" in radio.attrs for radio in questions)
    assert not [radio for radio in claims if "required" in radio.attrs]  # unmarked: unchecked
    legends = [legend.text() for legend in page.find_all("legend")]
    for label in [
        "Recommendation (required)",
        "Claims are supported by the cited sources (required)",
        "The guidelines cited are current (required)",
        "Dosing, safety and contraindications are accurate (required)",
        "The language suits the audience (required)",
        "Medical checklist",
    ]:
        assert label in legends, legends
    ids = {node.attrs.get("id") for node in page.iter()}
    for label in page.find_all("label"):
        assert label.attrs.get("for") in ids, label.attrs  # never empty, never dangling


def test_the_revision_under_review_and_what_changed_are_on_the_review_screen(ready, board_member):
    response = signed_in(board_member).get(queue_url(ready, "review"))
    page = parse(response)
    revision = page.find("section", **{"class": "review-screen__revision"})
    form = page.find("section", **{"class": "review-screen__form"})
    assert "From the Guidelines" in revision.text() and "Guidance says so" in revision.text()
    assert form.find("form").attrs["method"] == "post"
    # The article's first revision: nothing to compare yet, and the screen says so.
    assert "This is the article's first revision: nothing to compare yet." in visible_text(response)


def test_what_changed_is_one_click_from_a_later_rounds_review(editor, board_member):
    article = article_in_state("changes_requested", editor=editor)
    article_transition(article=article, action="resubmit", by=article.author)
    article_transition(article=article, action="start_review", by=editor)
    (invitation,) = invitations_create(
        article=article, reviewers=[board_member.board_member], by=editor
    )
    invitation_accept(invitation=invitation, by=board_member)
    invitation_declare_conflict(invitation=invitation, by=board_member, has_conflict=False)
    page = parse(signed_in(board_member).get(queue_url(invitation, "review")))
    compare = reverse("admin:articles_article_compare", args=[article.pk])
    links = [a for a in page.find_all("a") if a.attrs.get("href") == compare]
    assert [a.text() for a in links] == ["What changed since revision 1"]
    assert signed_in(board_member).get(compare).status_code == 200


def test_a_review_with_missing_answers_says_which_and_keeps_what_was_typed(ready, board_member):
    response = signed_in(board_member).post(
        queue_url(ready, "review"), {"recommendation": "major", "comments_for_author": "Typed."}
    )
    assert response.status_code == 200
    page = parse(response)
    invalid = page.find_all("fieldset", **{"class": "review-question review-question--invalid"})
    assert len(invalid) == 4  # the four checklist questions left unanswered
    chosen = [i for i in page.find_all("input") if "checked" in i.attrs]
    assert [(i.attrs["name"], i.attrs["value"]) for i in chosen] == [("recommendation", "major")]
    assert "Typed." in response.content.decode()
    assert not Review.objects.exists()


def test_the_conflict_of_interest_question_is_shown(invited, board_member):
    invitation_accept(invitation=invited, by=board_member)
    page = parse(signed_in(board_member).get(queue_url(invited)))
    legends = [legend.text() for legend in page.find_all("legend")]
    assert "Do you have a conflict of interest with this article? (required)" in legends


# --------------------------------------------------------------------------------------------
# Decision forms: with their letter only when the step is possible
# --------------------------------------------------------------------------------------------


def _decision_forms(user, article) -> dict[str, str | None]:
    """Each step of the workflow panel and the text of its letter (None: no form, blocked)."""
    response = signed_in(user).get(reverse("admin:articles_article_change", args=[article.pk]))
    forms = {}
    for step in response.context["workflow_actions"]:
        name = step["offered"].action.name
        textareas = parse(response).find_all("textarea", id=f"comment-{name}")
        forms[name] = textareas[0].text() if textareas else None
    return forms


def test_before_any_review_no_letter_is_drafted_and_approval_shows_why_not(under_review, editor):
    forms = _decision_forms(editor, under_review)
    assert forms["request_changes"] == "" and forms["reject"] == ""
    assert forms["approve"] is None  # blocked: no form, no letter
    response = signed_in(editor).get(
        reverse("admin:articles_article_change", args=[under_review.pk])
    )
    html = response.content.decode()
    assert "No written reviews" not in html
    assert "No reviewer has reviewed this round yet" in visible_text(response)
    assert escape(quorum_refusal(2, 0)) in html
    assert decision_letter_draft(article=under_review, action="reject", by=editor) == ""


def test_with_reviews_in_every_decision_that_is_possible_comes_with_its_letter(
    under_review, editor
):
    board_reviews(under_review, editor=editor)
    forms = _decision_forms(editor, under_review)
    for name in ["approve", "request_changes", "reject"]:
        assert "Reviewer 1 (Approve): Clear and well sourced." in forms[name], name
    assert "has approved" in forms["approve"]


def test_a_blocked_approval_gets_no_letter_even_with_reviews(under_review, editor):
    board_reviews(under_review, editor=editor, members=[board_user()])  # below the quorum
    forms = _decision_forms(editor, under_review)
    assert forms["approve"] is None
    assert "Reviewer 1" in forms["reject"]


# --------------------------------------------------------------------------------------------
# A board member's home
# --------------------------------------------------------------------------------------------


def test_a_board_members_home_lists_what_awaits_them_overdue_first(editor, board_member):
    member = board_member.board_member
    first, second, third = (article_in_state("under_review", editor=editor) for _ in range(3))
    (to_answer,) = invitations_create(article=first, reviewers=[member], by=editor)
    (to_review,) = invitations_create(article=second, reviewers=[member], by=editor)
    invitation_accept(invitation=to_review, by=board_member)
    invitation_declare_conflict(invitation=to_review, by=board_member, has_conflict=False)
    (late,) = invitations_create(article=third, reviewers=[member], by=editor)
    invitation_accept(invitation=late, by=board_member)
    ReviewInvitation.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - timezone.timedelta(days=3)
    )
    someone_elses = board_user()
    invitations_create(article=first, reviewers=[someone_elses.board_member], by=editor)

    response = signed_in(board_member).get(HOME)
    section = parse(response).find("section", **{"class": "module awaiting-me"})
    text = section.text()
    assert "1 invitation to answer, 2 reviews due; 1 overdue." in text
    items = [li.text() for li in section.find("ol").find_all("li")]
    assert len(items) == 3
    assert items[0].startswith(DECLARE_ANY_CONFLICT) and "Overdue" in items[0]
    assert third.title in items[0]
    assert {items[1].split(":")[0], items[2].split(":")[0]} == {
        ANSWER_THE_INVITATION,
        WRITE_YOUR_REVIEW,
    }
    links = {a.text().split(":")[0]: a.attrs["href"] for a in section.find("ol").find_all("a")}
    assert links[WRITE_YOUR_REVIEW] == queue_url(to_review, "review")
    assert links[ANSWER_THE_INVITATION] == queue_url(to_answer)


def test_a_board_member_with_nothing_waiting_is_told_so(board_member):
    response = signed_in(board_member).get(HOME)
    assert "Nothing awaits you: no invitation to answer and no review due." in visible_text(
        response
    )


def test_the_home_of_someone_not_on_the_board_has_no_queue(editor):
    response = signed_in(editor).get(HOME)
    assert response.status_code == 200
    assert "Awaiting you" not in visible_text(response)


def test_the_queue_on_the_home_page_costs_a_fixed_number_of_queries(
    editor, board_member, django_assert_max_num_queries
):
    counts = []
    for _ in range(2):
        article = article_in_state("under_review", editor=editor)
        invitations_create(article=article, reviewers=[board_member.board_member], by=editor)
        client = signed_in(board_member)
        with django_assert_max_num_queries(20) as captured:
            client.get(HOME)
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
