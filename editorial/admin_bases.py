"""What every app's admin builds on: history kept read-only, and records kept read-only.

Both are rules of the product, not of one page: nothing restores an old row around the review
workflow, and the records the workflow, the outbox or the library write (audit entries,
invitations, emails, revisions...) are read in the admin, never written there.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin with its history kept read-only.

    Its history form view saves whatever is POSTed to it, even with reverting disabled in the
    settings (the setting only hides the button), so an old row could be restored around the
    review workflow. Here that view only ever shows.
    """

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context=None
    ) -> HttpResponse:
        if request.method != "GET":
            raise PermissionDenied("History is read-only: nothing can be restored from it.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return True


class ReadOnlyAdminMixin:
    """Records this admin shows and never writes: no adding, changing or deleting, whatever the
    user's model permissions, except what ``writes`` names ("add", "change", "delete"), which
    still needs the permission. Works for a ModelAdmin and an inline alike."""

    writes: ClassVar[frozenset[str]] = frozenset()

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return "add" in self.writes and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return "change" in self.writes and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return "delete" in self.writes and super().has_delete_permission(request, obj)
