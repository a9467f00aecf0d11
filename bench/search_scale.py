"""Benchmark: public search and the admin's title search at 1,000 and at 100,000 articles on
PostgreSQL, on a miss (every request renders), side by side.

Run by hand (never part of the suite); it prepares the databases as bench/scale.py does
(creates, migrates and fills each one that has fewer generated articles than asked):

    .venv/bin/python bench/search_scale.py \\
        postgres://postgres@127.0.0.1:5432/editorial_scale_1k=1000 \\
        postgres://postgres@127.0.0.1:5432/editorial_scale_100k=100000

Each database is vacuumed first, as autovacuum keeps a production database (it is off on this
machine): generate_articles updates every article it inserts (to point at its live revision),
and without a vacuum the 100,000 articles' table holds as many dead rows as live ones and its
trigram indexes a long pending list, which every search at 100,000 would read and not those at
1,000.

Public searches are requested with a session cookie, so the page cache never answers them
(what a reader waits for on a miss); the admin's as a signed-in editor. For each query it prints
how many live revisions (or articles, for the admin) match, the SQL queries and the median time
at both sizes. Target (issue 19): at 100,000 at most 2x the time at 1,000, a common word included.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale

PUBLIC = {
    'search "guidelines" (every article)': "guidelines",
    'search "care"': "care",
    'search "children"': "children",
    'search "kawasaki disease"': "kawasaki disease",
    'search "asthma adolescents"': "asthma adolescents",
}
ADMIN = {
    "admin ?q=asthma": "asthma",
    "admin ?q=children": "children",
    "admin ?q=kawas (part of a word)": "kawas",
}


def matches(query: str, admin: bool) -> int:
    from django.contrib.postgres.search import SearchQuery
    from django.db.models import Q

    from articles.models import Article
    from articles.search import CONFIG, live_revisions

    if admin:  # what the admin searches (ArticleAdmin.search_fields)
        return Article.objects.filter(Q(title__icontains=query) | Q(slug__icontains=query)).count()
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    return live_revisions().filter(search_vector=search_query).count()


def measure() -> dict:
    """In the child process: each search, its matches, queries and median time."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from editorial.models import User

    editor = User.objects.filter(groups__name="Editors", username__startswith="gen-").first()
    reader, staff = Client(), Client()
    reader.cookies["sessionid"] = "bench-miss"  # no page cache: every request renders
    staff.force_login(editor)
    pages = {name: (reader, f"/search/?q={q.replace(' ', '+')}", q) for name, q in PUBLIC.items()}
    pages |= {name: (staff, f"/admin/articles/article/?q={q}", q) for name, q in ADMIN.items()}
    results = {"articles": Article.objects.published().count()}
    for name, (client, url, query) in pages.items():
        scale.get(client, url)
        with CaptureQueriesContext(connection) as captured:
            scale.get(client, url)
        queries = len(captured)
        samples = []
        for _ in range(scale.SAMPLES):
            start = time.perf_counter()
            scale.get(client, url)
            samples.append((time.perf_counter() - start) * 1000)
        results[name] = {
            "queries": queries,
            "median_ms": statistics.median(samples),
            "matches": matches(query, admin=client is staff),
        }
    return results


def vacuum(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")


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
        scale.prepare(url, int(count))
        vacuum(url)
        databases.append(url)
    # Interleaved rounds (1,000, 100,000, 1,000, ...): a change of the machine's load favours
    # neither; the median over the rounds' medians is printed.
    rounds: list[list[dict]] = [[] for _ in databases]
    for _ in range(scale.ROUNDS):
        for runs, url in zip(rounds, databases, strict=True):
            child = subprocess.run(
                [sys.executable, __file__, "--measure"],
                cwd=scale.ROOT,
                env=scale.environment(url),
                capture_output=True,
                text=True,
            )
            if child.returncode:
                sys.exit(f"Measuring {url} failed:\n{child.stderr}")
            runs.append(json.loads(child.stdout.strip().splitlines()[-1]))
    small, large = (scale.combined(runs) for runs in (rounds[0], rounds[-1]))
    for name in small:
        if name != "articles":
            small[name]["matches"] = rounds[0][0][name]["matches"]
            large[name]["matches"] = rounds[-1][0][name]["matches"]
    print(f"{scale.ROUNDS} interleaved rounds of {scale.SAMPLES} requests per search (a miss):")
    print(
        f"{'search':<38} {'matches':>17} {'queries':>15} {'median ms':>21} {'ratio':>7}\n"
        f"{'':<38} {small['articles']:>8,} {large['articles']:>8,} "
        f"{small['articles']:>7,} {large['articles']:>7,} "
        f"{small['articles']:>10,} {large['articles']:>10,}"
    )
    worst = 0.0
    for name in small:
        if name == "articles":
            continue
        a, b = small[name], large[name]
        ratio = b["median_ms"] / a["median_ms"]
        worst = max(worst, ratio)
        flag = "" if ratio <= 2 else "  <-- over 2x"
        print(
            f"{name:<38} {a['matches']:>8,} {b['matches']:>8,} {a['queries']:>7} "
            f"{b['queries']:>7} {a['median_ms']:>10.1f} {b['median_ms']:>10.1f} "
            f"{ratio:>6.2f}x{flag}"
        )
    print(f"\nLargest ratio: {worst:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main()
