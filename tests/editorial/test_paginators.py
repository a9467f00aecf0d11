"""The admin's paginator: the list's keys read once, exact counts up to EXACT_UP_TO rows,
PostgreSQL's estimate past that, a page among the keys read by its keys."""

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
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


def titles(page) -> list[str]:
    return [article.title for article in page.object_list]


@pytest.mark.django_db
def test_a_page_is_read_by_the_keys_that_counted_it_with_the_same_rows_as_django(
    monkeypatch, django_assert_num_queries
):
    for _ in range(7):
        ArticleFactory(content=False)
    articles = Article.objects.order_by("-updated_at", "-pk")
    django = Paginator(articles, 2, orphans=1)
    ours = EstimatedCountPaginator(articles, 2, orphans=1)
    # The keys and the count in one query (with the planner's estimate on PostgreSQL, read
    # whatever the count), each page in one more.
    assert django.count == 7
    with django_assert_num_queries(2 if connection.vendor == "postgresql" else 1):
        assert ours.count == 7
    for number in django.page_range:
        expected = titles(django.page(number))
        with django_assert_num_queries(1):
            assert titles(ours.page(number)) == expected
    assert ours.num_pages == django.num_pages == 3
    assert "IN" in str(ours.page(2).object_list.query)  # by its keys, not by OFFSET

    # Past the keys read (the 4 first rows, for an exact count up to 3), pages are sliced.
    monkeypatch.setattr(paginators, "EXACT_UP_TO", 3)
    ours = EstimatedCountPaginator(articles, 2)
    assert len(ours.keys) == 4 and ours.count >= 4
    assert titles(ours.page(2)) == titles(Paginator(articles, 2).page(2))
    assert "IN" not in str(ours.page(3).object_list.query)
    assert titles(ours.page(3)) == titles(Paginator(articles, 2).page(3))


@pytest.mark.django_db
def test_a_page_number_out_of_range_is_refused_as_djangos_is():
    ArticleFactory(content=False)
    paginator = EstimatedCountPaginator(Article.objects.order_by("-pk"), 2)
    with pytest.raises(EmptyPage):
        paginator.page(2)
    with pytest.raises(PageNotAnInteger):
        paginator.page("two")
