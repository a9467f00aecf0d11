"""Issue 21, item 4: guest reviewers. An editor invites a specialist who is not on the board; the
email's link signs them in for that one invitation only, expires, can be revoked, and is never
stored or shown in the outbox or the admin; with it they answer, declare and review. Whether
they count toward the quorum is a setting; readers see them as external reviewers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial import guest_access, guest_links, guests
from editorial.admin import GUEST_INVITED
from editorial.models import (
    BoardMember,
    EmailStatus,
    InvitationStatus,
    OutboundEmail,
    ReviewInvitation,
    User,
)
from editorial.reviews import invitation_accept, invitation_declare_conflict
from editorial.roles import is_board_member, is_guest_reviewer, may_read_confidential
from editorial.workflow import (
    PermissionRefused,
    WorkflowError,
    article_transition,
    eligible_reviewers,
)
from editorial.workflow.rules import quorum_refusal
from tests.articles.translation_helpers import approve, translation_into, translator_user
from tests.factories import (
    ArticleFactory,
    article_in_state,
    author_user,
    board_reviews,
    board_user,
    editor_user,
    review_a,
)
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://\S+/guest/(\d+)/\?sesame=\S+")
GUEST = {
    "name": "Dr. Ana Ruiz",
    "credentials": "MD, PhD",
    "specialty": "Perinatal psychiatry",
    "email": "ana.ruiz@hospital.example",
}


def staff(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def invite(article: Article, editor: User, **details) -> ReviewInvitation:
    return guests.guest_invite(article=article, by=editor, **{**GUEST, **details})


def link_in_mail() -> str:
    run_queued_tasks()
    found = LINK.search(mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(0).removeprefix("http://127.0.0.1:8000")


@pytest.fixture
def reviewing(editor):
    return article_in_state("under_review", editor=editor)


# --------------------------------------------------------------------------------------------
# The happy path, in the admin as editors and guests use it
# --------------------------------------------------------------------------------------------


def test_an_editor_invites_a_guest_who_answers_declares_and_reviews(editor, reviewing):
    page = staff(editor).post(
        reverse("admin:articles_article_guest", args=[reviewing.pk]),
        {f"guest-{name}": value for name, value in GUEST.items()}
        | {"guest-due_date": (timezone.localdate() + timedelta(days=10)).isoformat()},
        follow=True,
    )
    assert GUEST_INVITED.format(name="Dr. Ana Ruiz") in page.content.decode()
    invitation = ReviewInvitation.objects.get(reviewer__display_name="Dr. Ana Ruiz")
    guest = invitation.reviewer.user
    assert invitation.reviewer.external and is_guest_reviewer(guest)
    assert not is_board_member(guest) and not guest.has_usable_password()
    assert not may_read_confidential(guest, reviewing)

    link = link_in_mail()
    client = Client()
    landing = client.get(link)
    assert landing.status_code == 302
    assert landing["Location"] == guest_access.invitation_url(invitation.pk)
    assert client.get(landing["Location"]).status_code == 200
    respond = reverse("admin:editorial_awaitingmyreview_respond", args=[invitation.pk])
    assert client.post(respond, {"answer": "accept"}).status_code == 302
    client.post(respond, {"answer": "conflict", "has_conflict": "no"})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED and invitation.conflict == "none"
    review_page = client.get(
        reverse("admin:editorial_awaitingmyreview_review", args=[invitation.pk])
    )
    assert review_page.status_code == 200
    # the guest's pages link to nothing but the invitation: not the article's admin page
    assert reverse("admin:articles_article_change", args=[reviewing.pk]) not in (
        review_page.content.decode()
    )


def test_the_public_page_names_the_guest_as_an_external_reviewer(editor, reviewing, settings):
    settings.EDITORIAL_GUESTS_COUNT_TOWARD_QUORUM = True
    invitation = invite(reviewing, editor)
    guest = invitation.reviewer.user
    invitation_accept(invitation=invitation, by=guest)
    invitation_declare_conflict(invitation=invitation, by=guest, has_conflict=False)
    review_a(invitation, guest)
    board_reviews(reviewing, editor=editor, members=[board_user()])
    article_transition(article=reviewing, action="approve", by=editor)

    text = Client().get(reviewing.get_absolute_url()).content.decode()
    assert "Dr. Ana Ruiz, MD, PhD (external reviewer, Perinatal psychiatry)" in text
    board = Client().get(reverse("articles:board")).content.decode()
    assert "Ana Ruiz" not in board  # not a member of the board


@pytest.mark.parametrize("counts", [False, True])
def test_whether_guests_count_toward_the_quorum_is_a_setting(editor, reviewing, settings, counts):
    settings.EDITORIAL_GUESTS_COUNT_TOWARD_QUORUM = counts
    invitation = invite(reviewing, editor)
    guest = invitation.reviewer.user
    invitation_accept(invitation=invitation, by=guest)
    invitation_declare_conflict(invitation=invitation, by=guest, has_conflict=False)
    review_a(invitation, guest)
    board_reviews(reviewing, editor=editor, members=[board_user()])
    if counts:
        article_transition(article=reviewing, action="approve", by=editor)
        assert Article.objects.get(pk=reviewing.pk).status == "approved"
    else:
        with pytest.raises(WorkflowError) as refused:
            article_transition(article=reviewing, action="approve", by=editor)
        assert quorum_refusal(2, 1) in refused.value.problems


def test_guests_are_never_offered_as_board_members(editor, reviewing):
    invitation = invite(reviewing, editor)
    assert invitation.reviewer not in eligible_reviewers(reviewing)
    assert not BoardMember.objects.filter(pk=invitation.reviewer.pk, external=False).exists()


# --------------------------------------------------------------------------------------------
# The link: never stored, one invitation only, expires, revoked
# --------------------------------------------------------------------------------------------


def test_the_link_is_never_stored_nor_shown_in_the_outbox_or_the_admin(editor, reviewing):
    invitation = invite(reviewing, editor)
    stored = OutboundEmail.objects.get(sign_in_for=invitation)
    assert guest_links.LINK_PLACEHOLDER in stored.body and "sesame" not in stored.body
    link_in_mail()
    stored.refresh_from_db()
    assert stored.status == EmailStatus.SENT
    assert "sesame" not in stored.body and guest_links.LINK_PLACEHOLDER in stored.body
    admin_page = staff(editor).get(
        reverse("admin:editorial_outboundemail_change", args=[stored.pk])
    )
    assert admin_page.status_code == 200 and "sesame" not in admin_page.content.decode()
    history = staff(editor).get(
        reverse("admin:editorial_reviewinvitation_history", args=[invitation.pk])
    )
    assert "sesame" not in history.content.decode()


def test_a_guest_session_reaches_its_invitation_and_nothing_else(editor, reviewing):
    invitation = invite(reviewing, editor)
    client = Client()
    client.get(link_in_mail())
    assert client.get(reverse("admin:index"))["Location"] == guest_access.invitation_url(
        invitation.pk
    )
    for url in (
        reverse("admin:articles_article_change", args=[reviewing.pk]),
        reverse("admin:articles_article_changelist"),
        reverse("admin:editorial_outboundemail_changelist"),
        reverse("admin:editorial_reviewinvitation_changelist"),
        reverse("authoring:dashboard"),
    ):
        refused = client.get(url)
        assert refused.status_code == 403, url
        assert guest_access.ONE_INVITATION_ONLY in refused.content.decode()


def test_a_second_invitation_is_opened_by_its_own_link_only(editor, reviewing):
    first = invite(reviewing, editor)
    first_link = link_in_mail()
    other = article_in_state("under_review", editor=editor)
    second = invite(other, editor)
    assert second.reviewer == first.reviewer  # one guest account per address
    second_link = link_in_mail()
    client = Client()
    client.get(first_link)
    assert client.get(guest_access.invitation_url(second.pk)).status_code == 403
    # the first invitation's token at the second invitation's address is refused
    token = first_link.split("?", 1)[1]
    refused = Client().get(f"{reverse('guest-sign-in', args=[second.pk])}?{token}")
    assert refused.status_code == 403
    assert guest_links.LINK_REFUSED in refused.content.decode()
    assert Client().get(second_link).status_code == 302


def refused_with(link: str, message: str) -> None:
    client = Client()
    response = client.get(link)
    assert response.status_code == 403
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session  # nobody signed in


def test_an_expired_link_is_refused(editor, reviewing, settings):
    invite(reviewing, editor)
    link = link_in_mail()
    later = timezone.now() + timedelta(days=settings.EDITORIAL_GUEST_LINK_DAYS, hours=1)
    with time_machine.travel(later):
        refused_with(link, guest_links.LINK_REFUSED)


def test_a_revoked_link_is_refused_and_a_new_link_replaces_it(editor, reviewing):
    invitation = invite(reviewing, editor)
    old = link_in_mail()
    guests.guest_link_revoke(invitation=invitation, by=editor)
    refused_with(old, guest_links.LINK_REVOKED)
    guests.guest_link_send(invitation=invitation, by=editor)
    new = link_in_mail()
    refused_with(old, guest_links.LINK_REFUSED)
    assert Client().get(new).status_code == 302


def test_a_message_queued_before_its_link_was_revoked_is_not_sent(editor, reviewing):
    invitation = invite(reviewing, editor)
    guests.guest_link_revoke(invitation=invitation, by=editor)
    run_queued_tasks()
    stored = OutboundEmail.objects.get(sign_in_for=invitation)
    assert stored.status == EmailStatus.FAILED
    assert stored.last_error == guest_links.LINK_REVOKED
    assert not [message for message in mail.outbox if GUEST["email"] in message.to]


def test_a_link_is_refused_once_the_review_is_in_or_the_round_closed(editor, reviewing):
    invitation = invite(reviewing, editor)
    link = link_in_mail()
    guest = invitation.reviewer.user
    invitation_accept(invitation=invitation, by=guest)
    invitation_declare_conflict(invitation=invitation, by=guest, has_conflict=False)
    review_a(invitation, guest)
    refused_with(link, guest_links.LINK_ANSWERED)
    article_transition(article=reviewing, action="request_changes", by=editor, comment="Fix.")
    refused_with(link, guest_links.LINK_ROUND_CLOSED)


@pytest.mark.parametrize("token", ["", "sesame=", "sesame=forged-token", "sesame=" + "A" * 5000])
def test_a_forged_or_missing_token_is_refused(editor, reviewing, token):
    invitation = invite(reviewing, editor)
    refused_with(
        f"{reverse('guest-sign-in', args=[invitation.pk])}?{token}", guest_links.LINK_REFUSED
    )


def test_an_undecodable_token_is_a_clear_400(editor, reviewing):
    invitation = invite(reviewing, editor)
    client = Client()
    response = client.get(f"{reverse('guest-sign-in', args=[invitation.pk])}?sesame=%ff%fe")
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_board_members_invitation_has_no_link(editor, reviewing):
    member = board_user()
    board_reviews(reviewing, editor=editor, members=[member])
    invitation = ReviewInvitation.objects.get(reviewer=member.board_member)
    refused_with(reverse("guest-sign-in", args=[invitation.pk]), guest_links.LINK_REFUSED)
    with pytest.raises(WorkflowError) as refused:
        guests.guest_link_send(invitation=invitation, by=editor)
    assert refused.value.problems == [guests.NOT_A_GUEST]


# --------------------------------------------------------------------------------------------
# Bad input and who may not invite
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("details", "problem"),
    [
        ({"name": " "}, guests.GUEST_NEEDS_NAME),
        ({"credentials": ""}, guests.GUEST_NEEDS_CREDENTIALS),
        ({"email": "not an address"}, guests.GUEST_BAD_EMAIL),
    ],
)
def test_an_invitation_missing_details_saves_nothing(editor, reviewing, details, problem):
    users, emails = User.objects.count(), OutboundEmail.objects.count()
    with pytest.raises(WorkflowError) as refused:
        invite(reviewing, editor, **details)
    assert problem in refused.value.problems
    assert (User.objects.count(), OutboundEmail.objects.count()) == (users, emails)


def test_an_address_of_an_existing_account_is_refused(editor, reviewing):
    author = author_user(email="someone@example.org")
    with pytest.raises(WorkflowError) as refused:
        invite(reviewing, editor, email="Someone@Example.org")
    assert refused.value.problems == [guests.GUEST_HAS_ACCOUNT.format(email="someone@example.org")]
    assert not hasattr(User.objects.get(pk=author.pk), "board_member")


@pytest.mark.parametrize("who", ["board member", "co-writing editor", "author"])
def test_only_editors_who_did_not_write_it_invite_guests(reviewing, who):
    if who == "board member":
        user = board_user()
    elif who == "author":
        user = reviewing.author
    else:
        user = editor_user()
        reviewing.coauthors.add(user)
    with pytest.raises(PermissionRefused):
        invite(reviewing, user)
    response = staff(user).post(
        reverse("admin:articles_article_guest", args=[reviewing.pk]),
        {f"guest-{name}": value for name, value in GUEST.items()},
    )
    assert response.status_code in (302, 403)  # the author is sent to the site's forms
    assert not BoardMember.objects.filter(external=True).exists()


def test_revoking_a_link_is_for_editors(editor, reviewing):
    invitation = invite(reviewing, editor)
    with pytest.raises(PermissionRefused):
        guests.guest_link_revoke(invitation=invitation, by=board_user())
    with pytest.raises(PermissionRefused):
        guests.guest_link_revoke(invitation=invitation, by=invitation.reviewer.user)


def test_the_panel_offers_link_buttons_exactly_when_the_service_accepts(editor, reviewing):
    invitation = invite(reviewing, editor)
    page = staff(editor).get(reverse("admin:articles_article_change", args=[reviewing.pk]))
    action = reverse("admin:articles_article_guest_link", args=[reviewing.pk, invitation.pk])
    assert action in page.content.decode()
    staff(editor).post(action, {"link": "revoke"})
    invitation.refresh_from_db()
    assert invitation.guest_link_revoked_at is not None
    guest = invitation.reviewer.user
    invitation_accept(invitation=invitation, by=guest)
    invitation_declare_conflict(invitation=invitation, by=guest, has_conflict=False)
    review_a(invitation, guest)
    page = staff(editor).get(reverse("admin:articles_article_change", args=[reviewing.pk]))
    assert action not in page.content.decode()  # reviewed: no link to revoke or send


# --------------------------------------------------------------------------------------------
# Translations: a guest is invited to review in the article's language
# --------------------------------------------------------------------------------------------


@pytest.fixture
def spanish_under_review(editor):
    original = approve(ArticleFactory(slug="the-original"))
    translator = translator_user(username="translator", email="translator@example.org")
    translation = translation_into(original, by=translator)
    article_transition(article=translation, action="submit", by=translator, comment="Listo.")
    article_transition(article=translation, action="start_review", by=editor, comment="Because.")
    return translation


def test_a_new_guest_invited_to_a_translation_reviews_in_its_language(editor, spanish_under_review):
    invitation = invite(spanish_under_review, editor)

    assert invitation.round.article_id == spanish_under_review.pk
    assert invitation.reviewer.languages == ["es"]
    assert invitation.reviewer.reviews_in("es")


def test_a_returning_guest_keeps_their_languages_and_gains_the_translation_s(
    editor, reviewing, spanish_under_review
):
    first = invite(reviewing, editor).reviewer
    assert first.languages == ["en"]

    second = invite(spanish_under_review, editor).reviewer

    assert second.pk == first.pk
    assert BoardMember.objects.get(pk=first.pk).languages == ["en", "es"]


def test_a_guest_invited_to_a_translation_by_someone_who_may_not_is_not_given_its_language(
    editor, reviewing, spanish_under_review
):
    first = invite(reviewing, editor).reviewer
    translator = User.objects.get(username="translator")

    with pytest.raises(WorkflowError):
        guests.guest_invite(article=spanish_under_review, by=translator, **GUEST)

    assert BoardMember.objects.get(pk=first.pk).languages == ["en"]
    assert not ReviewInvitation.objects.filter(round__article=spanish_under_review).exists()
