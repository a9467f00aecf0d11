"""Citation checks: what the board should know about an article's citations before it reviews.

Errors (the article is not ready): a marker naming no reference, a listed reference the text
never cites, two entries that are the same work. Warnings (for the reviewer): a guideline older
than ``REFERENCES_GUIDELINE_MAX_AGE_YEARS`` (5), research older than
``REFERENCES_RESEARCH_MAX_AGE_YEARS`` (10), a reference on the retraction list.

``check_citations`` is pure: it reads texts and reference data (``Reference.snapshot()`` dicts),
so it checks a working copy, a published revision, or a page transcribed from elsewhere alike.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from references.dedupe import same_work_key
from references.models import ReferenceKind, Retraction, RetractionAcknowledgement

if TYPE_CHECKING:
    from articles.models import Article

UNRESOLVED = "unresolved"
UNCITED = "uncited"
DUPLICATE = "duplicate"
OLD_GUIDELINE = "old_guideline"
OLD_RESEARCH = "old_research"
RETRACTED = "retracted"


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    keys: tuple[str, ...] = ()


@dataclass
class CitationReport:
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def codes(self) -> list[str]:
        return [finding.code for finding in [*self.errors, *self.warnings]]

    def keys(self, code: str) -> list[str]:
        return [key for finding in [*self.errors, *self.warnings] if finding.code == code
                for key in finding.keys]  # fmt: skip


def max_ages() -> tuple[int, int]:
    return (
        settings.REFERENCES_GUIDELINE_MAX_AGE_YEARS,
        settings.REFERENCES_RESEARCH_MAX_AGE_YEARS,
    )


def _label(work: Mapping[str, Any]) -> str:
    return f"[@{work['key']}]"


def check_citations(
    texts: Sequence[str],
    references: Sequence[Mapping[str, Any]],
    today: date,
    *,
    retracted_keys: Collection[str] = (),
) -> CitationReport:
    """Check the citations of ``texts`` (Markdown with ``[@key]`` markers) against the listed
    ``references`` (snapshot dicts, in list order)."""
    from articles.rendering import cited_keys_in

    report = CitationReport()
    cited = cited_keys_in(texts)
    listed = [work["key"] for work in references]

    unresolved = [key for key in cited if key not in set(listed)]
    if unresolved:
        report.errors.append(
            Finding(
                UNRESOLVED,
                "These citations name no listed reference: "
                + ", ".join(f"[@{key}]" for key in unresolved)
                + ".",
                tuple(unresolved),
            )
        )
    uncited = [key for key in dict.fromkeys(listed) if key not in set(cited)]
    if uncited:
        report.errors.append(
            Finding(
                UNCITED,
                "These listed references are never cited: "
                + ", ".join(f"[@{key}]" for key in uncited)
                + ".",
                tuple(uncited),
            )
        )

    # Union-find over shared identities (DOI, PMID, title + year + journal).
    group_of: dict[str, int] = {}
    groups: list[list[Mapping[str, Any]]] = []
    for work in references:
        found = {group_of[identity] for identity in same_work_key(work) if identity in group_of}
        if found:
            target = min(found)
            for other in sorted(found - {target}, reverse=True):
                groups[target].extend(groups[other])
                groups[other] = []
            groups[target].append(work)
        else:
            target = len(groups)
            groups.append([work])
        for member in groups[target]:
            for identity in same_work_key(member):
                group_of[identity] = target
    for group in groups:
        if len(group) > 1:
            report.errors.append(
                Finding(
                    DUPLICATE,
                    "These entries are the same work: "
                    + ", ".join(_label(work) for work in group)
                    + f" ({group[0].get('title', '')}).",
                    tuple(work["key"] for work in group),
                )
            )

    guideline_age, research_age = max_ages()
    for work in references:
        year = work.get("year")
        if not isinstance(year, int):
            continue
        age = today.year - year
        try:
            is_guideline = ReferenceKind(work.get("kind")) == ReferenceKind.GUIDELINE
        except ValueError:
            is_guideline = False
        if is_guideline and age > guideline_age:
            report.warnings.append(
                Finding(
                    OLD_GUIDELINE,
                    f"{_label(work)} is a guideline from {year}, older than {guideline_age} "
                    "years: check for a current version.",
                    (work["key"],),
                )
            )
        elif not is_guideline and age > research_age:
            report.warnings.append(
                Finding(
                    OLD_RESEARCH,
                    f"{_label(work)} is research from {year}, older than {research_age} years.",
                    (work["key"],),
                )
            )
    for work in references:
        if work["key"] in retracted_keys:
            report.warnings.append(
                Finding(
                    RETRACTED,
                    f"{_label(work)} is on the retraction list.",
                    (work["key"],),
                )
            )
    return report


def retracted_references(article: Article) -> list[Any]:
    """The article's listed references that are on the retraction list."""
    references = list(article.references.all())
    retractions = list(Retraction.matching(references))
    dois = {retraction.doi.lower() for retraction in retractions if retraction.doi}
    pmids = {retraction.pmid for retraction in retractions if retraction.pmid}
    return [
        reference
        for reference in references
        if (reference.doi and reference.doi.lower() in dois)
        or (reference.pmid and reference.pmid in pmids)
    ]


def check_article(article: Article, *, today: date | None = None) -> CitationReport:
    """The citation report of an article's working copy."""
    references = [reference.snapshot() for reference in article.references.all()]
    return check_citations(
        article.section_bodies(),
        references,
        today or timezone.localdate(),
        retracted_keys={reference.key for reference in retracted_references(article)},
    )


def retraction_blocks(article: Article) -> list[str]:
    """What stops approval: each retracted reference the article cites or lists that no editor
    has acknowledged for this article. Empty when approval may go ahead."""
    acknowledged = set(
        RetractionAcknowledgement.objects.filter(article=article).values_list(
            "reference_id", flat=True
        )
    )
    return [
        f"[@{reference.key}] “{reference.title}” is retracted; an editor must acknowledge it "
        "before approval."
        for reference in retracted_references(article)
        if reference.pk not in acknowledged
    ]
