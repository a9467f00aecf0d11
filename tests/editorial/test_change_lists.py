"""The admin's article list (editorial/change_lists.py, articles/admin.py): each row's link and
icon built once for the page, the same links and icons Django builds, the list's filters carried
to the change page and back; its search finds a question or slug by any part of it, on SQLite and
on PostgreSQL (where trigram indexes answer it); who may not read it is refused."""

from __future__ import annotations

import pytest
from django.contrib.admin import site
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_value
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory, article_in_state
from tests.html import Node, parse


def row_links(response) -> list[str]:
    return [
        th.find_all("a")[0].attrs["href"]
        for th in parse(response).find_all("th", **{"class": "field-title"})
    ]


@pytest.mark.django_db
def test_each_row_links_to_its_change_page_with_the_lists_filters(client, editor, board_member):
    article = article_in_state("approved", editor=editor, board=board_member, title="Is it here?")
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    change = reverse("admin:articles_article_change", args=[article.pk])

    response = client.get(url, {"q": "here", "status__exact": "approved"})
    assert response.status_code == 200
    filters = response.context["cl"].row_filters
    assert filters == "_changelist_filters=q%3Dhere%26status__exact%3Dapproved"
    # What Django's own tag gives (it resolves the link to learn it is not the list itself).
    django_link = add_preserved_filters(
        {"preserved_filters": filters, "opts": Article._meta}, change
    )
    assert row_links(response) == [django_link] == [f"{change}?{filters}"]
    assert client.get(django_link).status_code == 200

    response = client.get(url)  # no filter: a bare link
    assert row_links(response) == [change]


@pytest.mark.django_db
def test_the_list_stays_closed_to_who_may_not_read_it(client, author, editor, board_member):
    article_in_state("approved", editor=editor, board=board_member)
    url = reverse("admin:articles_article_changelist")
    assert client.get(url, {"q": "a"}).status_code == 302  # anonymous: to the sign-in
    client.force_login(author)
    response = client.get(url, {"q": "a"})
    assert response.status_code in (302, 403)
    assert "field-title" not in response.content.decode()


def rows(response) -> dict[str, Node]:
    """The list's rows by their title (none: the list shows no table)."""
    return {
        row.find("th", **{"class": "field-title"}).text(): row
        for table in parse(response).find_all("table", id="result_list")
        for row in table.find("tbody").find_all("tr")
    }


def icon(row: Node) -> dict:
    return row.find("td", **{"class": "field-is_published"}).find("img").attrs


@pytest.mark.django_db
def test_each_row_says_whether_readers_see_it_with_the_admins_own_icons(
    client, editor, board_member
):
    article_in_state("approved", editor=editor, board=board_member, title="Is it out?")
    article_in_state("submitted", title="Is it in?")
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_changelist"))
    # What @admin.display(boolean=True) shows, built once a value instead of once a row.
    django = {
        value: parse(HttpResponse(display_for_value(value, "", boolean=True))).find("img").attrs
        for value in (True, False)
    }
    assert {title: icon(row) for title, row in rows(response).items()} == {
        "Is it out?": django[True],
        "Is it in?": django[False],
    }
    assert django[True]["src"].endswith(".svg") and "icon-yes" in django[True]["src"]
    assert django[False]["alt"] == "False"


@pytest.mark.django_db
def test_the_search_finds_articles_by_part_of_their_question_or_slug(client, editor):
    for title, slug in [
        ("Does Kawasaki disease recur in adults?", "kawasaki-recurrence"),
        ("Is asthma in adolescents underdiagnosed?", "asthma-adolescents"),
        ("What helps colic?", "infant-crying-kawasaki-mimics"),
    ]:
        ArticleFactory(title=title, slug=slug, content=False)
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")

    def found(q: str) -> set[str]:
        response = client.get(url, {"q": q})
        assert response.status_code == 200
        return set(rows(response))

    assert found("KAWAS") == {"Does Kawasaki disease recur in adults?", "What helps colic?"}
    assert found("adolescent") == {"Is asthma in adolescents underdiagnosed?"}
    assert found("underdiag") == {"Is asthma in adolescents underdiagnosed?"}
    assert found("croup") == set()
    assert "0 articles" in client.get(url, {"q": "croup"}).content.decode()


@pytest.mark.django_db
def test_a_searched_list_runs_the_same_queries_at_any_number_of_matches(
    client, editor, monkeypatch
):
    monkeypatch.setattr(site._registry[Article], "list_per_page", 5)  # several pages
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    pages = [{"q": "asthma"}, {"q": "asthma", "p": 2}, {"q": "ASTH", "p": 3}, {}]

    def queries() -> list[int]:
        counted = []
        for params in pages:
            client.get(url, params)  # the session's activity recorded (editorial.sessions)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, params)
            assert response.status_code == 200
            assert len(rows(response)) == 5
            counted.append(len(captured))
        return counted

    def add(number: int) -> None:
        for _ in range(number):
            n = Article.objects.count()
            ArticleFactory(title=f"Is asthma {n} treatable?", content=False)
            ArticleFactory(title=f"What helps croup {n}?", content=False)

    add(15)
    small = queries()
    assert client.get(url, {"q": "asthma"}).context["cl"].result_count == 15
    add(30)
    assert queries() == small
    response = client.get(url, {"q": "asthma", "p": 9})  # the last page, exactly counted
    assert response.context["cl"].result_count == 45
    assert set(rows(response)) == {
        article.title
        for article in Article.objects.filter(title__contains="asthma").order_by(
            "-updated_at", "-pk"
        )[40:45]
    }
