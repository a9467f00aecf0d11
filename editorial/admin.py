from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from editorial.models import BoardMember, TransitionLog, User


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


@admin.register(User)
class EditorialUserAdmin(UserAdmin):
    pass


@admin.register(BoardMember)
class BoardMemberAdmin(ReadOnlyHistoryAdmin):
    list_display = ["display_name", "credentials", "specialty", "active"]
    list_filter = ["active"]
    search_fields = ["display_name", "specialty", "user__username"]
    autocomplete_fields = ["user"]


@admin.register(TransitionLog)
class TransitionLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "article", "action", "source", "target", "actor"]
    list_filter = ["action", "target"]
    search_fields = ["article__title", "actor__username", "comment"]
    list_select_related = ["article", "actor"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
