"""Issue 21, item 2: every refusal of a step or of a review action names what would unblock it
and who can do it (a role, or the people by name), with a link to the page where it is done; and
the page is one the person named may open. The rule is one (``editorial.refusals.Refusal``),
shown by one template (``includes/refusal.html``) wherever a refusal is shown."""

from __future__ import annotations

import pickle
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleReference, Section
from editorial import guest_access, guest_links, guests
from editorial.comments import (
    INVITING_TO_COMMENT,
    ONLY_THE_ROUND_COMMENTS,
    comment_add_problems,
)
from editorial.models import (
    BoardMember,
    ChecklistAnswer,
    ClaimVerdict,
    Recommendation,
    ReviewState,
    ScheduledPublication,
)
from editorial.refusals import (
    EDITOR_NOT_AUTHOR,
    Refusal,
    article_page,
    refusal_html,
    review_form,
)
from editorial.reviews import (
    invitation_accept,
    invitation_declare_conflict,
    invitation_decline,
    review_amend,
    review_reopen,
)
from editorial.workflow import (
    ACTIONS,
    PermissionRefused,
    Step,
    WorkflowError,
    action_problems,
    article_transition,
    invitation_accept_problems,
    invitation_replace_problems,
    invite_problems,
    publication_problems,
    review_amend_problems,
    review_reopen_problems,
    review_submit_problems,
    reviewer_problems,
)
from editorial.workflow.board import (
    ACCEPT_FIRST,
    AMENDMENT_PENDING,
    DECLARE_FIRST,
    GUEST_NOT_REOPENED,
    NO_CANDIDATES,
    NO_OPEN_ROUND,
    NOT_ACTIVE,
    NOT_ASKED_TO_AMEND,
    NOT_REPLACEABLE,
    ONLY_THE_INVITEE,
    REVIEWED_ALREADY,
    ROUND_CLOSED,
)
from editorial.workflow.machine import comment_refusal, not_possible_refusal
from editorial.workflow.publication import ONLY_EDITORS_MOVE
from editorial.workflow.rounds import disputed_claims_refusal, unchecked_claims_refusal
from editorial.workflow.rules import (
    CITES_NOTHING,
    being_amended_refusal,
    conflict_refusal,
    quorum_refusal,
    rejection_refusal,
)
from references.models import Reference, Retraction
from tests.clients import signed_in
from tests.editorial.steps import accepted, claims_of, invite
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    article_in_state,
    board_user,
    editor_user,
    review_a,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return editor_user()


def opens(user, url: str) -> bool:
    """Whether ``user`` may open the page ``url`` leads to (the anchor is the browser's)."""
    return signed_in(user).get(url.split("#")[0]).status_code == 200


def anchored(user, url: str) -> bool:
    """The page opens for ``user`` and holds the element the link's anchor names."""
    path, _, anchor = url.partition("#")
    response = signed_in(user).get(path)
    return response.status_code == 200 and f'id="{anchor}"' in response.content.decode()


def approval_refusals(article, editor) -> list[str]:
    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action="approve", by=editor, comment="Approved.")
    return refused.value.problems


def one(problems: list[str], text: str) -> Refusal:
    """The refusal saying ``text``: a Refusal, with someone to lift it and a link."""
    (found,) = [problem for problem in problems if problem == text]
    assert isinstance(found, Refusal) and found.who and found.url, found
    return found


def two_claims(editor):
    """Under review, citing two works: two claims to sign off."""
    article = ArticleFactory()
    second = ReferenceFactory()
    ArticleReference.objects.create(article=article, reference=second)
    Section.objects.filter(article=article, position=2).update(
        body=f"Research agrees [@{second.key}]."
    )
    article = article_transition(article=article, action="submit", by=article.author).article
    return article_transition(article=article, action="start_review", by=editor).article


def reviewing(article, editor, **review):
    member = board_user()
    (invitation,) = invite(article, editor, member)
    return member, review_a(accepted(invitation, member), member, **review)


# The refusal itself -----------------------------------------------------------------------


def test_a_refusal_is_its_sentence_and_keeps_who_and_where_when_pickled():
    refusal = Refusal("Not yet.", who="an editor", url="/somewhere/", link_text="There")
    assert refusal == "Not yet." and f"{refusal} Then." == "Not yet. Then."
    again = pickle.loads(pickle.dumps(refusal))
    assert (again, again.who, again.url, again.link_text) == (
        refusal,
        "an editor",
        "/somewhere/",
        "There",
    )


def test_it_is_shown_with_who_and_the_link_and_its_text_escaped():
    html = refusal_html(Refusal("<b>Not</b> yet.", who="Dr. O'Neil", url="/x/?a=1&b=2"))
    assert html.startswith("&lt;b&gt;Not&lt;/b&gt; yet.")
    assert "Who can: Dr. O&#x27;Neil." in html
    assert 'href="/x/?a=1&amp;b=2"' in html
    # A sentence nobody can lift is shown as it is, and escaped where it is shown.
    assert refusal_html("Only a 'reject' recommendation.") == "Only a 'reject' recommendation."


# Approval: the sign-off, the quorum, conflicts, rejections, retractions --------------------


def test_unmarked_claims_name_the_reviewers_to_ask_and_lead_to_ask_to_amend(editor):
    article = two_claims(editor)
    guidance, research = claims_of(article, "Guidance says so.", "Research agrees.")
    partial = {guidance.fingerprint: (ClaimVerdict.SUPPORTED, "")}
    first, first_review = reviewing(
        article, editor, claims=None, claims_supported=ChecklistAnswer.NO, claim_checks=partial
    )
    second, _ = reviewing(
        article, editor, claims=None, claims_supported=ChecklistAnswer.NO, claim_checks=partial
    )
    waiting = board_user()
    invite(article, editor, waiting)

    refusal = one(approval_refusals(article, editor), unchecked_claims_refusal([research]))
    for user in (first, second, waiting):
        assert user.board_member.display_name in refusal.who
    assert EDITOR_NOT_AUTHOR in refusal.who and "amend their review" in refusal.who
    assert "still to review" in refusal.who
    assert refusal.url == article_page(article, f"reopen-{first_review.pk}")
    assert anchored(editor, refusal.url)  # the editor's "Ask to amend the review" form

    # The approval panel shows it: the sentence, who, and the link.
    html = signed_in(editor).get(article_page(article)).content.decode()
    assert refusal_html(refusal) in html


def test_once_asked_the_reviewer_is_named_and_led_to_their_review_form(editor):
    article = two_claims(editor)
    guidance, research = claims_of(article, "Guidance says so.", "Research agrees.")
    partial = {guidance.fingerprint: (ClaimVerdict.SUPPORTED, "")}
    asked, review = reviewing(
        article, editor, claims=None, claims_supported=ChecklistAnswer.NO, claim_checks=partial
    )
    reviewing(
        article, editor, claims=None, claims_supported=ChecklistAnswer.NO, claim_checks=partial
    )
    review_reopen(review=review, by=editor, note="Please mark the research claim.")
    name = asked.board_member.display_name

    problems = approval_refusals(article, editor)
    amending = one(problems, being_amended_refusal([name]))
    assert name in amending.who and amending.url == review_form(review.invitation)
    assert opens(asked, amending.url)
    # Nobody else may open that form: another member, the editor, the author.
    for other in (board_user(), editor, article.author):
        assert not opens(other, amending.url)
    unmarked = one(problems, unchecked_claims_refusal([research]))
    assert f"{name}, by amending their review as asked" in unmarked.who

    # Asking again names who must act, and leads there too.
    (pending,) = review_reopen_problems(editor, review)
    assert pending == AMENDMENT_PENDING.format(name=name)
    assert name in pending.who and pending.url == review_form(review.invitation)


def test_disputed_claims_name_who_disputed_them(editor):
    article = two_claims(editor)
    _, research = claims_of(article, "Guidance says so.", "Research agrees.")
    reviewing(article, editor)
    disputer, disputed = reviewing(
        article,
        editor,
        recommendation=Recommendation.MINOR,
        claims=ClaimVerdict.NEEDS_CHANGE,
        claims_supported=ChecklistAnswer.NO,
    )
    problems = approval_refusals(article, editor)
    refusal = one(
        problems,
        disputed_claims_refusal(claims_of(article, "Guidance says so.", "Research agrees.")),
    )
    assert disputer.board_member.display_name in refusal.who
    assert "the authors, once the board requests changes" in refusal.who
    assert refusal.url == article_page(article, f"reopen-{disputed.pk}")
    assert anchored(editor, refusal.url)
    assert research  # named among the disputed claims above


def test_the_quorum_names_who_is_still_to_review_and_leads_to_the_invitations(editor):
    article = article_in_state("under_review", editor=editor)
    member, _ = reviewing(article, editor)
    waiting = board_user()
    invite(article, editor, waiting)
    refusal = one(approval_refusals(article, editor), quorum_refusal(2, 1))
    assert f"{waiting.board_member.display_name}, who is still to review" in refusal.who
    assert member.board_member.display_name not in refusal.who  # they reviewed
    assert "inviting another board member" in refusal.who
    assert anchored(editor, refusal.url) and refusal.url.endswith("#invite-reviewers")


def test_a_conflict_and_a_rejection_lead_the_editor_to_the_reviewer(editor):
    article = article_in_state("under_review", editor=editor)
    reviewing(article, editor)
    rejecter, rejection = reviewing(article, editor, recommendation=Recommendation.REJECT)
    conflicted = board_user()
    (invitation,) = invite(article, editor, conflicted)
    invitation_accept(invitation=invitation, by=conflicted)
    invitation_declare_conflict(
        invitation=invitation, by=conflicted, has_conflict=True, description="Co-author."
    )
    problems = approval_refusals(article, editor)
    conflict = one(problems, conflict_refusal([conflicted.board_member.display_name]))
    assert conflict.who.startswith(EDITOR_NOT_AUTHOR) and "replacing" in conflict.who
    assert conflict.url == article_page(article, f"invitation-{invitation.pk}")
    assert anchored(editor, conflict.url)
    rejected = one(problems, rejection_refusal([rejecter.board_member.display_name]))
    assert "how the recommendation was addressed" in rejected.who
    assert anchored(editor, rejected.url) and rejected.url.endswith(
        f"invitation-{rejection.invitation.pk}"
    )


def test_a_retracted_work_leads_to_its_notice_on_the_citation_checks(editor):
    article = article_in_state("under_review", editor=editor)
    reviewing(article, editor)
    reviewing(article, editor)
    reference = article.references.get()
    Reference.objects.filter(pk=reference.pk).update(doi="10.1000/retracted")
    Retraction.objects.create(doi="10.1000/retracted", notice="Data fabricated.")
    (refusal,) = approval_refusals(article, editor)
    assert isinstance(refusal, Refusal) and reference.key in refusal
    assert "an editor, by acknowledging the retraction" in refusal.who
    assert refusal.url == reverse("admin:articles_article_citations", args=[article.pk])
    assert opens(editor, refusal.url)
    assert f"[@{reference.key}]" in signed_in(editor).get(refusal.url).content.decode()
    assert not opens(article.author, refusal.url)


# The state, the right, the comment -----------------------------------------------------


def test_a_step_not_open_yet_names_the_step_before_it_and_who_takes_that(editor):
    article = article_in_state("submitted", editor=editor)
    (refusal,) = action_problems(editor, article, ACTIONS[Step.APPROVE])
    assert refusal == not_possible_refusal(Step.APPROVE.label, ReviewState.SUBMITTED)
    assert refusal.who == f"{EDITOR_NOT_AUTHOR}, by taking “{Step.START_REVIEW.label}” first"
    assert refusal.url == article_page(article, "step-start_review")
    assert anchored(editor, refusal.url)


def test_a_step_the_user_may_not_take_names_who_may(editor):
    article = article_in_state("under_review", editor=editor)
    with pytest.raises(PermissionRefused) as refused:
        article_transition(article=article, action="approve", by=article.author)
    (refusal,) = refused.value.problems
    assert refusal.who == ACTIONS[Step.APPROVE].permission.description
    assert opens(editor, refusal.url)
    with pytest.raises(PermissionRefused) as refused:
        article_transition(article=article, action="withdraw", by=AnonymousUser())
    (refusal,) = refused.value.problems
    assert refusal.url == reverse("authoring:edit", args=[article.pk])
    assert opens(article.author, refusal.url)


def test_a_decision_without_its_letter_leads_back_to_its_form(editor):
    article = article_in_state("under_review", editor=editor)
    (refusal,) = action_problems(editor, article, ACTIONS[Step.REQUEST_CHANGES])
    assert refusal == comment_refusal(Step.REQUEST_CHANGES.label)
    assert anchored(editor, refusal.url) and refusal.url.endswith("#step-request_changes")


def test_what_the_authors_fix_leads_to_their_editor(author):
    article = ArticleFactory(author=author)
    Section.objects.filter(article=article).update(body="No citation here.")
    problems = action_problems(author, article, ACTIONS[Step.SUBMIT])
    refusal = one(problems, CITES_NOTHING)
    assert refusal.who.startswith("an author of the article")
    assert refusal.url == reverse("authoring:edit", args=[article.pk])
    assert opens(author, refusal.url)
    page = signed_in(author).get(reverse("authoring:step", args=[article.pk, "submit"]))
    assert refusal_html(refusal) in page.content.decode()
    dashboard = signed_in(author).get(reverse("authoring:dashboard")).content.decode()
    assert f'href="{refusal.url}"' in dashboard


# The board's actions ----------------------------------------------------------------------


def test_no_round_leads_to_starting_the_review(editor):
    article = article_in_state("submitted", editor=editor)
    (refusal,) = invite_problems(editor, article)
    assert refusal == NO_OPEN_ROUND and "starting the review" in refusal.who
    assert anchored(editor, refusal.url)


def test_nobody_left_to_invite_leads_editors_to_the_board_members(editor):
    article = article_in_state("under_review", editor=editor)
    BoardMember.objects.update(active=False)  # nobody left on the board to invite
    html = signed_in(editor).get(article_page(article)).content.decode()
    assert NO_CANDIDATES.split(":")[0] in html
    url = reverse("admin:editorial_boardmember_changelist")
    assert f'href="{url}"' in html and "Who can: an editor, by adding a board member" in html
    assert opens(editor, url)
    assert not opens(ArticleFactory().author, url)  # an author does not see the board's admin


def test_someone_else_answering_an_invitation_is_told_whose_it_is(editor):
    article = article_in_state("under_review", editor=editor)
    invitee = board_user()
    (invitation,) = invite(article, editor, invitee)
    (refusal,) = invitation_accept_problems(board_user(), invitation)
    assert refusal == ONLY_THE_INVITEE and invitee.board_member.display_name in refusal.who
    assert opens(invitee, refusal.url)


def test_amending_unasked_leads_to_the_editor_who_may_ask(editor):
    article = article_in_state("under_review", editor=editor)
    member, review = reviewing(article, editor)
    (refusal,) = review_amend_problems(member, review)
    assert refusal == NOT_ASKED_TO_AMEND and refusal.who.startswith(EDITOR_NOT_AUTHOR)
    assert anchored(editor, refusal.url) and refusal.url.endswith(f"#reopen-{review.pk}")
    with pytest.raises(WorkflowError):
        review_amend(
            review=review,
            by=member,
            recommendation="approve",
            claims_supported=ChecklistAnswer.YES,
            guidelines_current=ChecklistAnswer.YES,
            safety_accurate=ChecklistAnswer.NOT_APPLICABLE,
            language_suitable=ChecklistAnswer.YES,
            comments_for_author="Changed my mind.",
        )


def test_a_guest_review_is_final_and_leads_to_inviting_them_again(editor):
    article = article_in_state("under_review", editor=editor)
    invitation = guests.guest_invite(
        article=article,
        by=editor,
        name="Dr. Ana Ruiz",
        credentials="MD",
        email="ana.ruiz@hospital.example",
    )
    guest = invitation.reviewer.user
    review = review_a(accepted(invitation, guest), guest)
    (refusal,) = review_reopen_problems(editor, review)
    assert refusal == GUEST_NOT_REOPENED and refusal.url.endswith("#invite-guest")
    assert anchored(editor, refusal.url)


def test_the_refused_action_shows_who_and_where_in_its_message(editor):
    article = article_in_state("under_review", editor=editor)
    member, review = reviewing(article, editor)
    review_reopen(review=review, by=editor, note="Look again.")
    response = signed_in(editor).post(
        reverse("admin:articles_article_reopen", args=[article.pk, review.pk]),
        {"note": "And again."},
    )
    (message,) = [str(m) for m in response.wsgi_request._messages]
    name = member.board_member.display_name
    assert message.startswith(AMENDMENT_PENDING.format(name=name).replace("'", "&#x27;"))
    assert f'href="{review_form(review.invitation)}"' in message


def test_a_refused_guest_link_says_who_sends_a_new_one_and_how_to_reach_them(editor, settings):
    article = article_in_state("under_review", editor=editor)
    invitation = guests.guest_invite(
        article=article,
        by=editor,
        name="Dr. Ana Ruiz",
        credentials="MD",
        email="ana.ruiz@hospital.example",
    )
    link = guest_links.sign_in_link(invitation).removeprefix(settings.EDITORIAL_SITE_URL)
    guests.guest_link_revoke(invitation=invitation, by=editor)
    response = Client().get(link)
    assert response.status_code == 403
    html = response.content.decode()
    assert refusal_html(guest_access.guest_refusal(guest_links.LINK_REVOKED)) in html
    assert f'href="mailto:{settings.DEFAULT_FROM_EMAIL}"' in html
    assert "Who can: the editorial office, by sending you a new link" in html
    # The editors send it from the guest's row on the article's page.
    assert anchored(editor, article_page(article, f"invitation-{invitation.pk}"))


def test_a_member_not_invited_to_the_round_is_told_who_may_invite_them(editor):
    article = article_in_state("under_review", editor=editor)
    outsider = board_user()
    (refusal,) = comment_add_problems(outsider, article)
    assert refusal == ONLY_THE_ROUND_COMMENTS
    assert refusal.who == INVITING_TO_COMMENT and anchored(editor, refusal.url)
    page = signed_in(outsider).get(reverse("admin:articles_article_comments", args=[article.pk]))
    assert refusal_html(refusal) in page.content.decode()


# Each of the board's checks, by the person it names --------------------------------------


def test_an_inactive_member_leads_editors_to_their_page_in_board_members(editor):
    article = article_in_state("under_review", editor=editor)
    member = board_user().board_member
    BoardMember.objects.filter(pk=member.pk).update(active=False)
    member.refresh_from_db()
    (refusal,) = reviewer_problems(member, article)
    assert refusal == NOT_ACTIVE.format(name=member.display_name)
    assert refusal.url == reverse("admin:editorial_boardmember_change", args=[member.pk])
    assert opens(editor, refusal.url)


def test_the_invitee_is_led_to_their_invitation_to_accept_declare_and_review(editor):
    article = article_in_state("under_review", editor=editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    (replace,) = invitation_replace_problems(editor, invitation)
    assert replace == NOT_REPLACEABLE and member.board_member.display_name in replace.who
    assert opens(member, replace.url)
    (accept_first,) = review_submit_problems(member, invitation)
    assert accept_first == ACCEPT_FIRST and opens(member, accept_first.url)
    invitation = invitation_accept(invitation=invitation, by=member)
    (declare_first,) = review_submit_problems(member, invitation)
    assert declare_first == DECLARE_FIRST and opens(member, declare_first.url)
    invitation = invitation_declare_conflict(invitation=invitation, by=member, has_conflict=False)
    review = review_a(invitation, member)
    invitation.refresh_from_db()
    (reviewed,) = review_submit_problems(member, invitation)
    assert reviewed == REVIEWED_ALREADY and reviewed.who.startswith(EDITOR_NOT_AUTHOR)
    assert anchored(editor, reviewed.url) and reviewed.url.endswith(f"#reopen-{review.pk}")


def test_a_declined_invitation_leads_to_inviting_again_and_a_closed_round_to_the_next(editor):
    article = article_in_state("under_review", editor=editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    invitation = invitation_decline(invitation=invitation, by=member, reason="On leave.")
    (declined,) = invitation_accept_problems(member, invitation)
    assert declined.url.endswith("#invite-reviewers") and anchored(editor, declined.url)
    (other,) = invite(article, editor, board_user())
    article_transition(article=article, action="request_changes", by=editor, comment="More.")
    other.refresh_from_db()
    (closed,) = invitation_accept_problems(other.reviewer.user, other)
    assert closed == ROUND_CLOSED and "starting the next round" in closed.who
    assert opens(editor, closed.url)


def test_the_review_form_leads_the_reviewer_to_the_claims_to_mark(editor):
    article = two_claims(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    with pytest.raises(WorkflowError) as refused:
        review_a(accepted(invitation, member), member, claims=None)
    (refusal,) = refused.value.problems
    assert refusal.who.startswith("you, by marking each claim")
    assert refusal.url == f"{review_form(invitation)}#claims" and anchored(member, refusal.url)


def test_moving_a_publication_is_left_to_the_editors_on_the_article(editor):
    article = article_in_state("under_review", editor=editor)
    reviewing(article, editor)
    reviewing(article, editor)
    later = timezone.now() + timedelta(days=3)
    article_transition(article=article, action="approve", by=editor, publish_at=later)
    publication = ScheduledPublication.objects.get()
    (refusal,) = publication_problems(article.author, publication)
    assert refusal == ONLY_EDITORS_MOVE and refusal.who == EDITOR_NOT_AUTHOR
    assert anchored(editor, refusal.url) and refusal.url.endswith("#scheduled-publication")
