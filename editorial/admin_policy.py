"""The editorial policy in the admin: editors publish a new version; old versions only show."""

from django.contrib import admin
from django.http import HttpRequest

from editorial.admin import ReadOnlyHistoryAdmin
from editorial.models import EditorialPolicy
from editorial.policy import policy_publish


@admin.register(EditorialPolicy)
class EditorialPolicyAdmin(ReadOnlyHistoryAdmin):
    list_display = ["version", "effective_date", "disclaimer_version", "change_note", "created_at"]
    fields = ["effective_date", "change_note", "body", "disclaimer"]
    readonly_fields = ["version", "disclaimer_version", "created_by", "created_at"]

    def get_fields(self, request: HttpRequest, obj=None) -> list[str]:
        if obj is None:
            return self.fields
        return ["version", "disclaimer_version", *self.fields, "created_by", "created_at"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        """A new version starts from the one in force."""
        latest = EditorialPolicy.objects.order_by("-version").first()
        if latest is None:
            return super().get_changeform_initial_data(request)
        return {"body": latest.body, "disclaimer": latest.disclaimer}

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Viewing is allowed (has_view_permission); a published version is never edited.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: EditorialPolicy, form, change: bool) -> None:
        published = policy_publish(
            body=obj.body,
            disclaimer=obj.disclaimer,
            effective_date=obj.effective_date,
            change_note=obj.change_note,
            by=request.user,
        )
        obj.pk, obj.version = published.pk, published.version
