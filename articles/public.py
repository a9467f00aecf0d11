"""What the public pages read: selectors over published articles and their live revisions.

Everything here starts from ``Article.objects.published()`` (or a live revision of one), so no
page built on it can show a draft, a revision under review or an archived article.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import date
from html import unescape
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.text import Truncator, slugify

from articles.languages import article_url
from articles.models import Article, ArticleRevision, Topic
from articles.rendering import RenderedArticle, render_markdown
from editorial.caching import for_keys
from editorial.languages import default_language
from editorial.models import (
    BoardMember,
    Recommendation,
    ReviewInvitation,
    ReviewRound,
    RoundKind,
    RoundOutcome,
)
from editorial.page_keys import LISTING, topic_key
from editorial.workflow import claim_signoff

logger = logging.getLogger(__name__)

# The rendered HTML of a revision is cached by the revision's primary key. Revisions are
# immutable once taken, so an entry never goes stale: when a new revision goes live, pages ask
# for the new revision's key and the old entry simply expires. The key also carries a digest of
# the revision's content, so a primary key reused after a deletion (SQLite may reuse them) can
# never serve another revision's text. Bump the version when the rendering (or the shape of
# RenderedArticle) changes.
RENDER_CACHE_VERSION = 2
RENDER_CACHE_SECONDS = 60 * 60 * 24 * 7

CITATION_RE = re.compile(r"\[@[^\]]*\]")
MARKUP_RE = re.compile(r"[*_`#>|]+|^\s*[-+]\s+|^\s*\d+[.)]\s+", re.MULTILINE)
CITATION_HTML_RE = re.compile(
    r'<sup class="citation">.*?</sup>|<span class="citation-missing"[^>]*>.*?</span>'
)
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s")


def render_cache_key(revision: ArticleRevision) -> str:
    content = json.dumps(
        [revision.title, revision.sections, revision.references], sort_keys=True, default=str
    )
    digest = hashlib.blake2b(content.encode(), digest_size=12).hexdigest()
    return f"articles:revision:{revision.pk}:{digest}:rendered:v{RENDER_CACHE_VERSION}"


def rendered_revision(revision: ArticleRevision) -> RenderedArticle:
    """The revision rendered for readers, from the cache when another request rendered it."""
    key = render_cache_key(revision)
    try:
        rendered = cache.get(key)
    except Exception:  # the cache is down: a change building a record must not fail for it
        logger.warning("The cache did not answer; rendering revision %s.", revision.pk)
        return revision.rendered
    if rendered is None:
        rendered = revision.rendered
        try:
            cache.set(key, rendered, RENDER_CACHE_SECONDS)
        except Exception:
            logger.warning("The cache did not store the rendering of revision %s.", revision.pk)
    return rendered


def plain_text(markdown: str) -> str:
    """Markdown source as plain words: no citation markers, emphasis, headings or list marks."""
    text = CITATION_RE.sub("", markdown)
    text = MARKUP_RE.sub(" ", text)
    return " ".join(text.split())


SPACE_BEFORE_PUNCTUATION_RE = re.compile(r"\s+([.,;:!?])")


def revision_plain_text(revision: ArticleRevision) -> str:
    return " ".join(plain_text(section["body"]) for section in revision.sections)


def summary_of(revision: ArticleRevision, words: int = 30) -> str:
    """A one-line summary: the first sentence of the revision's text as readers see it (no
    citation numbers), at most ``words`` long."""
    for section in rendered_revision(revision).sections:
        text = " ".join(unescape(strip_tags(CITATION_HTML_RE.sub("", section.html))).split())
        text = SPACE_BEFORE_PUNCTUATION_RE.sub(r"\1", text)  # where a citation number was
        if text:
            first = SENTENCE_END_RE.split(text, maxsplit=1)[0]
            return Truncator(first).words(words)
    return ""


def published_articles(language: str | None = None) -> QuerySet[Article]:
    """Published articles with their live revision, newest approval first; those in
    ``language`` only when given (a language's home, topics and feed)."""
    articles = Article.objects.published()
    if language is not None:
        articles = articles.filter(language=language)
    return (
        articles.select_related("live_revision")
        .defer("live_revision__search_vector", "live_revision__repeated_vector")
        .order_by("-live_revision__approved_at", "-pk")
    )


def of_topic(articles: QuerySet[Article], topic: Topic) -> QuerySet[Article]:
    """The articles of ``topic``: an original it was given, or a translation of one (editors
    give the originals their topics; a translation is in its original's). The topic's links
    are read from their own table, whose index gives them: not joined to every article."""
    filed = Topic.articles.through.objects.filter(topic=topic).values("article_id")
    return articles.filter(Q(pk__in=filed) | Q(translation_of__in=filed))


def with_first_approval(articles: QuerySet[Article]) -> QuerySet[Article]:
    """Annotate ``first_approved_at``: when the article was first approved (published)."""
    first = (
        ArticleRevision.objects.filter(article=OuterRef("pk"), approved_at__isnull=False)
        .order_by()
        .values("article")
        .annotate(first=Min("approved_at"))
        .values("first")
    )
    return articles.annotate(first_approved_at=Subquery(first))


def public_topics(language: str | None = None) -> QuerySet[Topic]:
    """The topics of published articles (in ``language`` when given: of the published
    translations into it, through their originals), with their count."""
    if language is None or language == default_language():
        return Topic.objects.with_published_articles()
    translated = Article.objects.published().filter(language=language)
    return (
        Topic.objects.filter(articles__translations__in=translated)
        .annotate(published_count=Count("articles__translations", distinct=True))
        .in_language(language)
    )


def listed_topics(language: str | None = None) -> list[Topic]:
    """The topics readers of ``language`` (the site's by default) see, named in it, with their
    number of published articles in it (``published_count``), read once after each change of
    what lists articles or of one of the topics (its name in a language)."""
    language = language or default_language()
    return for_keys(
        f"topics:{language}",
        [LISTING],
        lambda: list(public_topics(language)),
        keys_of=lambda topics: [topic_key(topic.pk) for topic in topics],
    )


def with_topics(articles: QuerySet[Article], language: str) -> QuerySet[Article]:
    """``articles`` (of ``language``) with the topics a list shows under each, named in
    ``language`` (``topics_of``): an original's, or a translation's original's, read in one
    query for the whole list."""
    if language == default_language():
        return articles.prefetch_related("topics")
    return articles.select_related("translation_of").prefetch_related(
        Prefetch("translation_of__topics", queryset=Topic.objects.in_language(language))
    )


def topics_of(article: Article) -> list[Topic]:
    """The topics a list shows under ``article`` (read with ``with_topics``)."""
    return list(article.original.topics.all())


class CountedPaginator(Paginator):
    """A paginator told its count (``published_count``, ``topic_count``): no COUNT query."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


def published_count(language: str | None = None) -> int:
    """How many articles readers may see (in ``language`` when given), counted once after
    each change of what they see."""
    articles = Article.objects.published()
    if language is not None:
        articles = articles.filter(language=language)
    return for_keys(f"published-count:{language or ''}", [LISTING], articles.count)


def topic_count(topic: Topic, language: str | None = None) -> int:
    """How many published articles a topic has (in ``language``, the site's by default),
    counted once after each change."""
    language = language or default_language()
    return for_keys(
        f"topic-count:{topic.pk}:{language}",
        [LISTING, topic_key(topic.pk)],
        lambda: of_topic(Article.objects.published().filter(language=language), topic).count(),
    )


def live_round(article: Article) -> ReviewRound | None:
    """The review round whose approval readers see: the latest approved round whose revision
    went live (a scheduled publication still to come, or cancelled, is not it)."""
    return (
        ReviewRound.objects.filter(
            article=article, outcome=RoundOutcome.APPROVED, revision__approved_at__isnull=False
        )
        .order_by("-number")
        .first()
    )


def byline(article: Article) -> list[str]:
    """The names the article is signed with: its author, then its co-authors by name; only
    people with a name on their account (a login name is never shown to readers)."""
    coauthors = sorted(article.coauthors.all(), key=lambda user: (user.last_name, user.first_name))
    people = [article.author, *(user for user in coauthors if user.pk != article.author_id)]
    return [name for name in (person.get_full_name() for person in people) if name]


def reviewers_of(article: Article, review_round: ReviewRound | None = None) -> list[BoardMember]:
    """The board members who approved the live text: the approving reviewers of the round whose
    approval readers see (``live_round``), each with ``disclosure``, what the board published of
    their interests ("" for none declared); failing those, the approver when a board member
    (``disclosure`` None: they made no declaration for it)."""
    review_round = review_round if review_round is not None else live_round(article)
    approving = (
        ReviewInvitation.objects.filter(
            round=review_round, review__recommendation=Recommendation.APPROVE
        )
        .select_related("reviewer")
        .order_by("reviewer__display_name")
        if review_round is not None
        else []
    )
    reviewers = []
    for invitation in approving:
        invitation.reviewer.disclosure = invitation.public_disclosure
        reviewers.append(invitation.reviewer)
    if reviewers:
        return reviewers
    approvers = list(BoardMember.objects.filter(user_id=article.live_revision.approved_by_id))
    for member in approvers:
        member.disclosure = None
    return approvers


def every_claim_checked(review_round: ReviewRound | None) -> bool:
    """Whether every cited claim of the text readers see was marked supported by the board (in
    the round whose approval they see, or unchanged in an earlier one), none disputed."""
    return review_round is not None and claim_signoff(review_round).complete


@dataclass(frozen=True)
class PeriodicReview:
    """What readers are told of the article's periodic re-review, as the editorial policy says:
    "being re-reviewed" only while one is in progress (an open round of the periodic kind);
    otherwise, once the next review date has passed, that the review is due."""

    in_progress: bool
    due_since: date | None  # the next review date, once it has passed

    @property
    def due_not_started(self) -> bool:
        return self.due_since is not None and not self.in_progress


def periodic_review(article: Article, today: date) -> PeriodicReview:
    due = article.next_review_due
    return PeriodicReview(
        in_progress=ReviewRound.objects.open()
        .filter(article=article, kind=RoundKind.PERIODIC)
        .exists(),
        due_since=due if due is not None and due < today else None,
    )


@dataclass(frozen=True)
class ChangeEntry:
    number: int
    approved_at: Any
    summary: str


def change_log(article: Article) -> list[ChangeEntry]:
    """Every approval readers were shown, newest first, with its summary for readers.

    An approval later than the live revision's is a re-review that left the text unchanged
    (approving the same content does not replace the live revision).
    """
    revisions = list(
        article.revisions.filter(approved_at__isnull=False)
        .order_by("-approved_at")
        .only("pk", "article_id", "number", "approved_at", "change_summary")
    )
    live = article.live_revision
    entries = []
    for index, revision in enumerate(revisions):
        summary = revision.change_summary.strip()
        if not summary:
            if revision.approved_at > live.approved_at:
                summary = "Re-reviewed by the Medical Advisory Board; no changes were needed."
            elif index == len(revisions) - 1:
                summary = "First published after review by the Medical Advisory Board."
            else:
                summary = "Updated and approved by the Medical Advisory Board."
        entries.append(
            ChangeEntry(number=revision.number, approved_at=revision.approved_at, summary=summary)
        )
    return entries


@dataclass(frozen=True)
class ReviewedArticle:
    slug: str
    title: str
    language: str

    def get_absolute_url(self) -> str:
        """Its page, at its own language's address (a translation's under its prefix)."""
        return article_url(self.slug, self.language)


BOARD_RECENT = 10


def board_with_reviewed_articles(
    recent: int = BOARD_RECENT,
) -> list[tuple[BoardMember, list[ReviewedArticle]]]:
    """Active board members, each with the published articles they reviewed most recently (live
    titles, at most ``recent``, latest review first): the page keeps its size however many
    articles the board has reviewed. One query per member, each reading its newest reviews
    only."""
    members = list(BoardMember.objects.filter(active=True, external=False).order_by("display_name"))
    board = []
    for member in members:
        reviewed = (
            ReviewInvitation.objects.filter(
                reviewer=member,
                review__isnull=False,
                round__article__in=Article.objects.published(),
            )
            .order_by("-pk")
            .values_list(
                "round__article__slug",
                "round__article__live_revision__title",
                "round__article__language",
            )
        )
        entries: list[ReviewedArticle] = []
        # An article reviewed in several rounds appears once: read a few more rows than shown.
        for slug, title, language in reviewed[: recent * 3]:
            entry = ReviewedArticle(slug=slug, title=title, language=language)
            if entry not in entries:
                entries.append(entry)
            if len(entries) == recent:
                break
        board.append((member, entries))
    return board


# The editorial policy page ---------------------------------------------------------------------

HEADING_RE = re.compile(r"^##[ \t]+(?P<heading>.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class PolicySection:
    heading: str
    anchor: str
    html: SafeString


@dataclass(frozen=True)
class RenderedPolicy:
    introduction: SafeString
    sections: list[PolicySection]


def render_policy(body: str) -> RenderedPolicy:
    """The policy's Markdown split at its '## ' headings, each part rendered safely."""
    matches = list(HEADING_RE.finditer(body))
    intro_end = matches[0].start() if matches else len(body)
    sections = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        heading = match.group("heading")
        sections.append(
            PolicySection(
                heading=heading,
                anchor=f"policy-{slugify(heading) or index + 1}",
                html=render_markdown(body[match.end() : end], {}),
            )
        )
    return RenderedPolicy(introduction=render_markdown(body[:intro_end], {}), sections=sections)
