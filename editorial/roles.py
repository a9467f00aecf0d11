"""Who plays which role: the one place every app asks (the reference library, the site, the review).

Roles are groups (created by migrations) that carry the admin's model permissions; board
membership is an active board-member profile. Superusers count as editors. Every rule takes the
acting user first: ``rule(user, article)``. ``User.objects.editors()`` is ``is_editor`` for the
whole user table.
"""

from __future__ import annotations

from typing import Any, TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q

from editorial.models import AUTHORS, EDITORS, TRANSLATORS, ReviewInvitation, User

# Whoever makes a request: a signed-in user, or an anonymous reader.
Someone: TypeAlias = User | AnonymousUser


def _group_names(user: User) -> frozenset[str]:
    cached = getattr(user, "_editorial_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._editorial_group_names = cached
    return cached


def _signed_in(user: Someone | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_editor(user: Someone | None) -> bool:
    """Editors run the review: superusers and members of the Editors group."""
    return _signed_in(user) and (user.is_superuser or EDITORS in _group_names(user))


def _reviewer_profile(user: Someone | None) -> Any:
    if not _signed_in(user):
        return None
    try:
        member = user.board_member
    except ObjectDoesNotExist:
        return None
    return member if member.active else None


def is_board_member(user: Someone | None) -> bool:
    """Board members are users with an active Medical Advisory Board profile (a guest
    reviewer's profile is not the board's)."""
    member = _reviewer_profile(user)
    return member is not None and not member.external


def is_guest_reviewer(user: Someone | None) -> bool:
    """A specialist from outside the board, invited to review by an editor: they sign in
    through an invitation's link only and read only that invitation (``editorial.guests``)."""
    member = _reviewer_profile(user)
    return member is not None and member.external


def is_author_of(user: Someone | None, article: Any) -> bool:
    """The article's author and its co-authors (``article``: the reviewed model, which has
    ``author`` and ``coauthors``)."""
    if not _signed_in(user):
        return False
    if article.author_id == user.pk:
        return True
    if "coauthors" in getattr(article, "_prefetched_objects_cache", {}):
        return any(coauthor.pk == user.pk for coauthor in article.coauthors.all())
    return article.coauthors.filter(pk=user.pk).exists()


def may_start_article(user: Someone | None) -> bool:
    """Members of the Authors group start new articles in the site's own forms."""
    return _signed_in(user) and AUTHORS in _group_names(user)


def is_translator(user: Someone | None) -> bool:
    """Members of the Translators group draft translations of published articles."""
    return _signed_in(user) and TRANSLATORS in _group_names(user)


def drafts_translations_only(user: Someone | None) -> bool:
    """A translator who is not also an author edits translations, never an original (even one
    an editor made them a co-author of)."""
    return is_translator(user) and not may_start_article(user)


def may_translate(user: Someone | None, article: Any) -> bool:
    """Who may start a translation of a published article: translators, and the article's own
    authors (another article's author is not a translator by that)."""
    return is_translator(user) or is_author_of(user, article)


def is_invitee(user: Someone | None, invitation: ReviewInvitation) -> bool:
    """Only the invited board member (or guest reviewer) answers, declares and reviews."""
    return (is_board_member(user) or is_guest_reviewer(user)) and (
        invitation.reviewer.user_id == user.pk
    )


def may_read_confidential(user: Someone | None, article: Any) -> bool:
    """Who may read the board's confidential material about an article: the reviewers'
    confidential comments for the board, their conflict-of-interest declarations and the
    interests they disclose to the board, their verdicts and comments on each claim, the reasons
    they give for declining, and editors' notes on how a rejection was addressed. Editors and
    board members may; an author or co-author of the article never does, whatever other role
    they hold. Every view, email and template that shows such material asks this rule."""
    return (is_editor(user) or is_board_member(user)) and not is_author_of(user, article)


def confidential_readable(user: Someone | None, article: str = "article") -> Q:
    """``may_read_confidential`` as a filter, for lists: the rows whose ``article`` (a relation
    to the reviewed model, or a path to one; "" for the reviewed model itself) the user may read
    the board's confidential material about. The same rule: editors and board members, never
    about an article they wrote or co-wrote."""
    if not (is_editor(user) or is_board_member(user)):
        return Q(pk__in=[])
    path = f"{article}__" if article else ""
    return ~Q(**{f"{path}author": user}) & ~Q(**{f"{path}coauthors": user})


def editors_reading_confidential(article: Any) -> list[User]:
    """The active editors who may read the board's confidential material about the article:
    those the emails quoting it (a decline reason, a conflict of interest) go to."""
    return [editor for editor in User.objects.editors() if may_read_confidential(editor, article)]
