"""The admin's paginator: exact counts up to EXACT_UP_TO rows, PostgreSQL's estimate past that."""

import pytest
from django.db import connection

from articles.models import Article
from editorial import paginators
from editorial.paginators import EstimatedCountPaginator
from tests.factories import ArticleFactory


@pytest.mark.django_db
def test_counts_are_exact_up_to_the_limit_and_estimated_past_it(monkeypatch):
    for _ in range(5):
        ArticleFactory(content=False)
    assert EstimatedCountPaginator(Article.objects.all(), 2).count == 5
    assert EstimatedCountPaginator(Article.objects.filter(pk=-1), 2).count == 0
    monkeypatch.setattr(paginators, "EXACT_UP_TO", 3)
    count = EstimatedCountPaginator(Article.objects.all(), 2).count
    if connection.vendor == "postgresql":
        assert count >= 4  # the planner's estimate, never below what was counted
    else:
        assert count == 5


@pytest.mark.django_db
def test_the_admin_list_pages_with_it(admin_client, monkeypatch):
    for _ in range(5):
        ArticleFactory(content=False)
    monkeypatch.setattr(paginators, "EXACT_UP_TO", 3)
    response = admin_client.get("/admin/articles/article/")
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 4
