"""Issue 15: the board's numbers, an admin page for editors: turnaround per stage, decisions,
approvals per month, open and overdue reviews per member, articles due for re-review; drawn as
charts, each with its table and a CSV download. Issue 21: the charts read on a phone (full
labels, thinned month labels, whole-number ticks for counts, text at the page's size)."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from articles import charts
from articles.numbers import board_numbers
from editorial import metrics
from editorial.models import BoardMember
from editorial.reviews import invitations_create
from editorial.workflow import article_transition
from tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    WIDTHS,
    axe_problems,
    need_chromium,
    session_cookie,
)
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
    assert html.count('<div class="chart__plot" role="img"') == 4  # all but decisions drawn
    assert '<figcaption id="approvals-caption">Approvals per month:' in html
    members = BoardMember.objects.filter(active=True).count()
    # stages, months, members, and the next six months (overdue is said beside the chart)
    assert len(re.findall(r'<span class="chart__bar"', html)) == 3 + 6 + members + 6
    assert '<p class="chart__note">Overdue now: 0</p>' in html
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
    # 15: the staff idle timeout records the first request of the session (editorial.sessions)
    with at(TODAY), django_assert_max_num_queries(15):
        assert client.get(URL).status_code == 200


# --------------------------------------------------------------------------------------------
# The charts' geometry (articles/charts.py)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (2, [0, 1, 2]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (17, [0, 5, 10, 15, 20]),
        (230, [0, 50, 100, 150, 200, 250]),
    ],
)
def test_counts_get_whole_number_ticks(maximum, ticks):
    chart = charts.bar_chart("Counts", [("a", maximum), ("b", 0)])
    assert [tick.value for tick in chart.ticks] == ticks
    assert chart.ticks[0].share == 0 and chart.ticks[-1].share == 100
    assert chart.bars[0].share == pytest.approx(100 * maximum / ticks[-1])


def test_days_may_get_fractional_ticks_and_bars_keep_their_labels_whole():
    long = "Invitation accepted → review submitted, by the slowest member"
    chart = charts.bar_chart("Days", [(long, 0.8), ("b", 0.3)], whole=False)
    assert [tick.value for tick in chart.ticks] == [0, 0.2, 0.4, 0.6, 0.8]
    assert chart.bars[0].label == long  # never cut: the row wraps instead


@pytest.mark.parametrize(
    ("months", "wide_shown", "narrow_shown"),
    [(6, 6, 6), (12, 12, 6), (24, 12, 6), (60, 15, 5)],
)
def test_month_labels_are_thinned_to_what_each_screen_has_room_for(
    months, wide_shown, narrow_shown
):
    firsts = metrics.months_back(date(2025, 6, 15), months)
    chart = charts.month_chart("Approvals", [(first, 1) for first in firsts])
    wide = [column for column in chart.columns if column.wide]
    narrow = [column for column in chart.columns if column.narrow]
    assert (len(wide), len(narrow)) == (wide_shown, narrow_shown)
    assert len(wide) <= charts.WIDE_LABELS and len(narrow) <= charts.NARROW_LABELS
    # every label shown says its month; the first of each year shown also says the year
    assert chart.columns[0].wide_year == f"{firsts[0]:%Y}" == chart.columns[0].narrow_year
    years = [column.wide_year for column in wide if column.wide_year]
    assert years == sorted(
        {f"{first:%Y}" for first, column in zip(firsts, chart.columns, strict=True) if column.wide}
    )
    assert all(
        column.full == f"{first:%b %Y}" for first, column in zip(firsts, chart.columns, strict=True)
    )


# --------------------------------------------------------------------------------------------
# In a browser: readable at a phone's width and a desktop's
# --------------------------------------------------------------------------------------------

LABELS_SCRIPT = """() => [...document.querySelectorAll('.chart__label, .chart__tick')]
  .filter(e => e.textContent.trim() && getComputedStyle(e).visibility !== 'hidden'
               && e.getClientRects().length)
  .map(e => {
    const r = e.getBoundingClientRect();
    return {chart: e.closest('figure').querySelector('figcaption').id, text: e.textContent.trim(),
            size: parseFloat(getComputedStyle(e).fontSize),
            left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  })"""


def overlaps(labels: list[dict]) -> list[str]:
    found = []
    for index, one in enumerate(labels):
        for other in labels[index + 1 :]:
            if one["chart"] != other["chart"]:
                continue
            apart = (
                one["right"] <= other["left"]
                or other["right"] <= one["left"]
                or one["bottom"] <= other["top"]
                or other["bottom"] <= one["top"]
            )
            if not apart:
                found.append(f"{one['chart']}: {one['text']!r} overlaps {other['text']!r}")
    return found


@pytest.mark.slow  # Chromium
@pytest.mark.django_db(transaction=True)
def test_the_numbers_page_reads_on_a_phone_and_a_desktop(live_server, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the ORM beside Playwright's loop
    sync_api = need_chromium()
    editor = editor_user()
    reviewed_and_approved(
        editor, submitted=date(2025, 4, 1), started=date(2025, 4, 3), decided=date(2025, 4, 11)
    )
    editor.is_staff = True
    editor.save()
    problems = []
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width in WIDTHS:
                context = chromium.new_context(
                    viewport={"width": width, "height": 800}, bypass_csp=True
                )
                context.add_cookies([session_cookie(editor, live_server.url)])
                page = context.new_page()
                for months in (6, 24, 60):
                    page.goto(f"{live_server.url}{URL}?months={months}")
                    name = f"{months} months"
                    problems += axe_problems(page, name)
                    labels = page.evaluate(LABELS_SCRIPT)
                    assert labels, name
                    problems += [
                        f"{name}@{width}: {label['text']!r} is {label['size']}px"
                        for label in labels
                        if label["size"] < 12
                    ]
                    problems += [f"{name}@{width}: {o}" for o in overlaps(labels)]
                    shown = {label["text"] for label in labels}
                    assert "Submitted → decision" in shown, name  # a stage's full name
                context.close()
        finally:
            chromium.close()
    assert not problems, "\n".join(problems)
