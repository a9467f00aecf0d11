"""The board's confidential material stays with the board: one rule
(``editorial.workflow.may_read_confidential``) decides who reads reviewers' confidential
comments, conflict-of-interest declarations, decline reasons and editors' notes on addressed
rejections, and an author or co-author of the article never does, whatever other role they hold.

The walk: a user who is an editor, a board member and a co-author of articles in every state
opens every URL pattern of the site and the admin (change pages, Timeline, compare, citations,
invitation pages, review pages, simple-history's pages of every version) and never meets any of
it. The control: an editor who is not an author meets it all.

A Spanish translation under review holds every kind of that material of its own: the walk,
once for each role around it (anonymous, its translator, another author, the original's author,
a guest reviewer, a board member assigned or not, an editor), finds none of it where the rule
says no, and the emails of its review (invitations, notices, the decision) quote it only to
those it allows.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.test import Client

from articles.models import Article, ArticleRevision, Topic
from editorial.comments import comment_add, comment_reply
from editorial.guests import guest_invite
from editorial.models import (
    AUTHOR_STEPS,
    BoardMember,
    ClaimVerdict,
    CommentAudience,
    OutboundEmail,
    PassageComment,
    Recommendation,
    Review,
    ReviewInvitation,
    ScheduledPublication,
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
from editorial.workflow import article_transition, may_read_confidential
from references.models import NoticeImport, ReferenceImport
from tests.articles.translation_helpers import (
    approve,
    board_user_in,
    translation_into,
    translator_user,
)
from tests.factories import ArticleFactory, author_user, board_user, editor_user, review_a
from tests.tasks import run_queued_tasks
from tests.urlwalk import history_ids, paths, routes

STATES = [
    "draft",
    "submitted",
    "under_review",
    "changes_requested",
    "approved",
    "rejected",
    "withdrawn",
    "archived",
    "under re-review",
]


# The kinds of the board's confidential material the walk plants (each secret's first word).
KINDS = {"DECLINE", "CONFLICT", "CONFIDENTIAL", "ADDRESSED", "INTERESTS", "CLAIM", "PASSAGE"}


@dataclass
class Board:
    """Articles in every state co-written by ``insider`` (editor, board member and co-author),
    each with whatever confidential material its state allows, every piece of it marked."""

    insider: object
    editor: object
    articles: dict[str, Article]
    secrets: list[str] = field(default_factory=list)


def _round_with_secrets(article, *, editor, members, tag: str, secrets: list[str]) -> None:
    """Invite five members to the open round: one declines, one declares a conflict, one
    recommends rejection (addressed by the editor), two approve; each writes a secret."""
    invitations = invitations_create(
        article=article, reviewers=[member.board_member for member in members], by=editor
    )
    decline, conflict, rejecting, *approving = invitations
    secret = f"DECLINE-REASON-{tag}"
    invitation_decline(invitation=decline, by=members[0], reason=secret)
    secrets.append(secret)
    invitation_accept(invitation=conflict, by=members[1])
    secret = f"CONFLICT-OF-INTEREST-{tag}"
    invitation_declare_conflict(
        invitation=conflict, by=members[1], has_conflict=True, description=secret
    )
    secrets.append(secret)
    for invitation, member, recommendation in [
        (rejecting, members[2], Recommendation.REJECT),
        *((i, m, Recommendation.APPROVE) for i, m in zip(approving, members[3:], strict=True)),
    ]:
        invitation_accept(invitation=invitation, by=member)
        interests = f"INTERESTS-DISCLOSED-TO-THE-BOARD-{tag}-{member.pk}"
        invitation_declare_conflict(
            invitation=invitation, by=member, has_conflict=False, interests=interests
        )
        secrets.append(interests)
        secret = f"CONFIDENTIAL-COMMENT-{tag}-{member.pk}"
        claim_comment = f"CLAIM-VERDICT-COMMENT-{tag}-{member.pk}"
        review = review_a(
            invitation,
            member,
            recommendation=recommendation,
            confidential_comments=secret,
            claims=None,
            claim_checks={
                claim.fingerprint: (ClaimVerdict.SUPPORTED, claim_comment)
                for claim in invitation.round.revision.claims()
            },
        )
        secrets += [secret, claim_comment]
        if recommendation == Recommendation.REJECT:
            secret = f"ADDRESSED-NOTE-{tag}"
            review_address(review=review, by=editor, note=secret)
            secrets.append(secret)
    invitation_replace(invitation=conflict, by=editor)  # released: approval may go ahead
    comment = comment_add(
        article=article,
        revision=article.latest_revision(),
        by=members[3],
        quote="Research agrees.",
        body=f"PASSAGE-COMMENT-{tag}",
        audience=CommentAudience.BOARD,
    )
    comment_reply(comment=comment, by=editor, body=f"PASSAGE-REPLY-{tag}")
    secrets += [f"PASSAGE-COMMENT-{tag}", f"PASSAGE-REPLY-{tag}"]


def _build() -> Board:
    insider = editor_user(username="insider", email="insider@example.org")
    BoardMember.objects.create(
        user=insider, display_name="Dr. Insider", credentials="MD", specialty="Psychiatry"
    )
    editor = editor_user(username="outsider", email="outsider@example.org")
    members = [board_user() for _ in range(5)]
    board = Board(insider=insider, editor=editor, articles={})
    for state in STATES:
        tag = state.replace(" ", "-")
        article = ArticleFactory(slug=f"article-{tag}")
        article.coauthors.add(insider)
        author = article.author

        def step(action, by, article=article):
            return article_transition(article=article, action=action, by=by, comment="Because.")

        if state != "draft":
            step("submit", author)
        if state not in {"draft", "submitted"}:
            step("start_review", editor)
            _round_with_secrets(
                article, editor=editor, members=members, tag=tag, secrets=board.secrets
            )
        if state == "changes_requested":
            step("request_changes", editor)
        elif state == "rejected":
            step("reject", editor)
        elif state == "withdrawn":
            step("withdraw", author)
        elif state in {"approved", "archived", "under re-review"}:
            step("approve", editor)
            if state == "archived":
                step("archive", editor)
            if state == "under re-review":
                step("start_rereview", editor)
                (returning, *_) = ReviewInvitation.objects.in_open_round().filter(
                    round__article=article
                )
                secret = f"DECLINE-REASON-{tag}-second-round"
                invitation_decline(invitation=returning, by=returning.reviewer.user, reason=secret)
                board.secrets.append(secret)
        board.articles[state] = Article.objects.get(pk=article.pk)
    topic = Topic.objects.create(name="Everything", slug="everything")
    topic.articles.add(*board.articles.values())
    return board


@pytest.fixture
def board(db):
    built = _build()
    run_queued_tasks()  # the worker delivers what the steps queued
    built.emails = list(mail.outbox)
    return built


def test_the_board_holds_every_kind_of_secret(board):
    assert {secret.split("-")[0] for secret in board.secrets} == KINDS
    assert len(board.secrets) >= 7 * 6


# --------------------------------------------------------------------------------------------
# The rule
# --------------------------------------------------------------------------------------------


def test_who_may_read_the_boards_confidential_material(board):
    article = board.articles["under_review"]
    member = ReviewInvitation.objects.filter(round__article=article).first().reviewer.user
    superuser_coauthor = author_user(is_superuser=True, is_staff=True)
    article.coauthors.add(superuser_coauthor)
    assert may_read_confidential(board.editor, article)
    assert may_read_confidential(member, article)
    assert may_read_confidential(author_user(is_superuser=True), article)
    assert not may_read_confidential(board.insider, article)  # editor, board member, co-author
    assert not may_read_confidential(superuser_coauthor, article)
    assert not may_read_confidential(article.author, article)
    assert not may_read_confidential(author_user(), article)  # an author of other articles
    assert not may_read_confidential(AnonymousUser(), article)
    assert not may_read_confidential(None, article)
    inactive = editor_user(is_active=False)
    assert not may_read_confidential(inactive, article)
    # The insider reads the board's material about articles they did not write.
    assert may_read_confidential(board.insider, ArticleFactory())


# --------------------------------------------------------------------------------------------
# The walk
# --------------------------------------------------------------------------------------------


def walk_values(board):
    articles = list(board.articles.values())
    invitations = ReviewInvitation.objects.filter(round__article__in=articles).order_by("pk")
    per_model = {
        "articles.article": [str(article.pk) for article in articles],
        "editorial.reviewinvitation": [str(pk) for pk in invitations.values_list("pk", flat=True)],
        "editorial.awaitingmyreview": [str(pk) for pk in invitations.values_list("pk", flat=True)],
        "editorial.transitionlog": [
            str(pk)
            for pk in TransitionLog.objects.filter(article__in=articles)
            .exclude(comment="")
            .values_list("pk", flat=True)[:12]
        ],
        "editorial.outboundemail": [  # every message: some quote the board's material
            str(pk) for pk in OutboundEmail.objects.order_by("pk").values_list("pk", flat=True)
        ],
        "articles.articlerevision": [
            str(pk)
            for pk in ArticleRevision.objects.filter(article__in=articles).values_list(
                "pk", flat=True
            )
        ],
    }

    def objects(model: str) -> list[str]:
        if model in per_model:
            return per_model[model]
        from django.apps import apps

        manager = apps.get_model(model)._default_manager
        return [str(pk) for pk in manager.order_by("pk").values_list("pk", flat=True)[:3]] or ["1"]

    def values(route, name: str) -> list[str]:
        if name in {"object_id", "id"}:
            return objects(route.model or "editorial.user")
        if name == "positional0":  # simple-history: one page per version of each object
            return objects(route.model)
        if name == "positional1":
            return ["*"]  # filled per object below
        return {
            "invitation_id": [per_model["editorial.reviewinvitation"][0]],
            "review_id": [str(Review.objects.filter(invitation__in=invitations).first().pk)],
            "content_type_id": [str(ContentType.objects.get_for_model(Article).pk)],
            "slug": ["everything"]
            if route.name == "articles:topic"
            else [a.slug for a in articles if a.is_published],
            "extension": ["ris", "bib", "json"],
            "pk": [str(article.pk) for article in articles],
            "action": list(AUTHOR_STEPS),
            "uidb64": ["MQ"],
            "token": ["set-password"],
            # django-allauth's links: a password reset's and an email confirmation's keys.
            "uidb36": ["1"],
            "key": ["not-a-key"],
            "provider_id": ["company"],  # company sign-in (editorial.company_sign_in)
            "app_label": [
                "articles",
                "editorial",
                "references",
                "auth",
                "axes",
                "account",
                "mfa",
                "socialaccount",
            ],
            "url": ["nowhere/"],
            "section": ["articles"],
            "comment_id": [
                str(pk)
                for pk in PassageComment.objects.filter(revision__article__in=articles)
                .order_by("pk")
                .values_list("pk", flat=True)[:3]
            ],
            "what": ["reply", "resolve", "reopen"],
            "language": ["es", "fr"],  # a translation's (articles.translations), and none
            # A notice import's progress (references.admin): the library's, no article's.
            "job_id": [str(pk) for pk in NoticeImport.objects.values_list("pk", flat=True)[:1]]
            or ["1"],
            # An author's reference import (references.views): its uploader's only, no article's.
            "import_id": [
                str(pk) for pk in ReferenceImport.objects.values_list("pk", flat=True)[:1]
            ]
            or ["1"],
            "publication_id": [
                str(pk) for pk in ScheduledPublication.objects.values_list("pk", flat=True)[:1]
            ]
            or ["1"],
        }[name]

    return values


def walk(client: Client, board, visited: set[str] | None = None) -> dict[str, str]:
    """Every page of every URL pattern the client can open (GET), by path; every path asked
    for, whatever the answer, is added to ``visited``."""
    values = walk_values(board)
    pages = {}
    visited = set() if visited is None else visited
    for route in routes():
        for path in paths(route, values, limit=200):
            if path.endswith("/history/*/"):  # simple-history: every version of the object
                object_id = path.split("/")[-4]
                versions = history_ids(route.model, object_id)
                targets = [path.replace("/*/", f"/{version}/") for version in versions]
            else:
                targets = [path]
            for target in targets:
                response = client.get(target)
                visited.add(target)
                assert response.status_code < 500, (target, response.status_code)
                if response.status_code == 200 and not response.streaming:
                    pages[target] = response.content.decode(errors="replace")
    return pages


# The board panel's summary of where the round's claims stand (its verdicts are the board's).
SIGNOFF = 'class="claim-signoff"'


@dataclass(frozen=True)
class ArticleRoute:
    name: str
    parts: tuple[str, ...]

    def prefix(self, article) -> str:
        """The route's path for ``article`` up to its first parameter after the article's."""
        text = "/" + "".join(self.parts)
        text = re.sub(r"<path:object_id>|\^\(\[\^/\]\+\)", str(article.pk), text, count=1)
        return re.split(r"<|\(", text)[0]


def article_admin_routes() -> list[ArticleRoute]:
    """Every admin page of one article: the article admin's routes that take its id."""
    return [
        ArticleRoute(route.name, route.parts)
        for route in routes()
        if route.model == "articles.article"
        and route.parameters[:1] in (["object_id"], ["positional0"])
    ]


def assert_reached_every_page_of_the_review(board, pages: dict, visited: set[str]) -> None:
    """The walk reached the pages that show the board's review, asked for every admin page of
    every article, and for every message of the outbox."""
    for article in board.articles.values():
        for suffix in ("change", "timeline", "compare", "citations", "history"):
            assert f"/admin/articles/article/{article.pk}/{suffix}/" in pages, suffix
        for route in article_admin_routes():
            assert any(path.startswith(route.prefix(article)) for path in visited), route.name
    emails = OutboundEmail.objects.all()
    assert emails.filter(article__isnull=False).count() >= 40
    for email in emails:
        assert f"/admin/editorial/outboundemail/{email.pk}/change/" in visited


def assert_outbox_withheld(pages: dict) -> None:
    """A message about one of the insider's articles is theirs to read on no page, nor in the
    outbox's list, which they may open."""
    listing = pages["/admin/editorial/outboundemail/"]
    for email in OutboundEmail.objects.filter(article__isnull=False):
        assert f"/admin/editorial/outboundemail/{email.pk}/change/" not in pages
        assert email.subject not in listing


@pytest.mark.slow  # walks every URL pattern
def test_an_editor_who_co_wrote_an_article_never_meets_its_confidential_material(board, caplog):
    caplog.set_level(logging.CRITICAL, logger="django.request")
    client = Client()
    client.force_login(board.insider)
    visited: set[str] = set()
    pages = walk(client, board, visited)
    assert_reached_every_page_of_the_review(board, pages, visited)
    assert_outbox_withheld(pages)
    # Where the round's claims stand is the board's too.
    assert not [path for path, html in pages.items() if SIGNOFF in html]
    invitation_pages = [path for path in pages if "/reviewinvitation/" in path]
    assert len(invitation_pages) >= 40
    history_pages = [path for path in pages if "/history/" in path and path[-2].isdigit()]
    assert len(history_pages) >= 9
    leaks = [
        f"{secret} on {path}" for path, html in pages.items() for secret in board.secrets
        if secret in html
    ]  # fmt: skip
    assert not leaks, f"{len(leaks)} leaks, e.g.\n" + "\n".join(sorted(leaks)[:30])


@pytest.mark.slow  # walks every URL pattern
def test_the_control_an_editor_who_is_no_author_meets_it_all(board):
    client = Client()
    client.force_login(board.editor)
    seen = ""
    for article in board.articles.values():
        for suffix in ("change", "timeline"):
            seen += client.get(f"/admin/articles/article/{article.pk}/{suffix}/").content.decode()
    for invitation in ReviewInvitation.objects.all():
        seen += client.get(
            f"/admin/editorial/reviewinvitation/{invitation.pk}/change/"
        ).content.decode()
    assert SIGNOFF in seen  # where the claims stand, in the panel of an open round
    for email in OutboundEmail.objects.exclude(body=""):
        response = client.get(f"/admin/editorial/outboundemail/{email.pk}/change/")
        assert response.status_code == 200
        seen += response.content.decode()
    assert all(secret in seen for secret in board.secrets), [
        secret for secret in board.secrets if secret not in seen
    ]


# --------------------------------------------------------------------------------------------
# Emails
# --------------------------------------------------------------------------------------------


def test_emails_carrying_confidential_material_reach_only_those_who_may_read_it(board):
    quoting = [
        message
        for message in board.emails
        if any(secret in message.body for secret in board.secrets)
    ]
    kinds = {secret.split("-")[0] for m in quoting for secret in board.secrets if secret in m.body}
    assert kinds == {"DECLINE", "CONFLICT"}  # the emails that quote the board's material
    assert all(message.to == ["outsider@example.org"] for message in quoting)
    for message in board.emails:
        if "insider@example.org" in message.to:
            assert not any(secret in message.body for secret in board.secrets), message.subject


# --------------------------------------------------------------------------------------------
# A translation under review
# --------------------------------------------------------------------------------------------

GUEST_EMAIL = "guest.reviewer@hospital.example"
PAGES = ("change", "timeline", "compare", "citations", "history")
GUEST_LINK = re.compile(r"http://\S+?(/guest/\d+/\?sesame=\S+)")
# Who may read the board's material about the translation (``may_read_confidential``), and who
# may not: its translator, the original's author, another author, a guest reviewer (not of the
# board; what they wrote themselves is theirs to read on their invitation) and readers.
MAY_READ = ["an editor", "a board member assigned", "a board member not assigned"]
MAY_NOT_READ = [
    "anonymous",
    "the translator",
    "another author",
    "the original's author",
    "the guest reviewer",
]


@dataclass
class TranslationReview:
    """A Spanish translation of a published original, under review, with every kind of the
    board's confidential material the walk plants for originals (``board.secrets``: in its
    round, from five Spanish-reading members) and a guest reviewer who has accepted and
    disclosed interests (``guest_secrets``); ``users`` by role."""

    board: Board
    users: dict[str, object]
    guest_secrets: list[str] = field(default_factory=list)
    emails: list = field(default_factory=list)

    @property
    def translation(self) -> Article:
        return self.board.articles["translation"]


def _translation_under_review() -> TranslationReview:
    editor = editor_user(username="editor-es", email="editor-es@example.org")
    original = approve(ArticleFactory(slug="the-original"))
    translator = translator_user(username="translator", email="translator@example.org")
    translation = translation_into(original, by=translator)
    article_transition(article=translation, action="submit", by=translator, comment="Listo.")
    article_transition(article=translation, action="start_review", by=editor, comment="Because.")
    members = [board_user_in("es") for _ in range(5)]
    board = Board(insider=None, editor=editor, articles={})
    _round_with_secrets(
        translation, editor=editor, members=members, tag="translation", secrets=board.secrets
    )
    invitation = guest_invite(
        article=translation, by=editor, name="Dr. Ana Ruiz", credentials="MD", email=GUEST_EMAIL
    )
    guest = invitation.reviewer.user
    invitation_accept(invitation=invitation, by=guest)
    interests = "INTERESTS-DISCLOSED-TO-THE-BOARD-translation-guest"
    invitation_declare_conflict(
        invitation=invitation, by=guest, has_conflict=False, interests=interests
    )
    board.articles = {
        "original": Article.objects.get(pk=original.pk),
        "translation": Article.objects.get(pk=translation.pk),
    }
    users = {
        "an editor": editor,
        "a board member assigned": members[3],  # approving, and wrote the passage comment
        "a board member not assigned": board_user_in("es"),
        "the translator": translator,
        "another author": author_user(),
        "the original's author": original.author,
        "the guest reviewer": guest,
    }
    return TranslationReview(board=board, users=users, guest_secrets=[interests])


@pytest.fixture
def translation_review(db):
    built = _translation_under_review()
    run_queued_tasks()
    built.emails = list(mail.outbox)
    return built


def signed_in(review: TranslationReview, role: str) -> Client:
    """A client signed in as ``role`` as that person signs in: the guest reviewer with the link
    of their invitation's email, the others with their account."""
    client = Client()
    if role == "the guest reviewer":
        invitation = ReviewInvitation.objects.get(
            round__article=review.translation, reviewer__user=review.users[role]
        )
        (link,) = [
            found.group(1)
            for message in review.emails
            if GUEST_EMAIL in message.to
            for found in GUEST_LINK.finditer(message.body)
            if found.group(1).startswith(f"/guest/{invitation.pk}/")
        ]
        assert client.get(link).status_code == 302
    elif role != "anonymous":
        client.force_login(review.users[role])
    return client


def test_the_translation_holds_every_kind_of_secret_and_who_may_read_it(translation_review):
    review = translation_review
    assert {secret.split("-")[0] for secret in review.board.secrets} == KINDS
    translation = review.translation
    assert translation.is_translation and translation.language == "es"
    assert translation.status == "under_review"
    assert translation.translation_of.is_published
    for role, user in review.users.items():
        assert may_read_confidential(user, translation) == (role in MAY_READ), role
    assert not may_read_confidential(AnonymousUser(), translation)


def _their_pages(review: TranslationReview, role: str) -> list[str]:
    """Pages of the translation's review the role opens (the walk must have reached them)."""
    translation, original = review.translation, review.board.articles["original"]
    invitation = (
        ReviewInvitation.objects.filter(
            round__article=translation, reviewer__user=review.users.get(role)
        )
        .values_list("pk", flat=True)
        .first()
    )
    return {
        "anonymous": [original.get_absolute_url()],
        "the translator": ["/write/", "/write/translations/"]
        + [f"/write/{translation.pk}/{page}/" for page in ("edit", "preview", "changes")],
        "another author": ["/write/"],
        "the original's author": ["/write/", "/write/translations/"]
        + [f"/write/{original.pk}/{page}/" for page in ("preview", "translate")],
        "the guest reviewer": [f"/admin/editorial/awaitingmyreview/{invitation}/change/"],
        "an editor": [f"/admin/articles/article/{translation.pk}/{page}/" for page in PAGES],
        "a board member assigned": [f"/admin/editorial/reviewinvitation/{invitation}/change/"],
        "a board member not assigned": ["/admin/"],
    }[role]


@pytest.mark.slow  # walks every URL pattern once for each role
def test_a_translations_confidential_material_reaches_only_who_may_read_it(
    translation_review, caplog
):
    caplog.set_level(logging.CRITICAL, logger="django.request")
    review = translation_review
    secrets = review.board.secrets + review.guest_secrets
    leaks, met, unreached = [], {}, []
    for role in MAY_NOT_READ + MAY_READ:
        pages = walk(signed_in(review, role), review.board)
        unreached += [(role, path) for path in _their_pages(review, role) if path not in pages]
        met[role] = {secret for secret in secrets if any(secret in html for html in pages.values())}
        if role in MAY_NOT_READ:
            own = review.guest_secrets if role == "the guest reviewer" else []
            leaks += [
                f"{role}: {secret} on {path}"
                for path, html in pages.items()
                for secret in secrets
                if secret in html and secret not in own
            ]
    assert not leaks, f"{len(leaks)} leaks, e.g.\n" + "\n".join(sorted(leaks)[:30])
    assert not unreached, unreached
    # The controls: the editor and every board member (the board reads its own) meet it all.
    assert {role: met[role] for role in MAY_READ} == {role: set(secrets) for role in MAY_READ}


def _quoting(messages: list, secrets: list[str]) -> list:
    return [message for message in messages if any(secret in message.body for secret in secrets)]


def _subjects_to(messages: list, user) -> list[str]:
    return [message.subject for message in messages if user.email in message.to]


def test_emails_about_a_translations_review_reach_only_who_may_read_it(translation_review):
    """The invitations, the decline and conflict notices and the decision (approval): a message
    quoting the board's material goes only to those who may read it, never to the translator,
    the original's author or the guest; they get theirs without it."""
    review = translation_review
    translation, editor = review.translation, review.users["an editor"]
    article_transition(article=translation, action="approve", by=editor, comment="Because.")
    run_queued_tasks()
    secrets = review.board.secrets + review.guest_secrets
    quoting = _quoting(mail.outbox, secrets)
    quoted = " ".join(message.body for message in quoting)
    assert {secret.split("-")[0] for secret in secrets if secret in quoted} == {
        "DECLINE",
        "CONFLICT",
    }  # the emails that quote the board's material
    addresses = {to for message in quoting for to in message.to}
    recipients = User.objects.filter(email__in=addresses)
    assert recipients.count() == len(addresses)
    assert all(may_read_confidential(user, translation) for user in recipients)
    for role in MAY_NOT_READ[1:]:
        assert not _subjects_to(quoting, review.users[role]), role
    about = translation.title
    for role in ("the translator", "the guest reviewer", "a board member assigned"):
        # the decision; the invitations
        assert [s for s in _subjects_to(mail.outbox, review.users[role]) if about in s], role


def test_the_approved_translations_public_pages_show_none_of_it(translation_review, client):
    review = translation_review
    translation, editor = review.translation, review.users["an editor"]
    article_transition(article=translation, action="approve", by=editor, comment="Because.")
    translation.refresh_from_db()
    secrets = review.board.secrets + review.guest_secrets
    public = (
        translation.get_absolute_url(),
        "/es/",
        "/es/feed/",
        "/sitemap.xml",
        "/api/v1/articles/",
    )
    for path in public:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not [secret for secret in secrets if secret in response.content.decode()], path
    assert translation.title in client.get(translation.get_absolute_url()).content.decode()
