"""The public editorial policy and disclaimer: versions, the one in force, and approvals' record.

A version is never edited. ``policy_publish`` adds the next one; the disclaimer's own version
number moves only when its text changes. ``record_policy_in_force`` is called by the workflow's
approval so every approved revision says which policy and disclaimer were in force.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from string import Template
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.safestring import SafeString

from articles.rendering import render_markdown
from editorial.models import EditorialPolicy

if TYPE_CHECKING:
    from articles.models import ArticleRevision

HEADING_RE = re.compile(r"^##[ \t]+(?P<heading>.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


def policy_in_force(today: date | None = None) -> EditorialPolicy | None:
    return EditorialPolicy.objects.in_force(today)


@transaction.atomic
def policy_publish(
    *,
    body: str,
    disclaimer: str,
    by: Any,
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
    policy._history_user = by
    policy.save()
    return policy


def record_policy_in_force(revision: ArticleRevision) -> None:
    """Store on an approved revision the policy and disclaimer versions in force now."""
    policy = policy_in_force()
    revision.policy_version = policy.version if policy else None
    revision.disclaimer_version = policy.disclaimer_version if policy else None
    revision.save(update_fields=["policy_version", "disclaimer_version"])


def disclaimer_text(policy: EditorialPolicy) -> str:
    """The disclaimer with the publisher's name in place of ``$publisher``."""
    return Template(policy.disclaimer).safe_substitute(publisher=settings.PUBLISHER_NAME)


@dataclass(frozen=True)
class PolicySection:
    heading: str
    anchor: str
    html: SafeString


@dataclass(frozen=True)
class RenderedPolicy:
    introduction: SafeString
    sections: list[PolicySection]


def render_policy(policy: EditorialPolicy) -> RenderedPolicy:
    """The policy's Markdown split at its '## ' headings, each part rendered safely."""
    from django.utils.text import slugify

    matches = list(HEADING_RE.finditer(policy.body))
    intro_end = matches[0].start() if matches else len(policy.body)
    sections = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(policy.body)
        heading = match.group("heading")
        sections.append(
            PolicySection(
                heading=heading,
                anchor=f"policy-{slugify(heading) or index + 1}",
                html=render_markdown(policy.body[match.end() : end], {}),
            )
        )
    return RenderedPolicy(
        introduction=render_markdown(policy.body[:intro_end], {}), sections=sections
    )
