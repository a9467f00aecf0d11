"""Issue 15: the board's numbers, an admin page for editors: turnaround per stage, decisions,
approvals per month, open and overdue reviews per member, articles due for re-review; drawn as
SVG charts, each with its table and a CSV download."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from articles.numbers import board_numbers
from editorial.models import BoardMember
from editorial.reviews import invitations_create
from editorial.workflow import article_transition
from tests.factories import (
    ArticleFactory,
    article_in_state,
    author_user,
    board_reviews,
    board_user,
    editor_user,
)

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 15)
URL = "/admin/articles/article/numbers/"


def at(day: date, hour: int = 9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=UTC), tick=False)


def reviewed_and_approved(editor, *, submitted: date, started: date, decided: date):
    article = ArticleFactory()
    with at(submitted):
        article_transition(article=article, action="submit", by=article.author)
    with at(started):
        article_transition(article=article, action="start_review", by=editor)
        board_reviews(article, editor=editor)
    with at(decided):
        article_transition(article=article, action="approve", by=editor)
    return article


def staff(user):
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def figure(figures, slug):
    return next(figure for figure in figures if figure.slug == slug)


@pytest.fixture
def story(editor):
    # Two reviews: 2 and 4 days waiting, 8 and 10 days in review.
    reviewed_and_approved(
        editor, submitted=date(2025, 4, 1), started=date(2025, 4, 3), decided=date(2025, 4, 11)
    )
    reviewed_and_approved(
        editor, submitted=date(2025, 5, 1), started=date(2025, 5, 5), decided=date(2025, 5, 15)
    )
    busy = board_user()
    with at(date(2025, 6, 1)):
        for due in (date(2025, 6, 10), date(2025, 6, 30)):  # one overdue on TODAY, one not
            article = article_in_state("under_review", editor=editor)
            invitations_create(
                article=article, reviewers=[busy.board_member], by=editor, due_date=due
            )
    return busy


def test_the_figures_are_computed_from_the_record(story):
    with at(TODAY):
        figures = board_numbers(months=12)

    turnaround = figure(figures, "turnaround").rows
    assert turnaround == [
        ["Submitted → review started", 2, 3.0, 4.0],
        ["Review started → decision", 2, 9.0, 10.0],
        ["Submitted → decision", 2, 12.0, 14.0],
    ]
    approvals = dict(figure(figures, "approvals").rows)
    assert approvals["2025-04"] == 1 and approvals["2025-05"] == 1 and approvals["2025-06"] == 0
    assert len(approvals) == 12
    workload = {row[0]: row[1:3] for row in figure(figures, "workload").rows}
    assert workload[story.board_member.display_name] == [2, 1]
    rereviews = dict(figure(figures, "rereviews").rows)
    assert rereviews["overdue now"] == 0
    assert rereviews["2026-04"] == 1 and rereviews["2026-05"] == 1  # 12 months after approval
    decisions = dict(figure(figures, "decisions").rows)
    assert decisions == {"Approved": 2, "Changes requested": 0, "Rejected": 0}


def test_an_editor_sees_charts_tables_and_csv(story):
    client = staff(editor_user())
    with at(TODAY):
        page = client.get(URL, {"months": "6"})
        download = client.get(URL, {"months": "6", "download": "approvals"})

    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('<svg class="chart__svg"') == 4  # every figure but decisions is drawn
    assert '<title id="approvals-title">Approvals per month</title>' in html
    members = BoardMember.objects.filter(active=True).count()
    # stages, months, members, and "overdue" with the next six months
    assert len(re.findall(r'<rect class="chart__bar"', html)) == 3 + 6 + members + 7
    assert "Submitted → decision" in html
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == ["month", "approvals"]
    assert rows[1:] == [
        ["2025-01", "0"],
        ["2025-02", "0"],
        ["2025-03", "0"],
        ["2025-04", "1"],
        ["2025-05", "1"],
        ["2025-06", "0"],
    ]


@pytest.mark.parametrize("months", ["0", "-3", "x", "9999", ""])
def test_a_bad_period_falls_back_or_is_clamped(months):
    with at(TODAY):
        page = staff(editor_user()).get(URL, {"months": months})
    assert page.status_code == 200
    assert page.context["months"] in {1, 12, 60}


def test_an_unknown_figure_is_404():
    assert staff(editor_user()).get(URL, {"download": "salaries"}).status_code == 404


@pytest.mark.parametrize("who", ["board_member", "author"])
def test_only_editors_see_the_numbers(who):
    user = board_user() if who == "board_member" else author_user()
    client = staff(user)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"download": "workload"}).status_code == 403


def test_the_anonymous_reader_is_sent_to_the_admin_login():
    response = Client().get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_article_list_links_editors_to_the_numbers(editor):
    editor_page = staff(editor).get(reverse("admin:articles_article_changelist"))
    board_page = staff(board_user()).get(reverse("admin:articles_article_changelist"))
    assert URL in editor_page.content.decode()
    assert URL not in board_page.content.decode()


@pytest.mark.parametrize("articles", [1, 6])
def test_the_page_reads_a_fixed_number_of_queries(articles, django_assert_max_num_queries):
    editor = editor_user()
    for day in range(articles):
        start = date(2025, 1, 1) + timedelta(days=day * 7)
        reviewed_and_approved(
            editor, submitted=start, started=start + timedelta(1), decided=start + timedelta(3)
        )
    client = staff(editor)
    with at(TODAY), django_assert_max_num_queries(14):
        assert client.get(URL).status_code == 200
