"""Benchmark: how fast the public article page renders, by number of references.

Run by hand (not part of the suite):  .venv/bin/python bench/article_page.py
It builds a throw-away SQLite database in a temporary folder, publishes articles with 5, 50 and
200 cited references through the real workflow, and prints queries and timings per request.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "editorial.settings")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
)

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    from tests.factories import ReferenceFactory, article_in_state

    client = Client()
    print(f"{'references':>10} {'queries':>8} {'median ms':>10} {'p95 ms':>8}")
    for count in (5, 50, 200):
        article = article_in_state("draft")
        section = article.sections.first()
        refs = [ReferenceFactory() for _ in range(count)]
        article.references.add(*refs)
        section.body += " " + " ".join(f"Claim {n} [@{ref.key}]." for n, ref in enumerate(refs))
        section.save()
        from editorial.workflow import article_transition
        from tests.factories import board_reviews, board_user, editor_user

        editor, board = editor_user(), board_user()
        for action, by in (("submit", article.author), ("start_review", editor)):
            article = article_transition(article=article, action=action, by=by).article
        board_reviews(article, editor=editor)
        article = article_transition(article=article, action="approve", by=board).article
        url = article.get_absolute_url()
        connection.queries_log.clear()  # a full log (9,000 entries) would hide new queries
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        samples = []
        for _ in range(50):
            start = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        print(
            f"{count:>10} {len(queries):>8} {statistics.median(samples):>10.1f} "
            f"{samples[int(len(samples) * 0.95) - 1]:>8.1f}"
        )


if __name__ == "__main__":
    main()
