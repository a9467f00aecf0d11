"""The admin's change list builds each row's link without resolving it (editorial/change_lists.py):
the same links Django builds, the list's filters carried to the change page and back."""

from __future__ import annotations

import pytest
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.urls import reverse

from articles.models import Article
from tests.factories import article_in_state
from tests.html import parse


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
