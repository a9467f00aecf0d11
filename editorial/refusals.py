"""A refusal that leads somewhere: what stands in the way and what would unblock it, who can do
that (a role, or the people by name), and the page where it is done.

A ``Refusal`` is the sentence itself (a ``str``: every check keeps returning its problems as
sentences, which callers join, compare and quote), carrying ``who`` and ``url``. The checks of
the workflow (``editorial.workflow``), the board's services (``editorial.reviews``) and the
admin's panels build them; ``includes/refusal.html`` shows one, wherever it is shown (a blocked
step, an error message after a refused action, the authors' pages). A refusal that nobody can
lift (a publication already carried out, a recommendation already addressed) stays a plain
sentence.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_noop

# Who can act, as the policy names them (``editorial.workflow.rules`` names its rules so too;
# marked for the catalogue: the public policy page translates them).
EDITOR_NOT_AUTHOR = gettext_noop("an editor who is not an author of the article")
AN_EDITOR = gettext_noop("an editor")
AN_AUTHOR = gettext_noop("an author of the article")
YOU = "you"


class Refusal(str):
    """The sentence saying what stands in the way and what would unblock it; ``who`` can do
    that (people by name where the record knows them), at ``url`` (``link_text`` names it)."""

    who: str
    url: str
    link_text: str

    def __new__(cls, text: str, *, who: str, url: str = "", link_text: str = "") -> Refusal:
        refusal = super().__new__(cls, text)
        refusal.who, refusal.url, refusal.link_text = who, url, link_text or "Go there"
        return refusal

    def __reduce__(self) -> tuple[Any, ...]:  # kept whole when cached or pickled
        return (_rebuilt, (str(self), self.who, self.url, self.link_text))


def _rebuilt(text: str, who: str, url: str, link_text: str) -> Refusal:
    return Refusal(text, who=who, url=url, link_text=link_text)


def refusal_html(problem: str) -> str:
    """A refusal as the product shows it, for an error message: the sentence, who can unblock
    it and the link, as safe HTML (which the messages keep); a plain sentence as it is (escaped
    where it is shown)."""
    if not isinstance(problem, Refusal):
        return problem
    return SafeString(render_to_string("includes/refusal.html", {"problem": problem}).strip())


# The pages where a refusal is lifted ------------------------------------------------------


def article_page(article: Any, anchor: str = "") -> str:
    """The article's page in the admin (its workflow and board review panels), at ``anchor``."""
    opts = article._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[article.pk])
    return f"{url}#{anchor}" if anchor else url


def step_anchor(step: str) -> str:
    return f"step-{step}"


def invitation_anchor(invitation: Any) -> str:
    return f"invitation-{invitation.pk}"


def reopen_anchor(review: Any) -> str:
    """The editor's "Ask to amend the review" form of a review, on the article's page."""
    return f"reopen-{review.pk}"


INVITE_ANCHOR = "invite-reviewers"
GUEST_ANCHOR = "invite-guest"


def review_form(invitation: Any) -> str:
    """The invited reviewer's review form (and, when asked, their amendment)."""
    return reverse("admin:editorial_awaitingmyreview_review", args=[invitation.pk])


def invitation_page(invitation: Any) -> str:
    """The invited reviewer's page of the invitation: accept, decline, declare, review."""
    return reverse("admin:editorial_awaitingmyreview_change", args=[invitation.pk])


def board_members_page(member: Any = None) -> str:
    """The board's members in the admin (one member's page when given), where editors add and
    reactivate them."""
    if member is None:
        return reverse("admin:editorial_boardmember_changelist")
    return reverse("admin:editorial_boardmember_change", args=[member.pk])


def names(people: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(people) <= 1:
        return "".join(people)
    return f"{', '.join(people[:-1])} and {people[-1]}"
