"""Benchmark: what webhooks cost a workflow step, and how fast the worker delivers them.

Run by hand (not part of the suite):  .venv/bin/python bench/webhooks.py
It builds a throw-away SQLite database (or BENCH_DATABASE_URL), registers 0, 1 and 10 endpoints
and times a step that announces an event (the queries and milliseconds the step's request
spends: the deliveries are only written), then has the worker deliver 200 messages to a real
receiver on the loopback address, and times an attempt at an endpoint that never answers.
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
os.environ["EDITORIAL_OUTBOUND_ALLOW_HTTP"] = "1"
os.environ["EDITORIAL_OUTBOUND_ALLOWED_NETWORKS"] = "127.0.0.1/32"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    from editorial.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
    from editorial.webhooks import webhook_endpoint_save, webhooks_queue
    from editorial.workflow import article_transition
    from tests.factories import article_in_state, editor_user
    from tests.receivers import Receiver
    from tests.tasks import run_queued_tasks

    editor = editor_user()
    print(f"{'endpoints':>9} {'queries':>8} {'median ms':>10}  (a step announcing an event)")
    for count in (0, 1, 10):
        WebhookEndpoint.objects.update(active=False)
        for number in range(count):
            endpoint = WebhookEndpoint(
                name=f"e{count}-{number}",
                url=f"https://e{number}.example/hook",
                events=[event.value for event in WebhookEvent],
            )
            webhook_endpoint_save(endpoint=endpoint, by=editor)
        timings, queries = [], 0
        for _ in range(5):
            article = article_in_state("approved", editor=editor)
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                article_transition(article=article, action="start_rereview", by=editor)
                timings.append((time.perf_counter() - started) * 1000)
            queries = len(captured)
        print(f"{count:>9} {queries:>8} {statistics.median(timings):>10.1f}")

    from django_tasks_db.models import DBTaskResult

    WebhookEndpoint.objects.update(active=False)
    WebhookDelivery.objects.all().delete()
    DBTaskResult.objects.all().delete()
    with Receiver() as receiver:
        endpoint = WebhookEndpoint(name="bench", url=receiver.url, events=["article.updated"])
        webhook_endpoint_save(endpoint=endpoint, by=editor)
        for _ in range(200):
            webhooks_queue(event=WebhookEvent.UPDATED, article=article)
        started = time.perf_counter()
        ran = run_queued_tasks()
        elapsed = time.perf_counter() - started
    delivered = WebhookDelivery.objects.filter(status="delivered").count()
    print(
        f"worker: {delivered} of {ran} delivered in {elapsed:.2f} s ({delivered / elapsed:.0f}/s)"
    )

    with Receiver() as silent:
        silent.answer(delay=30)
        endpoint.url = silent.url
        endpoint.save()
        WebhookDelivery.objects.all().delete()
        webhooks_queue(event=WebhookEvent.UPDATED, article=article)
        started = time.perf_counter()
        run_queued_tasks()
        elapsed = time.perf_counter() - started
    print(f"an endpoint that never answers holds the worker {elapsed:.1f} s (read timeout)")


if __name__ == "__main__":
    main()
