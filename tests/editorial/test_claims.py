"""Issue 15: claim-by-claim sign-off. A claim is a sentence or a list item that cites works; the
board marks each one against its sources, and approval may require every claim of the round's
revision to be supported (EDITORIAL_CLAIM_SIGNOFF). Unchanged claims keep their checks from
earlier rounds."""

from __future__ import annotations

import pytest

from articles.claims import find_claims
from articles.models import ArticleReference, Section
from articles.services import article_update
from editorial.claims import claims_text
from editorial.models import ChecklistAnswer, ClaimCheck, ClaimVerdict, Review
from editorial.reviews import invitation_accept, invitation_declare_conflict, invitations_create
from editorial.workflow import WorkflowError, article_transition, claim_signoff
from editorial.workflow.rounds import disputed_claims_refusal, unchecked_claims_refusal
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    article_in_state,
    board_reviews,
    board_user,
    invitees_review,
    review_a,
)

WORKS = {
    "a": {"key": "a", "title": "Work A.", "journal": "J", "year": 2020, "doi": "10.1000/a"},
    "b": {"key": "b", "title": "Work B.", "journal": "K", "year": 2021, "pmid": "123"},
}
NUMBERS = {"a": 1, "b": 2}


def claims_of(body: str, works=WORKS, numbers=NUMBERS):
    return find_claims([("Section", body)], works, numbers)


# --------------------------------------------------------------------------------------------
# Finding claims
# --------------------------------------------------------------------------------------------


def test_a_claim_is_a_sentence_that_cites():
    claims = claims_of(
        "Sleep matters [@a]. Nothing cited here. Both agree [@a; @b]! A question? [@b]"
    )

    assert [claim.words for claim in claims] == ["Sleep matters.", "Both agree!", "A question?"]
    assert [[source.number for source in claim.sources] for claim in claims] == [[1], [1, 2], [2]]
    assert claims[1].sources[1].pubmed_url == "https://pubmed.ncbi.nlm.nih.gov/123/"
    assert claims[0].sources[0].doi_url == "https://doi.org/10.1000/a"


def test_a_list_item_is_one_claim_and_code_is_not_a_citation():
    claims = claims_of(
        "Do this:\n\n- First point [@a]. Still the first point.\n- Second, uncited.\n\n"
        "Write `[@b]` to cite.\n"
    )

    assert [claim.words for claim in claims] == ["First point. Still the first point."]


def test_markers_naming_no_listed_work_make_no_claim():
    assert claims_of("Unlisted [@nowhere].") == []


def test_the_fingerprint_follows_the_words_and_the_works_not_the_markup():
    (plain,) = claims_of("Sleep   matters [@a].")
    (same,) = claims_of("Sleep matters [@a].")
    (reworded,) = claims_of("Sleep matters a lot [@a].")
    (other_work,) = claims_of("Sleep matters [@b].")
    renumbered = claims_of("Sleep matters [@a].", numbers={"a": 7})[0]
    moved_doi = claims_of(
        "Sleep matters [@a].", works={**WORKS, "a": {**WORKS["a"], "doi": "10.1/x"}}
    )

    assert plain.fingerprint == same.fingerprint == renumbered.fingerprint
    assert reworded.fingerprint != plain.fingerprint
    assert other_work.fingerprint != plain.fingerprint
    assert moved_doi[0].fingerprint != plain.fingerprint


@pytest.mark.django_db
def test_a_revisions_claims_are_numbered_as_readers_see_them():
    article = article_in_state("submitted")
    revision = article.latest_revision()

    (claim,) = revision.claims()
    (work,) = revision.rendered.references
    assert claim.words == "Guidance says so."
    assert claim.sources[0].number == work.number == 1
    assert claim.sources[0].key == work.key


# --------------------------------------------------------------------------------------------
# Checking them
# --------------------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


def ready_reviewer(article, editor):
    member = board_user()
    (invitation,) = invitations_create(article=article, reviewers=[member.board_member], by=editor)
    invitation_accept(invitation=invitation, by=member)
    invitation_declare_conflict(invitation=invitation, by=member, has_conflict=False)
    return invitation, member


def two_claim_article(editor):
    article = ArticleFactory()
    second = ReferenceFactory()
    ArticleReference.objects.create(article=article, reference=second)
    Section.objects.filter(article=article, position=2).update(
        body=f"Research agrees [@{second.key}]."
    )
    article = article_transition(article=article, action="submit", by=article.author).article
    return article_transition(article=article, action="start_review", by=editor).article


def test_a_reviewer_records_a_verdict_and_a_comment_per_claim(editor):
    article = two_claim_article(editor)
    invitation, member = ready_reviewer(article, editor)
    first, second = article.latest_revision().claims()

    review = review_a(
        invitation,
        member,
        claims=None,
        claims_supported=ChecklistAnswer.NO,  # a claim is not marked supported
        claim_checks={
            first.fingerprint: (ClaimVerdict.SUPPORTED, ""),
            second.fingerprint: (ClaimVerdict.NEEDS_CHANGE, "  The trial was in adults.  "),
        },
    )

    checks = {check.fingerprint: check for check in review.claim_checks.all()}
    assert checks[second.fingerprint].verdict == ClaimVerdict.NEEDS_CHANGE
    assert checks[second.fingerprint].comment == "The trial was in adults."
    assert checks[first.fingerprint].claim == "Guidance says so. [1]"


@pytest.mark.parametrize(
    "checks",
    [{"0" * 64: ("supported", "")}, "bad verdict"],
    ids=["a claim of another revision", "an unknown verdict"],
)
def test_a_bad_claim_check_refuses_the_whole_review(editor, checks):
    article = two_claim_article(editor)
    invitation, member = ready_reviewer(article, editor)
    if checks == "bad verdict":
        checks = {article.latest_revision().claims()[0].fingerprint: ("plausible", "")}

    with pytest.raises(WorkflowError):
        review_a(
            invitation,
            member,
            claims=None,
            claim_checks=checks,
            claims_supported=ChecklistAnswer.NO,
        )

    assert not Review.objects.exists() and not ClaimCheck.objects.exists()


def test_approval_names_the_claims_no_reviewer_marked_supported(editor):
    article = two_claim_article(editor)
    first, second = article.latest_revision().claims()
    for _ in range(2):
        invitation, member = ready_reviewer(article, editor)
        review_a(
            invitation,
            member,
            claims=None,
            claims_supported=ChecklistAnswer.NO,  # a claim is not marked supported
            claim_checks={first.fingerprint: (ClaimVerdict.SUPPORTED, "")},
        )

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action="approve", by=editor)

    assert refused.value.problems == [unchecked_claims_refusal([second])]


def test_one_reviewer_supporting_a_claim_is_enough(editor):
    article = two_claim_article(editor)
    claims = article.latest_revision().claims()
    invitation, member = ready_reviewer(article, editor)
    review_a(invitation, member)  # every claim supported
    invitation, member = ready_reviewer(article, editor)
    review_a(invitation, member, claims=None, claims_supported=ChecklistAnswer.NO)  # checked none

    assert article_transition(article=article, action="approve", by=editor).target == "approved"
    assert claim_signoff(article.review_rounds.get()).supported == claims


def test_a_disputed_claim_blocks_approval_whoever_else_supports_it(editor):
    article = two_claim_article(editor)
    _first, second = article.latest_revision().claims()
    invitation, member = ready_reviewer(article, editor)
    review_a(invitation, member)
    invitation, member = ready_reviewer(article, editor)
    review_a(
        invitation,
        member,
        claims=None,
        claims_supported=ChecklistAnswer.NO,  # a claim is not marked supported
        claim_checks={second.fingerprint: (ClaimVerdict.NOT_SUPPORTED, "It says the opposite.")},
    )

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action="approve", by=editor)

    assert refused.value.problems == [disputed_claims_refusal([second])]


def test_unchanged_claims_keep_their_checks_in_the_next_round(editor):
    article = two_claim_article(editor)
    board_reviews(article, editor=editor)  # round 1: every claim supported
    article = article_transition(
        article=article, action="request_changes", by=editor, comment="Reword the first."
    ).article
    key = article.references.order_by("pk").first().key
    article_update(
        article=article,
        by=article.author,
        sections=[
            ("From the Guidelines", f"Guidance now says so [@{key}]."),
            *[(s.heading, s.body) for s in article.sections.order_by("position")[1:]],
        ],
    )
    article = article_transition(article=article, action="resubmit", by=article.author).article
    article = article_transition(article=article, action="start_review", by=editor).article
    round_two = article.review_rounds.get(number=2)

    signoff = claim_signoff(round_two)
    assert [claim.words for claim in signoff.supported] == ["Research agrees."]
    assert [claim.words for claim in signoff.unchecked] == ["Guidance now says so."]

    invitees_review(article)  # round 2's reviewers check everything again
    assert article_transition(article=article, action="approve", by=editor).target == "approved"


def test_with_the_setting_off_claims_do_not_block_approval(editor, settings):
    settings.EDITORIAL_CLAIM_SIGNOFF = False
    article = two_claim_article(editor)
    for _ in range(2):
        invitation, member = ready_reviewer(article, editor)
        review_a(invitation, member, claims=None, claims_supported=ChecklistAnswer.NO)

    assert article_transition(article=article, action="approve", by=editor).target == "approved"


def test_only_the_invited_member_checks_claims(editor):
    article = two_claim_article(editor)
    invitation, _ = ready_reviewer(article, editor)
    outsider = board_user()
    (claim, _second) = article.latest_revision().claims()

    with pytest.raises(WorkflowError):
        review_a(
            invitation,
            outsider,
            claims=None,
            claims_supported=ChecklistAnswer.NO,  # a claim is not marked supported
            claim_checks={claim.fingerprint: (ClaimVerdict.SUPPORTED, "")},
        )
    assert not ClaimCheck.objects.exists()


def test_a_marker_standing_alone_is_not_a_claim():
    assert claims_of("[@a]\n\nA real claim [@b].\n\n- [@a; @b]\n") == claims_of(
        "A real claim [@b]."
    )


def test_a_refusal_names_five_claims_and_counts_the_rest():
    claims = claims_of(" ".join(f"Claim number {n} [@a]." for n in range(1, 9)))

    text = claims_text(claims)

    assert text.startswith("“Claim number 1.”; “Claim number 2.”")
    assert "Claim number 5." in text and "Claim number 6." not in text
    assert text.endswith("; and 3 more")


def test_an_abbreviation_does_not_end_a_claim():
    (claim,) = claims_of("Use a lower dose, e.g. half the usual one, in the elderly [@a].")

    assert claim.words == "Use a lower dose, e.g. half the usual one, in the elderly."
