import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from references.citations import CITATION_KEY_PATTERN

# A DOI is "10.<registrant>/<suffix>" (DOI Handbook 2.2); the registrant is digits and dots.
DOI_RE = re.compile(r"10\.\d{4,9}(\.\d+)*/\S+")
DOI_PREFIXES = (
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
    "doi:",
)


def normalize_doi(value: str) -> str:
    """Strip resolver prefixes and spaces so the same DOI is stored one way."""
    doi = value.strip()
    lowered = doi.lower()
    for prefix in DOI_PREFIXES:
        if lowered.startswith(prefix):
            doi = doi[len(prefix) :].strip()
            break
    return doi


def validate_doi(value: str) -> None:
    if value and not DOI_RE.fullmatch(value):
        raise ValidationError(
            "Enter a DOI of the form 10.<registrant>/<suffix>, for example 10.1000/xyz123.",
            code="invalid_doi",
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

    GUIDELINE = "guideline", "Guideline"
    SYSTEMATIC_REVIEW = "systematic_review", "Systematic review / meta-analysis"
    RANDOMISED_TRIAL = "randomised_trial", "Randomised trial"
    OBSERVATIONAL = "observational", "Observational study"
    REVIEW = "review", "Review"
    RESEARCH = "research", "Other research"

    @property
    def group(self) -> str:
        """``"guideline"`` or ``"research"``: how the public page groups works."""
        return "guideline" if self is ReferenceKind.GUIDELINE else "research"

    @property
    def public_label(self) -> str:
        """The group's label on the public page: Guideline or Research."""
        return "Guideline" if self is ReferenceKind.GUIDELINE else "Research"

    @property
    def evidence_label(self) -> str:
        """The evidence type worth showing readers beside the group; empty when it adds nothing."""
        if self in (ReferenceKind.GUIDELINE, ReferenceKind.RESEARCH):
            return ""
        return self.label


class Reference(models.Model):
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
    authors = models.CharField(
        max_length=1000, blank=True, help_text="Vancouver style, e.g. Forkey H, Szilagyi M."
    )
    journal = models.CharField(
        "journal or issuing body", max_length=300, help_text="e.g. Pediatrics, or WHO."
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
    url = models.URLField("URL", max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                Lower("doi"),
                condition=~models.Q(doi=""),
                name="reference_doi_unique_when_present",
                violation_error_message="A reference with this DOI is already in the library.",
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
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.journal}, {self.year})"

    def clean_fields(self, exclude: Any = None) -> None:
        # Normalise before the field validators run, so a pasted https://doi.org/... is accepted.
        self.doi = normalize_doi(self.doi)
        self.pmid = self.pmid.strip()
        super().clean_fields(exclude=exclude)

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
            "journal": self.journal,
            "year": self.year,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "doi": self.doi,
            "pmid": self.pmid,
            "url": self.url,
        }


class Retraction(models.Model):
    """A notice that a work was retracted, imported by an editor (e.g. a Retraction Watch export).

    Matched to references by DOI (case-insensitively) or PMID.
    """

    doi = models.CharField("DOI", max_length=255, blank=True, validators=[validate_doi])
    pmid = models.CharField(
        "PMID",
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{1,9}\Z", "A PubMed ID is digits only.")],
    )
    notice = models.TextField(blank=True, help_text="The retraction notice, or its DOI or URL.")
    source = models.CharField(max_length=200, blank=True, help_text="e.g. Retraction Watch.")
    retracted_on = models.DateField(null=True, blank=True)
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
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(doi="", pmid=""), name="retraction_names_a_doi_or_pmid"
            ),
            models.UniqueConstraint(
                Lower("doi"),
                condition=~models.Q(doi=""),
                name="retraction_doi_unique_when_present",
                violation_error_message="This DOI is already on the retraction list.",
            ),
            models.UniqueConstraint(
                fields=["pmid"],
                condition=~models.Q(pmid=""),
                name="retraction_pmid_unique_when_present",
                violation_error_message="This PMID is already on the retraction list.",
            ),
        ]

    def __str__(self) -> str:
        return f"Retraction of {self.doi or 'PMID ' + self.pmid}"

    def clean_fields(self, exclude: Any = None) -> None:
        self.doi = normalize_doi(self.doi)
        self.pmid = self.pmid.strip()
        super().clean_fields(exclude=exclude)

    @classmethod
    def matching(cls, references: Any) -> models.QuerySet:
        """The retractions of any of ``references`` (objects or snapshot dicts)."""
        dois, pmids = set(), set()
        for reference in references:
            doi = reference["doi"] if isinstance(reference, dict) else reference.doi
            pmid = reference["pmid"] if isinstance(reference, dict) else reference.pmid
            if doi:
                dois.add(doi.lower())
            if pmid:
                pmids.add(pmid)
        if not dois and not pmids:
            return cls.objects.none()
        return cls.objects.annotate(doi_lower=Lower("doi")).filter(
            models.Q(doi_lower__in=dois) | models.Q(pmid__in=pmids)
        )
