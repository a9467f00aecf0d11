from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from simple_history.models import HistoricalRecords

from articles.claims import find_claims
from articles.rendering import RenderedArticle, plain_text, render_article
from editorial.claims import Claim
from editorial.history import HistoryWithRelations
from editorial.languages import (
    configured_languages,
    default_language,
    language_name,
    translation_languages,
)
from editorial.models import ReviewedRevision, Specialty, User
from editorial.refusals import AN_AUTHOR, AN_EDITOR, Refusal
from editorial.workflow import ReviewState, ReviewWorkflow
from references import checks
from references.citations import cited_keys_in
from references.models import Reference

ORIGINAL_NOT_PUBLISHED = (
    "The original article, “{title}”, is not published: only what readers can read is translated "
    "and reviewed."
)
ORIGINAL_CHANGED = (
    "The original has a newer approved version than the one this translation translates: see what "
    "changed and translate the current version first."
)


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        """What readers may see: articles with an approved revision that are not archived."""
        return self.filter(live_revision__isnull=False).exclude(status=ReviewState.ARCHIVED)

    def due_for_rereview(self, today: date | None = None) -> ArticleQuerySet:
        """Published articles whose periodic re-review date has come, not already in review."""
        today = today or timezone.localdate()
        return self.published().filter(status=ReviewState.APPROVED, next_review_due__lte=today)

    def originals(self) -> ArticleQuerySet:
        """Articles written in the site's language, not translations of another."""
        return self.filter(translation_of__isnull=True)

    def translations(self) -> ArticleQuerySet:
        return self.filter(translation_of__isnull=False)

    def out_of_date(self) -> ArticleQuerySet:
        """Published translations whose original has a newer live revision than the one their
        live revision translates (the same rule as ``Article.is_out_of_date``): derived, so a
        translation is out of date the moment its original's new revision goes live."""
        return (
            self.published()
            .translations()
            .exclude(live_revision__source_revision=F("translation_of__live_revision"))
        )

    def authored_by(self, user: User) -> ArticleQuerySet:
        """Articles ``user`` wrote or co-wrote: two indexed lookups (author, co-authors), never
        a scan of every article."""
        written = self.model.objects.filter(author=user).order_by().values("pk")
        cowritten = self.model.coauthors.through.objects.filter(user=user).values("article_id")
        return self.filter(pk__in=written.union(cowritten))


class TopicQuerySet(models.QuerySet):
    def with_published_articles(self) -> TopicQuerySet:
        """Topics readers may see: those of at least one published article, with their count."""
        published = Article.objects.published()
        return (
            self.filter(articles__in=published)
            .annotate(published_count=models.Count("articles", distinct=True))
            .order_by("name")
        )

    def in_language(self, language: str) -> TopicQuerySet:
        """The topics with their name and description in ``language`` read in the same query
        (``Topic.shown_name`` and the rest), in the order of the names shown: the site's own
        text for a topic not translated into it, and for the site's language."""
        if language == default_language():
            return self
        translated = TopicTranslation.objects.filter(topic=OuterRef("pk"), language=language)
        return self.annotate(
            translated_name=Subquery(translated.values("name")[:1]),
            translated_description=Subquery(translated.values("description")[:1]),
            shown_in=Value(language),
        ).order_by(Coalesce("translated_name", "name"), "name")


class Topic(models.Model):
    """A subject readers browse by. Editors assign articles to topics in the admin."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True, max_length=1000)
    articles = models.ManyToManyField("Article", blank=True, related_name="topics")
    specialties = models.ManyToManyField(
        Specialty,
        blank=True,
        related_name="topics",
        help_text="The specialties this topic's articles call for: board members with one of them "
        "are offered first when reviewers are invited.",
    )

    history = HistoricalRecords(m2m_fields=["specialties"])
    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:topic", kwargs={"slug": self.slug})

    # What a page shows of the topic: in the language it was read in
    # (``Topic.objects.in_language``), the site's own name and description otherwise. Each
    # ``*_lang`` is the ``lang`` attribute the text needs on that page ("": the page's own).

    @property
    def shown_name(self) -> str:
        return getattr(self, "translated_name", None) or self.name

    @property
    def name_lang(self) -> str:
        return self._lang_of(getattr(self, "translated_name", None))

    @property
    def shown_description(self) -> str:
        return getattr(self, "translated_description", None) or self.description

    @property
    def description_lang(self) -> str:
        return self._lang_of(getattr(self, "translated_description", None))

    def _lang_of(self, translated: str | None) -> str:
        shown_in = getattr(self, "shown_in", None)
        return "" if shown_in is None or translated else default_language()


class TopicTranslation(models.Model):
    """A topic's name and description in another language of the site, for its pages in that
    language; one per topic and language. Editors keep them with the topic, in the admin."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=15, choices=translation_languages)
    name = models.CharField(max_length=100)
    description = models.TextField(
        blank=True,
        max_length=1000,
        help_text="Empty: the topic's own description is shown, marked as in its language.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["topic", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "language"],
                name="one_translation_per_topic_language",
                violation_error_message="The topic already has its name in this language.",
            ),
            models.UniqueConstraint(
                fields=["language", "name"],
                name="one_topic_name_per_language",
                violation_error_message="Another topic already has this name in this language.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic.name} ({self.language}): {self.name}"


RETRACTION_LIFTED = (
    f"{AN_EDITOR}, by acknowledging the retraction; or {AN_AUTHOR}, by citing another work "
    "once the board requests changes"
)


class Article(ReviewWorkflow):
    """A clinical question answered for professionals: the working copy authors edit.

    Readers never see this working copy; they see ``live_revision``, the snapshot the board
    approved last.
    """

    title = models.CharField(
        "question", max_length=300, help_text="The clinical question the article answers."
    )
    slug = models.SlugField(max_length=255, unique=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles"
    )
    coauthors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coauthored_articles"
    )
    references = models.ManyToManyField(
        Reference, through="ArticleReference", related_name="articles", blank=True
    )
    live_revision = models.ForeignKey(
        "ArticleRevision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The approved revision readers see.",
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by every save of the working copy; a form saving an older version "
        "is refused instead of overwriting someone else's change.",
    )
    last_reviewed_at = models.DateTimeField(
        "last reviewed",
        null=True,
        blank=True,
        editable=False,
        help_text="When the board last completed a full review of the live article.",
    )
    next_review_due = models.DateField(
        null=True, blank=True, help_text="When the live article is due for its periodic re-review."
    )
    review_interval_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Months between periodic re-reviews of this article; empty for the default.",
    )
    language = models.CharField(
        max_length=15,
        choices=configured_languages,
        default=default_language,
        editable=False,
        help_text="The language of the article (LANGUAGES): the site's for an original.",
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="translations",
        editable=False,
        help_text="The original article this one translates; empty for an original.",
    )
    source_revision = models.ForeignKey(
        "ArticleRevision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="For a translation: the revision of the original its working copy translates "
        "(recorded in each revision submitted).",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoryWithRelations(excluded_fields=["updated_at"], m2m_fields=["coauthors"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        # The admin's list and /write/ show the latest changes first.
        indexes = [models.Index(fields=["updated_at"], name="article_updated_at")]
        constraints = [
            # One article per language of a work: the original (its own pk) and each translation
            # (its original's pk) in a language of their own, so a translation is never in the
            # original's language nor two in one language.
            # (Cast: a new row's validation compares COALESCE(NULL, NULL), which PostgreSQL
            # would otherwise read as text.)
            models.UniqueConstraint(
                Cast(Coalesce("translation_of", "id"), models.BigIntegerField()),
                "language",
                name="one_article_per_language_of_a_work",
                violation_error_message="This article already has a version in that language.",
            ),
            # A translation's working copy always says which revision of the original it
            # translates; an original's never does.
            models.CheckConstraint(
                condition=Q(translation_of__isnull=True, source_revision__isnull=True)
                | Q(translation_of__isnull=False, source_revision__isnull=False),
                name="translation_names_its_source_revision",
            ),
            models.CheckConstraint(
                condition=~Q(translation_of=F("id")), name="article_not_its_own_translation"
            ),
        ]
        # The review's records name the reviewed model through this setting, as models name the
        # user through AUTH_USER_MODEL (it is never swapped for another model here).
        swappable = "EDITORIAL_REVIEWED_MODEL"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Its public page, under its language's prefix (/es/articles/<slug>/ for Spanish)."""
        with translation.override(self.language):
            return reverse("articles:detail", kwargs={"slug": self.slug})

    def working_copy_url(self) -> str:
        return reverse("authoring:edit", args=[self.pk])

    @property
    def is_published(self) -> bool:
        """The same rule as ``Article.objects.published()``, for one article."""
        return self.live_revision_id is not None and self.status != ReviewState.ARCHIVED

    # Translations

    @property
    def is_translation(self) -> bool:
        return self.translation_of_id is not None

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def original(self) -> Article:
        """The article whose work this is: the original itself, or the one a translation
        translates."""
        return self.translation_of if self.translation_of_id is not None else self

    @property
    def is_out_of_date(self) -> bool:
        """The same rule as ``Article.objects.out_of_date()``, for one article: a published
        translation whose original has since had a newer revision made live."""
        if not self.is_translation or not self.is_published:
            return False
        return self.live_revision.source_revision_id != self.translation_of.live_revision_id

    def translation_problems(self) -> list[str]:
        if not self.is_translation:
            return []
        original = self.translation_of
        if not original.is_published:
            return [ORIGINAL_NOT_PUBLISHED.format(title=original.title)]  # nobody here lifts it
        if self.source_revision_id != original.live_revision_id:
            return [
                Refusal(
                    ORIGINAL_CHANGED,
                    who=f"{AN_AUTHOR}, by translating the original's current version",
                    url=f"{reverse('authoring:changes', args=[self.pk])}#original",
                    link_text="What changed in the original",
                )
            ]
        return []

    def listed_references(self) -> models.QuerySet[Reference]:
        """The reference list the text cites from: the article's own, or, for a translation,
        its original's (one library record per work, numbered as the translation cites it)."""
        return self.original.references.all()

    # The working copy's content, as the workflow's conditions read it.

    def section_bodies(self) -> list[str]:
        return [section.body for section in self.sections.all()]

    def has_text(self) -> bool:
        return bool(self.title.strip()) and any(body.strip() for body in self.section_bodies())

    def cited_keys(self) -> list[str]:
        return cited_keys_in(self.section_bodies())

    def cited_references(self) -> list[Reference]:
        """The article's references that its text cites, in order of first citation."""
        by_key = {reference.key: reference for reference in self.listed_references()}
        return [by_key[key] for key in self.cited_keys() if key in by_key]

    def unresolved_citation_keys(self) -> list[str]:
        known = {reference.key for reference in self.listed_references()}
        return [key for key in self.cited_keys() if key not in known]

    def malformed_citation_problems(self) -> list[str]:
        sections = [(section.heading, section.body) for section in self.sections.all()]
        return [finding.message for finding in checks.malformed_citations(sections)]

    def review_specialty_ids(self) -> set[int]:
        """The specialties of the article's topics (a translation's are its original's)."""
        return set(
            Specialty.objects.filter(topics__articles=self.original).values_list("pk", flat=True)
        )

    def citation_report(self, today: date | None = None) -> checks.CitationReport:
        """The citation checks of the working copy (``references.checks``). A translation is
        checked against the works of its original's list that it cites: the original's list
        is the original's to keep sound."""
        references = self.cited_references() if self.is_translation else self.listed_references()
        references = list(references)
        return checks.check_citations(
            self.section_bodies(),
            [reference.snapshot() for reference in references],
            today or timezone.localdate(),
            **checks.notice_keys(references),
        )

    def reference_list_problems(self) -> list[str]:
        return [
            finding.message
            for finding in self.citation_report().errors
            if finding.code != checks.UNRESOLVED  # unresolved markers are a condition of their own
        ]

    def retraction_blocks(self) -> list[str]:
        """Each retracted work no editor has acknowledged for this article: an editor does on
        the article's citation checks, which show the retraction notice (or an author cites
        another work)."""
        retracted = checks.retracted_references(self.listed_references())
        if not retracted:
            return []
        # A translation cites its original's works: the editors' acknowledgement of a retracted
        # one there holds for it too.
        acknowledged = RetractionAcknowledgement.objects.filter(
            article__in={self.pk, self.original.pk}
        ).values_list("reference_id", flat=True)
        return [
            Refusal(
                block,
                who=RETRACTION_LIFTED,
                url=reverse("admin:articles_article_citations", args=[self.pk]),
                link_text="The retraction notice, on the article's citation checks",
            )
            for block in checks.retraction_blocks(
                retracted=retracted, acknowledged=set(acknowledged)
            )
        ]

    def render(self, *, mark_malformed: bool = False) -> RenderedArticle:
        """The working copy rendered as readers would see it (``mark_malformed``: with each
        malformed citation marker highlighted, as the preview shows it)."""
        return render_article(
            title=self.title,
            sections=[(section.heading, section.body) for section in self.sections.all()],
            works={reference.key: reference.snapshot() for reference in self.listed_references()},
            mark_malformed=mark_malformed,
        )

    # Revisions

    def latest_revision(self) -> ArticleRevision | None:
        return self.revisions.order_by("-number").first()

    def take_snapshot(self, *, by: User, note: str = "") -> ArticleRevision:
        """Freeze the working copy into the next revision (called by the workflow on submit)."""
        number = (self.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
        return ArticleRevision.objects.create(
            article=self,
            number=number,
            title=self.title,
            sections=[
                {"heading": section.heading, "body": section.body}
                for section in self.sections.all()
            ],
            references=[reference.snapshot() for reference in self.cited_references()],
            source_revision_id=self.source_revision_id,
            note=note,
            created_by=by,
        )


class Section(models.Model):
    """One part of an article's working copy: a heading and a Markdown body."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    body = models.TextField(max_length=50_000, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="section_position_unique_per_article"
            )
        ]

    def __str__(self) -> str:
        return self.heading


class ArticleReference(models.Model):
    """A work on an article's reference list, which its text may cite by key."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT)
    added_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "reference"], name="article_reference_listed_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article} cites {self.reference.key}"


class ArticleRevision(ReviewedRevision):
    """An immutable snapshot of an article, taken when it is submitted.

    It keeps the title, the sections and the cited references as they were, so that what the
    board reviewed is exactly what readers get once it is approved (the approval's fields are
    ``ReviewedRevision``'s).
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    sections = models.JSONField(help_text="[{heading, body}] in order.")
    references = models.JSONField(help_text="Reference.snapshot() of each cited work, in order.")
    note = models.TextField("note to the board", blank=True)
    change_summary = models.TextField(
        blank=True, help_text="What changed since the previous approved revision, for readers."
    )
    source_revision = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a translation's revision: the revision of the original it translates.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Filled by PostgreSQL when the row is inserted, GIN-indexed (migration 0005); empty on
    # SQLite. Never written from Python.
    search_vector = SearchVectorField(
        null=True,
        editable=False,
        help_text="Title (weight A) and text (B) for full-text search; set by PostgreSQL.",
    )
    # The lexemes of search_vector at 3 positions or more, filled and GIN-indexed alike
    # (migration 0008): search takes its second tier of candidates from it (articles/search.py).
    repeated_vector = SearchVectorField(
        null=True,
        editable=False,
        help_text="Words the revision repeats (3 times or more), for search; set by PostgreSQL.",
    )

    class Meta:
        ordering = ["article", "-number"]
        swappable = "EDITORIAL_REVISION_MODEL"  # as the article: how the review's records name it
        # Public lists, the feed and the sitemap show the latest approvals first.
        indexes = [models.Index(fields=["approved_at"], name="revision_approved_at")]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="revision_number_unique_per_article"
            ),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True, approved_by__isnull=True)
                | Q(approved_at__isnull=False, approved_by__isnull=False),
                name="revision_approval_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Revision {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Content is frozen: after creation only the approval may be recorded."""
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not set(update_fields) <= self.APPROVAL_FIELDS:
                raise ValidationError("A revision is immutable once taken.")
        super().save(*args, **kwargs)

    def same_content_as(self, other: ArticleRevision) -> bool:
        """Whether two revisions say the same thing (a re-review may approve unchanged text).
        Two revisions of a translation translating different versions of the original do not:
        the one approved is the one readers are told it translates."""
        return (self.title, self.sections, self.references, self.source_revision_id) == (
            other.title,
            other.sections,
            other.references,
            other.source_revision_id,
        )

    @property
    def last_updated(self) -> Any:
        return self.approved_at or self.created_at

    def claims(self) -> list[Claim]:
        """The sentences (and list items) that cite works, with their sources, numbered as
        readers see them: what the board checks claim by claim. (Read once per instance: a
        revision never changes.)"""
        return list(self._claims)

    @cached_property
    def _claims(self) -> list[Claim]:
        sections = [(section["heading"], section["body"]) for section in self.sections]
        works = {work["key"]: work for work in self.references}
        cited = [key for key in cited_keys_in(body for _, body in sections) if key in works]
        numbers = {key: number for number, key in enumerate(cited, start=1)}  # as rendered
        return find_claims(sections, works, numbers)

    def section_texts(self) -> list[tuple[str, str]]:
        """Each section's heading and its text as readers read it, citation numbers left out
        (what a comment on a passage quotes)."""
        return [(section.heading, plain_text(section.html)) for section in self.rendered.sections]

    @cached_property
    def rendered(self) -> RenderedArticle:
        return render_article(
            title=self.title,
            sections=[(section["heading"], section["body"]) for section in self.sections],
            works={work["key"]: work for work in self.references},
        )


class RetractionAcknowledgement(models.Model):
    """An editor has seen that an article cites a retracted work and accepts it (e.g. the article
    cites it as retracted). Until then the retraction blocks approval."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="retraction_acknowledgements"
    )
    reference = models.ForeignKey(
        Reference, on_delete=models.CASCADE, related_name="retraction_acknowledgements"
    )
    note = models.TextField(blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "reference"], name="retraction_acknowledged_once_per_article"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference.key} acknowledged as retracted for {self.article}"


class PublicationRecord(models.Model):
    """What the public page of a published article shows that comes from its review and its
    content, derived once when a revision goes live and rebuilt, in the same transaction, when
    one of its inputs changes (``articles.publication``). The page renders from it without
    parsing Markdown or reading the review."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="publication_record"
    )
    revision = models.ForeignKey(ArticleRevision, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(
        max_length=15, default=default_language, help_text="The page's language (the article's)."
    )
    source_revision = models.ForeignKey(
        ArticleRevision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a translation: the revision of the original its live revision translates.",
    )
    page = models.JSONField(help_text="The rendered page's parts (articles.publication).")
    keys = models.TextField(
        help_text="The page keys of its inputs, space-separated with a space at each end."
    )
    built_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"publication record of {self.article_id} (revision {self.revision_id})"


class SearchEntry(models.Model):
    """One per published article: its live revision's search vectors and approval date, kept by
    PostgreSQL (triggers on the article and the revision, migration 0010), never written from
    Python; empty on SQLite. Search takes its candidates from these narrow rows and their GIN
    indexes (``articles.search``): only what readers may see, with the vectors stored out of
    line, so a word with thousands of matches costs a few milliseconds, not a read of every
    matching revision and a join to its article."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    revision = models.OneToOneField(ArticleRevision, on_delete=models.CASCADE, related_name="+")
    approved_at = models.DateTimeField(null=True)
    title_vector = SearchVectorField(null=True, help_text="The title's lexemes (weight A).")
    search_vector = SearchVectorField(null=True, help_text="The revision's search_vector.")
    repeated_vector = SearchVectorField(null=True, help_text="The revision's repeated_vector.")
    language = models.CharField(max_length=15, default="en", help_text="The article's language.")

    class Meta:
        verbose_name_plural = "search entries"
        # A common word: the newest entries walked in order until enough of them match.
        indexes = [
            models.Index(fields=["-approved_at", "-revision"], name="search_entry_newest_first")
        ]

    def __str__(self) -> str:
        return f"search entry of {self.article_id} (revision {self.revision_id})"
