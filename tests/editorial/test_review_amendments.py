"""An editor asks one reviewer of the round in progress to complete or revisit their review,
without a new round: the reviewer is emailed, the review stops counting toward the quorum until
amended, the amendment keeps what it said before, and approval follows. Refused, with nothing
saved, to anyone else and once the round has closed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import ArticleReference, Section
from editorial.models import (
    ChecklistAnswer,
    ClaimCheck,
    ClaimVerdict,
    OutboundEmail,
    Review,
    ReviewAmendment,
)
from editorial.reviews import REOPEN_NEEDS_NOTE, review_amend, review_reopen
from editorial.workflow import PermissionRefused, WorkflowError, article_transition
from editorial.workflow.board import (
    AMENDMENT_PENDING,
    CLOSED_ROUND_AMENDED,
    NOT_ASKED_TO_AMEND,
    ONLY_EDITORS_REOPEN,
    ONLY_THE_REVIEWER_AMENDS,
)
from editorial.workflow.rounds import unchecked_claims_refusal
from editorial.workflow.rules import being_amended_refusal, quorum_refusal
from tests.clients import signed_in
from tests.editorial.steps import accepted, claims_of, invite, make_actor
from tests.factories import ArticleFactory, ReferenceFactory, board_user, editor_user, review_a
from tests.html import visible_text

pytestmark = pytest.mark.django_db

NOTE = "Please mark the research claim against its trial."
AMENDED = {
    "recommendation": "approve",
    "claims_supported": ChecklistAnswer.YES,
    "guidelines_current": ChecklistAnswer.YES,
    "safety_accurate": ChecklistAnswer.NOT_APPLICABLE,
    "language_suitable": ChecklistAnswer.YES,
    "comments_for_author": "Now checked claim by claim.",
    "confidential_comments": "",
}


@pytest.fixture
def editor():
    return editor_user()


@pytest.fixture
def stuck(editor):
    """Two approving reviews, one of which left the research claim unmarked: the quorum is
    there, the sign-off is not (the dead end of issue 21)."""
    article = ArticleFactory()
    second = ReferenceFactory()
    ArticleReference.objects.create(article=article, reference=second)
    Section.objects.filter(article=article, position=2).update(
        body=f"Research agrees [@{second.key}]."
    )
    article = article_transition(article=article, action="submit", by=article.author).article
    article = article_transition(article=article, action="start_review", by=editor).article
    first_claim, _ = claims_of(article, "Guidance says so.", "Research agrees.")
    reviews = []
    for _ in range(2):
        member = board_user()
        (invitation,) = invite(article, editor, member)
        reviews.append(
            review_a(
                accepted(invitation, member),
                member,
                claims=None,
                claims_supported=ChecklistAnswer.NO,
                claim_checks={first_claim.fingerprint: (ClaimVerdict.SUPPORTED, "")},
            )
        )
    return article, reviews


def all_supported(article):
    return {
        claim.fingerprint: (ClaimVerdict.SUPPORTED, "Checked.")
        for claim in article.latest_revision().claims()
    }


def amend(review, by=None, **fields):
    return review_amend(
        review=review,
        by=by or review.invitation.reviewer.user,
        claim_checks=fields.pop("claim_checks", all_supported(review.invitation.round.article)),
        **{**AMENDED, **fields},
    )


def test_the_editor_asks_one_reviewer_and_the_sign_off_completes_in_the_same_round(editor, stuck):
    article, (first, _second) = stuck
    _, research = claims_of(article, "Guidance says so.", "Research agrees.")
    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action="approve", by=editor)
    assert refused.value.problems == [unchecked_claims_refusal([research])]
    emails = OutboundEmail.objects.count()

    amendment = review_reopen(review=first, by=editor, note=NOTE)

    # The reviewer is told by email, with the note and their review's address.
    assert OutboundEmail.objects.count() == emails + 1
    email = OutboundEmail.objects.get(reason="amendment requested")
    assert email.to == first.invitation.reviewer.user.email
    assert NOTE in email.body
    assert reverse("admin:editorial_awaitingmyreview_review", args=[first.invitation.pk]) in (
        email.body
    )
    # Meanwhile the review does not count toward the quorum.
    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action="approve", by=editor)
    name = first.invitation.reviewer.display_name
    assert quorum_refusal(2, 1) in refused.value.problems
    assert being_amended_refusal([name]) in refused.value.problems

    review = amend(first)

    amendment.refresh_from_db()
    assert amendment.amended_at is not None
    assert amendment.previous["comments_for_author"] == "Clear and well sourced."
    assert amendment.previous["claims_supported"] == ChecklistAnswer.NO
    assert len(amendment.previous["claim_checks"]) == 1
    assert review.comments_for_author == "Now checked claim by claim."
    assert review.claim_checks.count() == 2
    assert article.review_rounds.count() == 1  # no new round
    assert "Review amended" in review.invitation.history.first().history_change_reason
    assert OutboundEmail.objects.filter(reason="review amended").exists()
    entry = article_transition(article=article, action="approve", by=editor, comment="Thanks.")
    assert entry.target == "approved"


def test_the_amended_review_is_checked_like_a_new_one_and_nothing_is_saved_when_refused(
    editor, stuck
):
    article, (first, _) = stuck
    review_reopen(review=first, by=editor, note=NOTE)
    guidance, _ = claims_of(article, "Guidance says so.", "Research agrees.")

    with pytest.raises(WorkflowError):
        amend(first, claim_checks={guidance.fingerprint: (ClaimVerdict.SUPPORTED, "")})

    review = Review.objects.get(pk=first.pk)
    assert review.comments_for_author == "Clear and well sourced."
    assert ClaimCheck.objects.filter(review=review).count() == 1
    assert ReviewAmendment.objects.open().filter(review=review).exists()


def test_a_review_is_still_final_unless_an_editor_asked(editor, stuck):
    _, (first, _) = stuck
    with pytest.raises(WorkflowError) as refused:
        amend(first)
    assert refused.value.problems == [NOT_ASKED_TO_AMEND]
    review_reopen(review=first, by=editor, note=NOTE)
    amend(first)
    with pytest.raises(WorkflowError) as refused:  # once answered, final again
        amend(first)
    assert refused.value.problems == [NOT_ASKED_TO_AMEND]


def test_a_request_needs_a_note_and_is_not_asked_twice(editor, stuck):
    _, (first, _) = stuck
    with pytest.raises(WorkflowError) as refused:
        review_reopen(review=first, by=editor, note="   ")
    assert refused.value.problems == [REOPEN_NEEDS_NOTE]
    assert not ReviewAmendment.objects.exists()
    review_reopen(review=first, by=editor, note=NOTE)
    with pytest.raises(WorkflowError) as refused:
        review_reopen(review=first, by=editor, note=NOTE)
    name = first.invitation.reviewer.display_name
    assert refused.value.problems == [AMENDMENT_PENDING.format(name=name)]
    assert ReviewAmendment.objects.count() == 1


@pytest.mark.parametrize(
    "role", ["anonymous", "author", "other_author", "board", "board_coauthor", "editor_coauthor"]
)
def test_only_an_editor_who_did_not_write_it_asks(stuck, role):
    article, (first, _) = stuck
    actor = make_actor(role, article)
    emails = OutboundEmail.objects.count()
    with pytest.raises(PermissionRefused) as refused:
        review_reopen(review=first, by=actor, note=NOTE)
    assert refused.value.problems == [ONLY_EDITORS_REOPEN]
    assert not ReviewAmendment.objects.exists() and OutboundEmail.objects.count() == emails


@pytest.mark.parametrize(
    "role", ["anonymous", "author", "other_author", "board", "editor", "editor_coauthor", "peer"]
)
def test_only_the_reviewer_amends(editor, stuck, role):
    article, (first, second) = stuck
    review_reopen(review=first, by=editor, note=NOTE)
    actor = second.invitation.reviewer.user if role == "peer" else make_actor(role, article)
    with pytest.raises(PermissionRefused) as refused:
        amend(first, by=actor)
    assert refused.value.problems == [ONLY_THE_REVIEWER_AMENDS]
    assert Review.objects.get(pk=first.pk).comments_for_author == "Clear and well sourced."


def test_a_review_of_a_closed_round_cannot_be_amended(editor, stuck):
    article, (first, second) = stuck
    review_reopen(review=first, by=editor, note=NOTE)
    article_transition(article=article, action="request_changes", by=editor, comment="Revise.")

    with pytest.raises(WorkflowError) as refused:
        amend(first)
    assert type(refused.value) is WorkflowError
    assert refused.value.problems == [CLOSED_ROUND_AMENDED]
    assert Review.objects.get(pk=first.pk).comments_for_author == "Clear and well sourced."
    assert ReviewAmendment.objects.get().amended_at is None

    with pytest.raises(WorkflowError) as refused:  # nor asked for
        review_reopen(review=second, by=editor, note=NOTE)
    assert refused.value.problems == [CLOSED_ROUND_AMENDED]
    assert ReviewAmendment.objects.count() == 1


# --------------------------------------------------------------------------------------------
# In the admin
# --------------------------------------------------------------------------------------------


def test_the_editor_asks_from_the_panel_and_the_reviewer_amends_from_their_queue(editor, stuck):
    article, (first, _) = stuck
    change = reverse("admin:articles_article_change", args=[article.pk])
    page = signed_in(editor).get(change).content.decode()
    reopen = reverse("admin:articles_article_reopen", args=[article.pk, first.pk])
    assert f'action="{reopen}"' in page

    response = signed_in(editor).post(reopen, {"note": NOTE})
    assert response.status_code == 302
    assert ReviewAmendment.objects.open().filter(review=first).exists()
    assert "Asked to amend" in visible_text(signed_in(editor).get(change))

    member = first.invitation.reviewer.user
    home = visible_text(signed_in(member).get(reverse("admin:index")))
    assert "Complete or revisit your review, as an editor asked" in home
    url = reverse("admin:editorial_awaitingmyreview_review", args=[first.invitation.pk])
    form_page = signed_in(member).get(url)
    assert NOTE in visible_text(form_page)
    assert "Clear and well sourced." in form_page.content.decode()  # the review as it stands

    data = {**AMENDED, "comments_for_author": "Checked again."}
    data.update({f"claim_{n}": ClaimVerdict.SUPPORTED for n in (1, 2)})
    response = signed_in(member).post(url, data)
    assert response.status_code == 302
    assert Review.objects.get(pk=first.pk).comments_for_author == "Checked again."


def test_the_panel_offers_no_request_to_those_who_may_not_ask(stuck):
    article, (first, _) = stuck
    reopen = reverse("admin:articles_article_reopen", args=[article.pk, first.pk])
    coauthor = make_actor("editor_coauthor", article)
    change = reverse("admin:articles_article_change", args=[article.pk])
    response = signed_in(coauthor).get(change)
    assert f'action="{reopen}"' not in response.content.decode()
    assert signed_in(coauthor).post(reopen, {"note": NOTE}).status_code == 403
    assert not ReviewAmendment.objects.exists()
