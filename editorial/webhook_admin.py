"""The webhooks in the admin: editors register endpoints, see every delivery with its attempts,
and redeliver. Nobody else sees any of it (the secrets sign what partners trust).

An endpoint's secret is never part of a form, a list or a message (messages may travel in a
cookie): it is shown once, on the page that answers the registration, and again only on the
page that answers an editor's "Reveal" or "Rotate" (a POST, never cached).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.text import Truncator

from editorial.admin_bases import ReadOnlyAdminMixin
from editorial.models import (
    REDELIVER_PERMISSION,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from editorial.outbound_http import url_problems
from editorial.roles import is_editor
from editorial.webhooks import (
    WebhookError,
    webhook_endpoint_save,
    webhook_redeliver,
    webhook_secret_rotate,
)

REDELIVERED = "{count} deliveries queued again."
NOT_REDELIVERED = "Not queued again: {problems}"
NO_EVENTS = "Choose at least one event."
SECRET_TEMPLATE = "admin/editorial/webhookendpoint/secret.html"


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": NO_EVENTS},
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "active"]
        widgets = {"url": forms.URLInput(attrs={"size": 80})}

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        problems = url_problems(url)
        if problems:
            raise forms.ValidationError(problems)
        return url


class EditorsOnly:
    """Every permission of these pages needs an editor (and the model permission, which the
    Editors group carries)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_editor(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_editor(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_editor(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_editor(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_editor(request.user) and super().has_delete_permission(request, obj)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(EditorsOnly, admin.ModelAdmin):
    """Endpoints: registered with their URL (checked at once) and events; their secret made
    here and shown once."""

    form = WebhookEndpointForm
    list_display = ["name", "url", "event_list", "active", "consecutive_failures", "disabled_at"]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    readonly_fields = [
        "consecutive_failures",
        "disabled_at",
        "disabled_reason",
        "created_at",
        "created_by",
    ]

    def get_fields(self, request: HttpRequest, obj: WebhookEndpoint | None = None) -> list[str]:
        return ["name", "url", "events", "active", *(self.readonly_fields if obj else [])]

    @admin.display(description="events")
    def event_list(self, endpoint: WebhookEndpoint) -> str:
        return ", ".join(endpoint.events)

    def save_model(self, request: HttpRequest, obj: WebhookEndpoint, form, change: bool) -> None:
        webhook_endpoint_save(endpoint=obj, by=request.user)

    def response_add(self, request: HttpRequest, obj: WebhookEndpoint, post_url_continue=None):
        return self._secret_page(request, obj, obj.secret, created=True)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/secret/",
                self.admin_site.admin_view(self.secret_view),
                name=f"{prefix}_secret",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "secret_url": reverse("admin:editorial_webhookendpoint_secret", args=[object_id]),
            "deliveries_url": reverse("admin:editorial_webhookdelivery_changelist")
            + f"?endpoint__id__exact={object_id}",
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def secret_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """POST ``reveal`` shows the secret; POST ``rotate`` makes a new one and shows it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        endpoint = get_object_or_404(WebhookEndpoint, pk=object_id)
        if not self.has_change_permission(request, endpoint):
            raise PermissionDenied
        if "rotate" in request.POST:
            return self._secret_page(request, endpoint, webhook_secret_rotate(endpoint=endpoint))
        return self._secret_page(request, endpoint, endpoint.secret)

    def _secret_page(
        self, request: HttpRequest, endpoint: WebhookEndpoint, secret: str, *, created=False
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Signing secret of “{endpoint}”",
            "endpoint": endpoint,
            "secret": secret,
            "created": created,
            "rotated": "rotate" in request.POST,
            "change_url": reverse("admin:editorial_webhookendpoint_change", args=[endpoint.pk]),
        }
        response = TemplateResponse(request, SECRET_TEMPLATE, context)
        add_never_cache_headers(response)
        return response


class WebhookAttemptInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = WebhookAttempt
    fields = [
        "number",
        "started_at",
        "duration_ms",
        "status_code",
        "succeeded",
        "error",
        "response_excerpt",
    ]
    readonly_fields = fields
    extra = 0


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(EditorsOnly, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every message queued for an endpoint, with each attempt; editors redeliver."""

    list_display = [
        "created_at",
        "event",
        "endpoint",
        "article",
        "status",
        "attempts",
        "error",
        "next_attempt_at",
    ]
    list_filter = ["status", "event", "endpoint"]
    list_select_related = ["endpoint", "article"]
    date_hierarchy = "created_at"
    actions = ["redeliver"]
    fields = [
        "endpoint",
        "event",
        "message_id",
        "article",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "claimed_until",
        "delivered_at",
        "payload",
    ]
    readonly_fields = fields
    inlines = [WebhookAttemptInline]

    @admin.display(description="last error")
    def error(self, delivery: WebhookDelivery) -> str:
        return Truncator(delivery.last_error).chars(120)

    @admin.action(description="Redeliver the selected deliveries", permissions=["redeliver"])
    def redeliver(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        queued, refused = 0, []
        for delivery in queryset.select_related("endpoint"):
            try:
                webhook_redeliver(delivery=delivery)
            except WebhookError as error:
                refused.append(f"{delivery.message_id}: {error}")
            else:
                queued += 1
        if queued:
            self.message_user(request, REDELIVERED.format(count=queued), messages.SUCCESS)
        if refused:
            self.message_user(
                request, NOT_REDELIVERED.format(problems=" ".join(refused)), messages.WARNING
            )

    def has_redeliver_permission(self, request: HttpRequest) -> bool:
        """Redelivering sends a message to a partner again: an editor with the redeliver
        permission (the Editors group's), not whoever may read the deliveries."""
        return self.has_view_permission(request) and request.user.has_perm(
            f"{self.opts.app_label}.{REDELIVER_PERMISSION}"
        )
