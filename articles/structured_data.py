"""What machines read about an article: schema.org JSON-LD and the "Cite this page" text.

Both are built only from the live revision and published facts, never from the working copy.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from articles.models import Article, ArticleRevision
from articles.rendering import RenderedArticle

# Like Django's json_script: nothing in the JSON can close the <script> element or start markup.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_for_script(data: Any) -> SafeString:
    """JSON safe to place inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


def _absolute(url: str, path: str) -> str:
    """``path`` on the same site as the absolute ``url``."""
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}{path}"


def article_json_ld(
    *,
    article: Article,
    revision: ArticleRevision,
    page: RenderedArticle,
    url: str,
    reviewers: list[Any],
    first_approved_at: datetime | None,
    topics: Sequence[Any] = (),  # each with its shown_name (publication.RecordTopic)
    description: str = "",
) -> SafeString:
    """A schema.org ``MedicalWebPage``: what the page is ``about`` (its topics), who reviewed it
    and when (``lastReviewed`` is a Date, as schema.org defines it), and what it cites."""
    board_url = _absolute(url, reverse("articles:board"))
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": revision.title,
        "headline": revision.title,
        "inLanguage": article.language,
        "audience": {"@type": "MedicalAudience", "audienceType": "Clinician"},
        "datePublished": _iso(first_approved_at),
        "dateModified": _iso(revision.approved_at),
        "lastReviewed": _iso(_local_date(article.last_reviewed_at)),
        "reviewedBy": [
            {
                "@type": "Person",
                "name": member.display_name,
                "honorificSuffix": member.credentials,
                "jobTitle": member.specialty,
                "url": f"{board_url}#member-{member.pk}",
                # schema.org has no property for a conflict of interest: the board's published
                # disclosure is the reviewer's description.
                **(
                    {
                        "description": "Conflicts of interest: "
                        + (member.disclosure or "none declared.")
                    }
                    if getattr(member, "disclosure", None) is not None
                    else {}
                ),
            }
            for member in reviewers
        ],
        "citation": [_citation(work) for work in page.references],
        "publisher": {
            "@type": "Organization",
            "name": settings.PUBLISHER_NAME,
            "url": _absolute(url, "/"),
        },
    }
    if topics:
        with translation.override(article.language):  # named and linked in its language
            data["about"] = [
                {
                    "@type": "Thing",
                    "name": topic.shown_name,
                    "url": _absolute(url, topic.get_absolute_url()),
                }
                for topic in topics
            ]
    if description:
        data["description"] = description
    return json_for_script(data)


def with_versions(
    json_ld: str, article: Article, versions: Sequence[Any], origin: str
) -> SafeString:
    """The page's JSON-LD with its work's other published versions, which change without the
    article's record (a translation published or archived): a translation's
    ``translationOfWork`` (its original), an original's ``workTranslation`` (each translation),
    each by its page's URL and language."""
    others = [
        {
            "@type": "MedicalWebPage",
            "@id": f"{origin}{version.get_absolute_url()}",
            "inLanguage": version.language,
        }
        for version in versions
        if version.pk != article.pk and (version.is_original or not article.is_translation)
    ]
    if not others:
        return mark_safe(json_ld)
    data = json.loads(json_ld)
    if article.is_translation:
        data["translationOfWork"] = others[0]
    else:
        data["workTranslation"] = others
    return json_for_script(data)


def _citation(work: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": work.title,
        "datePublished": str(work.year),
        "isPartOf": work.journal,
    }
    if work.authors:
        entry["author"] = work.authors
    identifiers = []
    if work.doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": work.doi})
    if work.pmid:
        identifiers.append({"@type": "PropertyValue", "propertyID": "PMID", "value": work.pmid})
    if identifiers:
        entry["identifier"] = identifiers
    link = work.doi_url or work.pubmed_url or work.url
    if link:
        entry["url"] = link
    return entry


@dataclass(frozen=True)
class Citation:
    """An AMA-style citation of a web page (no personal author: the publisher is the source)."""

    title: str
    site: str
    published: date | None
    updated: date | None
    accessed: date
    url: str

    def __str__(self) -> str:
        parts = [_sentence(self.title), _sentence(self.site)]
        if self.published:
            parts.append(gettext("Published %(date)s.") % {"date": _ama_date(self.published)})
        if self.updated and self.updated != self.published:
            parts.append(gettext("Updated %(date)s.") % {"date": _ama_date(self.updated)})
        parts.append(gettext("Accessed %(date)s.") % {"date": _ama_date(self.accessed)})
        parts.append(self.url)
        return " ".join(parts)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _ama_date(value: date) -> str:
    """AMA's "December 3, 2026" in English; the active language's long date otherwise."""
    return date_format(value, "DATE_FORMAT")


def _local_date(value: datetime | None) -> date | None:
    return timezone.localdate(value) if value else None


def article_citation(
    *, revision: ArticleRevision, url: str, accessed: date, first_approved_at: datetime | None
) -> Citation:
    return Citation(
        title=revision.title,
        site=settings.PUBLISHER_NAME,
        published=_local_date(first_approved_at),
        updated=_local_date(revision.approved_at),
        accessed=accessed,
        url=url,
    )
