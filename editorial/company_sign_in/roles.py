"""Roles follow the company's provider, at each company sign-in.

``OIDC_ROLE_MAP`` maps provider groups (the ``OIDC_GROUPS_CLAIM`` claim of the ID token, or of
userinfo when the token has none) to our roles. At each sign-in, before the session starts,
``user_roles_sync`` grants the mapped roles the provider lists and takes away those it no
longer lists; roles the map never grants are left to the editors. Being a board member is
also an active board profile (``editorial.roles.is_board_member``): the profile is made at a
first grant (the editors complete its credentials and specialty), reactivated at a later one
and deactivated when the role goes. Taking a role away ends the user's sessions
(``editorial.sessions``, through the groups' and profiles' signals). ``is_staff`` (admin
access) follows the roles: editors and board members have it, authors do not.

An account that only exists at the provider gets no role unless the map grants one.
``EDITORIAL_EMERGENCY_ACCOUNT`` never signs in through the provider (it is the way in when the
provider is down, so the provider must not be able to take it over or change it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from allauth.account.signals import user_signed_up
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.signals import pre_social_login
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest

from editorial.company_sign_in.config import PROVIDER_ID
from editorial.company_sign_in.provider import Refusal
from editorial.company_sign_in.views import refused
from editorial.models import BOARD_MEMBERS, EDITORS, ROLE_GROUPS, BoardMember, User

# The roles that open the admin.
STAFF_ROLES = frozenset({EDITORS, BOARD_MEMBERS})


@dataclass(frozen=True)
class RoleChange:
    added: frozenset[str]
    removed: frozenset[str]


def provider_groups(claims: dict[str, Any]) -> list[str]:
    """The groups the provider lists for the user: the ``OIDC_GROUPS_CLAIM`` of the ID token
    (signed), else of userinfo. A claim that is one string is one group."""
    claim = settings.OIDC_GROUPS_CLAIM
    for source in (claims.get("id_token") or {}, claims.get("userinfo") or {}):
        value = source.get(claim)
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [str(group) for group in value]
    return []


def _board_profile_follows(user: User, member: bool, display_name: str) -> None:
    profile = BoardMember.objects.filter(user=user).first()
    if profile is not None and profile.external:
        return  # a guest reviewer's profile is the editors' to manage
    if member and profile is None:
        BoardMember.objects.create(
            user=user,
            display_name=display_name or user.get_full_name() or user.username,
            credentials="",
            specialty="",
        )
    elif profile is not None and profile.active != member:
        profile.active = member
        profile.save(update_fields=["active"])  # deactivated: the sessions end (signal)


@transaction.atomic
def user_roles_sync(*, user: User, groups: Iterable[str], display_name: str = "") -> RoleChange:
    """Give ``user`` the roles ``OIDC_ROLE_MAP`` grants for the provider's ``groups``, take away
    the mapped roles it no longer grants, and set ``is_staff`` from the roles."""
    mapping = settings.OIDC_ROLE_MAP
    managed = set(mapping.values()) & set(ROLE_GROUPS)
    granted = {mapping[group] for group in groups if group in mapping} & managed
    held = set(user.groups.filter(name__in=managed).values_list("name", flat=True))
    added, removed = granted - held, held - granted
    if removed:
        user.groups.remove(*Group.objects.filter(name__in=removed))
    if added:
        user.groups.add(*Group.objects.filter(name__in=added))
    if BOARD_MEMBERS in managed:
        _board_profile_follows(user, BOARD_MEMBERS in granted, display_name)
    roles = set(user.groups.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))
    is_staff = user.is_superuser or bool(roles & STAFF_ROLES)
    user.refresh_from_db(fields=["session_epoch"])  # raised if a removal ended the sessions
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_editorial_group_names", None)  # editorial.roles' cache of the groups
    return RoleChange(added=frozenset(added), removed=frozenset(removed))


def is_emergency_account(user: User | None) -> bool:
    name = settings.EDITORIAL_EMERGENCY_ACCOUNT
    return bool(name and user is not None and user.pk and user.get_username() == name)


def _ours(sociallogin: SocialLogin) -> bool:
    return sociallogin.account.provider == PROVIDER_ID


def _sync(user: User, sociallogin: SocialLogin) -> None:
    claims = sociallogin.account.extra_data or {}
    name = (claims.get("id_token") or {}).get("name") or (claims.get("userinfo") or {}).get(
        "name", ""
    )
    user_roles_sync(user=user, groups=provider_groups(claims), display_name=name)


def _existing_account_signs_in(
    sender: Any, request: HttpRequest, sociallogin: SocialLogin, **kwargs: Any
) -> None:
    """allauth's ``pre_social_login``: the provider's answer is checked, the account found (by
    its provider id, or its verified email address); the session has not started."""
    if not _ours(sociallogin) or not sociallogin.is_existing:
        return
    if is_emergency_account(sociallogin.user):
        raise ImmediateHttpResponse(refused(request, Refusal.EMERGENCY))
    _sync(sociallogin.user, sociallogin)


def _new_account_signed_up(
    sender: Any, request: HttpRequest, user: User, sociallogin: SocialLogin | None = None, **kw
) -> None:
    """allauth's ``user_signed_up``, for an account made at a first company sign-in."""
    if sociallogin is not None and _ours(sociallogin):
        _sync(user, sociallogin)


def connect() -> None:
    pre_social_login.connect(_existing_account_signs_in, dispatch_uid="company-sign-in-roles")
    user_signed_up.connect(_new_account_signed_up, dispatch_uid="company-sign-in-roles")
