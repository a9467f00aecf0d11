"""The public editorial policy and disclaimer: versions, the one in force, and approvals' record.

A version is never edited. ``policy_publish`` adds the next one; the disclaimer's own version
number moves only when its text changes. ``record_policy_in_force`` is called by the workflow's
approval so every approved revision says which policy and disclaimer were in force.
"""

from __future__ import annotations

from datetime import date
from string import Template

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from editorial.history import save_with_history
from editorial.models import EditorialPolicy, User


def policy_in_force(today: date | None = None) -> EditorialPolicy | None:
    return EditorialPolicy.objects.in_force(today)


@transaction.atomic
def policy_publish(
    *,
    body: str,
    disclaimer: str,
    by: User,
    effective_date: date | None = None,
    change_note: str = "",
) -> EditorialPolicy:
    """Publish a new version of the policy (and, when its text changed, of the disclaimer)."""
    # Lock the latest version so two editors publishing at once get consecutive numbers.
    latest = EditorialPolicy.objects.select_for_update().order_by("-version").first()
    version = (EditorialPolicy.objects.aggregate(last=Max("version"))["last"] or 0) + 1
    if latest is None:
        disclaimer_version = 1
    elif latest.disclaimer.strip() == disclaimer.strip():
        disclaimer_version = latest.disclaimer_version
    else:
        disclaimer_version = latest.disclaimer_version + 1
    policy = EditorialPolicy(
        version=version,
        body=body,
        disclaimer=disclaimer,
        disclaimer_version=disclaimer_version,
        effective_date=effective_date or timezone.localdate(),
        change_note=change_note,
        created_by=by,
    )
    return save_with_history(policy, by=by)


def record_policy_in_force(revision: models.Model) -> None:
    """Set on an approved revision (``editorial.models.ReviewedRevision``) the policy and
    disclaimer versions in force now; the caller saves it with its approval."""
    policy = policy_in_force()
    revision.policy_version = policy.version if policy else None
    revision.disclaimer_version = policy.disclaimer_version if policy else None


def disclaimer_text(policy: EditorialPolicy) -> str:
    """The disclaimer with the publisher's name in place of ``$publisher``."""
    return Template(policy.disclaimer).safe_substitute(publisher=settings.PUBLISHER_NAME)
