from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from articles.models import Article, ArticleReference, ArticleRevision, Section
from editorial.admin import ReadOnlyHistoryAdmin
from editorial.models import TransitionLog
from editorial.workflow import (
    PermissionRefused,
    WorkflowError,
    article_transition,
    available_actions,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class SectionInline(ReadOnlyInline):
    model = Section
    fields = ["position", "heading", "body"]


class ArticleReferenceInline(ReadOnlyInline):
    model = ArticleReference
    fields = ["reference", "added_at"]
    verbose_name = "reference"
    verbose_name_plural = "reference list"


class RevisionInline(ReadOnlyInline):
    model = ArticleRevision
    fk_name = "article"
    fields = ["number", "title", "created_by", "created_at", "approved_by", "approved_at"]
    show_change_link = True


class TransitionLogInline(ReadOnlyInline):
    model = TransitionLog
    fields = ["created_at", "action", "source", "target", "actor", "comment"]
    verbose_name = "workflow step"
    verbose_name_plural = "workflow steps"


@admin.register(Article)
class ArticleAdmin(ReadOnlyHistoryAdmin):
    """Articles are written in the authors' forms; here they are reviewed and moved along.

    Content is read-only. The workflow panel offers the steps the signed-in user may take and
    posts them to ``transition_view``, which asks the workflow service, never the form.
    """

    list_display = ["title", "status", "author", "is_published", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    list_select_related = ["author"]
    fields = [
        "title",
        "slug",
        "status",
        "author",
        "coauthors",
        "live_revision",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    inlines = [SectionInline, ArticleReferenceInline, RevisionInline, TransitionLogInline]
    change_form_template = "admin/articles/article/change_form.html"

    @admin.display(boolean=True, description="on the public site")
    def is_published(self, article: Article) -> bool:
        return article.is_published

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            path(
                "<path:object_id>/transition/",
                self.admin_site.admin_view(self.transition_view),
                name="articles_article_transition",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context = {
                **(extra_context or {}),
                "workflow_actions": available_actions(article, request.user),
                "transition_url": reverse("admin:articles_article_transition", args=[article.pk]),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @staticmethod
    def _change_url(article: Article) -> str:
        return reverse("admin:articles_article_change", args=[article.pk])

    def transition_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return require_POST(self._transition)(request, object_id)

    def _transition(self, request: HttpRequest, object_id: str) -> HttpResponse:
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        try:
            entry = article_transition(
                article=article,
                action=request.POST.get("action", ""),
                by=request.user,
                comment=request.POST.get("comment", ""),
            )
        except PermissionRefused as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        except WorkflowError as refusal:
            for problem in refusal.problems:
                messages.error(request, problem)
        else:
            messages.success(request, f"“{entry.article}” is now {entry.target_label.lower()}.")
        return HttpResponseRedirect(self._change_url(article))


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(admin.ModelAdmin):
    list_display = ["article", "number", "created_by", "created_at", "approved_by", "approved_at"]
    list_select_related = ["article", "created_by", "approved_by"]
    search_fields = ["article__title", "title"]
    readonly_fields = [
        "article", "number", "title", "sections", "references", "note",
        "created_by", "created_at", "approved_by", "approved_at",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
