"""Benchmark: the read API's lists in one language (issue 24 on the API: ``?language=``, the
language fields) at 1,000 and at 100,000 articles on PostgreSQL: SQL queries and median time to
render, the page cache bypassed, as bench/scale.py measures the other pages.

Each database gets TRANSLATIONS published Spanish translations of its newest originals first
(made directly in the tables, as generate_articles makes its articles: a copy of the original's
live revision, approved; the search entries are kept by the database), so that the Spanish lists
have something to list and the English ones have translations to name. Run by hand:

    .venv/bin/python bench/api_languages.py \\
        postgres://postgres@127.0.0.1:5432/editorial_scale_1k=1000 \\
        postgres://postgres@127.0.0.1:5432/editorial_scale_100k=100000

Target: the same query count in both, and a median at 100,000 at most 2x the one at 1,000.
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
sys.path.insert(0, str(ROOT / "bench"))

from scale import ROUNDS, SAMPLES, combined, environment, get, prepare  # noqa: E402

TRANSLATIONS = int(os.environ.get("BENCH_TRANSLATIONS", "40"))


def translations_made(count: int) -> None:
    """In the child: ``count`` published Spanish translations of the newest originals."""
    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article, ArticleRevision
    from editorial.workflow import ReviewState

    have = Article.objects.published().filter(language="es").count()
    originals = (
        Article.objects.published()
        .originals()
        .filter(translations__isnull=True)
        .select_related("live_revision")
        .order_by("-live_revision__approved_at")[: max(0, count - have)]
    )
    with transaction.atomic():
        for original in originals:
            live = original.live_revision
            translation = Article.objects.create(
                title=f"[es] {live.title}",
                slug=f"{original.slug}-es",
                author=original.author,
                language="es",
                translation_of=original,
                source_revision=live,
            )
            revision = ArticleRevision.objects.create(
                article=translation,
                number=1,
                title=translation.title,
                sections=[
                    {"heading": f"[es] {s['heading']}", "body": f"[es] {s['body']}"}
                    for s in live.sections
                ],
                references=live.references,
                source_revision=live,
                created_by=original.author,
                approved_at=timezone.now(),
                approved_by=live.approved_by,
            )
            Article.objects.filter(pk=translation.pk).update(
                live_revision=revision, status=ReviewState.APPROVED
            )


def measure() -> dict:
    """In the child process: every list, its queries and its median render time."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article, Topic
    from editorial import caching

    translations_made(TRANSLATIONS)
    caching._lookup = lambda key: (caching.current_sequence(), None)  # every request renders

    translated = Article.objects.published().filter(language="es").order_by("-pk").first()
    topic = Topic.objects.filter(articles=translated.translation_of_id).first()
    second = Client().get("/api/v1/articles/?language=es&page_size=5").json()["next_cursor"]
    since = "2000-01-01T00:00:00Z"
    pages = {
        "articles (en)": "/api/v1/articles/",
        "articles in Spanish": "/api/v1/articles/?language=es",
        "in Spanish, page 2": f"/api/v1/articles/?language=es&page_size=5&cursor={second}",
        "topic (en)": f"/api/v1/articles/?topic={topic.slug}",
        "topic in Spanish": f"/api/v1/articles/?topic={topic.slug}&language=es",
        "since, in Spanish": f"/api/v1/articles/?updated_since={since}&language=es",
        "search (en)": "/api/v1/search/?q=kawasaki+disease",
        "search in Spanish": "/api/v1/search/?q=kawasaki&language=es",
    }
    results = {"articles": Article.objects.published().count()}
    for name, url in pages.items():
        client = Client()
        get(client, url)
        with CaptureQueriesContext(connection) as captured:
            get(client, url)
        queries = len(captured)
        samples = []
        for _ in range(SAMPLES):
            start = time.perf_counter()
            get(client, url)
            samples.append((time.perf_counter() - start) * 1000)
        results[name] = {"queries": queries, "median_ms": statistics.median(samples)}
    return results


def main() -> None:
    if len(sys.argv) == 2 and sys.argv[1] == "--measure":
        print(json.dumps(measure()))
        return
    databases = []
    for argument in sys.argv[1:]:
        url, count = argument.rsplit("=", 1)
        prepare(url, int(count))
        databases.append(url)
    rounds: list[list[dict]] = [[] for _ in databases]
    for _ in range(ROUNDS):  # interleaved: a change of the machine's load favours neither
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
    print(f"{ROUNDS} interleaved rounds of {SAMPLES} requests per list, {TRANSLATIONS} in Spanish:")
    print(
        f"{'list':<22} {'queries':>15} {'median ms':>21} {'ratio':>7}\n"
        f"{'':<22} {small['articles']:>7,} {large['articles']:>7,} "
        f"{small['articles']:>10,} {large['articles']:>10,}"
    )
    for name in small:
        if name == "articles":
            continue
        a, b = small[name], large[name]
        ratio = b["median_ms"] / a["median_ms"]
        flag = "" if ratio <= 2 and a["queries"] == b["queries"] else "  <-- over 2x"
        print(
            f"{name:<22} {a['queries']:>7} {b['queries']:>7} {a['median_ms']:>10.1f} "
            f"{b['median_ms']:>10.1f} {ratio:>6.2f}x{flag}"
        )


if __name__ == "__main__":
    main()
