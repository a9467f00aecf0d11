"""Search reads indexes on PostgreSQL: every revision's stored search vector, GIN-indexed, filled
by the database when the revision is taken (migration 0005), never a scan of the texts; and it
ranks a bounded set of candidates from the three GIN indexes of the search entries (one narrow
row per published article, kept by the database: migration 0010), as the admin's title search
reads trigram indexes. bench/search_scale.py times both at 1,000 and 100,000 articles."""

from __future__ import annotations

import pytest
from django.contrib.admin import site
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from articles import search as search_module
from articles.models import Article, ArticleRevision, SearchEntry
from articles.search import CONFIG, candidate_tiers, hits, ranked_keys, search
from articles.services import article_update
from editorial.caching import published_state_changed
from editorial.workflow import article_transition
from tests.articles.test_public_search import published, result_titles
from tests.factories import article_in_state, invitees_review
from tests.html import visible_text

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the stored search vector, its GIN indexes and the trigram indexes "
    "exist there only (SQLite keeps the search's fallback, tested in test_public_search.py)",
)


@pytest.mark.django_db
def test_every_revision_gets_its_vector_from_the_database(editor, board_member):
    published(
        "Is the vector stored?", "Stored quokka vectors, vector after vector.", editor, board_member
    )
    assert ArticleRevision.objects.filter(search_vector__isnull=True).count() == 0
    revision = ArticleRevision.objects.get(title="Is the vector stored?")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM articles_articlerevision WHERE id = %s",
            [revision.pk],
        )
        vector = cursor.fetchone()[0]
    assert "'quokka':" in vector and "'vector':" in vector
    assert "'store':" in vector  # stemmed; weight A (title) shows as a label
    assert ":" in vector and "A" in vector
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT repeated_vector::text FROM articles_articlerevision WHERE id = %s",
            [revision.pk],
        )
        repeated = cursor.fetchone()[0]  # the words said 3 times or more, without positions
    assert "'vector'" in repeated and "'quokka'" not in repeated and "'store'" not in repeated


@pytest.mark.django_db
def test_an_approved_revision_is_found_at_once_and_its_predecessor_no_longer(
    client, editor, board_member
):
    article = published("Is the pangolin here?", "Pangolin text.", editor, board_member)
    assert result_titles(client.get("/search/", {"q": "pangolin"})) == ["Is the pangolin here?"]
    article_transition(article=article, action="revise", by=article.author)
    reference = article.references.first()
    article_update(
        article=article,
        by=article.author,
        title="Is the axolotl here?",
        sections=[
            ("From the Guidelines", f"Axolotl text [@{reference.key}]."),
            ("From the Research", ""),
        ],
    )
    article_transition(article=article, action="submit", by=article.author)
    assert result_titles(client.get("/search/", {"q": "axolotl"})) == []  # not approved yet
    article_transition(article=article, action="start_review", by=editor)
    invitees_review(article)
    article_transition(article=article, action="approve", by=board_member)
    assert result_titles(client.get("/search/", {"q": "axolotl"})) == ["Is the axolotl here?"]
    assert result_titles(client.get("/search/", {"q": "pangolin"})) == []


@pytest.mark.django_db
def test_the_search_query_uses_the_gin_index(editor, board_member):
    published("Is the index used?", "Indexed okapi text.", editor, board_member)
    sql, params = ranked_keys("okapi").query.sql_with_params()
    with connection.cursor() as cursor:
        # A tiny table would be scanned anyway: leave the planner bitmap scans only, which
        # need an index that answers the condition itself.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "articles_search_entry_gin" in plan, plan
    assert [hit.title for hit in hits(search("okapi"), "okapi")] == ["Is the index used?"]
    assert Article.objects.count() == 1


def plan_of(queryset) -> str:
    """EXPLAIN of ``queryset`` with the planner left bitmap scans only: a tiny table would be
    read whole anyway, and a bitmap scan needs an index that answers the condition itself."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_each_candidate_tier_reads_its_own_index_and_the_ranking_reads_entries_only(
    editor, board_member
):
    published("Is the tapir indexed?", "Tapir, tapir and tapir again.", editor, board_member)
    search_query = SearchQuery("tapir", search_type="websearch", config=CONFIG)
    indexes = [
        "articles_search_entry_title_gin",
        "articles_search_entry_repeated_gin",
        "articles_search_entry_gin",
    ]
    live = ArticleRevision.objects.get().pk
    for tier, index in zip(candidate_tiers(search_query), indexes, strict=True):
        plan = plan_of(tier)
        assert index in plan, plan
        assert "Limit" in plan, plan  # bounded: at most CANDIDATES keys
        assert list(tier) == [{"pk": Article.objects.get().pk}]
    plan = plan_of(ranked_keys("tapir"))
    assert all(index in plan for index in indexes), plan
    # Matching, ranking and ordering read the narrow entries: never a revision, never a join.
    assert "articles_articlerevision" not in plan and "articles_article " not in plan, plan
    assert list(ranked_keys("tapir")) == [live]


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_a_common_word_walks_the_newest_entries_and_stops(editor, board_member):
    for n in range(3):
        published(f"Is okapi question {n} here?", "Okapi text.", editor, board_member)
    search_query = SearchQuery("okapi", search_type="websearch", config=CONFIG)
    *_, any_match = candidate_tiers(search_query)
    sql, params = any_match.query.sql_with_params()
    with connection.cursor() as cursor:
        # What the planner does when most entries match: no bitmap, the newest first.
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_entry_newest_first" in plan and "Limit" in plan and "Sort" not in plan, plan


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_search_entries_are_exactly_the_live_revisions_of_published_articles(editor, board_member):
    from tests.articles.test_public_pages import HIDDEN_CASES

    def entries() -> set[int]:
        return set(SearchEntry.objects.values_list("revision_id", flat=True))

    def live() -> set[int]:
        return set(Article.objects.published().values_list("live_revision_id", flat=True))

    for state in HIDDEN_CASES:  # never published, or archived
        article_in_state(state, editor=editor, board=board_member)
    assert entries() == live()
    article = published("Is the dugong here?", "Dugong text.", editor, board_member)
    assert entries() == live() == {article.live_revision_id}
    entry = SearchEntry.objects.get()
    revision = article.live_revision
    assert (entry.article_id, entry.approved_at) == (article.pk, revision.approved_at)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.search_vector = r.search_vector, e.repeated_vector = r.repeated_vector,"
            " e.title_vector::text FROM articles_searchentry e"
            " JOIN articles_articlerevision r ON r.id = e.revision_id"
        )
        same_vector, same_repeated, title_lexemes = cursor.fetchone()
    assert same_vector and same_repeated
    assert "'dugong':" in title_lexemes and "text" not in title_lexemes  # the title's only

    # A revision in review: readers still see the approved one, and so does search.
    article_transition(article=article, action="revise", by=article.author)
    reference = article.references.first()
    article_update(
        article=article,
        by=article.author,
        title="Is the manatee here?",
        sections=[
            ("From the Guidelines", f"Manatee text [@{reference.key}]."),
            ("From the Research", ""),
        ],
    )
    article_transition(article=article, action="submit", by=article.author)
    article_transition(article=article, action="start_review", by=editor)
    assert entries() == live() == {revision.pk}
    invitees_review(article)
    article_transition(article=article, action="approve", by=board_member)
    article.refresh_from_db()
    assert article.live_revision_id != revision.pk
    assert entries() == live() == {article.live_revision_id}
    assert SearchEntry.objects.get().approved_at == article.live_revision.approved_at
    assert [hit.title for hit in hits(search("manatee"), "manatee")] == ["Is the manatee here?"]
    assert search("dugong") == []

    Article.objects.filter(pk=article.pk).update(status="archived")
    assert entries() == live() == set()
    Article.objects.filter(pk=article.pk).update(status="approved")
    assert entries() == live() == {article.live_revision_id}


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_the_admin_title_search_reads_the_trigram_indexes(rf, editor, board_member):
    published("Is the capybara searchable?", "Text.", editor, board_member)
    published("Unrelated question?", "Text.", editor, board_member)
    request = rf.get("/admin/articles/article/", {"q": "capyb"})
    request.user = editor
    model_admin = site._registry[Article]
    found, _ = model_admin.get_search_results(request, Article.objects.all(), "capyb")
    plan = plan_of(found)
    assert "articles_article_title_trgm" in plan and "articles_article_slug_trgm" in plan, plan
    assert [article.title for article in found] == ["Is the capybara searchable?"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == ("pg_trgm",)


@pytest.mark.django_db
def test_only_the_best_candidates_are_ranked_and_the_page_says_more_may_match(
    client, editor, board_member, monkeypatch
):
    monkeypatch.setattr(search_module, "CANDIDATES", 2)
    in_title = published("Is quetzal watching good for you?", "Birds.", editor, board_member)
    oldest_once = published("What about birds?", "A quetzal once.", editor, board_member)
    repeated = published(
        "What about feathers?", "Quetzal, quetzal, and one more quetzal.", editor, board_member
    )
    once = [
        published(f"What about question {n}?", f"A quetzal {n}.", editor, board_member)
        for n in range(2)
    ]
    response = client.get("/search/", {"q": "quetzal"})
    # The title's match first, then the text that repeats the word, then the newest two of
    # those that say it once (the last tier's CANDIDATES): the oldest of those is left out.
    titles = result_titles(response)
    assert titles[:2] == [in_title.title, repeated.title]
    assert sorted(titles[2:]) == sorted(article.title for article in once)
    assert oldest_once.title not in titles
    assert "At least 4 articles match “quetzal”" in visible_text(response)
    monkeypatch.setattr(search_module, "CANDIDATES", 200)
    published_state_changed()
    response = client.get("/search/", {"q": "quetzal"})
    assert len(result_titles(response)) == 5
    assert "5 articles match “quetzal”." in visible_text(response)
