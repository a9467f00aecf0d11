"""The publication record: what an article's public page shows that comes from its review and
its content, derived once when a revision goes live and rebuilt when one of its inputs changes.

``publication_record_refresh(article)`` builds it from the live revision and published facts
only (``articles.public``'s selectors): the rendered sections, the numbered reference list (its
HTML, as the page shows it, and each work with its AMA string and links), the claims and
whether each was checked, the reviewers with their credentials and published disclosures, the
change log and dates, whether a periodic review is in progress, the policy version the approval
was made under, the topics, the summary and the JSON-LD. It runs inside the transaction of the
change: a workflow step, a scheduled publication carried out, a disclosure published
(``editorial.publishing.on_publication_change``), a board member's details or a topic edited
(``editorial.page_keys.on_keys_changed``: the record lists the keys of its inputs). A record
that cannot be built raises ``PublicationRecordError`` and the change is rolled back with it.

The article page renders from the record (``PublicPage``) without parsing Markdown or reading
the review. What depends on the date stays out of it: the "accessed" date of "Cite this page",
"review overdue", and the disclaimer of the policy version in force (cached by key).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from articles.languages import page_language
from articles.models import Article, PublicationRecord, Topic
from articles.public import (
    change_log,
    live_round,
    rendered_revision,
    reviewers_of,
    summary_of,
)
from articles.rendering import resolved_markdown
from articles.structured_data import article_json_ld
from editorial.languages import default_language
from editorial.models import ReviewRound, RoundKind
from editorial.page_keys import article_key, member_key, pages_changed, topic_key
from editorial.webhooks import article_updated_announce
from editorial.workflow import WorkflowError, claim_signoff
from references.formatting import ama_citation, csl_item
from references.models import Retraction

# 2: each section's Markdown with its citations resolved, each work's CSL-JSON (the read API).
# 3: a translation's original, the version it translates and whether it is out of date.
# 4: the reference list's HTML in each language of LANGUAGES.
# 5: the JSON-LD's inLanguage is the article's; a translation's topics are its original's.
# 6: each topic's names in the site's other languages; the JSON-LD names the topics (and links
#    their pages) in the article's language.
RECORD_VERSION = 6
# Absolute URLs in the JSON-LD are the site's: the record holds them on this origin (.invalid
# is reserved, it is nobody's address) and the page puts the request's origin in its place.
ORIGIN = "https://origin.editorial.invalid"
UNRESOLVED_CITATIONS = (
    "The public page cannot be built: the text cites {keys}, which the revision's references "
    "do not hold. Nothing was changed."
)
# The inputs a record is rebuilt for when their keys change (the others: the article's own
# steps, come through on_publication_change).
RECORD_INPUT_PREFIXES = ("member:", "topic:", "work:")
# Keys naming a cited work (by DOI or PMID), for a retraction notice: the record's inputs, not
# the page's (a change rebuilds the record, which marks the article's page stale).
WORK_PREFIX = "work:"


def work_keys(doi: str, pmid: str) -> list[str]:
    """The keys naming a work, as a retraction notice names it (a DOI in any case, a PMID)."""
    keys = []
    if doi:
        keys.append(f"{WORK_PREFIX}doi:{''.join(doi.lower().split())}")
    if pmid:
        keys.append(f"{WORK_PREFIX}pmid:{pmid.strip()}")
    return keys


@dataclass(frozen=True)
class RetractedWork:
    """A cited work as the record's reference list shows it, with its retraction notice."""

    work: Any
    retraction: Any

    def __getattr__(self, name: str) -> Any:
        return getattr(self.work, name)


def _with_retractions(references: list[Any]) -> list[Any]:
    notices = list(Retraction.matching(references))
    by_doi = {notice.doi.lower(): notice for notice in notices if notice.doi}
    by_pmid = {notice.pmid: notice for notice in notices if notice.pmid}
    return [
        RetractedWork(work, by_doi.get(work.doi.lower()) or by_pmid.get(work.pmid))
        for work in references
    ]


class PublicationRecordError(WorkflowError):
    """The publication record could not be built: the change that asked for it fails."""


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


def _work(work: Any) -> dict[str, Any]:
    return {
        "number": work.number,
        "key": work.key,
        "title": work.title,
        "doi": work.doi,
        "pmid": work.pmid,
        "url": work.url,
        "doi_url": work.doi_url,
        "pubmed_url": work.pubmed_url,
        "kind_label": work.kind_label,
        "ama": ama_citation(work.work),
        "csl": csl_item(work.work),
        "retracted": work.retraction is not None,
    }


def _translation(article: Article) -> dict[str, Any] | None:
    """What a translation's page says of its original: the version it translates (its date)
    and, once the original has a newer live revision, that it is out of date, with the link."""
    if not article.is_translation:
        return None
    original = article.translation_of
    translated = article.live_revision.source_revision
    return {
        "original_pk": original.pk,
        "original_title": original.live_revision.title if original.is_published else "",
        "original_url": original.get_absolute_url() if original.is_published else "",
        "original_language": original.language,
        "source_revision": translated.pk if translated else None,
        "based_on": _iso(translated.approved_at if translated else None),
        "out_of_date": article.is_out_of_date,
        "original_updated_at": _iso(
            original.live_revision.approved_at if original.is_published else None
        ),
    }


def _references_html_in_each_language(works: list[Any]) -> dict[str, str]:
    """The reference list's HTML in each language of the site: the kinds of work and
    "Retracted" are the site's words."""
    rendered = {}
    for code, _ in settings.LANGUAGES:
        with translation.override(code):
            rendered[code] = render_to_string("includes/reference_list.html", {"references": works})
    return rendered


def _in_language(by_language: dict[str, str]) -> str:
    """The active language's text of what a record holds in each language (the default
    language's for a language configured after the record was built)."""
    return by_language.get(translation.get_language()) or by_language.get(
        settings.LANGUAGE_CODE, ""
    )


def _record_topics(article: Article) -> list[RecordTopic]:
    """The article's topics with their names in each language (a translation's are its
    original's)."""
    topics = article.original.topics.order_by("name").prefetch_related("translations")
    return [RecordTopic.of(topic) for topic in topics]


def publication_record_build(article: Article) -> tuple[dict[str, Any], list[str]]:
    """The record's page and the keys of its inputs, for the published ``article``."""
    revision = article.live_revision
    rendered = rendered_revision(revision)
    if rendered.unresolved_keys:
        raise PublicationRecordError(
            UNRESOLVED_CITATIONS.format(keys=", ".join(rendered.unresolved_keys))
        )
    works = _with_retractions(rendered.references)
    numbers = {work.key: work.number for work in rendered.references}
    approval = live_round(article)
    reviewers = reviewers_of(article, approval)
    signoff = claim_signoff(approval) if approval is not None else None
    supported = {claim.fingerprint for claim in signoff.supported} if signoff else set()
    claims = revision.claims()
    changes = change_log(article)
    first_approved_at = changes[-1].approved_at if changes else revision.approved_at
    topics = _record_topics(article)
    summary = summary_of(revision)
    json_ld = article_json_ld(
        article=article,
        revision=revision,
        page=rendered,
        url=f"{ORIGIN}{article.get_absolute_url()}",
        reviewers=reviewers,
        first_approved_at=first_approved_at,
        topics=topics,
        description=summary,
    )
    page = {
        "version": RECORD_VERSION,
        "revision": revision.pk,
        "title": rendered.title,
        "summary": summary,
        "sections": [
            {
                "heading": section.heading,
                "anchor": section.anchor,
                "html": str(section.html),
                "markdown": resolved_markdown(source["body"], numbers),
            }
            for section, source in zip(rendered.sections, revision.sections, strict=True)
        ],
        "references_html": _references_html_in_each_language(works),
        "references": [_work(work) for work in works],
        "claims": [
            {
                "section": claim.section,
                "text": claim.text,
                "sources": [source.number for source in claim.sources],
                "checked": claim.fingerprint in supported,
            }
            for claim in claims
        ],
        "claims_checked": bool(signoff and signoff.complete),
        "reviewers": [
            {
                "pk": member.pk,
                "display_name": member.display_name,
                "credentials": member.credentials,
                "active": member.active,
                "disclosure": member.disclosure,
                "external": member.external,
                "specialty": member.specialty,
            }
            for member in reviewers
        ],
        "changes": [
            {
                "number": change.number,
                "approved_at": _iso(change.approved_at),
                "summary": change.summary,
            }
            for change in changes
        ],
        "first_approved_at": _iso(first_approved_at),
        "approved_at": _iso(revision.approved_at),
        "last_reviewed_at": _iso(article.last_reviewed_at),
        "next_review_due": _iso(article.next_review_due),
        "periodic_review_in_progress": ReviewRound.objects.open()
        .filter(article=article, kind=RoundKind.PERIODIC)
        .exists(),
        "policy_version": getattr(revision, "policy_version", None),
        "topics": [
            {"pk": topic.pk, "name": topic.name, "slug": topic.slug, "names": topic.names}
            for topic in topics
        ],
        "json_ld": str(json_ld),
        "translation": _translation(article),
    }
    keys = [
        article_key(article.pk),
        # A translation's page says whether its original moved on: the original's changes
        # make it stale too.
        *([article_key(article.translation_of_id)] if article.is_translation else []),
        *(member_key(member.pk) for member in reviewers),
        *(topic_key(topic.pk) for topic in topics),
        *(key for work in rendered.references for key in work_keys(work.doi, work.pmid)),
    ]
    return page, keys


def _as_stored(page: dict[str, Any]) -> Any:
    """The page as the record's JSON column gives it back (tuples as lists, and so on)."""
    return json.loads(json.dumps(page, cls=PublicationRecord._meta.get_field("page").encoder))


def publication_record_refresh(article: Any, *, announce: bool = True) -> PublicationRecord | None:
    """Build (or rebuild) the article's record when it is published; remove it when it is not.
    Call it inside the transaction of the change.

    A record rebuilt with another page than it had (in the same record version: a new version is
    a new shape, not news) is a change readers see outside the steps: a reviewer's disclosure or
    credentials, a retraction notice on a cited work, a topic. It queues ``article.updated``
    (once per transaction) unless ``announce`` is false: the steps and scheduled publications
    tell the endpoints of their changes themselves. An unchanged rebuild announces nothing."""
    article = (
        Article.objects.select_related(
            "live_revision",
            "live_revision__approved_by",
            "live_revision__source_revision",
            "translation_of__live_revision",
        )
        .annotate(translated=Exists(Article.objects.filter(translation_of=OuterRef("pk"))))
        .filter(pk=article.pk)
        .first()
    )
    if article is not None and article.translated:
        # Its translations' pages say whether they translate its live revision: rebuilt with it,
        # in the same transaction.
        for translation in article.translations.published():
            publication_record_refresh(translation, announce=announce)
            pages_changed(article_key(translation.pk))
    if article is not None and article.is_translation:
        _translation_shown_changed(article)
    if article is None or not article.is_published:
        PublicationRecord.objects.filter(article_id=getattr(article, "pk", None)).delete()
        return None
    page, keys = publication_record_build(article)
    previous = PublicationRecord.objects.filter(article=article).values_list("page", flat=True)
    previous = previous.first() if announce else None
    record, _ = PublicationRecord.objects.update_or_create(
        article=article,
        defaults={
            "revision": article.live_revision,
            "language": article.language,
            "source_revision": article.live_revision.source_revision,
            "page": page,
            "keys": f" {' '.join(sorted(set(keys)))} ",
            "built_at": timezone.now(),
        },
    )
    if (
        previous is not None
        and previous.get("version") == page.get("version")
        and previous != _as_stored(page)
    ):
        article_updated_announce(article=article)
    return record


def _translation_shown_changed(translation: Article) -> None:
    """The pages of the work's other versions name a translation in their language switcher
    (its title, its address): once it is published, archived or given a new live revision,
    they are stale. They all carry the original's key (``ArticlePage.keys``)."""
    shown = PublicationRecord.objects.filter(article=translation).values_list(
        "revision_id", flat=True
    )
    live = translation.live_revision_id if translation.is_published else None
    if shown.first() != live:
        pages_changed(article_key(translation.translation_of_id))


def publication_record_of(article: Article) -> PublicationRecord:
    """The article's record, as stored; built in memory (and not stored: reading a page changes
    nothing) when it is missing or was built for another revision or record version, e.g. for
    articles published before records existed (``manage.py publication_records_build``)."""
    record = getattr(article, "publication_record", None) if _has_record(article) else None
    if (
        record is not None
        and record.revision_id == article.live_revision_id
        and record.page.get("version") == RECORD_VERSION
    ):
        return record
    full = Article.objects.select_related("live_revision").get(pk=article.pk)
    page, keys = publication_record_build(full)
    return PublicationRecord(
        article=article,
        revision_id=article.live_revision_id,
        language=full.language,
        source_revision_id=full.live_revision.source_revision_id,
        page=page,
        keys=f" {' '.join(sorted(set(keys)))} ",
    )


def _has_record(article: Article) -> bool:
    try:
        article.publication_record  # noqa: B018 (the reverse one-to-one raises when missing)
    except PublicationRecord.DoesNotExist:
        return False
    return True


def records_showing(keys: frozenset[str]) -> list[int]:
    """The articles whose records were built from what ``keys`` name (a reviewer, a topic)."""
    inputs = [key for key in keys if key.startswith(RECORD_INPUT_PREFIXES)]
    if not inputs:
        return []
    query = Q()
    for key in inputs:
        query |= Q(keys__contains=f" {key} ")
    return list(PublicationRecord.objects.filter(query).values_list("article_id", flat=True))


def publication_records_rebuild(keys: frozenset[str]) -> None:
    """Rebuild the records built from what ``keys`` name (``on_keys_changed``)."""
    for article in Article.objects.filter(pk__in=records_showing(keys)):
        publication_record_refresh(article)
        pages_changed(article_key(article.pk))


# --------------------------------------------------------------------------------------------
# The page, from the record
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordSection:
    heading: str
    anchor: str
    html: SafeString


@dataclass(frozen=True)
class RecordReviewer:
    pk: int
    display_name: str
    credentials: str
    active: bool
    disclosure: str | None
    external: bool = False  # a guest reviewer (editorial.guests); records before them had none
    specialty: str = ""


@dataclass(frozen=True)
class RecordTopic:
    """A topic as the article's page shows it: its name in the page's language, or the site's
    own name, marked with its language (``Topic.shown_name`` and the rest)."""

    pk: int
    name: str  # in the site's language (the read API's)
    slug: str
    names: dict[str, str] = field(default_factory=dict)  # in each language it is translated into

    @classmethod
    def of(cls, topic: Topic) -> RecordTopic:
        """``topic`` with its translations (prefetched)."""
        names = {row.language: row.name for row in topic.translations.all()}
        return cls(topic.pk, topic.name, topic.slug, dict(sorted(names.items())))

    @property
    def shown_name(self) -> str:
        return self.names.get(page_language()) or self.name

    @property
    def name_lang(self) -> str:
        language = page_language()
        if language == default_language() or language in self.names:
            return ""
        return default_language()

    def get_absolute_url(self) -> str:
        """The topic's page in the page's language."""
        return reverse("articles:topic", kwargs={"slug": self.slug})


@dataclass(frozen=True)
class RecordChange:
    number: int
    approved_at: datetime
    summary: str


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class RecordTranslation:
    """What a translation's page says of its original (``_translation``)."""

    original_pk: int
    original_title: str
    original_url: str
    original_language: str
    source_revision: int | None
    based_on: datetime | None
    out_of_date: bool
    original_updated_at: datetime | None

    @classmethod
    def of(cls, fields: dict[str, Any] | None) -> RecordTranslation | None:
        if not fields:
            return None
        return cls(
            **{
                **fields,
                "based_on": _datetime(fields["based_on"]),
                "original_updated_at": _datetime(fields["original_updated_at"]),
            }
        )


@dataclass(frozen=True)
class PublicPage:
    """A record's page as the template reads it (``page.title``, ``page.sections``...)."""

    title: str
    summary: str
    sections: list[RecordSection]
    references: list[dict[str, Any]]
    references_html: SafeString
    claims_checked: bool
    reviewers: list[RecordReviewer]
    changes: list[RecordChange]
    first_approved_at: datetime | None
    periodic_review_in_progress: bool
    topics: list[RecordTopic]
    json_ld: str
    translation: RecordTranslation | None = None

    @classmethod
    def of(cls, record: PublicationRecord) -> PublicPage:
        page = record.page
        return cls(
            title=page["title"],
            summary=page["summary"],
            sections=[
                RecordSection(section["heading"], section["anchor"], mark_safe(section["html"]))
                for section in page["sections"]
            ],
            references=page["references"],
            references_html=mark_safe(_in_language(page["references_html"])),
            claims_checked=page["claims_checked"],
            reviewers=[RecordReviewer(**member) for member in page["reviewers"]],
            changes=[
                RecordChange(change["number"], _datetime(change["approved_at"]), change["summary"])
                for change in page["changes"]
            ],
            first_approved_at=_datetime(page["first_approved_at"]),
            periodic_review_in_progress=page["periodic_review_in_progress"],
            topics=[RecordTopic(**topic) for topic in page["topics"]],
            json_ld=page["json_ld"],
            translation=RecordTranslation.of(page.get("translation")),
        )

    @staticmethod
    def page_keys(record: PublicationRecord) -> list[str]:
        """The keys of what the page shows (the record's inputs but the cited works)."""
        return [key for key in record.keys.split() if not key.startswith(WORK_PREFIX)]

    def json_ld_for(self, origin: str) -> SafeString:
        """The JSON-LD with the site's absolute URLs on ``origin`` (scheme and host)."""
        return mark_safe(self.json_ld.replace(ORIGIN, origin))
