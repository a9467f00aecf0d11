"""Search reads an index on PostgreSQL: every revision's stored search vector, GIN-indexed, filled
by the database when the revision is taken (migration 0005); never a scan of the texts."""

from __future__ import annotations

import pytest
from django.db import connection

from articles.models import Article, ArticleRevision
from articles.search import hits, search
from articles.services import article_update
from editorial.workflow import article_transition
from tests.articles.test_public_search import published, result_titles
from tests.factories import invitees_review

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the stored search vector and its GIN index exist there only "
    "(SQLite keeps the search's fallback, tested in test_public_search.py)",
)


@pytest.mark.django_db
def test_every_revision_gets_its_vector_from_the_database(editor, board_member):
    published("Is the vector stored?", "Stored quokka vectors.", editor, board_member)
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
    sql, params = search("okapi").query.sql_with_params()
    with connection.cursor() as cursor:
        # A tiny table would be scanned anyway: leave the planner bitmap scans only, which
        # need an index that answers the condition itself.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "articles_revision_search_gin" in plan, plan
    assert [hit.title for hit in hits(search("okapi"), "okapi")] == ["Is the index used?"]
    assert Article.objects.count() == 1
