from typing import Any

from django import template
from django.utils import timezone

from editorial.caching import for_keys
from editorial.page_keys import POLICY
from editorial.policy import disclaimer_text, policy_in_force

register = template.Library()


@register.simple_tag
def current_disclaimer() -> dict[str, Any] | None:
    """The disclaimer in force, with its version; None before any policy is published."""
    today = timezone.localdate()
    policy = for_keys(f"policy-in-force:{today}", [POLICY], lambda: policy_in_force(today))
    if policy is None:
        return None
    return {"text": disclaimer_text(policy), "version": policy.disclaimer_version}
