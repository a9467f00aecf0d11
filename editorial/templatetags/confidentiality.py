"""The board's confidential material in templates goes through the workflow's one rule."""

from typing import Any

from django import template

from editorial import workflow

register = template.Library()


@register.filter
def may_read_confidential(user: Any, article: Any) -> bool:
    """``{% if user|may_read_confidential:article %}``: see ``workflow.may_read_confidential``."""
    return workflow.may_read_confidential(user, article)
