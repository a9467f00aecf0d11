from django.contrib import admin
from django.db import models

from editorial.admin import ReadOnlyHistoryAdmin
from references.models import Reference


@admin.register(Reference)
class ReferenceAdmin(ReadOnlyHistoryAdmin):
    list_display = ["key", "kind", "title", "journal", "year", "doi", "pmid"]
    list_filter = ["kind", "year"]
    search_fields = ["key", "title", "journal", "authors", "doi", "pmid"]
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
