"""The authors' forms: write an article, its sections and its reference list; take a step.

Forms validate and nothing else. Saving goes through ``articles.services`` and every workflow
step through ``editorial.workflow.article_transition``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.text import slugify

from articles.models import Article, Section
from articles.services import SectionData, article_was_ever_published
from articles.xliff import MAX_BYTES, TOO_BIG
from editorial.languages import configured_languages
from editorial.models import Step
from references.citations import cited_keys
from references.models import Reference, normalize_doi

MAX_SECTIONS = 30
SEARCH_RESULTS = 20

# What the forms say of bad input (ValidationError templates take their values as params).
SLUG_FIXED = "The article has been published: its address is fixed."
SLUG_TAKEN = "Another article already has the address “%(slug)s”. Choose another one."
SLUG_NEEDED = "Enter an address: letters, numbers and hyphens."
HEADING_NEEDED = "Each section needs a heading."
DOI_IN_LIBRARY = "This DOI is already in the library as [@%(key)s]: search for it and tick it."
PMID_IN_LIBRARY = "This PMID is already in the library as [@%(key)s]: search for it and tick it."
MARKERS_NOT_LISTED = (
    "These citation markers name no work on the reference list: %(markers)s. "
    "Search the library and tick the work, add it below, or correct the key."
)


def describe_errors(form: forms.BaseForm) -> None:
    """Point each invalid input at its error message (``aria-describedby``), so screen readers
    read the message with the field."""
    for name in form.errors:
        if name not in form.fields:
            continue
        bound = form[name]
        ids = [f"{bound.auto_id}_errors"]
        if bound.help_text:
            ids.append(f"{bound.auto_id}_helptext")
        form.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)


class DescribedErrorsMixin:
    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        describe_errors(self)  # type: ignore[arg-type]


def suggested_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """An unused address made from the question: ``what-is-x``, else ``what-is-x-2``..."""
    base = slugify(title)[:240].strip("-")
    if not base:
        return ""
    taken = Article.objects.exclude(pk=exclude_pk).filter(slug__startswith=base)
    used = set(taken.values_list("slug", flat=True))
    slug, number = base, 1
    while slug in used:
        number += 1
        slug = f"{base}-{number}"
    return slug


TRANSLATION_REFERENCES = (
    "A translation cites the works of its original's reference list, by the same keys; they are "
    "numbered as the translation cites them."
)


class ArticleForm(DescribedErrorsMixin, forms.Form):
    title = forms.CharField(
        label="Question",
        max_length=Article._meta.get_field("title").max_length,
        help_text="The clinical question the article answers, as readers will see it.",
        widget=forms.TextInput(attrs={"size": 80}),
    )
    slug = forms.SlugField(
        label="Address (slug)",
        max_length=Article._meta.get_field("slug").max_length,
        required=False,
        help_text="The page will be /articles/<slug>/. Leave it empty to have one made from the "
        "question. It can change until the article is first published.",
        widget=forms.TextInput(attrs={"size": 60}),
    )
    references = forms.ModelMultipleChoiceField(
        label="Reference list",
        queryset=Reference.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Ticked works are on the article's list; cite them in the text by their key.",
    )
    reference_query = forms.CharField(
        label="Search the library",
        max_length=200,
        required=False,
        help_text="A few words of the title, a DOI or a PubMed ID (PMID).",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, article: Article | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.article = article
        self.slug_locked = article is not None and article_was_ever_published(article)
        if self.slug_locked:
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = SLUG_FIXED
        if article is not None:
            self.fields["version"].required = True

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if self.slug_locked or not slug:
            return slug
        others = Article.objects.filter(slug=slug)
        if self.article is not None:
            others = others.exclude(pk=self.article.pk)
        if others.exists():
            raise forms.ValidationError(
                SLUG_TAKEN,
                code="duplicate_slug",
                params={"slug": slug},
            )
        return slug

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title") and "slug" not in self.errors:
            cleaned["slug"] = suggested_slug(
                cleaned["title"], exclude_pk=self.article.pk if self.article else None
            )
            if not cleaned["slug"]:
                self.add_error("slug", SLUG_NEEDED)
        return cleaned

    def search_results(self) -> list[Reference]:
        """Works in the library matching the search: by title words, DOI or PMID (or key)."""
        if hasattr(self, "_search_results"):
            return self._search_results
        self._search_results: list[Reference] = []
        query = (self.data.get(self.add_prefix("reference_query")) or "").strip()[:200]
        if not query:
            return self._search_results
        match = Q(doi__iexact=normalize_doi(query)) | Q(key__iexact=query)
        if query.isdigit():
            match |= Q(pmid=query)
        words = query.split()
        if words:
            title_match = Q()
            for word in words:
                title_match &= Q(title__icontains=word)
            match |= title_match
        self._search_results = list(
            Reference.objects.filter(match).order_by("-year", "title")[:SEARCH_RESULTS]
        )
        return self._search_results


class SectionForm(DescribedErrorsMixin, forms.Form):
    heading = forms.CharField(
        max_length=Section._meta.get_field("heading").max_length,
        error_messages={"required": HEADING_NEEDED},
        widget=forms.TextInput(attrs={"size": 60}),
    )
    body = forms.CharField(
        label="Text (Markdown)",
        max_length=Section._meta.get_field("body").max_length,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
    )


class BaseSectionFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["ORDER"].label = "Position"
        form.fields["ORDER"].widget.attrs.update({"class": "section-order", "min": 1})
        form.fields["DELETE"].label = "Remove this section"

    def sections(self) -> list[SectionData]:
        """(heading, body) pairs in the order the author chose, without removed sections."""
        return [
            (form.cleaned_data["heading"], form.cleaned_data.get("body", ""))
            for form in self.ordered_forms
        ]


SectionFormSet = forms.formset_factory(
    SectionForm,
    formset=BaseSectionFormSet,
    extra=1,
    can_order=True,
    can_delete=True,
    max_num=MAX_SECTIONS,
    validate_max=True,
    absolute_max=MAX_SECTIONS * 2,
)


class NewReferenceForm(DescribedErrorsMixin, forms.ModelForm):
    """A work added to the library in place, and put on the article's list. Optional: left
    empty, it is ignored."""

    class Meta:
        model = Reference
        fields = ["key", "kind", "title", "authors", "journal", "year", "doi", "pmid", "url"]
        error_messages = {
            "key": {"unique": "A reference with this citation key is already in the library."}
        }

    url = forms.URLField(label="URL", max_length=500, required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "newref")
        kwargs.setdefault("empty_permitted", True)
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)

    @property
    def is_filled(self) -> bool:
        return self.is_bound and self.has_changed()

    def clean_doi(self) -> str:
        doi = normalize_doi(self.cleaned_data["doi"])
        existing = Reference.objects.filter(doi__iexact=doi).first() if doi else None
        if existing is not None:
            raise forms.ValidationError(
                DOI_IN_LIBRARY,
                code="duplicate_doi",
                params={"key": existing.key},
            )
        return doi

    def clean_pmid(self) -> str:
        pmid = self.cleaned_data["pmid"].strip()
        existing = Reference.objects.filter(pmid=pmid).first() if pmid else None
        if existing is not None:
            raise forms.ValidationError(
                PMID_IN_LIBRARY,
                code="duplicate_pmid",
                params={"key": existing.key},
            )
        return pmid

    def reference_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


@dataclass(frozen=True)
class ReferenceChoice:
    reference: Reference
    checked: bool
    number: int | None
    found: bool


class ArticleEditor:
    """Everything on the write page, validated together: the article, its sections, its
    reference list and a reference added in place. Nothing here saves."""

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, article: Article | None = None
    ) -> None:
        self.article = article
        if article is None:
            initial = {}
            section_initial = [{"heading": "From the Guidelines"}, {"heading": "From the Research"}]
        else:
            initial = {
                "title": article.title,
                "slug": article.slug,
                "version": article.version,
                "references": list(article.references.all()),
            }
            section_initial = [
                {"heading": section.heading, "body": section.body}
                for section in article.sections.all()
            ]
        self.form = ArticleForm(data, initial=initial, article=article)
        self.is_translation = article is not None and article.is_translation
        if self.is_translation:
            # A translation cites its original's list, which is the original's to change.
            self.form.initial["references"] = [
                reference.pk for reference in article.listed_references()
            ]
            self.form.fields["references"].disabled = True
            self.form.fields["references"].help_text = TRANSLATION_REFERENCES
        self.sections = SectionFormSet(data, initial=section_initial, prefix="sections")
        self.new_reference = NewReferenceForm(data)

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), self.sections.is_valid()]
        if not self.is_translation:  # a translation adds no work: its list is the original's
            results.append(self.new_reference.is_valid())
        if not all(results):
            return False
        self._check_markers()
        return not (self.sections.total_error_count() or self.form.errors)

    def _check_markers(self) -> None:
        """Every marker must name a work on the list (or the one being added)."""
        known = {reference.key for reference in self.form.cleaned_data["references"]}
        if self.new_reference.is_filled and not self.is_translation:
            known.add(self.new_reference.cleaned_data["key"])
        for form in self.sections.ordered_forms:
            missing = [key for key in cited_keys(form.cleaned_data["body"]) if key not in known]
            if missing:
                form.add_error(
                    "body",
                    forms.ValidationError(
                        MARKERS_NOT_LISTED,
                        code="unresolved_marker",
                        params={"markers": ", ".join(f"[@{key}]" for key in missing)},
                    ),
                )
                describe_errors(form)

    def changes(self) -> dict[str, Any]:
        """The validated input, as ``article_create`` / ``article_update`` take it."""
        data = self.form.cleaned_data
        if self.is_translation:
            return {
                "title": data["title"],
                "slug": data["slug"],
                "sections": self.sections.sections(),
            }
        return {
            "title": data["title"],
            "slug": data["slug"],
            "sections": self.sections.sections(),
            "reference_keys": [reference.key for reference in data["references"]],
            "new_references": (
                [self.new_reference.reference_data()] if self.new_reference.is_filled else []
            ),
        }

    def reference_choices(self, numbers: Mapping[str, int] | None = None) -> list[ReferenceChoice]:
        """The works to show as checkboxes: those on the list (or ticked), then search hits;
        ``numbers`` are the citation numbers of the saved text, shown beside each work. None for
        a translation: it cites its original's list, shown as it is."""
        if self.is_translation:
            return []
        numbers = numbers or {}
        field = self.form["references"]
        chosen = {str(value) for value in (field.value() or [])}
        if self.form.is_bound:
            ticked = list(Reference.objects.filter(pk__in=[v for v in chosen if v.isdigit()]))
        else:
            ticked = list(self.form.initial.get("references", []))
            chosen = {str(reference.pk) for reference in ticked}
        shown = {reference.pk for reference in ticked}
        hits = [reference for reference in self.form.search_results() if reference.pk not in shown]
        return [
            ReferenceChoice(
                reference=reference,
                checked=str(reference.pk) in chosen,
                number=numbers.get(reference.key),
                found=reference in hits,
            )
            for reference in [*ticked, *hits]
        ]


STEP_NOTES = {
    Step.SUBMIT: "Note to the board (optional)",
    Step.RESUBMIT: "Note to the board: how you answered its comments (optional)",
    Step.WITHDRAW: "Why you withdraw the article (optional)",
    Step.REOPEN: "Note (optional)",
    Step.REVISE: "What you plan to update (optional)",
}


class StepForm(DescribedErrorsMixin, forms.Form):
    """An author's workflow step, with an optional note (to the board, on submission)."""

    comment = forms.CharField(
        max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 5, "cols": 80})
    )

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comment"].label = STEP_NOTES.get(action, "Note (optional)")


class XliffExportForm(DescribedErrorsMixin, forms.Form):
    """The language an original is exported into for an agency to translate."""

    language = forms.ChoiceField(label="Into")

    def __init__(self, *args: Any, original: Article, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, name) for code, name in configured_languages() if code != original.language
        ]


class XliffImportForm(XliffExportForm):
    """The agency's translated XLIFF file, read into the translation's working copy."""

    file = forms.FileField(label="Translated XLIFF file")

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(TOO_BIG.format(limit=MAX_BYTES // 1024))
        return upload.read(MAX_BYTES + 1)
