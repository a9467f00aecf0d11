"""API keys in the admin: editors issue a key to a partner (shown once, at creation: only its
digest is stored), set its rate limit and revoke it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from api.keys import api_key_create, api_key_revoke
from api.models import ApiKey
from editorial.roles import is_editor

KEYS_REVOKED = "{count} key(s) revoked."
SHOWN_ONCE = (
    "Copy the key now: it is shown only this once, and only a digest of it is stored. Partners "
    "send it in the X-API-Key header."
)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["partner", "prefix", "rate_limit", "created_at", "created_by", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["partner", "prefix"]
    fields = ["partner", "rate_limit", "note", "prefix", "created_by", "created_at", "revoked_at"]
    readonly_fields = ["prefix", "created_by", "created_at", "revoked_at"]
    actions = ["revoke"]

    def _editor(self, request: HttpRequest) -> bool:
        return is_editor(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._editor(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editor(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._editor(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editor(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, never deleted: the list keeps who had a key

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return self._editor(request)

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            obj.save(update_fields=["partner", "rate_limit", "note"])
            return
        created, key = api_key_create(
            partner=obj.partner, rate_limit=obj.rate_limit, note=obj.note, by=request.user
        )
        for field in ("pk", "prefix", "digest", "created_by_id", "created_at"):
            setattr(obj, field, getattr(created, field))
        obj._state.adding = False
        request.api_key_shown = key

    def response_add(self, request: HttpRequest, obj: ApiKey, *args: Any) -> HttpResponse:
        """The key, this once, instead of a redirect: it is never stored, not even in a
        message waiting in the session."""
        response = TemplateResponse(
            request,
            "api/apikey_created.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "api_key": obj,
                "key": request.api_key_shown,
                "shown_once": SHOWN_ONCE,
                "title": f"API key for {obj.partner}",
            },
        )
        add_never_cache_headers(response)
        return response

    @admin.action(description="Revoke the selected keys", permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        keys = list(queryset.usable())
        for api_key in keys:
            api_key_revoke(api_key=api_key, by=request.user)
        self.message_user(request, KEYS_REVOKED.format(count=len(keys)), messages.SUCCESS)
