"""Search over what readers may see: the live revisions of published articles.

On PostgreSQL: full-text search over each revision's stored search vector (the title weighted
above the body, weights A and B; filled by the database: migration 0005), ranked by
``SearchRank`` and with ``SearchHeadline`` snippets. However many articles match, only a
bounded set of the best candidates is ranked, taken from the GIN indexes of the search entries
(one narrow row per published article, kept by the database: ``SearchEntry``, migration 0010;
``_candidates``), so a common word costs what a rare one does. Elsewhere
(SQLite, for local work): every word must appear in the title or the text, title matches rank
first. Snippets are always escaped before the matched words are marked, so neither the query
nor the article's text can inject markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
)
from django.db import connection
from django.db.models import F, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from articles.models import ArticleRevision, SearchEntry
from articles.public import revision_plain_text
from editorial.workflow import ReviewState

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SNIPPET_CHARS = 240
# Private-use characters mark the matches in PostgreSQL's headline; they are swapped for <mark>
# only after the snippet has been escaped.
MARK_START, MARK_END = "\ue000", "\ue001"
CONFIG = "english"  # the site's language's, when LANGUAGES names no configuration for it
# The PostgreSQL text search configuration of each language an article may be written in: an
# article's language decides its vector's (migration 0012 keeps the same mapping in SQL, and a
# test holds them equal); a search in a language reads and ranks with that language's.
SEARCH_CONFIGS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "nb": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
FALLBACK_CONFIG = "simple"  # a language PostgreSQL has no stemmer for: words as written


def search_config(language: str | None) -> str:
    """The text search configuration of ``language`` (the site's language's by default)."""
    if language is None:
        return CONFIG
    return SEARCH_CONFIGS.get(language.split("-")[0].lower(), FALLBACK_CONFIG)


# The sections' headings and bodies as one text, without citation markers or Markdown marks.
PG_TEXT_SQL = r"""
(SELECT regexp_replace(regexp_replace(string_agg((s->>'heading') || '. ' || (s->>'body'), ' '),
        '\[@[^\]]*\]', '', 'g'), '[*#>`|]+', ' ', 'g')
   FROM jsonb_array_elements("articles_articlerevision"."sections") AS s)
"""


@dataclass(frozen=True)
class SearchHit:
    slug: str
    title: str
    snippet: SafeString
    approved_at: Any

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})  # in the page's language


def clean_query(raw: str | None) -> str:
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def live_revisions(language: str | None = None) -> QuerySet[ArticleRevision]:
    """The live revisions of published articles (in ``language`` when given):
    ``Article.objects.published()``'s rule written from the revision's side (it is its
    article's live revision; the article is not archived), so that a search reads the
    revisions it matched and their articles, not every article."""
    revisions = (
        ArticleRevision.objects.filter(article__live_revision=F("pk"))
        .exclude(article__status=ReviewState.ARCHIVED)
        .select_related("article")
    )
    if language is not None:
        revisions = revisions.filter(article__language=language)
    return revisions


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


def search(query: str, language: str | None = None) -> list[int] | list[ArticleRevision]:
    """Live revisions matching ``query``, best first (in ``language`` when given: a page's
    search reads the articles in its language, with its configuration; on PostgreSQL, their
    keys: at most three times CANDIDATES, read in one query, so that counting and paging read
    no more). Page through it, then call ``hits``."""
    if not query:
        return []
    if uses_postgres_search():
        return list(ranked_keys(query, language))
    return _fallback(query, language)


def more_may_match(count: int) -> bool:
    """Whether matches may have been left out of a search's ``count`` results: on PostgreSQL
    a search ranks its best candidates, and fewer than CANDIDATES of them are every match."""
    return uses_postgres_search() and count >= CANDIDATES


def hits(revisions: Any, query: str, language: str | None = None) -> list[SearchHit]:
    """One page of results, with snippets."""
    if uses_postgres_search():
        return [
            SearchHit(
                slug=revision.article.slug,
                title=revision.title,
                snippet=_marked(revision.headline),
                approved_at=revision.approved_at,
            )
            for revision in _postgres_page(list(revisions), query, language)
        ]
    terms = _terms(query)
    return [
        SearchHit(
            slug=revision.article.slug,
            title=revision.title,
            snippet=_fallback_snippet(revision_plain_text(revision), terms),
            approved_at=revision.approved_at,
        )
        for revision in revisions
    ]


# Each tier gives at most this many candidates, the newest first (an index walk over
# approved_at, or a bitmap over a rare word's few matches): a search ranks at most three times
# as many texts, however many articles hold the words.
CANDIDATES = 100


def candidate_tiers(search_query: SearchQuery, language: str | None = None) -> list[QuerySet]:
    """The articles whose live revision's title holds the words, whose text repeats them, and
    any: at most CANDIDATES of each, the newest first (``_candidates``), as keys of their
    search entries (``SearchEntry``: one narrow row per published article, kept by PostgreSQL,
    migration 0010). For a common word PostgreSQL walks the entries newest first and stops
    after CANDIDATES matches; otherwise it reads the tier's matches from its GIN index and keeps
    the newest, a few microseconds each, with no revision read and no join."""
    entries = SearchEntry.objects.all()
    if language is not None:
        entries = entries.filter(language=language)
    tiers = [
        entries.filter(title_vector=search_query),
        entries.filter(repeated_vector=search_query),
        entries.filter(search_vector=search_query),
    ]
    return [
        tier.order_by("-approved_at", "-revision_id").values("pk")[:CANDIDATES] for tier in tiers
    ]


def _candidates(search_query: SearchQuery, language: str | None = None) -> QuerySet:
    """The keys of the best candidates among the published articles' live revisions.

    ``SearchRank`` (ts_rank, weights A 1.0 and B 0.4) ranks a word found in the title above
    any number of the same word in the text, and a word the text repeats above one it says
    once or twice (for one word: at least 1.0, then 0.54 to 0.66, then 0.4 or 0.5). So the
    best candidates are taken tier by tier, each from its own index: the title holds the
    words, the text repeats them, the text holds them; at most CANDIDATES of each, the newest
    first where there are more. Every match is a candidate whenever the last tier has fewer
    than CANDIDATES, hence whenever there are fewer than CANDIDATES (``more_may_match``)."""
    first, *others = candidate_tiers(search_query, language)
    return first.union(*others)


def ranked_keys(query: str, language: str | None = None) -> QuerySet:
    """The live revisions' primary keys of the best candidates (``_candidates``), ranked by the
    text, best first. Matches, ranking and counting read search entries only (at most three
    times CANDIDATES of them ranked), however many articles match; only the page shown is read
    from the revisions, whole, with its headlines (``hits``)."""
    search_query = SearchQuery(query, search_type="websearch", config=search_config(language))
    return (
        SearchEntry.objects.filter(pk__in=_candidates(search_query, language))
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", "-approved_at", "revision_id")
        .values_list("revision_id", flat=True)
    )


def _postgres_page(
    keys: list[int], query: str, language: str | None = None
) -> list[ArticleRevision]:
    """The revisions of one page of results, whole, in the order of ``keys``, with headlines."""
    text = RawSQL(PG_TEXT_SQL, [], output_field=TextField())
    config = search_config(language)
    search_query = SearchQuery(query, search_type="websearch", config=config)
    revisions = (
        live_revisions()
        .filter(pk__in=keys)
        .defer("search_vector", "repeated_vector")
        .annotate(
            headline=SearchHeadline(
                text,
                search_query,
                config=config,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
    )
    by_key = {revision.pk: revision for revision in revisions}
    return [by_key[key] for key in keys if key in by_key]


def _marked(headline: str | None) -> SafeString:
    escaped = escape(headline or "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _terms(query: str) -> list[str]:
    words = re.findall(r"\w[\w'-]*", query.lower())
    return list(dict.fromkeys(words))[:MAX_TERMS]


def _fallback(query: str, language: str | None = None) -> list[ArticleRevision]:
    terms = _terms(query)
    if not terms:
        return []
    revisions = live_revisions(language)
    for term in terms:
        revisions = revisions.filter(Q(title__icontains=term) | Q(sections__icontains=term))

    def score(revision: ArticleRevision) -> tuple[int, int]:
        title = revision.title.lower()
        text = revision_plain_text(revision).lower()
        in_title = sum(term in title for term in terms)
        in_text = sum(text.count(term) for term in terms)
        return (in_title, in_text)

    matched = [revision for revision in revisions if score(revision) != (0, 0)]
    return sorted(
        matched, key=lambda revision: (score(revision), revision.approved_at), reverse=True
    )


def _fallback_snippet(text: str, terms: list[str]) -> SafeString:
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    match = pattern.search(text)
    start = 0 if match is None else max(0, match.start() - SNIPPET_CHARS // 3)
    window = text[start : start + SNIPPET_CHARS]
    if start:
        window = "…" + window.split(" ", 1)[-1]
    window = Truncator(window).chars(SNIPPET_CHARS + 1)
    parts, position = [], 0
    for found in pattern.finditer(window):
        parts.append(escape(window[position : found.start()]))
        parts.append(f"<mark>{escape(found.group(0))}</mark>")
        position = found.end()
    parts.append(escape(window[position:]))
    return mark_safe("".join(parts))
