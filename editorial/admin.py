"""The board's review in the admin: board members, invitations and reviews, the "awaiting my
review" queue, decision letters, and the review panel and its actions on an article's page
(``ArticleReviewAdmin``, which the article admin builds on).

Every action posts to a small view that calls one service; the service's refusal becomes a 403
(no right) or an error message (not now). Panels offer an action exactly when its check passes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialApp
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.text import Truncator

from editorial.admin_bases import ReadOnlyAdminMixin, ReadOnlyHistoryAdmin
from editorial.board_panel import board_review_context, passage_comments_context
from editorial.comments import (
    ONLY_THE_THREAD,
    OTHER_ARTICLE,
    comment_act,
    comment_add,
    comment_added_message,
    comments_visible_to,
)
from editorial.factors import factor_summary, factors_reset, factors_reset_problems
from editorial.forms import (
    AddressForm,
    BoardMemberForm,
    ConflictForm,
    DeclineForm,
    DisclosureForm,
    GuestInviteForm,
    InviteForm,
    PassageCommentForm,
    PolicyTranslationForm,
    ReplaceForm,
    ReviewForm,
)
from editorial.guest_links import SESSION_KEY as GUEST_SESSION_KEY
from editorial.guests import guest_invite, guest_link_revoke, guest_link_send
from editorial.languages import language_name
from editorial.models import (
    DECISIONS,
    AwaitingMyReview,
    BoardMember,
    DecisionLetterTemplate,
    EditorialPolicy,
    EditorialPolicyTranslation,
    OutboundEmail,
    PassageComment,
    Review,
    ReviewInvitation,
    ScheduledPublication,
    Specialty,
    Step,
    TransitionLog,
    User,
)
from editorial.outbox import email_retry
from editorial.policy import policy_publish, policy_translate
from editorial.refusals import refusal_html
from editorial.reviews import (
    ADDRESS_NEEDS_NOTE,
    decision_letter_draft,
    disclosure_publish,
    invitation_accept,
    invitation_declare_conflict,
    invitation_decline,
    invitation_replace,
    invitations_create,
    review_address,
    review_amend,
    review_reopen,
    review_submit,
)
from editorial.roles import confidential_readable, is_guest_reviewer
from editorial.webhook_admin import WebhookDeliveryAdmin, WebhookEndpointAdmin  # noqa: F401
from editorial.workflow import (
    PermissionRefused,
    ReviewWorkflow,
    WorkflowError,
    article_transition,
    available_actions,
    carried_over_claims,
    conflict_declaration_problems,
    invitation_accept_problems,
    invitation_decline_problems,
    is_editor,
    is_invitee,
    may_read_confidential,
    moment_shown,
    publication_cancel,
    publication_move,
    publication_problems,
    review_amend_problems,
    review_submit_problems,
)

# What the views below tell the person acting, besides the services' own refusals.
BAD_TIME = "Give the date and time as the form asks (year, month, day, hour)."
STEP_TAKEN = "“{article}” is now {state}."
GOES_LIVE = "It goes live on {when}."
PUBLICATION_CANCELLED = "The publication is cancelled: readers keep what they see now."
PUBLISHING_NOW = "The approved revision goes live within a minute (the next worker run)."
NEW_TIME_NEEDED = "Give the new date and time of publication."
PUBLICATION_MOVED = "The publication is moved to {when}."
PUBLICATION_CHOICES = "Move, publish now or cancel the publication."
CHECK_DISCLOSURE = "Check the disclosure."
DISCLOSURE_SHOWN = "Readers now see this disclosure beside {name}."
NO_CONFLICT_SHOWN = "Readers see that {name} declared no conflict."
INVITED = "Invited {names}."
CHOOSE_OR_RELEASE = "Choose a board member or release the invitation."
RELEASED = "{name} was released from the review."
REPLACED = "{name} was invited instead."
GUEST_INVITED = "{name} is invited as a guest reviewer; their sign-in link goes out by email."
GUEST_LINK_REVOKED = "{name}'s sign-in link is revoked: it no longer opens the invitation."
GUEST_LINK_SENT = "A new sign-in link is on its way to {name}; earlier links no longer work."
ADDRESSED = "The recommendation is marked as addressed."
REOPENED = (
    "{name} is asked to amend their review, by email; it counts toward the quorum again once "
    "amended."
)
REVIEW_AMENDED = (
    "Your review of “{title}” ({round}) is amended: {recommendation}. The editors have been "
    "told. {waiting}"
)
ACCEPTED = "You accepted the invitation. Declare any conflict of interest next."
DECLINED = "You declined the invitation; the editors have been told."
SAY_WHETHER_CONFLICTED = "Say whether you have a conflict of interest."
DECLARATION_RECORDED = "Your declaration is recorded."
UNKNOWN_ANSWER = "Unknown answer."
ONLY_THE_INVITEE_REVIEWS = "Only the invited board member may review."
REVIEW_SUBMITTED = (
    "Your review of “{title}” ({round}) is submitted: {recommendation}. It is final, and the "
    "editors have been told. {waiting}"
)
EMAILS_RETRIED = "{retried} email(s) queued again."
EMAILS_SKIPPED = "{skipped} were not failed and were left as they are."


def still_awaiting(left: int) -> str:
    """What still awaits a board member who has just reviewed."""
    if not left:
        return "Nothing else awaits you."
    return f"{left} more {'awaits' if left == 1 else 'await'} you below."


def _local_time(value: str) -> datetime | None:
    """A ``datetime-local`` form value, in the site's time zone; None when empty. A value that
    is not a date and time is refused with the form's own words."""
    if not value.strip():
        return None
    moment = parse_datetime(value.strip())
    if moment is None:
        raise WorkflowError(BAD_TIME)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def refuse_invalid(form: Any) -> None:
    """A form that does not validate refuses the step, each error named by its field."""
    if not form.is_valid():
        raise WorkflowError(
            [f"{form[name].label}: {error}" for name in form.errors for error in form.errors[name]]
        )


class ArticleReviewAdmin(ReadOnlyHistoryAdmin):
    """The review side of an article's admin page: the workflow panel with the steps the user
    may take (and the decision letters), the board review panel, and the views they post to."""

    def review_urls(self) -> list[URLPattern]:
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"

        def route(route: str, view: Callable[..., HttpResponse], name: str) -> URLPattern:
            return path(route, self.admin_site.admin_view(view), name=f"{prefix}_{name}")

        return [
            route("<path:object_id>/transition/", self.transition_view, "transition"),
            route("<path:object_id>/invite/", self.invite_view, "invite"),
            route("<path:object_id>/guest/", self.guest_invite_view, "guest"),
            route(
                "<path:object_id>/invitation/<int:invitation_id>/guest-link/",
                self.guest_link_view,
                "guest_link",
            ),
            route(
                "<path:object_id>/invitation/<int:invitation_id>/replace/",
                self.replace_view,
                "replace",
            ),
            route("<path:object_id>/review/<int:review_id>/address/", self.address_view, "address"),
            route("<path:object_id>/review/<int:review_id>/reopen/", self.reopen_view, "reopen"),
            route(
                "<path:object_id>/invitation/<int:invitation_id>/disclosure/",
                self.disclosure_view,
                "disclosure",
            ),
            route(
                "<path:object_id>/publication/<int:publication_id>/",
                self.publication_view,
                "publication",
            ),
            route("<path:object_id>/comments/", self.comments_view, "comments"),
            route("<path:object_id>/comments/add/", self.comment_add_view, "comment_add"),
            route(
                "<path:object_id>/comments/<int:comment_id>/<slug:what>/",
                self.comment_thread_view,
                "comment_thread",
            ),
        ]

    def review_context(self, request: HttpRequest, article: ReviewWorkflow) -> dict[str, Any]:
        """The steps offered to the user. A blocked step says why and has no form; a decision
        that can be taken comes with its letter drafted from the round's reviews."""
        return {
            "workflow_actions": [
                {
                    "offered": choice,
                    "decision": choice.action.step in DECISIONS,
                    # An approval may go live later: its decider picks the time.
                    "schedulable": choice.action.step == Step.APPROVE,
                    "letter": ""
                    if choice.blocked_by
                    else decision_letter_draft(
                        article=article, action=choice.action.name, by=request.user
                    ),
                }
                for choice in available_actions(request.user, article)
            ],
            "transition_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_transition",
                args=[article.pk],
            ),
            **board_review_context(request.user, article),
            **self._publication_context(request, article),
        }

    def _publication_context(self, request: HttpRequest, article: ReviewWorkflow) -> dict[str, Any]:
        publication = (
            ScheduledPublication.objects.pending()
            .select_related("revision", "approved_by", "article")
            .filter(article=article)
            .first()
        )
        editable = publication is not None and not publication_problems(request.user, publication)
        return {
            "publication": publication,
            "publication_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_publication",
                args=[article.pk, publication.pk],
            )
            if editable
            else "",
        }

    def _article_or_404(self, request: HttpRequest, object_id: str) -> ReviewWorkflow:
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def _change_url(self, article: Model) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[article.pk]
        )

    def _act(
        self,
        request: HttpRequest,
        article: ReviewWorkflow,
        action: Callable[[], str],
        back: str = "",
    ) -> HttpResponse:
        """Run one service call for a POST; its refusal becomes a 403 or an error message.
        Then back to the article's page (or ``back``)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            success = action()
        except PermissionRefused as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        except (WorkflowError, ValidationError) as refusal:
            problems = getattr(refusal, "problems", None) or getattr(refusal, "messages", [])
            for problem in problems:  # each with who can unblock it, and where
                messages.error(request, refusal_html(problem))
        else:
            messages.success(request, success)
        return HttpResponseRedirect(back or self._change_url(article))

    # Comments on passages ---------------------------------------------------------------

    def _comments_url(self, article: Model) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_comments", args=[article.pk]
        )

    def comments_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The revision under review (or the latest) beside the comments on its passages: the
        board comments on a passage it selects, replies, resolves and reopens."""
        article = self._article_or_404(request, object_id)
        if not may_read_confidential(request.user, article):
            raise PermissionDenied(ONLY_THE_THREAD)  # the authors answer in their editor
        return TemplateResponse(
            request,
            "admin/editorial/passage_comments.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "title": f"Comments on passages: {article.title}",
                "change_url": self._change_url(article),
                "add_url": reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_comment_add",
                    args=[article.pk],
                ),
                "thread_base": self._comments_url(article),
                **passage_comments_context(request.user, article),
            },
        )

    def comment_add_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        article = self._article_or_404(request, object_id)
        revisions = article.revisions.all()  # another article's revision is not found here

        def add() -> str:
            revision = revisions.filter(pk=request.POST.get("revision") or 0).first()
            if revision is None:
                raise WorkflowError(OTHER_ARTICLE)
            form = PassageCommentForm(
                request.POST, sections=[heading for heading, _ in revision.section_texts()]
            )
            refuse_invalid(form)
            comment = comment_add(
                article=article,
                revision=revision,
                by=request.user,
                quote=form.cleaned_data["quote"],
                body=form.cleaned_data["body"],
                audience=form.cleaned_data["audience"],
                section_index=form.cleaned_data["section"],
                offset=form.cleaned_data["offset"] or 0,
            )
            return comment_added_message(comment)

        return self._act(request, article, add, back=self._comments_url(article))

    def comment_thread_view(
        self, request: HttpRequest, object_id: str, comment_id: int, what: str
    ) -> HttpResponse:
        """Reply to, resolve or reopen a comment the user may read (another's is a 404)."""
        article = self._article_or_404(request, object_id)
        comment = get_object_or_404(comments_visible_to(request.user, article), pk=comment_id)
        back = f"{self._comments_url(article)}#comment-{comment.pk}"

        def act() -> str:
            return comment_act(
                comment=comment, by=request.user, what=what, body=request.POST.get("body", "")
            )

        return self._act(request, article, act, back=back)

    def transition_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        article = self._article_or_404(request, object_id)

        def take() -> str:
            publish_at = _local_time(request.POST.get("publish_at", ""))
            entry = article_transition(
                article=article,
                action=request.POST.get("action", ""),
                by=request.user,
                comment=request.POST.get("comment", ""),
                publish_at=publish_at,
            )
            done = STEP_TAKEN.format(article=entry.article, state=entry.target_label.lower())
            if publish_at is not None:
                done += " " + GOES_LIVE.format(when=moment_shown(publish_at))
            return done

        return self._act(request, article, take)

    def publication_view(
        self, request: HttpRequest, object_id: str, publication_id: int
    ) -> HttpResponse:
        """Move a scheduled publication, publish it now, or cancel it."""
        article = self._article_or_404(request, object_id)
        publication = get_object_or_404(ScheduledPublication, pk=publication_id, article=article)

        def change() -> str:
            what = request.POST.get("what", "")
            if what == "cancel":
                publication_cancel(publication=publication, by=request.user)
                return PUBLICATION_CANCELLED
            if what == "now":
                publication_move(
                    publication=publication, by=request.user, publish_at=timezone.now()
                )
                return PUBLISHING_NOW
            if what == "move":
                moved_to = _local_time(request.POST.get("publish_at", ""))
                if moved_to is None:
                    raise WorkflowError(NEW_TIME_NEEDED)
                moved = publication_move(
                    publication=publication, by=request.user, publish_at=moved_to
                )
                return PUBLICATION_MOVED.format(when=moment_shown(moved.publish_at))
            raise WorkflowError(PUBLICATION_CHOICES)

        return self._act(request, article, change)

    def disclosure_view(
        self, request: HttpRequest, object_id: str, invitation_id: int
    ) -> HttpResponse:
        article = self._article_or_404(request, object_id)
        invitation = get_object_or_404(ReviewInvitation, pk=invitation_id, round__article=article)
        form = DisclosureForm(request.POST or None)

        def publish() -> str:
            if not form.is_valid():
                raise WorkflowError(form.errors.get("text", [CHECK_DISCLOSURE]))
            disclosure_publish(
                invitation=invitation, by=request.user, text=form.cleaned_data["text"]
            )
            shown = DISCLOSURE_SHOWN if form.cleaned_data["text"].strip() else NO_CONFLICT_SHOWN
            return shown.format(name=invitation.reviewer.display_name)

        return self._act(request, article, publish)

    def invite_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        article = self._article_or_404(request, object_id)
        form = InviteForm(request.POST or None, article=article)

        def invite() -> str:
            refuse_invalid(form)
            created = invitations_create(
                article=article,
                reviewers=list(form.cleaned_data["reviewers"]),
                due_date=form.cleaned_data["due_date"],
                by=request.user,
            )
            return INVITED.format(
                names=", ".join(invitation.reviewer.display_name for invitation in created)
            )

        return self._act(request, article, invite)

    def guest_invite_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        article = self._article_or_404(request, object_id)
        form = GuestInviteForm(request.POST or None, prefix="guest")

        def invite() -> str:
            refuse_invalid(form)
            invitation = guest_invite(article=article, by=request.user, **form.cleaned_data)
            return GUEST_INVITED.format(name=invitation.reviewer.display_name)

        return self._act(request, article, invite)

    def guest_link_view(
        self, request: HttpRequest, object_id: str, invitation_id: int
    ) -> HttpResponse:
        article = self._article_or_404(request, object_id)
        invitation = get_object_or_404(ReviewInvitation, pk=invitation_id, round__article=article)

        def act() -> str:
            if request.POST.get("link") == "revoke":
                guest_link_revoke(invitation=invitation, by=request.user)
                return GUEST_LINK_REVOKED.format(name=invitation.reviewer.display_name)
            guest_link_send(invitation=invitation, by=request.user)
            return GUEST_LINK_SENT.format(name=invitation.reviewer.display_name)

        return self._act(request, article, act)

    def replace_view(
        self, request: HttpRequest, object_id: str, invitation_id: int
    ) -> HttpResponse:
        article = self._article_or_404(request, object_id)
        invitation = get_object_or_404(ReviewInvitation, pk=invitation_id, round__article=article)
        form = ReplaceForm(request.POST or None, article=article)

        def replace() -> str:
            if not form.is_valid():
                raise WorkflowError(CHOOSE_OR_RELEASE)
            replacement = invitation_replace(
                invitation=invitation,
                by=request.user,
                new_reviewer=form.cleaned_data["new_reviewer"],
                due_date=form.cleaned_data["due_date"],
            )
            if replacement is None:
                return RELEASED.format(name=invitation.reviewer.display_name)
            return REPLACED.format(name=replacement.reviewer.display_name)

        return self._act(request, article, replace)

    def address_view(self, request: HttpRequest, object_id: str, review_id: int) -> HttpResponse:
        article = self._article_or_404(request, object_id)
        review = get_object_or_404(Review, pk=review_id, invitation__round__article=article)
        form = AddressForm(request.POST or None)

        def address() -> str:
            if not form.is_valid():
                raise WorkflowError(ADDRESS_NEEDS_NOTE)
            review_address(review=review, by=request.user, note=form.cleaned_data["note"])
            return ADDRESSED

        return self._act(request, article, address)

    def reopen_view(self, request: HttpRequest, object_id: str, review_id: int) -> HttpResponse:
        """Ask the reviewer to complete or revisit their review, in the round in progress."""
        article = self._article_or_404(request, object_id)
        review = get_object_or_404(Review, pk=review_id, invitation__round__article=article)

        def reopen() -> str:
            review_reopen(review=review, by=request.user, note=request.POST.get("note", ""))
            return REOPENED.format(name=review.invitation.reviewer.display_name)

        return self._act(request, article, reopen)


@admin.register(User)
class EditorialUserAdmin(UserAdmin):
    """Accounts. Editors reset a member's second factors here (an action on the list): the
    factors are removed, the member's history records it, and every session of theirs ends
    (``editorial.factors.factors_reset``)."""

    actions = ["reset_second_factors"]
    readonly_fields = ["second_factors"]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, ("Sign-in", {"fields": ["second_factors"]})]

    @admin.display(description="Second factors")
    def second_factors(self, user: User) -> str:
        return factor_summary(user)

    def has_reset_factors_permission(self, request: HttpRequest) -> bool:
        return is_editor(request.user)

    @admin.action(
        permissions=["reset_factors"],
        description="Reset second factors (removes them and signs the member out everywhere)",
    )
    def reset_second_factors(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for member in queryset:
            problems = factors_reset_problems(member=member, by=request.user)
            if problems:
                self.message_user(request, " ".join(problems), messages.ERROR)
                continue
            count = factors_reset(member=member, by=request.user)
            self.message_user(
                request,
                f"{member}: {count} second factor{'s' if count != 1 else ''} removed, "
                "every session ended. They add a new one at their next sign-in.",
                messages.SUCCESS,
            )


# allauth's list of second factors, for reading only (never a secret): removing one is the
# editors' reset above, which ends the member's sessions and is recorded.
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__username"]
    fields = ["user", "type", "created_at", "last_used_at"]


@admin.register(BoardMember)
class BoardMemberAdmin(ReadOnlyHistoryAdmin):
    form = BoardMemberForm
    list_display = ["display_name", "credentials", "specialty", "languages_list", "active"]
    list_filter = ["active", "specialties"]
    search_fields = ["display_name", "specialty", "user__username"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["specialties"]

    @admin.display(description="reviews in")
    def languages_list(self, member: BoardMember) -> str:
        return ", ".join(language_name(code) for code in member.languages)


@admin.register(Specialty)
class SpecialtyAdmin(ReadOnlyHistoryAdmin):
    """Specialties and the topics that call for them: how the invite form ranks reviewers."""

    list_display = ["name", "member_count", "topic_list"]
    search_fields = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Specialty]:
        return (
            super()
            .get_queryset(request)
            .annotate(member_count=Count("members", distinct=True))
            .prefetch_related("topics")
        )

    @admin.display(description="board members", ordering="member_count")
    def member_count(self, specialty: Specialty) -> int:
        return specialty.member_count

    @admin.display(description="topics")
    def topic_list(self, specialty: Specialty) -> str:
        return ", ".join(topic.name for topic in specialty.topics.all()) or "—"


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "article", "action", "source", "target", "actor"]
    list_filter = ["action", "target"]
    search_fields = ["article__title", "actor__username", "comment"]
    list_select_related = ["article", "actor"]
    date_hierarchy = "created_at"


class ReviewInvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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
        "interests",
        "public_disclosure",
        "replaced_by",
        "last_reminder",
    ]
    fields = readonly_fields
    # Board-only: shown to those the workflow lets read it (never an author of the article).
    confidential_fields = ["decline_reason", "conflict", "conflict_description", "interests"]
    change_form_template = "admin/editorial/reviewinvitation/change_form.html"

    def get_fields(self, request: HttpRequest, obj: ReviewInvitation | None = None) -> list[str]:
        fields = super().get_fields(request, obj)
        if obj is not None and not may_read_confidential(request.user, obj.round.article):
            return [name for name in fields if name not in self.confidential_fields]
        return fields

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

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = super().get_readonly_fields(request, obj)
        if is_guest_reviewer(request.user):  # a guest reads the revision, not the article's admin
            return [("article_title" if name == "article_link" else name) for name in fields]
        return fields

    @admin.display(boolean=True)
    def overdue(self, invitation: ReviewInvitation) -> bool:
        return invitation.is_overdue()

    def get_queryset(self, request: HttpRequest):
        invitations = super().get_queryset(request)
        if is_editor(request.user):
            return invitations
        return invitations.of_user(request.user)

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
            "queue_url": reverse("admin:editorial_awaitingmyreview_changelist"),
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

    @staticmethod
    def _for_guests(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
        """A guest reviewer's pages link to nothing but their invitation."""
        if is_guest_reviewer(request.user):
            return {**context, "article_url": "", "compare_url": "", "comments_url": ""}
        return context

    def _invitation_or_404(self, request: HttpRequest, object_id: str) -> ReviewInvitation:
        invitation = self.get_object(request, object_id)
        if invitation is None:
            raise Http404("No such invitation.")
        return invitation

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        invitation = self.get_object(request, object_id)
        if invitation is not None:
            user = request.user
            extra_context = {
                **(extra_context or {}),
                **self._urls(invitation),
                "can_accept": not invitation_accept_problems(user, invitation),
                "can_declare": not conflict_declaration_problems(user, invitation),
                "can_review": not review_submit_problems(user, invitation),
                "can_decline": not invitation_decline_problems(user, invitation),
                "decline_form": DeclineForm(),
                "conflict_form": ConflictForm(),
                "review": getattr(invitation, "review", None),
            }
            extra_context = self._for_guests(request, extra_context)
        return super().change_view(request, object_id, form_url, extra_context)

    def respond_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        invitation = self._invitation_or_404(request, object_id)
        answer = request.POST.get("answer", "")
        try:
            if answer == "accept":
                invitation_accept(invitation=invitation, by=request.user)
                done = ACCEPTED
            elif answer == "decline":
                invitation_decline(
                    invitation=invitation, by=request.user, reason=request.POST.get("reason", "")
                )
                done = DECLINED
            elif answer == "conflict":
                form = ConflictForm(request.POST)
                if not form.is_valid():
                    raise WorkflowError(SAY_WHETHER_CONFLICTED)
                invitation_declare_conflict(
                    invitation=invitation,
                    by=request.user,
                    has_conflict=form.cleaned_data["has_conflict"],
                    description=form.cleaned_data["description"],
                    interests=form.cleaned_data["interests"],
                )
                done = DECLARATION_RECORDED
            else:
                raise WorkflowError(UNKNOWN_ANSWER)
        except PermissionRefused as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        except WorkflowError as refusal:
            for problem in refusal.problems:
                messages.error(request, refusal_html(problem))
        else:
            messages.success(request, done)
        return self._back(request, invitation)

    def _back(self, request: HttpRequest, invitation: ReviewInvitation) -> HttpResponse:
        """To the invitation while this list still holds it; once it has left (declined,
        conflicted, reviewed), to the member's queue, never to a page that no longer exists."""
        urls = self._urls(invitation)
        if self.get_queryset(request).filter(pk=invitation.pk).exists():
            return HttpResponseRedirect(urls["change_url"])
        return HttpResponseRedirect(urls["queue_url"])

    def review_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        invitation = self._invitation_or_404(request, object_id)
        if not is_invitee(request.user, invitation):
            raise PermissionDenied(ONLY_THE_INVITEE_REVIEWS)
        review_round = invitation.round
        existing = getattr(invitation, "review", None)
        # Asked to amend it, the reviewer starts from their review as it stands.
        amending = existing is not None and not review_amend_problems(request.user, existing)
        form = ReviewForm(
            request.POST or None,
            claims=review_round.revision.claims(),
            carried=carried_over_claims(review_round),
            instance=existing if amending else None,
        )
        if request.method == "POST" and form.is_valid():
            try:
                if amending:
                    review_amend(
                        review=existing,
                        by=request.user,
                        claim_checks=form.claim_checks(),
                        **form.review_fields(),
                    )
                else:
                    review_submit(
                        invitation=invitation,
                        by=request.user,
                        claim_checks=form.claim_checks(),
                        **form.review_fields(),
                    )
            except PermissionRefused as refusal:
                raise PermissionDenied(str(refusal)) from refusal
            except (WorkflowError, ValidationError) as refusal:
                for problem in getattr(refusal, "problems", None) or refusal.messages:
                    form.add_error(None, refusal_html(problem))
            else:
                messages.success(request, self._reviewed_message(request, invitation, amending))
                return HttpResponseRedirect(self._urls(invitation)["queue_url"])
        article = invitation.round.article
        revision_number = invitation.round.revision.number
        return TemplateResponse(
            request,
            "admin/editorial/reviewinvitation/review_form.html",
            self._for_guests(
                request,
                {
                    **self.admin_site.each_context(request),
                    **self._urls(invitation),
                    "opts": self.opts,
                    "title": f"Review: {article.title}",
                    "invitation": invitation,
                    "form": form,
                    "amendment": existing.amendments.open().first() if amending else None,
                    "page": invitation.round.revision.rendered,
                    "comments_url": reverse(
                        "admin:articles_article_comments", args=[invitation.round.article_id]
                    ),
                    "open_comments": PassageComment.objects.open()
                    .of_article(invitation.round.article)
                    .count(),
                    # Revisions are numbered 1, 2, ... per article.
                    "previous_revision": revision_number - 1 if revision_number > 1 else None,
                },
            ),
        )

    @staticmethod
    def _reviewed_message(
        request: HttpRequest, invitation: ReviewInvitation, amended: bool = False
    ) -> str:
        review = Review.objects.get(invitation=invitation)
        left = ReviewInvitation.objects.of_user(request.user).to_do().count()
        return (REVIEW_AMENDED if amended else REVIEW_SUBMITTED).format(
            title=invitation.round.article.title,
            round=invitation.round,
            recommendation=review.get_recommendation_display(),
            waiting=still_awaiting(left),
        )


admin.site.register(ReviewInvitation, ReviewInvitationAdmin)


@admin.register(AwaitingMyReview)
class AwaitingMyReviewAdmin(ReviewInvitationAdmin):
    """The signed-in board member's queue: to answer or to review, overdue first."""

    list_display = ["article_title", "round", "status", "due_date", "overdue", "open_comments"]
    list_filter = []

    def get_queryset(self, request: HttpRequest):
        open_comments = (
            PassageComment.objects.open()
            .filter(revision__article=OuterRef("round__article"))
            .order_by()
            .values("revision__article")
            .annotate(count=Count("pk"))
            .values("count")
        )
        queue = (
            super()
            .get_queryset(request)
            .of_user(request.user)
            .to_do()
            .annotate(open_comments=Coalesce(Subquery(open_comments), 0))
        )
        if is_guest_reviewer(request.user):  # the one invitation their link opened
            return queue.filter(pk=request.session.get(GUEST_SESSION_KEY))
        return queue

    @admin.display(description="open comments on passages", ordering="open_comments")
    def open_comments(self, invitation: ReviewInvitation) -> int:
        return invitation.open_comments


@admin.register(DecisionLetterTemplate)
class DecisionLetterTemplateAdmin(ReadOnlyAdminMixin, ReadOnlyHistoryAdmin):
    list_display = ["outcome"]
    writes = frozenset({"add", "change"})  # templates are edited, never deleted


@admin.register(EditorialPolicy)
class EditorialPolicyAdmin(ReadOnlyAdminMixin, ReadOnlyHistoryAdmin):
    list_display = ["version", "effective_date", "disclaimer_version", "change_note", "created_at"]
    fields = ["effective_date", "change_note", "body", "disclaimer"]
    readonly_fields = ["version", "disclaimer_version", "created_by", "created_at"]
    writes = frozenset({"add"})  # a change is published as a new version, never edited

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

    def save_model(self, request: HttpRequest, obj: EditorialPolicy, form, change: bool) -> None:
        published = policy_publish(
            body=obj.body,
            disclaimer=obj.disclaimer,
            effective_date=obj.effective_date,
            change_note=obj.change_note,
            by=request.user,
        )
        obj.pk, obj.version = published.pk, published.version


@admin.register(EditorialPolicyTranslation)
class EditorialPolicyTranslationAdmin(ReadOnlyAdminMixin, ReadOnlyHistoryAdmin):
    """A version's text in another language of the site: added once, never edited (a change
    is a new version, translated again). Readers of that language see it from then on."""

    form = PolicyTranslationForm
    list_display = ["policy", "language", "created_by", "created_at"]
    list_filter = ["language"]
    readonly_fields = ["created_by", "created_at"]
    writes = frozenset({"add"})

    def get_fields(self, request: HttpRequest, obj=None) -> list[str]:
        fields = ["policy", "language", "body", "disclaimer"]
        return fields if obj is None else [*fields, "created_by", "created_at"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        """A translation of the latest version, unless the link names another."""
        initial = super().get_changeform_initial_data(request)
        latest = EditorialPolicy.objects.order_by("-version").first()
        if "policy" not in initial and latest is not None:
            initial["policy"] = latest.pk
        return initial

    def save_model(
        self, request: HttpRequest, obj: EditorialPolicyTranslation, form, change: bool
    ) -> None:
        published = policy_translate(
            policy=obj.policy,
            language=obj.language,
            body=obj.body,
            disclaimer=obj.disclaimer,
            by=request.user,
        )
        obj.pk = published.pk


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every email the product sent or will send. Nothing here is edited: a failed message
    shows its last error, and editors queue it again with the "Retry delivery" action.

    A message about an article may quote the board's confidential material about it (a decline
    reason, a conflict of interest): the list, its pages and its actions hold only the messages
    whose article the user may read that of (``may_read_confidential``), and those about no
    article in particular."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "error", "sent_at"]
    list_filter = ["status", "reason"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["retry_delivery"]
    fields = [
        "to",
        "article",
        "subject",
        "reason",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "body",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[OutboundEmail]:
        return (
            super()
            .get_queryset(request)
            .filter(Q(article__isnull=True) | confidential_readable(request.user))
        )

    def has_view_permission(self, request: HttpRequest, obj: OutboundEmail | None = None) -> bool:
        unreadable = obj is not None and obj.article_id is not None
        if unreadable and not may_read_confidential(request.user, obj.article):
            return False
        return super().has_view_permission(request, obj)

    @admin.display(description="last error")
    def error(self, email: OutboundEmail) -> str:
        return Truncator(email.last_error).chars(120)

    @admin.action(description="Retry delivery of the selected failed emails", permissions=["retry"])
    def retry_delivery(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        retried = sum(email_retry(email) for email in queryset.failed())
        skipped = queryset.count() - retried
        done = EMAILS_RETRIED.format(retried=retried)
        if skipped:
            done += " " + EMAILS_SKIPPED.format(skipped=skipped)
        self.message_user(request, done, messages.SUCCESS if retried else messages.WARNING)

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return is_editor(request.user)


# Company sign-in's provider comes from the environment only (editorial.company_sign_in.adapter
# ignores any saved in the database): no admin page to save one.
admin.site.unregister(SocialApp)
