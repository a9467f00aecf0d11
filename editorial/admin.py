from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from editorial.forms import ConflictForm, DeclineForm, ReviewForm
from editorial.models import (
    AwaitingMyReview,
    BoardMember,
    DecisionLetterTemplate,
    InvitationStatus,
    ReviewInvitation,
    TransitionLog,
    User,
)
from editorial.reviews import (
    invitation_accept,
    invitation_declare_conflict,
    invitation_decline,
    review_submit,
)
from editorial.workflow import PermissionRefused, WorkflowError, is_editor, is_invitee


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


class ReviewInvitationAdmin(admin.ModelAdmin):
    """Invitations to review. Board members see their own; editors see all. The invitee answers,
    declares conflicts and reviews here; each form posts to a view that calls one service."""

    list_display = ["article_title", "round", "reviewer", "status", "due_date", "overdue"]
    list_filter = ["status", "round__kind"]
    search_fields = ["round__article__title", "reviewer__display_name"]
    list_select_related = ["round__article", "reviewer"]
    ordering = ["due_date", "pk"]
    readonly_fields = [
        "article_link",
        "round",
        "reviewer",
        "invited_by",
        "invited_at",
        "due_date",
        "status",
        "responded_at",
        "decline_reason",
        "conflict",
        "conflict_description",
        "conflict_declared_at",
        "replaced_by",
        "last_reminder",
    ]
    fields = readonly_fields
    change_form_template = "admin/editorial/reviewinvitation/change_form.html"

    @admin.display(description="article", ordering="round__article__title")
    def article_title(self, invitation: ReviewInvitation) -> str:
        return invitation.round.article.title

    @admin.display(description="article")
    def article_link(self, invitation: ReviewInvitation) -> str:
        article = invitation.round.article
        return format_html(
            '<a href="{}">{}</a> ({})',
            reverse("admin:articles_article_change", args=[article.pk]),
            article.title,
            article.get_status_display(),
        )

    @admin.display(boolean=True)
    def overdue(self, invitation: ReviewInvitation) -> bool:
        return invitation.is_overdue()

    def get_queryset(self, request: HttpRequest):
        invitations = super().get_queryset(request)
        if is_editor(request.user):
            return invitations
        return invitations.filter(reviewer__user=request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/respond/",
                self.admin_site.admin_view(self.respond_view),
                name=f"{prefix}_respond",
            ),
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name=f"{prefix}_review",
            ),
            *super().get_urls(),
        ]

    def _urls(self, invitation: ReviewInvitation) -> dict[str, str]:
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return {
            "respond_url": reverse(f"admin:{prefix}_respond", args=[invitation.pk]),
            "review_url": reverse(f"admin:{prefix}_review", args=[invitation.pk]),
            "change_url": reverse(f"admin:{prefix}_change", args=[invitation.pk]),
            "article_url": reverse(
                "admin:articles_article_change", args=[invitation.round.article_id]
            ),
            "compare_url": reverse(
                "admin:articles_article_compare", args=[invitation.round.article_id]
            ),
        }

    def _invitation_or_404(self, request: HttpRequest, object_id: str) -> ReviewInvitation:
        invitation = self.get_object(request, object_id)
        if invitation is None:
            raise Http404("No such invitation.")
        return invitation

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        invitation = self.get_object(request, object_id)
        if invitation is not None:
            invitee = is_invitee(request.user, invitation) and invitation.round.is_open
            extra_context = {
                **(extra_context or {}),
                **self._urls(invitation),
                "invitee": invitee,
                "decline_form": DeclineForm(),
                "conflict_form": ConflictForm(),
                "review": getattr(invitation, "review", None),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def respond_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        invitation = self._invitation_or_404(request, object_id)
        answer = request.POST.get("answer", "")
        try:
            if answer == "accept":
                invitation_accept(invitation=invitation, by=request.user)
                done = "You accepted the invitation. Declare any conflict of interest next."
            elif answer == "decline":
                invitation_decline(
                    invitation=invitation, by=request.user, reason=request.POST.get("reason", "")
                )
                done = "You declined the invitation; the editors have been told."
            elif answer == "conflict":
                form = ConflictForm(request.POST)
                if not form.is_valid():
                    raise WorkflowError("Say whether you have a conflict of interest.")
                invitation_declare_conflict(
                    invitation=invitation,
                    by=request.user,
                    has_conflict=form.cleaned_data["has_conflict"],
                    description=form.cleaned_data["description"],
                )
                done = "Your declaration is recorded."
            else:
                raise WorkflowError("Unknown answer.")
        except PermissionRefused as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        except WorkflowError as refusal:
            for problem in refusal.problems:
                messages.error(request, problem)
        else:
            messages.success(request, done)
        return HttpResponseRedirect(self._urls(invitation)["change_url"])

    def review_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        invitation = self._invitation_or_404(request, object_id)
        if not is_invitee(request.user, invitation):
            raise PermissionDenied("Only the invited board member may review.")
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                review_submit(invitation=invitation, by=request.user, **form.cleaned_data)
            except PermissionRefused as refusal:
                raise PermissionDenied(str(refusal)) from refusal
            except (WorkflowError, ValidationError) as refusal:
                for problem in getattr(refusal, "problems", None) or refusal.messages:
                    form.add_error(None, problem)
            else:
                messages.success(request, "Your review is submitted. Thank you.")
                return HttpResponseRedirect(self._urls(invitation)["change_url"])
        article = invitation.round.article
        return TemplateResponse(
            request,
            "admin/editorial/reviewinvitation/review_form.html",
            {
                **self.admin_site.each_context(request),
                **self._urls(invitation),
                "opts": self.opts,
                "title": f"Review: {article.title}",
                "invitation": invitation,
                "form": form,
                "page": invitation.round.revision.rendered,
            },
        )


admin.site.register(ReviewInvitation, ReviewInvitationAdmin)


@admin.register(AwaitingMyReview)
class AwaitingMyReviewAdmin(ReviewInvitationAdmin):
    """The signed-in board member's queue: to answer or to review, overdue first."""

    list_display = ["article_title", "round", "status", "due_date", "overdue"]
    list_filter = []

    def get_queryset(self, request: HttpRequest):
        return (
            super()
            .get_queryset(request)
            .filter(
                reviewer__user=request.user,
                round__closed_at__isnull=True,
                status__in=[InvitationStatus.INVITED, InvitationStatus.ACCEPTED],
            )
        )


@admin.register(DecisionLetterTemplate)
class DecisionLetterTemplateAdmin(ReadOnlyHistoryAdmin):
    list_display = ["outcome"]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


from editorial import admin_policy  # noqa: E402, F401  (the editorial policy versions)
