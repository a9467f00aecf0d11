"""Sign-off that leads somewhere: a review cannot approve "with every claim supported" while a
claim is unmarked or marked otherwise; refusals quote claims cut at a word and end with one
full stop; decision letters say what the round's reviewers actually recommend."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import ArticleReference, Section
from editorial.claims import claims_text, sentence, shortened
from editorial.models import (
    ChecklistAnswer,
    ClaimCheck,
    ClaimVerdict,
    DecisionLetterTemplate,
    InvitationStatus,
    Recommendation,
    Review,
)
from editorial.reviews import decision_letter_draft
from editorial.workflow import WorkflowError, article_transition
from editorial.workflow.board import (
    SIGNOFF_CLAIMS_DISPUTED,
    SIGNOFF_CLAIMS_UNMARKED,
    approval_open_claims_question,
    signoff_claims_refusal,
)
from editorial.workflow.rounds import unchecked_claims_refusal
from tests.clients import signed_in
from tests.editorial.steps import accepted, claims_of, invite
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    board_reviews,
    board_user,
    editor_user,
    review_a,
)
from tests.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return editor_user()


def two_claims(editor):
    """An article under review whose revision has two claims."""
    article = ArticleFactory()
    second = ReferenceFactory()
    ArticleReference.objects.create(article=article, reference=second)
    Section.objects.filter(article=article, position=2).update(
        body=f"Research agrees [@{second.key}]."
    )
    article = article_transition(article=article, action="submit", by=article.author).article
    return article_transition(article=article, action="start_review", by=editor).article


def ready(article, editor):
    member = board_user()
    (invitation,) = invite(article, editor, member)
    return accepted(invitation, member), member


def nothing_saved(invitation):
    invitation.refresh_from_db()
    assert not Review.objects.filter(invitation=invitation).exists()
    assert not ClaimCheck.objects.exists()
    assert invitation.status == InvitationStatus.ACCEPTED


# --------------------------------------------------------------------------------------------
# The review refuses an approval that signs off what it did not mark
# --------------------------------------------------------------------------------------------


def test_approving_with_claims_supported_while_a_claim_is_unmarked_is_refused(editor):
    article = two_claims(editor)
    first, second = claims_of(article, "Guidance says so.", "Research agrees.")
    invitation, member = ready(article, editor)

    with pytest.raises(WorkflowError) as refused:
        review_a(
            invitation,
            member,
            claims=None,
            claim_checks={first.fingerprint: (ClaimVerdict.SUPPORTED, "")},
        )

    assert refused.value.problems == [signoff_claims_refusal(SIGNOFF_CLAIMS_UNMARKED, [second])]
    assert "“Research agrees.” Mark each claim" in refused.value.problems[0]
    nothing_saved(invitation)


@pytest.mark.parametrize("verdict", [ClaimVerdict.NOT_SUPPORTED, ClaimVerdict.NEEDS_CHANGE])
def test_approving_with_claims_supported_while_a_claim_is_disputed_is_refused(editor, verdict):
    article = two_claims(editor)
    first, second = claims_of(article, "Guidance says so.", "Research agrees.")
    invitation, member = ready(article, editor)

    with pytest.raises(WorkflowError) as refused:
        review_a(
            invitation,
            member,
            claims=None,
            claim_checks={
                first.fingerprint: (ClaimVerdict.SUPPORTED, ""),
                second.fingerprint: (verdict, "Adults only."),
            },
        )

    assert refused.value.problems == [signoff_claims_refusal(SIGNOFF_CLAIMS_DISPUTED, [second])]
    nothing_saved(invitation)


@pytest.mark.parametrize(
    ("recommendation", "answer"),
    [
        (Recommendation.APPROVE, ChecklistAnswer.NO),
        (Recommendation.MINOR, ChecklistAnswer.YES),
        (Recommendation.MAJOR, ChecklistAnswer.NO),
    ],
)
def test_a_review_that_does_not_claim_full_support_may_leave_claims_open(
    editor, recommendation, answer
):
    article = two_claims(editor)
    _first, second = claims_of(article, "Guidance says so.", "Research agrees.")
    invitation, member = ready(article, editor)

    review = review_a(
        invitation,
        member,
        recommendation=recommendation,
        claims_supported=answer,
        claims=None,
        claim_checks={second.fingerprint: (ClaimVerdict.NEEDS_CHANGE, "Adults only.")},
    )

    assert review.claim_checks.get().verdict == ClaimVerdict.NEEDS_CHANGE


def test_claims_signed_off_in_an_earlier_round_need_not_be_marked_again(editor):
    article = two_claims(editor)
    board_reviews(article, editor=editor)  # round 1: every claim supported
    article = article_transition(
        article=article, action="request_changes", by=editor, comment="A last look."
    ).article
    article = article_transition(article=article, action="resubmit", by=article.author).article
    article = article_transition(article=article, action="start_review", by=editor).article
    invitation, member = ready(article, editor)

    review = review_a(invitation, member, claims=None)  # approves, claims carried over

    assert review.approves and not review.claim_checks.exists()


def test_with_the_sign_off_off_claims_may_be_left_unmarked_but_not_disputed(editor, settings):
    settings.EDITORIAL_CLAIM_SIGNOFF = False
    article = two_claims(editor)
    _first, second = claims_of(article, "Guidance says so.", "Research agrees.")
    invitation, member = ready(article, editor)
    with pytest.raises(WorkflowError) as refused:
        review_a(
            invitation,
            member,
            claims=None,
            claim_checks={second.fingerprint: (ClaimVerdict.NOT_SUPPORTED, "")},
        )
    assert refused.value.problems == [signoff_claims_refusal(SIGNOFF_CLAIMS_DISPUTED, [second])]

    assert review_a(invitation, member, claims=None).approves


def test_the_review_form_says_why_and_keeps_what_was_typed(editor):
    article = two_claims(editor)
    _first, second = claims_of(article, "Guidance says so.", "Research agrees.")
    invitation, member = ready(article, editor)
    url = reverse("admin:editorial_awaitingmyreview_review", args=[invitation.pk])

    response = signed_in(member).post(
        url,
        {
            "recommendation": "approve",
            "claims_supported": "yes",
            "guidelines_current": "yes",
            "safety_accurate": "n/a",
            "language_suitable": "yes",
            "comments_for_author": "Typed with care.",
            "confidential_comments": "",
            "claim_1": ClaimVerdict.SUPPORTED,
        },
    )

    assert response.status_code == 200
    assert signoff_claims_refusal(SIGNOFF_CLAIMS_UNMARKED, [second]) in visible_text(response)
    assert "Typed with care." in response.content.decode()
    nothing_saved(invitation)


def approval_post(**fields):
    return {
        "recommendation": "approve",
        "claims_supported": "no",
        "guidelines_current": "yes",
        "safety_accurate": "n/a",
        "language_suitable": "yes",
        "comments_for_author": "Typed with care.",
        "confidential_comments": "",
        **fields,
    }


def test_an_approval_with_open_claims_is_asked_to_confirm_with_the_reason(editor):
    article = two_claims(editor)
    first, second = claims_of(article, "Guidance says so.", "Research agrees.")
    invitation, member = ready(article, editor)
    url = reverse("admin:editorial_awaitingmyreview_review", args=[invitation.pk])
    client = signed_in(member)

    asked = client.post(url, approval_post(claim_2=ClaimVerdict.NEEDS_CHANGE))

    assert asked.status_code == 200
    text = visible_text(asked)
    question = approval_open_claims_question(
        recommendation=Recommendation.APPROVE,
        claims_supported=ChecklistAnswer.NO,
        claims=[first, second],
        verdicts={second.fingerprint: ClaimVerdict.NEEDS_CHANGE},
        carried={},
    )
    assert question in text
    assert "“Guidance says so.” (not marked)" in question
    assert "“Research agrees.” (marked not supported or needing change)" in question
    assert "I recommend approval with these claims open" in text
    assert "Typed with care." in asked.content.decode()
    nothing_saved(invitation)

    confirmed = client.post(
        url, approval_post(claim_2=ClaimVerdict.NEEDS_CHANGE, confirm_open_claims="on")
    )

    assert confirmed.status_code == 302
    review = Review.objects.get(invitation=invitation)
    assert review.approves
    assert review.claim_checks.get().verdict == ClaimVerdict.NEEDS_CHANGE


def test_an_approval_with_every_claim_supported_is_not_asked_to_confirm(editor):
    article = two_claims(editor)
    invitation, member = ready(article, editor)
    url = reverse("admin:editorial_awaitingmyreview_review", args=[invitation.pk])

    response = signed_in(member).post(
        url, approval_post(claim_1=ClaimVerdict.SUPPORTED, claim_2=ClaimVerdict.SUPPORTED)
    )

    assert response.status_code == 302
    assert Review.objects.get(invitation=invitation).approves


def test_a_recommendation_of_changes_with_open_claims_is_not_asked_to_confirm(editor):
    article = two_claims(editor)
    invitation, member = ready(article, editor)
    url = reverse("admin:editorial_awaitingmyreview_review", args=[invitation.pk])

    response = signed_in(member).post(
        url, approval_post(recommendation="minor", claim_2=ClaimVerdict.NEEDS_CHANGE)
    )

    assert response.status_code == 302
    assert not Review.objects.get(invitation=invitation).approves


def test_a_confirmation_does_not_lift_the_refusal_of_an_approval_claiming_full_support(editor):
    article = two_claims(editor)
    _first, second = claims_of(article, "Guidance says so.", "Research agrees.")
    invitation, member = ready(article, editor)
    url = reverse("admin:editorial_awaitingmyreview_review", args=[invitation.pk])

    response = signed_in(member).post(
        url,
        approval_post(
            claims_supported="yes", claim_1=ClaimVerdict.SUPPORTED, confirm_open_claims="on"
        ),
    )

    assert response.status_code == 200
    assert signoff_claims_refusal(SIGNOFF_CLAIMS_UNMARKED, [second]) in visible_text(response)
    nothing_saved(invitation)


def test_with_the_sign_off_off_only_disputed_claims_ask_to_confirm(editor, settings):
    settings.EDITORIAL_CLAIM_SIGNOFF = False
    article = two_claims(editor)
    invitation, member = ready(article, editor)
    url = reverse("admin:editorial_awaitingmyreview_review", args=[invitation.pk])
    client = signed_in(member)

    assert client.post(url, approval_post(claim_1=ClaimVerdict.NOT_SUPPORTED)).status_code == 200
    nothing_saved(invitation)
    assert client.post(url, approval_post()).status_code == 302


# --------------------------------------------------------------------------------------------
# Refusals quote claims cut at a word, and end with one full stop
# --------------------------------------------------------------------------------------------


def test_a_long_claim_is_cut_after_a_whole_word_with_an_ellipsis():
    words = "Secure attachment in adults grows from consistent responsiveness in close bonds."
    cut = shortened(words, 40)
    assert cut == "Secure attachment in adults grows from…"
    assert words.startswith(cut.removesuffix("…")) and len(cut) <= 41
    assert shortened("Short.", 40) == "Short."
    assert shortened("A" * 50, 40) == "A" * 40 + "…"  # one word longer than the limit


def test_a_refusal_never_ends_in_a_stop_after_a_quoted_stop(editor):
    article = two_claims(editor)
    claims = claims_of(article, "Guidance says so.", "Research agrees.")
    refusal = unchecked_claims_refusal(claims)
    assert refusal.endswith("“Research agrees.”") and not refusal.endswith(".”.")
    assert sentence("They said “no”") == "They said “no”."
    assert sentence("They said “no.”") == "They said “no.”"
    assert claims_text(claims) == "“Guidance says so.”; “Research agrees.”"


# --------------------------------------------------------------------------------------------
# Letters drafted from the round as it stands
# --------------------------------------------------------------------------------------------


def test_a_letter_asking_for_changes_says_the_reviewers_approved_and_what_is_missing(editor):
    article = two_claims(editor)
    first, _second = claims_of(article, "Guidance says so.", "Research agrees.")
    for _ in range(2):
        invitation, member = ready(article, editor)
        review_a(
            invitation,
            member,
            claims=None,
            claims_supported=ChecklistAnswer.NO,
            claim_checks={first.fingerprint: (ClaimVerdict.SUPPORTED, "")},
        )

    letter = decision_letter_draft(article=article, action="request_changes", by=editor)

    assert "2 reviewers reviewed this revision: 2 reviewers recommend approval." in letter
    assert (
        "The board cannot approve it as it stands: 1 of the 2 cited claims are not yet "
        "confirmed against their sources." in letter
    )
    assert "$summary" not in letter
    assert member.board_member.display_name not in letter  # reviewers are numbered, not named


def test_a_letter_with_mixed_recommendations_counts_each(editor):
    article = two_claims(editor)
    board_reviews(article, editor=editor, members=[board_user()])
    board_reviews(article, editor=editor, members=[board_user()], recommendation="major")

    letter = decision_letter_draft(article=article, action="request_changes", by=editor)

    assert (
        "2 reviewers reviewed this revision: one reviewer recommends approval, one reviewer "
        "recommends major changes." in letter
    )
    assert "cannot approve it as it stands" not in letter


def test_a_letter_below_the_quorum_says_so(editor):
    article = two_claims(editor)
    board_reviews(article, editor=editor, members=[board_user()])
    letter = decision_letter_draft(article=article, action="reject", by=editor)
    assert "One reviewer reviewed this revision: one reviewer recommends approval." in letter
    assert "approval needs 2 approving reviews and this round has 1" in letter


def test_an_approval_letter_states_the_recommendations(editor):
    article = two_claims(editor)
    board_reviews(article, editor=editor)
    letter = decision_letter_draft(article=article, action="approve", by=editor)
    assert "2 reviewers reviewed this revision: 2 reviewers recommend approval." in letter
    assert "cannot approve" not in letter


def test_an_editors_own_letter_says_it_too_where_they_place_it(editor):
    template = DecisionLetterTemplate.objects.get(outcome="changes_requested")
    template.body = "Dear $author, our own words.\n\n$reviews"
    template.save()
    article = two_claims(editor)
    board_reviews(article, editor=editor)
    letter = decision_letter_draft(article=article, action="request_changes", by=editor)
    assert letter.startswith("Dear ") and "our own words" in letter
    summary = "2 reviewers reviewed this revision: 2 reviewers recommend approval."
    assert letter.index(summary) < letter.index("Reviewer 1 (Approve)")

    template.body = "$summary\n\nOur words.\n\n$reviews"
    template.save()
    letter = decision_letter_draft(article=article, action="request_changes", by=editor)
    assert letter.startswith(summary) and letter.count(summary) == 1


def test_the_refusal_of_approval_still_names_the_open_claims(editor):
    article = two_claims(editor)
    first, second = claims_of(article, "Guidance says so.", "Research agrees.")
    for _ in range(2):
        invitation, member = ready(article, editor)
        review_a(
            invitation,
            member,
            claims=None,
            claims_supported=ChecklistAnswer.NO,
            claim_checks={first.fingerprint: (ClaimVerdict.SUPPORTED, "")},
        )
    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action="approve", by=editor)
    assert unchecked_claims_refusal([second]) in refused.value.problems
