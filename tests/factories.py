"""Factories for the domain. Articles are built through the real services where it matters."""

import factory
from django.conf import settings
from django.contrib.auth.models import Group

from articles.models import Article, ArticleReference, Section
from editorial.models import (
    AUTHORS,
    BOARD_MEMBERS,
    EDITORS,
    BoardMember,
    ChecklistAnswer,
    ClaimVerdict,
    InvitationStatus,
    Recommendation,
    ReviewInvitation,
    User,
)
from editorial.reviews import (
    invitation_accept,
    invitation_declare_conflict,
    invitations_create,
    review_submit,
)
from editorial.workflow import article_transition
from references.models import Reference, ReferenceKind


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("pw")

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        if extracted:
            user.groups.set(Group.objects.filter(name__in=extracted))


def author_user(**kwargs) -> User:
    return UserFactory(roles=[AUTHORS], **kwargs)


def editor_user(**kwargs) -> User:
    return UserFactory(roles=[EDITORS], is_staff=True, **kwargs)


def board_user(**kwargs) -> User:
    user = UserFactory(roles=[BOARD_MEMBERS], is_staff=True, **kwargs)
    BoardMemberFactory(user=user)
    return user


class BoardMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMember

    user = factory.SubFactory(UserFactory)
    display_name = factory.LazyAttribute(lambda member: f"Dr. {member.user.get_full_name()}")
    credentials = "MD"
    specialty = "Psychiatry"
    active = True


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    key = factory.Sequence(lambda n: f"ref{n}")
    kind = ReferenceKind.RESEARCH
    title = factory.Sequence(lambda n: f"A study of attachment, part {n}.")
    journal = "Attachment & human development"
    year = 2020


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft with two sections citing one listed reference: ready to submit."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"What is clinical question number {n}?")
    slug = factory.Sequence(lambda n: f"clinical-question-{n}")
    author = factory.SubFactory(UserFactory, roles=[AUTHORS])

    @factory.post_generation
    def content(article, create, extracted, **kwargs):
        if extracted is False:
            return
        reference = ReferenceFactory()
        ArticleReference.objects.create(article=article, reference=reference)
        Section.objects.create(
            article=article,
            position=1,
            heading="From the Guidelines",
            body=f"Guidance says so [@{reference.key}].",
        )
        Section.objects.create(
            article=article, position=2, heading="From the Research", body="Research agrees."
        )


PATHS = {
    "submitted": [("submit", "author")],
    "under_review": [("submit", "author"), ("start_review", "editor")],
    "changes_requested": [
        ("submit", "author"),
        ("start_review", "editor"),
        ("request_changes", "board"),
    ],
    "approved": [
        ("submit", "author"),
        ("start_review", "editor"),
        ("reviews", "editor"),
        ("approve", "board"),
    ],
    "rejected": [("submit", "author"), ("start_review", "editor"), ("reject", "board")],
    "withdrawn": [("withdraw", "author")],
    "archived": [
        ("submit", "author"),
        ("start_review", "editor"),
        ("reviews", "editor"),
        ("approve", "board"),
        ("archive", "editor"),
    ],
}


def article_in_state(state: str, *, editor=None, board=None, **kwargs) -> Article:
    """An article brought to ``state`` through the real workflow service."""
    article = ArticleFactory(**kwargs)
    actors = {
        "author": article.author,
        "editor": editor or editor_user(),
        "board": board or board_user(),
    }
    for action, actor in PATHS.get(state, []):
        if action == "reviews":
            board_reviews(article, editor=actors[actor])
            continue
        article = article_transition(
            article=article, action=action, by=actors[actor], comment="Because."
        ).article
    return Article.objects.get(pk=article.pk)


def board_reviews(article, *, editor, members=None, recommendation=Recommendation.APPROVE):
    """Invite board members to the open round and have each submit a review (a quorum by
    default: EDITORIAL_APPROVAL_QUORUM approving reviews)."""
    if members is None:
        members = [board_user() for _ in range(settings.EDITORIAL_APPROVAL_QUORUM)]
    invitations = invitations_create(
        article=article, reviewers=[user.board_member for user in members], by=editor
    )
    reviews = []
    for invitation, user in zip(invitations, members, strict=True):
        invitation_accept(invitation=invitation, by=user)
        invitation_declare_conflict(invitation=invitation, by=user, has_conflict=False)
        reviews.append(review_a(invitation, user, recommendation=recommendation))
    return reviews


def review_a(
    invitation,
    user,
    *,
    recommendation=Recommendation.APPROVE,
    claims=ClaimVerdict.SUPPORTED,
    **fields,
):
    """``user`` reviews, marking every claim of the revision ``claims`` (None: no claim)."""
    checks = (
        {}
        if claims is None
        else {claim.fingerprint: (claims, "") for claim in invitation.round.revision.claims()}
    )
    values = {
        "recommendation": recommendation,
        "claims_supported": ChecklistAnswer.YES,
        "guidelines_current": ChecklistAnswer.YES,
        "safety_accurate": ChecklistAnswer.NOT_APPLICABLE,
        "language_suitable": ChecklistAnswer.YES,
        "comments_for_author": "Clear and well sourced.",
        "confidential_comments": "",
        "claim_checks": checks,
        **fields,
    }
    return review_submit(invitation=invitation, by=user, **values)


def invitees_review(article, *, recommendation=Recommendation.APPROVE):
    """Every reviewer still invited to (or accepted for) the article's open round accepts,
    declares no conflict and submits a review: e.g. the reviewers re-invited to a new round."""
    pending = (
        ReviewInvitation.objects.pending()
        .filter(round__article=article)
        .select_related("reviewer__user")
    )
    reviews = []
    for invitation in pending:
        user = invitation.reviewer.user
        if invitation.status == InvitationStatus.INVITED:
            invitation = invitation_accept(invitation=invitation, by=user)
        if not invitation.conflict:
            invitation = invitation_declare_conflict(
                invitation=invitation, by=user, has_conflict=False
            )
        reviews.append(review_a(invitation, user, recommendation=recommendation))
    return reviews
