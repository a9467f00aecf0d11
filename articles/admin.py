from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from articles.compare import Version, compare
from articles.models import Article, ArticleReference, ArticleRevision, Section
from editorial.admin import ReadOnlyHistoryAdmin
from editorial.board_panel import board_review_context
from editorial.forms import AddressForm, InviteForm, ReplaceForm
from editorial.models import (
    BoardMember,
    InvitationStatus,
    Review,
    ReviewInvitation,
    ReviewRound,
    TransitionLog,
)
from editorial.paginators import EstimatedCountPaginator
from editorial.reviews import (
    decision_letter_draft,
    invitation_replace,
    invitations_create,
    review_address,
)
from editorial.timeline import article_timeline
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


class StatusGroupFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Has an overdue reviewer"),
            ("rereview", "Due for periodic re-review"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            overdue = ReviewRound.objects.filter(
                closed_at__isnull=True,
                invitations__status__in=[InvitationStatus.INVITED, InvitationStatus.ACCEPTED],
                invitations__due_date__lt=today,
            )
            return queryset.filter(pk__in=overdue.values("article_id"))
        if self.value() == "rereview":
            return queryset.due_for_rereview(today)
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
class ArticleAdmin(ReadOnlyHistoryAdmin):
    """Articles are written in the authors' forms; here they are reviewed and moved along.

    Content is read-only. The panels offer the steps and review actions the signed-in user may
    take; each posts to a small view that calls one service, which checks and refuses.
    """

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

    def get_queryset(self, request: HttpRequest):
        open_rounds = ReviewRound.objects.filter(closed_at__isnull=True).prefetch_related(
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
        reviewed = [invitation for invitation in active if invitation.status == "reviewed"]
        approving = [
            invitation for invitation in reviewed if invitation.review.recommendation == "approve"
        ]
        overdue = [invitation for invitation in active if invitation.is_overdue()]
        names = ", ".join(invitation.reviewer.display_name for invitation in active)
        text = f"{current}: {len(reviewed)}/{len(active)} reviewed, {len(approving)} approve" + (
            f", {len(overdue)} overdue" if overdue else ""
        )
        return f"{text} ({names})" if names else f"{current}: no reviewer invited"

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
        def route(suffix, view, name):
            return path(
                f"<path:object_id>/{suffix}/",
                self.admin_site.admin_view(view),
                name=f"articles_article_{name}",
            )

        return [
            route("transition", self.transition_view, "transition"),
            route("invite", self.invite_view, "invite"),
            path(
                "<path:object_id>/invitation/<int:invitation_id>/replace/",
                self.admin_site.admin_view(self.replace_view),
                name="articles_article_replace",
            ),
            path(
                "<path:object_id>/review/<int:review_id>/address/",
                self.admin_site.admin_view(self.address_view),
                name="articles_article_address",
            ),
            route("timeline", self.timeline_view, "timeline"),
            route("compare", self.compare_view, "compare"),
            *super().get_urls(),
        ]

    # Reading ------------------------------------------------------------------------------

    def _article_or_404(self, request: HttpRequest, object_id: str) -> Article:
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context = {
                **(extra_context or {}),
                **self._workflow_context(request, article),
                **board_review_context(article, request.user),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def _workflow_context(self, request: HttpRequest, article: Article) -> dict:
        offered = available_actions(article, request.user)
        letters = {
            choice.action.name: decision_letter_draft(
                article=article, action=choice.action.name, by=request.user
            )
            for choice in offered
        }
        return {
            "workflow_actions": [
                (choice, letters.get(choice.action.name, "")) for choice in offered
            ],
            "transition_url": reverse("admin:articles_article_transition", args=[article.pk]),
        }

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
                "events": article_timeline(article),
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

    # Acting -------------------------------------------------------------------------------

    def _act(self, request: HttpRequest, article: Article, action) -> HttpResponse:
        """Run one service call for a POST; its refusal becomes a 403 or an error message."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            success = action()
        except PermissionRefused as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        except (WorkflowError, ValidationError) as refusal:
            problems = getattr(refusal, "problems", None) or getattr(refusal, "messages", [])
            for problem in problems:
                messages.error(request, problem)
        else:
            messages.success(request, success)
        return HttpResponseRedirect(self._change_url(article))

    @staticmethod
    def _change_url(article: Article) -> str:
        return reverse("admin:articles_article_change", args=[article.pk])

    def transition_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        article = self._article_or_404(request, object_id)

        def take() -> str:
            entry = article_transition(
                article=article,
                action=request.POST.get("action", ""),
                by=request.user,
                comment=request.POST.get("comment", ""),
            )
            return f"“{entry.article}” is now {entry.target_label.lower()}."

        return self._act(request, article, take)

    def invite_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        article = self._article_or_404(request, object_id)
        form = InviteForm(request.POST or None, article=article)

        def invite() -> str:
            if not form.is_valid():
                raise WorkflowError(
                    [
                        f"{form[name].label}: {error}"
                        for name in form.errors
                        for error in form.errors[name]
                    ]
                )
            created = invitations_create(
                article=article,
                reviewers=list(form.cleaned_data["reviewers"]),
                due_date=form.cleaned_data["due_date"],
                by=request.user,
            )
            return (
                f"Invited {', '.join(invitation.reviewer.display_name for invitation in created)}."
            )

        return self._act(request, article, invite)

    def replace_view(self, request: HttpRequest, object_id: str, invitation_id: int):
        article = self._article_or_404(request, object_id)
        invitation = get_object_or_404(ReviewInvitation, pk=invitation_id, round__article=article)
        form = ReplaceForm(request.POST or None, article=article)

        def replace() -> str:
            if not form.is_valid():
                raise WorkflowError("Choose a board member or release the invitation.")
            replacement = invitation_replace(
                invitation=invitation,
                by=request.user,
                new_reviewer=form.cleaned_data["new_reviewer"],
                due_date=form.cleaned_data["due_date"],
            )
            if replacement is None:
                return f"{invitation.reviewer.display_name} was released from the review."
            return f"{replacement.reviewer.display_name} was invited instead."

        return self._act(request, article, replace)

    def address_view(self, request: HttpRequest, object_id: str, review_id: int):
        article = self._article_or_404(request, object_id)
        review = get_object_or_404(Review, pk=review_id, invitation__round__article=article)
        form = AddressForm(request.POST or None)

        def address() -> str:
            if not form.is_valid():
                raise WorkflowError("Say how the recommendation was addressed.")
            review_address(review=review, by=request.user, note=form.cleaned_data["note"])
            return "The recommendation is marked as addressed."

        return self._act(request, article, address)


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


from articles import admin_topics  # noqa: E402, F401  (topics, with their articles)
