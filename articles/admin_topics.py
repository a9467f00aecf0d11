"""Topics in the admin: editors name topics and file published or upcoming articles under them."""

from django.contrib import admin
from django.db.models import Count

from articles.models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["articles"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj: Topic) -> int:
        return obj.article_count
