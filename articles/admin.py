"""Articles in the admin: their content (read-only: authors write on the site), their
revisions, history, Timeline, "what changed" and citation checks. The review panel and its
actions come from the board's review (``editorial.admin.ArticleReviewAdmin``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.safestring import SafeString

from articles.compare import Version, compare
from articles.models import (
    Article,
    ArticleReference,
    ArticleRevision,
    RetractionAcknowledgement,
    Section,
    Topic,
    TopicTranslation,
)
from articles.numbers import board_numbers
from articles.retractions import retraction_acknowledge
from articles.timeline import article_timeline
from articles.topics import topic_specialties_set
from editorial.admin import ArticleReviewAdmin, SpecialtyAdmin
from editorial.admin_bases import ReadOnlyAdminMixin, ReadOnlyHistoryAdmin
from editorial.change_lists import RowLinksChangeList, boolean_icon
from editorial.languages import translation_languages
from editorial.models import BoardMember, ReviewInvitation, ReviewRound, Specialty, TransitionLog
from editorial.paginators import EstimatedCountPaginator
from editorial.roles import is_board_member, is_editor, may_read_confidential
from references.checks import retracted_references
from references.models import Reference

ACKNOWLEDGED = "Acknowledged the retraction of {key}."


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    """A read-only table; on a narrow screen it scrolls within its own focusable region."""

    template = "admin/edit_inline/readonly_tabular.html"
    extra = 0
    can_delete = False
    show_change_link = False


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


class StatusGroupFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Has an overdue reviewer"),
            ("rereview", "Due for periodic re-review"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.filter(
                pk__in=ReviewInvitation.objects.overdue().values("round__article")
            )
        if self.value() == "rereview":
            return queryset.due_for_rereview()
        return queryset


class ReviewerFilter(admin.SimpleListFilter):
    title = "reviewer"
    parameter_name = "reviewer"

    def lookups(self, request, model_admin):
        return [(member.pk, member.display_name) for member in BoardMember.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            # A semi-join, not a DISTINCT over every row the join yields (100,000 articles).
            rounds = ReviewRound.objects.filter(invitations__reviewer_id=self.value())
            return queryset.filter(pk__in=rounds.values("article_id"))
        return queryset


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdminMixin, ArticleReviewAdmin):
    """Articles are written in the authors' forms; here they are reviewed and moved along.

    Content is read-only. The panels offer the steps and review actions the signed-in user may
    take; each posts to a small view that calls one service, which checks and refuses.
    """

    def view_on_site(self, obj: Article) -> str | None:
        """ "View on site" only for an article readers can see: one never published (or
        scheduled, or archived) has no public page, and the link led to a 404."""
        return obj.get_absolute_url() if obj.is_published else None

    list_display = [
        "title",
        "status",
        "author",
        "review_progress",
        "next_review_due",
        "is_published",
        "updated_at",
    ]
    list_filter = ["status", StatusGroupFilter, ReviewerFilter]
    search_fields = ["title", "slug"]
    list_select_related = ["author"]
    show_full_result_count = False  # one COUNT over every article per filtered page is enough
    paginator = EstimatedCountPaginator  # exact up to 10,000 articles, estimated past that
    fields = [
        "title",
        "slug",
        "status",
        "author",
        "coauthors",
        "live_revision",
        "last_reviewed_at",
        "next_review_due",
        "review_interval_months",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    inlines = [SectionInline, ArticleReferenceInline, RevisionInline, TransitionLogInline]
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[RowLinksChangeList]:
        return RowLinksChangeList

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        open_rounds = ReviewRound.objects.open().prefetch_related(
            Prefetch(
                "invitations",
                queryset=ReviewInvitation.objects.select_related("reviewer", "review"),
            )
        )
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("review_rounds", queryset=open_rounds, to_attr="open_rounds")
            )
        )

    @admin.display(description="board review")
    def review_progress(self, article: Article) -> str:
        if not article.open_rounds:
            return "—"
        current = article.open_rounds[0]
        active = [invitation for invitation in current.invitations.all() if invitation.is_active]
        reviewed = [invitation for invitation in active if invitation.is_reviewed]
        approving = [invitation for invitation in reviewed if invitation.review.approves]
        overdue = [invitation for invitation in active if invitation.is_overdue()]
        names = ", ".join(invitation.reviewer.display_name for invitation in active)
        text = f"{current}: {len(reviewed)}/{len(active)} reviewed, {len(approving)} approve" + (
            f", {len(overdue)} overdue" if overdue else ""
        )
        return f"{text} ({names})" if names else f"{current}: no reviewer invited"

    @admin.display(description="on the public site")
    def is_published(self, article: Article) -> SafeString:
        return boolean_icon(article.is_published)  # the yes/no icon, built once a value

    def get_urls(self):
        def route(suffix, view, name):
            return path(
                f"<path:object_id>/{suffix}/",
                self.admin_site.admin_view(view),
                name=f"articles_article_{name}",
            )

        return [
            path(
                "numbers/",
                self.admin_site.admin_view(self.numbers_view),
                name="articles_article_numbers",
            ),
            *self.review_urls(),
            route("timeline", self.timeline_view, "timeline"),
            route("compare", self.compare_view, "compare"),
            route("citations", self.citations_view, "citations"),
            *super().get_urls(),
        ]

    # Reading ------------------------------------------------------------------------------

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context = {
                **(extra_context or {}),
                **self.review_context(request, article),
                "citations_url": reverse("admin:articles_article_citations", args=[article.pk]),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def timeline_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        article = self._article_or_404(request, object_id)
        return TemplateResponse(
            request,
            "admin/articles/article/timeline.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "title": f"Timeline: {article.title}",
                "events": article_timeline(
                    article, confidential=may_read_confidential(request.user, article)
                ),
            },
        )

    def compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        article = self._article_or_404(request, object_id)
        revisions = {revision.number: revision for revision in article.revisions.all()}
        comparisons = []
        latest = max(revisions.values(), key=lambda revision: revision.number, default=None)
        if latest is not None:
            after = Version.of_revision(latest)
            earlier = [number for number in revisions if number < latest.number]
            if earlier:
                previous = revisions[max(earlier)]
                comparisons.append(compare(Version.of_revision(previous), after))
            live = article.live_revision
            if (
                live is not None
                and live.number != latest.number
                and (not earlier or live.number != max(earlier))
            ):
                comparisons.append(
                    compare(Version.of_revision(live, f"Live revision {live.number}"), after)
                )
        return TemplateResponse(
            request,
            "admin/articles/article/compare.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "title": f"What changed: {article.title}",
                "comparisons": comparisons,
            },
        )

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if is_editor(request.user):
            numbers = {"numbers_url": reverse("admin:articles_article_numbers")}
            extra_context = {**(extra_context or {}), **numbers}
        return super().changelist_view(request, extra_context)

    def numbers_view(self, request: HttpRequest) -> HttpResponse:
        """The board's numbers, for editors: charts and tables, each downloadable as CSV."""
        if not is_editor(request.user):
            raise PermissionDenied
        try:
            months = min(max(int(request.GET.get("months", 12)), 1), 60)
        except ValueError:
            months = 12
        figures = board_numbers(months=months)
        wanted = request.GET.get("download")
        if wanted:
            figure = next((figure for figure in figures if figure.slug == wanted), None)
            if figure is None:
                raise Http404("No such figure.")
            response = HttpResponse(figure.csv(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="board-{figure.slug}-{months}-months.csv"'
            )
            return response
        return TemplateResponse(
            request,
            "admin/articles/article/numbers.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "The board's numbers",
                "months": months,
                "month_choices": [3, 6, 12, 24],
                "figures": figures,
            },
        )

    def citations_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The article's citation report and retracted references; editors acknowledge a
        retraction here so that approval may go ahead."""
        if not (is_editor(request.user) or is_board_member(request.user)):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=object_id)
        if request.method == "POST":
            if not is_editor(request.user):
                raise PermissionDenied
            reference = get_object_or_404(
                Reference, pk=request.POST.get("reference") or 0, articles=article
            )
            retraction_acknowledge(
                article=article,
                reference=reference,
                by=request.user,
                note=request.POST.get("note", "")[:1000],
            )
            self.message_user(request, ACKNOWLEDGED.format(key=reference.key))
            return HttpResponseRedirect(request.path)
        acknowledged = {
            ack.reference_id: ack
            for ack in RetractionAcknowledgement.objects.filter(article=article).select_related(
                "acknowledged_by"
            )
        }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Citation checks: {article.title}",
            "article": article,
            "report": article.citation_report(),
            "retracted": [
                (reference, acknowledged.get(reference.pk))
                for reference in retracted_references(article.references.all())
            ],
            "blocks": article.retraction_blocks(),
            "can_acknowledge": is_editor(request.user),
        }
        return TemplateResponse(request, "admin/references/reference/citations.html", context)


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["article", "number", "created_by", "created_at", "approved_by", "approved_at"]
    list_select_related = ["article", "created_by", "approved_by"]
    search_fields = ["article__title", "title"]
    readonly_fields = [
        "article", "number", "title", "sections", "references", "note",
        "created_by", "created_at", "approved_by", "approved_at",
    ]  # fmt: skip


class TopicTranslationForm(forms.ModelForm):
    def validate_unique(self) -> None:
        """Also the constraints naming the topic: a model form leaves the inline's foreign key
        out of the constraints it checks (Django checks only its ``unique_together`` there)."""
        super().validate_unique()
        exclude = self._get_validation_exclusions()
        for constraint in TopicTranslation._meta.constraints:
            if "topic" in constraint.fields:
                try:
                    constraint.validate(TopicTranslation, self.instance, exclude=exclude)
                except ValidationError as error:
                    self._update_errors(error)


class TopicTranslationInline(admin.StackedInline):
    """The topic's name and description in each of the site's other languages: what its pages
    in that language show (the topic's own otherwise). Saved with the topic, each change in the
    translation's history; the editors' permissions on topic translations apply."""

    model = TopicTranslation
    form = TopicTranslationForm
    fields = ["language", "name", "description"]
    extra = 0
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}

    def get_max_num(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        return len(translation_languages())


@admin.register(Topic)
class TopicAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "translations__name"]
    inlines = [TopicTranslationInline]
    prepopulated_fields = {"slug": ["name"]}
    # Ticked boxes: accessible (Django's two-box filter widget is not, for axe-core) and no
    # Control-click that could drop every other article by mistake.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

    def get_queryset(self, request):
        # distinct: a search by a translated name joins the translations
        return (
            super().get_queryset(request).annotate(article_count=Count("articles", distinct=True))
        )

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj: Topic) -> int:
        return obj.article_count


@admin.register(RetractionAcknowledgement)
class RetractionAcknowledgementAdmin(ReadOnlyAdminMixin, ReadOnlyHistoryAdmin):
    list_display = ["article", "reference", "acknowledged_by", "acknowledged_at"]
    list_select_related = ["article", "reference", "acknowledged_by"]
    writes = frozenset({"delete"})  # acknowledged on the article's citation checks


class SpecialtyForm(forms.ModelForm):
    """A specialty with the topics that call for it: the site's topics are this app's, so the
    choice is added here to the board's form, and saved from the topics' side (with history)."""

    topics = forms.ModelMultipleChoiceField(
        Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Topics whose articles call for this specialty.",
    )

    class Meta:
        model = Specialty
        fields = ["name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["topics"].initial = list(self.instance.topics.all())


admin.site.unregister(Specialty)


@admin.register(Specialty)
class SpecialtyTopicsAdmin(SpecialtyAdmin):
    form = SpecialtyForm

    def save_related(self, request: HttpRequest, form: SpecialtyForm, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        topic_specialties_set(
            specialty=form.instance, topics=form.cleaned_data["topics"], by=request.user
        )
