from typing import Any

from django import template

from editorial.policy import disclaimer_text, policy_in_force

register = template.Library()


@register.simple_tag
def current_disclaimer() -> dict[str, Any] | None:
    """The disclaimer in force, with its version; None before any policy is published."""
    policy = policy_in_force()
    if policy is None:
        return None
    return {"text": disclaimer_text(policy), "version": policy.disclaimer_version}
