"""Issue 15: claim-by-claim sign-off on the review screen and in the board panel. Each cited claim
of the revision under review is listed beside its sources; the reviewer marks it; editors see
where the round's claims stand, and an author never sees the board's verdicts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import ArticleReference, Section
from editorial.forms import MARK_BEFORE_COMMENTING
from editorial.models import ChecklistAnswer, ClaimCheck, ClaimVerdict, Review
from editorial.reviews import invitation_accept, invitation_declare_conflict, invitations_create
from editorial.workflow import article_transition
from editorial.workflow.rounds import unchecked_claims_refusal
from tests.clients import signed_in
from tests.editorial.steps import claims_of
from tests.factories import ArticleFactory, ReferenceFactory, board_user, editor_user, review_a
from tests.html import parse, visible_text

pytestmark = pytest.mark.django_db

REVIEW = {
    "recommendation": "approve",
    "claims_supported": "yes",
    "guidelines_current": "yes",
    "safety_accurate": "n/a",
    "language_suitable": "yes",
    "comments_for_author": "Sound.",
    "confidential_comments": "",
}


def review_url(invitation) -> str:
    return reverse("admin:editorial_awaitingmyreview_review", args=[invitation.pk])


@pytest.fixture
def article(editor):
    article = ArticleFactory()
    second = ReferenceFactory(doi="10.1000/second", pmid="7654321")
    ArticleReference.objects.create(article=article, reference=second)
    Section.objects.filter(article=article, position=2).update(
        body=f"Research agrees [@{second.key}]."
    )
    article = article_transition(article=article, action="submit", by=article.author).article
    return article_transition(article=article, action="start_review", by=editor).article


def ready_member(article, editor):
    member = board_user()
    (invitation,) = invitations_create(article=article, reviewers=[member.board_member], by=editor)
    invitation_accept(invitation=invitation, by=member)
    invitation_declare_conflict(invitation=invitation, by=member, has_conflict=False)
    return invitation, member


def test_each_claim_is_listed_beside_its_sources(article, editor):
    invitation, member = ready_member(article, editor)

    page = signed_in(member).get(review_url(invitation))

    text = visible_text(page)
    assert "The cited claims, one by one" in text
    assert "Claim 1 (From the Guidelines) Guidance says so." in text  # a <q>: quoted by CSS
    assert "Claim 2 (From the Research) Research agrees." in text
    html = page.content.decode()
    assert 'href="https://doi.org/10.1000/second"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/7654321/"' in html
    assert ClaimVerdict.SUPPORTED.label in text and ClaimVerdict.NEEDS_CHANGE.label in text


def test_the_reviewer_marks_claims_with_their_review(article, editor):
    invitation, member = ready_member(article, editor)
    first, second = article.latest_revision().claims()

    response = signed_in(member).post(
        review_url(invitation),
        {
            **REVIEW,
            "recommendation": "minor",
            "claims_supported": "no",
            "claim_1": ClaimVerdict.SUPPORTED,
            "claim_2": ClaimVerdict.NEEDS_CHANGE,
            "claim_2_comment": "The trial was in adults only.",
        },
    )

    assert response.status_code == 302
    checks = {check.fingerprint: check for check in ClaimCheck.objects.all()}
    assert checks[first.fingerprint].verdict == ClaimVerdict.SUPPORTED
    assert checks[second.fingerprint].verdict == ClaimVerdict.NEEDS_CHANGE
    assert checks[second.fingerprint].comment == "The trial was in adults only."


def test_a_comment_on_an_unmarked_claim_is_refused_and_nothing_saved(article, editor):
    invitation, member = ready_member(article, editor)

    response = signed_in(member).post(review_url(invitation), {**REVIEW, "claim_1_comment": "Hmm."})

    assert response.status_code == 200
    assert MARK_BEFORE_COMMENTING in visible_text(response)
    assert "Hmm." in response.content.decode()  # what was typed is kept
    assert not Review.objects.exists() and not ClaimCheck.objects.exists()


def test_a_forged_verdict_is_refused_by_the_form(article, editor):
    invitation, member = ready_member(article, editor)

    response = signed_in(member).post(review_url(invitation), {**REVIEW, "claim_1": "plausible"})

    assert response.status_code == 200
    assert not Review.objects.exists()


def test_an_unchanged_claim_says_it_was_checked_in_an_earlier_round(article, editor):
    for _ in range(2):
        invitation, member = ready_member(article, editor)
        review_a(invitation, member)
    article = article_transition(
        article=article, action="request_changes", by=editor, comment="Add a sentence."
    ).article
    section = article.sections.get(position=1)
    section.body += " A new claim here [@" + article.references.order_by("pk").first().key + "]."
    section.save()
    article = article_transition(article=article, action="resubmit", by=article.author).article
    article = article_transition(article=article, action="start_review", by=editor).article
    invitation = article.review_rounds.get(number=2).invitations.first()
    invitation_accept(invitation=invitation, by=invitation.reviewer.user)
    invitation_declare_conflict(
        invitation=invitation, by=invitation.reviewer.user, has_conflict=False
    )

    text = visible_text(signed_in(invitation.reviewer.user).get(review_url(invitation)))

    assert text.count("Marked supported in round 1, and unchanged since") == 2
    assert "A new claim here." in text


def test_editors_see_where_the_claims_stand_and_each_verdict(article, editor):
    invitation, member = ready_member(article, editor)
    first, second = article.latest_revision().claims()
    review_a(
        invitation,
        member,
        claims=None,
        claims_supported=ChecklistAnswer.NO,  # a claim is not marked supported
        claim_checks={
            first.fingerprint: (ClaimVerdict.SUPPORTED, ""),
            second.fingerprint: (ClaimVerdict.NOT_SUPPORTED, "BOARD-ONLY: says the opposite."),
        },
    )
    url = reverse("admin:articles_article_change", args=[article.pk])

    text = visible_text(signed_in(editor).get(url))

    assert "Cited claims: 1 signed off, 0 not yet checked, 1 disputed." in text
    assert "Disputed: Research agrees. [2]" in text
    assert f"{ClaimVerdict.NOT_SUPPORTED.label}: Research agrees. [2]" in text
    assert "BOARD-ONLY: says the opposite." in text

    coauthor = editor_user()
    article.coauthors.add(coauthor)
    assert "BOARD-ONLY" not in signed_in(coauthor).get(url).content.decode()


def test_the_approval_refusal_in_the_panel_names_the_unchecked_claims(article, editor):
    for _ in range(2):
        invitation, member = ready_member(article, editor)
        review_a(invitation, member, claims=None, claims_supported=ChecklistAnswer.NO)

    page = signed_in(editor).get(reverse("admin:articles_article_change", args=[article.pk]))

    html = parse(page)
    blocked = " ".join(item.text() for item in html.find_all("li"))
    unchecked = claims_of(article, "Guidance says so.", "Research agrees.")
    assert unchecked_claims_refusal(unchecked) in blocked
