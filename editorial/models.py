from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from editorial.workflow import ReviewState


class User(AbstractUser):
    """A person who signs in: an author, a board member, an editor, or a site administrator."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class BoardMember(models.Model):
    """A member of the Medical Advisory Board. Only active members may review."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_member"
    )
    display_name = models.CharField(max_length=200, help_text="As shown to readers.")
    credentials = models.CharField(max_length=100, help_text="e.g. MD, FAAP")
    specialty = models.CharField(max_length=200)
    bio = models.TextField("short bio", max_length=2000, blank=True)
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return f"{self.display_name}, {self.credentials}"


class TransitionLog(models.Model):
    """The audit trail of the review workflow: who moved which article from where to where, and why.

    Written only by ``editorial.workflow.article_transition``; never edited afterwards.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="transition_logs"
    )
    revision = models.ForeignKey(
        "articles.ArticleRevision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The snapshot the transition concerned, when there is one.",
    )
    action = models.CharField(max_length=40)
    source = models.CharField("from", max_length=40)
    target = models.CharField("to", max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="transition_logs"
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "workflow transition"

    def __str__(self) -> str:
        return f"{self.action}: {self.source} → {self.target} by {self.actor}"

    @property
    def source_label(self) -> str:
        return ReviewState(self.source).label

    @property
    def target_label(self) -> str:
        return ReviewState(self.target).label
