"""The board member's queue at the top of the admin's home (``templates/admin/index.html``)."""

from typing import Any

from django import template

from editorial.board_panel import review_queue

register = template.Library()


@register.inclusion_tag("admin/editorial/includes/awaiting_me.html", takes_context=True)
def awaiting_me(context: template.Context) -> dict[str, Any]:
    return {"queue": review_queue(context["request"].user)}
