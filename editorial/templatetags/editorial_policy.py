from django import template
from django.utils import timezone, translation

from editorial.caching import for_keys
from editorial.page_keys import POLICY
from editorial.policy import PolicyText, policy_in_force, policy_text

register = template.Library()


@register.simple_tag
def current_disclaimer() -> PolicyText | None:
    """The disclaimer in force (``.disclaimer``, ``.disclaimer_version``) in the active
    language, or its own with a note when untranslated; None before any policy is published."""
    today = timezone.localdate()
    language = translation.get_language()

    def in_force() -> PolicyText | None:
        policy = policy_in_force(today)
        return policy_text(policy, language) if policy is not None else None

    return for_keys(f"policy-in-force:{language}:{today}", [POLICY], in_force)
