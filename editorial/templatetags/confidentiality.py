"""The board's confidential material in templates goes through the one rule."""

from typing import Any

from django import template

from editorial import roles

register = template.Library()


@register.filter
def may_read_confidential(user: Any, article: Any) -> bool:
    """``{% if user|may_read_confidential:article %}``: see ``roles.may_read_confidential``."""
    return roles.may_read_confidential(user, article)
