"""Citation checks: what the board should know about an article's citations before it reviews.

Errors (the article is not ready): a marker naming no reference, a listed reference the text
never cites, two entries that are the same work. Warnings (for the reviewer): a guideline older
than ``REFERENCES_GUIDELINE_MAX_AGE_YEARS`` (5), research older than
``REFERENCES_RESEARCH_MAX_AGE_YEARS`` (10), a retracted reference, a reference under an
expression of concern, a reference with a published correction (notices by their nature,
``references.notices``). Only a retraction blocks approval (``retraction_blocks``).

``check_citations`` is pure: it reads texts and reference data (``Reference.snapshot()`` dicts),
so it checks a working copy, a published revision, or a page transcribed from elsewhere alike.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings

from references.citations import cited_keys_in, malformed_markers
from references.dedupe import same_work_key
from references.models import Reference, ReferenceKind
from references.notices import notices_of

UNRESOLVED = "unresolved"
MALFORMED = "malformed"
UNCITED = "uncited"
DUPLICATE = "duplicate"
OLD_GUIDELINE = "old_guideline"
OLD_RESEARCH = "old_research"
RETRACTED = "retracted"
CONCERN = "expression_of_concern"
CORRECTED = "corrected"

Work = Mapping[str, Any]


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


def _label(work: Work) -> str:
    return f"[@{work['key']}]"


def _markers(keys: Iterable[str]) -> str:
    return ", ".join(f"[@{key}]" for key in keys)


def check_citations(
    texts: Sequence[str],
    references: Sequence[Work],
    today: date,
    *,
    retracted_keys: Collection[str] = (),
    concern_keys: Collection[str] = (),
    corrected_keys: Collection[str] = (),
) -> CitationReport:
    """Check the citations of ``texts`` (Markdown with ``[@key]`` markers) against the listed
    ``references`` (snapshot dicts, in list order)."""
    cited = cited_keys_in(texts)
    listed = [work["key"] for work in references]
    return CitationReport(
        errors=[
            *unresolved_citations(cited, listed),
            *uncited_references(cited, listed),
            *same_works(references),
        ],
        warnings=[
            *old_references(references, today),
            *retracted_works(references, retracted_keys),
            *noticed_works(references, concern_keys, CONCERN, CONCERN_MESSAGE),
            *noticed_works(references, corrected_keys, CORRECTED, CORRECTED_MESSAGE),
        ],
    )


def malformed_marker_message(where: str, text: str, suggestion: str) -> str:
    return f"{where}: {text} is not a well-formed citation marker; write {suggestion}."


def section_label(heading: str, position: int) -> str:
    return f"In “{heading.strip()}”" if heading.strip() else f"In section {position}"


def malformed_citations(sections: Sequence[tuple[str, str]]) -> list[Finding]:
    """Each malformed citation marker of the (heading, text) ``sections``, with where it is
    (section, line, column) and the marker to write instead."""
    return [
        Finding(
            MALFORMED,
            malformed_marker_message(
                f"{section_label(heading, position)}, {marker.position}",
                marker.text,
                marker.suggestion,
            ),
        )
        for position, (heading, text) in enumerate(sections, start=1)
        for marker in malformed_markers(text)
    ]


def unresolved_citations(cited: Sequence[str], listed: Sequence[str]) -> list[Finding]:
    """Markers naming no listed work."""
    unresolved = [key for key in cited if key not in set(listed)]
    if not unresolved:
        return []
    message = f"These citations name no listed reference: {_markers(unresolved)}."
    return [Finding(UNRESOLVED, message, tuple(unresolved))]


def uncited_references(cited: Sequence[str], listed: Sequence[str]) -> list[Finding]:
    """Listed works the text never cites."""
    uncited = [key for key in dict.fromkeys(listed) if key not in set(cited)]
    if not uncited:
        return []
    message = f"These listed references are never cited: {_markers(uncited)}."
    return [Finding(UNCITED, message, tuple(uncited))]


def same_work_groups(references: Sequence[Work]) -> list[list[Work]]:
    """The listed works grouped by shared identity (DOI, PMID, or title + year + journal),
    transitively: a union-find over identities. Groups keep list order."""
    group_of: dict[str, int] = {}
    groups: list[list[Work]] = []
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
    return [group for group in groups if group]


def same_works(references: Sequence[Work]) -> list[Finding]:
    """Entries of the list that are the same work."""
    return [
        Finding(
            DUPLICATE,
            "These entries are the same work: "
            + ", ".join(_label(work) for work in group)
            + f" ({group[0].get('title', '')}).",
            tuple(work["key"] for work in group),
        )
        for group in same_work_groups(references)
        if len(group) > 1
    ]


def _is_guideline(work: Work) -> bool:
    try:
        return ReferenceKind(work.get("kind")) == ReferenceKind.GUIDELINE
    except ValueError:
        return False


def old_references(references: Sequence[Work], today: date) -> list[Finding]:
    """Guidelines older than REFERENCES_GUIDELINE_MAX_AGE_YEARS, research older than
    REFERENCES_RESEARCH_MAX_AGE_YEARS (whole years)."""
    guideline_age, research_age = max_ages()
    findings = []
    for work in references:
        year = work.get("year")
        if not isinstance(year, int):
            continue
        age = today.year - year
        if _is_guideline(work) and age > guideline_age:
            findings.append(
                Finding(
                    OLD_GUIDELINE,
                    f"{_label(work)} is a guideline from {year}, older than {guideline_age} "
                    "years: check for a current version.",
                    (work["key"],),
                )
            )
        elif not _is_guideline(work) and age > research_age:
            findings.append(
                Finding(
                    OLD_RESEARCH,
                    f"{_label(work)} is research from {year}, older than {research_age} years.",
                    (work["key"],),
                )
            )
    return findings


def retracted_works(references: Sequence[Work], retracted_keys: Collection[str]) -> list[Finding]:
    return [
        Finding(RETRACTED, f"{_label(work)} is on the retraction list.", (work["key"],))
        for work in references
        if work["key"] in retracted_keys
    ]


CONCERN_MESSAGE = "{marker} is under an expression of concern: weigh what it supports."
CORRECTED_MESSAGE = "{marker} has a published correction: cite the corrected version."


def noticed_works(
    references: Sequence[Work], keys: Collection[str], code: str, message: str
) -> list[Finding]:
    return [
        Finding(code, message.format(marker=_label(work)), (work["key"],))
        for work in references
        if work["key"] in keys
    ]


def retracted_references(references: Iterable[Reference]) -> list[Reference]:
    """Those of ``references`` retracted, and not reinstated since (``WorkNotices.retracted``).
    A correction or an expression of concern does not make a work retracted."""
    references = list(references)
    notices = notices_of(references)
    return [reference for reference in references if notices[reference.pk].retracted]


def notice_keys(references: Iterable[Reference]) -> dict[str, set[str]]:
    """The keys of ``references`` by what their notices say: ``retracted``, ``concern``,
    ``corrected``. One query."""
    references = list(references)
    notices = notices_of(references)
    return {
        "retracted_keys": {ref.key for ref in references if notices[ref.pk].retracted},
        "concern_keys": {ref.key for ref in references if notices[ref.pk].concerns},
        "corrected_keys": {ref.key for ref in references if notices[ref.pk].corrections},
    }


def retraction_blocks(*, retracted: Iterable[Reference], acknowledged: set[int]) -> list[str]:
    """What stops the approval of a text citing the ``retracted`` works
    (``retracted_references``): each one no editor has acknowledged for it (``acknowledged``:
    the ids of those an editor did acknowledge). Empty when approval may go ahead."""
    return [
        f"[@{reference.key}] “{reference.title}” is retracted; an editor must acknowledge it "
        "before approval."
        for reference in retracted
        if reference.pk not in acknowledged
    ]
