from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Left, Right
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalRecords

from references import identifiers
from references.citations import CITATION_KEY_PATTERN
from references.identifiers import (
    DOI_RE,
    is_isbn,
    normalize_doi,
    normalize_isbn,
    normalize_pmcid,
    normalize_pmid,
)
from references.keys import TITLE_AFFIX_LENGTH, TITLE_KEY_LENGTH, title_key

__all__ = ["DOI_RE", "normalize_doi"]  # imported from here by older code


def validate_doi(value: str) -> None:
    if value and not DOI_RE.fullmatch(value):
        raise ValidationError(
            "Enter a DOI of the form 10.<registrant>/<suffix>, for example 10.1000/xyz123.",
            code="invalid_doi",
        )


def validate_isbn(value: str) -> None:
    if value and not is_isbn(value):
        raise ValidationError(
            "Enter an ISBN of 10 or 13 digits with a correct check digit, for example "
            "978-0-306-40615-7.",
            code="invalid_isbn",
        )


def validate_year(value: int) -> None:
    if value > timezone.now().year + 1:
        raise ValidationError("The year cannot be later than next year.", code="future_year")


class ReferenceKind(models.TextChoices):
    """What kind of work a reference is: its evidence type.

    Readers see two groups, as the seed page does: Guideline, and Research for every other kind.
    "research" keeps its stored value (older data and published snapshots use it) and now means
    research of no more specific type.
    """

    GUIDELINE = "guideline", gettext_noop("Guideline")
    SYSTEMATIC_REVIEW = "systematic_review", gettext_noop("Systematic review / meta-analysis")
    RANDOMISED_TRIAL = "randomised_trial", gettext_noop("Randomised trial")
    OBSERVATIONAL = "observational", gettext_noop("Observational study")
    REVIEW = "review", gettext_noop("Review")
    RESEARCH = "research", gettext_noop("Other research")

    @property
    def group(self) -> str:
        """``"guideline"`` or ``"research"``: how the public page groups works."""
        return "guideline" if self is ReferenceKind.GUIDELINE else "research"

    @property
    def public_label(self) -> str:
        """The group's label on the public page: Guideline or Research (in the default
        language: the page translates it, the catalogue has it)."""
        return (
            gettext_noop("Guideline")
            if self is ReferenceKind.GUIDELINE
            else gettext_noop("Research")
        )

    @property
    def evidence_label(self) -> str:
        """The evidence type worth showing readers beside the group; empty when it adds nothing."""
        if self in (ReferenceKind.GUIDELINE, ReferenceKind.RESEARCH):
            return ""
        return self.label


class WorkType(models.TextChoices):
    """What form a work takes, as citation styles tell them apart: an article in a journal, a
    book, or a chapter of a book (NCBI Bookshelf's StatPearls, for instance)."""

    ARTICLE = "article", "Journal article"
    BOOK = "book", "Book"
    CHAPTER = "chapter", "Book chapter"


def nfc(value: Any) -> Any:
    """Text in Unicode's composed form (NFC), as typed on most keyboards: a title a Mac wrote
    decomposed is stored, matched and searched like the same title typed normally."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


class NfcTextMixin:
    """Every text field stored in NFC (``nfc``), whatever wrote it: a form, an import, a
    script."""

    def normalise_text(self) -> None:
        for field in self._meta.concrete_fields:  # type: ignore[attr-defined]
            if isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
                    setattr(self, field.attname, nfc(value))


class Reference(NfcTextMixin, models.Model):
    """One published work that articles cite: a clinical guideline or a piece of research."""

    key = models.CharField(
        "citation key",
        max_length=64,
        unique=True,
        validators=[
            RegexValidator(
                rf"^{CITATION_KEY_PATTERN}\Z",
                "Use letters, digits, '-', '_' or ':' (for example pediatrics2021trauma), "
                "starting with a letter or digit.",
            )
        ],
        help_text="What authors type to cite this work: [@key], or [@key1; @key2] for several.",
    )
    kind = models.CharField(max_length=20, choices=ReferenceKind.choices)
    title = models.CharField(max_length=500)
    authors = models.TextField(
        blank=True,
        help_text="Vancouver style, e.g. Forkey H, Szilagyi M. All of them: the AMA style prints "
        "the first three and et al when there are more than six.",
    )
    work_type = models.CharField(
        "form of the work",
        max_length=10,
        choices=WorkType.choices,
        default=WorkType.ARTICLE,
        blank=True,  # a journal article unless said otherwise (clean_fields, save)
    )
    journal = models.CharField(
        "journal, book or issuing body",
        max_length=300,
        help_text="e.g. Pediatrics, or WHO; for a chapter, the book.",
    )
    journal_abbreviation = models.CharField(
        "journal abbreviation",
        max_length=120,
        blank=True,
        help_text="The NLM abbreviation, e.g. Pediatrics, J Affect Disord: what the AMA style "
        "prints.",
    )
    publisher = models.CharField(
        max_length=200, blank=True, help_text="For books and chapters, e.g. StatPearls Publishing."
    )
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1800), MaxValueValidator(2200), validate_year]
    )
    volume = models.CharField(max_length=20, blank=True)
    issue = models.CharField(max_length=20, blank=True)
    pages = models.CharField(max_length=40, blank=True)
    doi = models.CharField(
        "DOI", max_length=255, blank=True, validators=[validate_doi], help_text="e.g. 10.1542/..."
    )
    pmid = models.CharField(
        "PMID",
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{1,9}\Z", "A PubMed ID is digits only.")],
    )
    pmcid = models.CharField(
        "PMCID",
        max_length=16,
        blank=True,
        validators=[
            RegexValidator(r"^PMC[1-9][0-9]{0,9}\Z", "A PubMed Central ID is PMC and digits.")
        ],
        help_text="e.g. PMC1234567.",
    )
    isbn = models.CharField(
        "ISBN",
        max_length=13,
        blank=True,
        validators=[validate_isbn],
        help_text="For books and chapters; stored as ISBN-13.",
    )
    url = models.URLField("URL", max_length=500, blank=True)
    # What records are matched on (references.keys, references.identifiers), kept by fill_keys.
    doi_key = models.CharField(max_length=255, blank=True, editable=False)
    title_key = models.CharField(max_length=TITLE_KEY_LENGTH, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["doi_key"],
                condition=~models.Q(doi_key=""),
                name="reference_doi_key_unique_when_present",
                violation_error_message="A reference with this DOI is already in the library.",
            ),
            models.UniqueConstraint(
                fields=["pmcid"],
                condition=~models.Q(pmcid=""),
                name="reference_pmcid_unique_when_present",
                violation_error_message="A reference with this PMCID is already in the library.",
            ),
            models.UniqueConstraint(
                fields=["pmid"],
                condition=~models.Q(pmid=""),
                name="reference_pmid_unique_when_present",
                violation_error_message="A reference with this PMID is already in the library.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ReferenceKind.values), name="reference_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(work_type__in=WorkType.values),
                name="reference_work_type_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["title_key", "year"], name="reference_title_key_year"),
            models.Index(fields=["isbn"], name="reference_isbn"),
            # Near-duplicates (references.dedupe.near_matches_many): the title key's first or last
            # characters, and the year.
            models.Index(
                Left("title_key", TITLE_AFFIX_LENGTH), "year", name="reference_title_head_year"
            ),
            models.Index(
                Right("title_key", TITLE_AFFIX_LENGTH), "year", name="reference_title_tail_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.journal}, {self.year})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalise_text()
        self.work_type = self.work_type or WorkType.ARTICLE
        self.fill_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"doi", "title"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "doi_key", "title_key"}
        super().save(*args, **kwargs)

    def clean_fields(self, exclude: Any = None) -> None:
        # Normalise before the field validators run, so a pasted https://doi.org/... is accepted.
        self.normalise_text()
        self.work_type = self.work_type or WorkType.ARTICLE
        self.doi = normalize_doi(self.doi)
        self.pmid = normalize_pmid(self.pmid)
        self.pmcid = normalize_pmcid(self.pmcid)
        self.isbn = normalize_isbn(self.isbn)
        self.fill_keys()
        super().clean_fields(exclude=exclude)

    def fill_keys(self) -> None:
        """Set the columns records are matched on from the fields they are made from. ``save``
        calls it; code writing with ``bulk_create`` calls it on each object first."""
        self.doi_key = identifiers.doi_key(self.doi)
        self.title_key = title_key(self.title)

    def clean(self) -> None:
        if self.url and not self.url.lower().startswith(("http://", "https://")):
            raise ValidationError({"url": "Only http and https links are allowed."})

    def get_admin_url(self) -> str:
        return reverse("admin:references_reference_change", args=[self.pk])

    def snapshot(self) -> dict[str, Any]:
        """What a published revision keeps of this work, frozen at submission."""
        return {
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "authors": self.authors,
            "work_type": self.work_type,
            "journal": self.journal,
            "journal_abbreviation": self.journal_abbreviation,
            "publisher": self.publisher,
            "year": self.year,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "doi": self.doi,
            "pmid": self.pmid,
            "url": self.url,
        }


class NoticeNature(models.TextChoices):
    """What a notice about a published work says, as Retraction Watch's ``RetractionNature``
    and Crossref's ``update-to`` types name it. Only a retraction blocks approval; an expression
    of concern warns the board; a correction is shown with the reference; a later reinstatement
    lifts a retraction."""

    RETRACTION = "retraction", "Retraction"
    CORRECTION = "correction", "Correction"
    EXPRESSION_OF_CONCERN = "expression_of_concern", "Expression of concern"
    REINSTATEMENT = "reinstatement", "Reinstatement"


# How sources name the natures, compared case-insensitively with spaces, hyphens and underscores
# taken as one: Retraction Watch's RetractionNature, Crossref's update-to types, PubMed's
# publication types.
NATURE_NAMES: dict[str, NoticeNature] = {
    "retraction": NoticeNature.RETRACTION,
    "withdrawal": NoticeNature.RETRACTION,
    "removal": NoticeNature.RETRACTION,
    "retraction of publication": NoticeNature.RETRACTION,
    "retracted publication": NoticeNature.RETRACTION,
    "correction": NoticeNature.CORRECTION,
    "erratum": NoticeNature.CORRECTION,
    "corrigendum": NoticeNature.CORRECTION,
    "addendum": NoticeNature.CORRECTION,
    "clarification": NoticeNature.CORRECTION,
    "partial retraction": NoticeNature.CORRECTION,
    "published erratum": NoticeNature.CORRECTION,
    "expression of concern": NoticeNature.EXPRESSION_OF_CONCERN,
    "reinstatement": NoticeNature.REINSTATEMENT,
}


def nature_named(name: str) -> NoticeNature | None:
    """The nature a source's name stands for, or None when the library does not know it."""
    return NATURE_NAMES.get(" ".join(re.split(r"[\s_\-]+", (name or "").strip().lower())))


class Retraction(NfcTextMixin, models.Model):
    """A notice about a published work, imported by an editor (a Retraction Watch export, a
    Crossref ``update-to`` file) or typed in: a retraction, correction, expression of concern or
    reinstatement (``nature``).

    Matched to references by DOI (case-insensitively, ``doi_key``) or PMID.
    """

    nature = models.CharField(
        max_length=24, choices=NoticeNature.choices, default=NoticeNature.RETRACTION
    )
    doi = models.CharField(
        "DOI", max_length=255, blank=True, validators=[validate_doi],
        help_text="The DOI of the work the notice is about.",
    )  # fmt: skip
    doi_key = models.CharField(max_length=255, blank=True, editable=False, db_index=True)
    pmid = models.CharField(
        "PMID",
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{1,9}\Z", "A PubMed ID is digits only.")],
    )
    notice = models.TextField(blank=True, help_text="The notice, or its DOI or URL.")
    source = models.CharField(max_length=200, blank=True, help_text="e.g. Retraction Watch.")
    retracted_on = models.DateField(
        "date of the notice", null=True, blank=True,
        help_text="When the notice was published.",
    )  # fmt: skip
    imported_at = models.DateTimeField(default=timezone.now, editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = "notice"
        verbose_name_plural = "notices (retractions, corrections, concerns)"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(doi="", pmid=""), name="retraction_names_a_doi_or_pmid"
            ),
            models.CheckConstraint(
                condition=models.Q(nature__in=NoticeNature.values), name="notice_nature_valid"
            ),
            models.UniqueConstraint(
                fields=["doi_key", "nature"],
                condition=~models.Q(doi_key=""),
                name="notice_doi_unique_per_nature",
                violation_error_message="This DOI already has a notice of this nature.",
            ),
            models.UniqueConstraint(
                fields=["pmid", "nature"],
                condition=~models.Q(pmid=""),
                name="notice_pmid_unique_per_nature",
                violation_error_message="This PMID already has a notice of this nature.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_nature_display()} of {self.doi or 'PMID ' + self.pmid}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalise_text()
        self.doi_key = identifiers.doi_key(self.doi)
        super().save(*args, **kwargs)

    def clean_fields(self, exclude: Any = None) -> None:
        self.doi = normalize_doi(self.doi)
        self.pmid = normalize_pmid(self.pmid)
        self.doi_key = identifiers.doi_key(self.doi)
        super().clean_fields(exclude=exclude)

    @classmethod
    def matching(cls, references: Any) -> models.QuerySet:
        """The notices about any of ``references`` (objects or snapshot dicts), of any nature."""
        dois, pmids = set(), set()
        for reference in references:
            doi = reference["doi"] if isinstance(reference, dict) else reference.doi
            pmid = reference["pmid"] if isinstance(reference, dict) else reference.pmid
            if identifiers.doi_key(doi or ""):
                dois.add(identifiers.doi_key(doi))
            if pmid:
                pmids.add(pmid)
        if not dois and not pmids:
            return cls.objects.none()
        return cls.objects.filter(models.Q(doi_key__in=dois) | models.Q(pmid__in=pmids))


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    RUNNING = "running", "Importing"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"
    FAILED = "failed", "Refused"

    @property
    def finished(self) -> bool:
        return self in (ImportStatus.DONE, ImportStatus.CANCELLED, ImportStatus.FAILED)


class BackgroundImport(models.Model):
    """A file someone uploaded, read and saved by the worker (``references.tasks``) in batches:
    where it stands, whether its uploader asked it to stop (honoured between batches), why it
    failed, and when. Each kind of import adds its file and its counts."""

    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    cancel_requested = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # When the worker last wrote its progress (it started, or saved a batch): a running import
    # that has said nothing for long had its worker stopped under it (references.tasks).
    progressed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def finished(self) -> bool:
        return ImportStatus(self.status).finished

    @property
    def in_progress(self) -> bool:
        """Queued or running: its page refreshes itself."""
        return not self.finished


class NoticeImport(BackgroundImport):
    """A file of notices an editor uploaded, imported by the worker (``references.tasks``) in
    batches, each row all or nothing; its counts show the progress, and it can be cancelled
    between batches (what was saved stays)."""

    text = models.TextField(help_text="The file, as uploaded (UTF-8).")
    source = models.CharField(max_length=200, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # The first rows refused, as [row number, reason]; the count above has them all.
    rejected_rows = models.JSONField(default=list, blank=True)

    class Meta(BackgroundImport.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ImportStatus.values),
                name="notice_import_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"Notice import {self.pk} ({self.get_status_display()})"


class ReferenceImportStep(models.TextChoices):
    PREVIEW = "preview", "Preview"
    SAVE = "save", "Save"


class ReferenceImport(BackgroundImport):
    """A file of references an author (or editor) uploaded or pasted. The worker reads it and
    looks each entry up in the library (the preview step, in batches, its counts written after
    each); the uploader chooses what to import on its page; the worker then saves the chosen
    entries (the save step, in batches, each entry all or nothing). ``status`` is the current
    step's; either step can be cancelled between batches, and what was saved stays saved."""

    step = models.CharField(
        max_length=10, choices=ReferenceImportStep.choices, default=ReferenceImportStep.PREVIEW
    )
    name = models.CharField(max_length=200, blank=True, help_text="The file's name, if uploaded.")
    # The file's bytes as uploaded, or the pasted text in UTF-8 (``pasted``; a lone surrogate
    # kept, for its entry to report): the worker decodes and reads it, then empties it (the
    # preview is what the import keeps of the file).
    data = models.BinaryField()
    pasted = models.BooleanField(default=False)
    format = models.CharField(max_length=20, blank=True, help_text="Empty: recognised.")
    next_url = models.CharField(max_length=500, blank=True, help_text="Where the author came from.")
    # The preview step: entries read and looked up, and what they are.
    total = models.PositiveIntegerField(default=0)
    checked = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    near_duplicates = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    # The file's format and warnings, its entries, and each entry's match in the library (its
    # record's id and on what, the earlier entry it repeats, the records possibly the same work).
    preview = models.JSONField(default=dict, blank=True)
    # The save step: the entries chosen (with the kind and record chosen for each), how many of
    # them were saved, and the outcome (citation keys; [position, reason] of each refused).
    chosen = models.JSONField(default=list, blank=True)
    saved = models.PositiveIntegerField(default=0)
    created_keys = models.JSONField(default=list, blank=True)
    merged_keys = models.JSONField(default=list, blank=True)
    rejected_entries = models.JSONField(default=list, blank=True)

    class Meta(BackgroundImport.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ImportStatus.values),
                name="reference_import_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(step__in=ReferenceImportStep.values),
                name="reference_import_step_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Reference import {self.pk} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("references:import_job", args=[self.pk])

    @property
    def awaiting_choice(self) -> bool:
        """The preview is ready: the uploader chooses what to import."""
        return self.step == ReferenceImportStep.PREVIEW and self.status == ImportStatus.DONE

    @property
    def in_progress(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)

    @property
    def state(self) -> str:
        saving = self.step == ReferenceImportStep.SAVE
        return {
            ImportStatus.QUEUED: "Waiting for the worker to save"
            if saving
            else "Waiting for the worker to read the file",
            ImportStatus.RUNNING: "Saving" if saving else "Reading and checking the file",
            ImportStatus.DONE: "Imported" if saving else "Preview ready: choose what to import",
            ImportStatus.CANCELLED: "Cancelled",
            ImportStatus.FAILED: "Refused",
        }[ImportStatus(self.status)]
