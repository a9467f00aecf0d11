"""Benchmark: the public pages, the admin's article list and /write/ at 1,000 and at 100,000
articles on PostgreSQL: SQL queries and median time to render (the page cache bypassed, so
every request renders: what a reader waits for when a page is not in the cache).

Run by hand (never part of the suite); it creates, migrates and fills each database if it has
fewer generated articles than asked (generate_articles: about 15 minutes for 100,000 here):

    .venv/bin/python bench/scale.py postgres://postgres@127.0.0.1:5432/editorial_scale_1k=1000 \\
        postgres://postgres@127.0.0.1:5432/editorial_scale_100k=100000

Target (issue 10): a fixed number of queries, and a median at 100,000 at most 2x the one at
1,000, for every page below.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLES = int(os.environ.get("BENCH_SAMPLES", "9"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def environment(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE="editorial.settings",
        DATABASE_URL=url,
        DEBUG="0",
        API_RATE_LIMIT="1000000000",  # every page is requested SAMPLES times a round
        SECRET_KEY="bench-" + "x" * 50,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="ERROR",
        # The generated editors have no second factor: without this the admin's pages would
        # send them to /accounts/2fa/ (what is timed is the page, not the sign-in).
        EDITORIAL_REQUIRE_MFA="0",
    )
    return env


def prepare(url: str, count: int) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    env = environment(url)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    with psycopg.connect(url) as connection:
        have = connection.execute(
            "SELECT count(*) FROM articles_article a JOIN editorial_user u ON u.id = a.author_id"
            " WHERE u.username LIKE 'gen-%%' OR u.username = 'prolific'"
        ).fetchone()[0]
    if have < count:
        print(f"Generating {count - have:,} articles in {name}…", flush=True)
        subprocess.run(
            [*manage, "generate_articles", "--count", str(count - have), "--yes",
             "--prolific", "500" if have == 0 else "0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip


def get(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def measure() -> dict:
    """In the child process: every page, its queries and its median render time."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article, Topic
    from editorial import caching
    from editorial.models import BoardMember, User

    # Every request renders (the page cache never finds a page), as after each approval; what
    # pages share per published state (the counts, the topics) stays, as between approvals.
    caching._lookup = lambda key: (caching.current_sequence(), None)

    article = Article.objects.published().order_by("-pk").first()
    topic = Topic.objects.filter(articles=article).first()
    reviewer = BoardMember.objects.order_by("pk").first()
    editor = User.objects.filter(groups__name="Editors", username__startswith="gen-").first()
    author = User.objects.get(username="prolific")
    second_page = Client().get("/api/v1/articles/").json()["next_cursor"]
    since = "2000-01-01T00:00:00Z"
    pages = {
        "article": (None, article.get_absolute_url()),
        "home": (None, "/"),
        "home, page 50": (None, "/?page=50"),
        "topic": (None, topic.get_absolute_url()),
        "search": (None, "/search/?q=kawasaki+disease"),
        "board": (None, "/board/"),
        "feed": (None, "/feed/"),
        "sitemap.xml": (None, "/sitemap.xml"),
        "admin article list": (editor, "/admin/articles/article/"),
        "admin, status filter": (editor, "/admin/articles/article/?status__exact=approved"),
        "admin, reviewer filter": (editor, f"/admin/articles/article/?reviewer={reviewer.pk}"),
        "admin, overdue filter": (editor, "/admin/articles/article/?review=overdue"),
        "admin, re-review filter": (editor, "/admin/articles/article/?review=rereview"),
        "admin, search (no target)": (editor, "/admin/articles/article/?q=asthma"),
        "/write/ (500 articles)": (author, "/write/"),
        # The read API's lists (issue 23).
        "api articles": (None, "/api/v1/articles/"),
        "api articles, page 2": (None, f"/api/v1/articles/?cursor={second_page}"),
        "api articles of a topic": (None, f"/api/v1/articles/?topic={topic.slug}"),
        "api articles updated since": (None, f"/api/v1/articles/?updated_since={since}"),
        "api topics": (None, "/api/v1/topics/"),
        "api board": (None, "/api/v1/board/"),
        "api search": (None, "/api/v1/search/?q=kawasaki+disease"),
    }
    results = {"articles": Article.objects.published().count()}
    for name, (user, url) in pages.items():
        client = Client()
        if user is not None:
            client.force_login(user)

        get(client, url)
        with CaptureQueriesContext(connection) as captured:
            get(client, url)
        queries = len(captured)  # before the next request empties the log
        samples = []
        for _ in range(SAMPLES):
            start = time.perf_counter()
            get(client, url)
            samples.append((time.perf_counter() - start) * 1000)
        results[name] = {"queries": queries, "median_ms": statistics.median(samples)}
    return results


def combined(runs: list[dict]) -> dict:
    result = {"articles": runs[0]["articles"]}
    for name in runs[0]:
        if name != "articles":
            result[name] = {
                "queries": max(run[name]["queries"] for run in runs),
                "median_ms": statistics.median(run[name]["median_ms"] for run in runs),
            }
    return result


def main() -> None:
    if len(sys.argv) == 2 and sys.argv[1] == "--measure":
        print(json.dumps(measure()))
        return
    databases = []
    for argument in sys.argv[1:] or [
        "postgres://postgres@127.0.0.1:5432/editorial_scale_1k=1000",
        "postgres://postgres@127.0.0.1:5432/editorial_scale_100k=100000",
    ]:
        url, count = argument.rsplit("=", 1)
        prepare(url, int(count))
        databases.append(url)
    # Interleaved rounds (1,000, 100,000, 1,000, ...): a change of the machine's load favours
    # neither; each page's median over the rounds' medians is printed.
    rounds: list[list[dict]] = [[] for _ in databases]
    for _ in range(ROUNDS):
        for runs, url in zip(rounds, databases, strict=True):
            out = subprocess.run(
                [sys.executable, __file__, "--measure"],
                cwd=ROOT,
                env=environment(url),
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))
    small, large = (combined(runs) for runs in (rounds[0], rounds[-1]))
    print(f"{ROUNDS} interleaved rounds of {SAMPLES} requests per page:")
    print(
        f"{'page':<26} {'queries':>15} {'median ms':>21} {'ratio':>7}\n"
        f"{'':<26} {small['articles']:>7,} {large['articles']:>7,} "
        f"{small['articles']:>10,} {large['articles']:>10,}"
    )
    worst = 0.0
    for name in small:
        if name == "articles":
            continue
        a, b = small[name], large[name]
        ratio = b["median_ms"] / a["median_ms"]
        if "no target" not in name:  # the admin's substring search reads every title
            worst = max(worst, ratio)
        flag = "" if ratio <= 2 and a["queries"] == b["queries"] else "  <-- over 2x"
        print(
            f"{name:<26} {a['queries']:>7} {b['queries']:>7} {a['median_ms']:>10.1f} "
            f"{b['median_ms']:>10.1f} {ratio:>6.2f}x{flag}"
        )
    print(f"\nLargest ratio: {worst:.2f}x (target <= 2x, same query count)")


if __name__ == "__main__":
    main()
