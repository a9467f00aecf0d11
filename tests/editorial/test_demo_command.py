"""``load_demo`` from an empty database: it commits without sending email or webhooks, and
refuses to run with DEBUG off. (The content it loads is checked in test_demo.py.)"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from editorial.models import (
    OutboundEmail,
    TransitionLog,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from editorial.webhooks import webhook_endpoint_save
from tests.receivers import Receiver

User = get_user_model()


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_loading_the_demo_sends_no_email_or_webhook_even_when_it_commits(settings, mailoutbox):
    """Committed for real, and the worker run after it: the story's notifications are not sent,
    and an endpoint registered for every event is told nothing of its publications, topics or
    disclosures."""
    settings.DEBUG = True
    settings.EDITORIAL_OUTBOUND_ALLOW_HTTP = True
    settings.EDITORIAL_OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32", "::1/128"]
    assert User.objects.count() == 0

    with Receiver() as receiver:
        endpoint = WebhookEndpoint(
            name="Demo listener", url=receiver.url, events=[event.value for event in WebhookEvent]
        )
        webhook_endpoint_save(endpoint=endpoint, by=None)
        load_demo()
        load_demo()

        # The seed, two revisions of "Can adult attachment style change over time?", the
        # archived article and the two Spanish translations: once each.
        assert TransitionLog.objects.filter(action="approve").count() == 6
        assert not OutboundEmail.objects.exists()  # nothing was queued
        assert not WebhookDelivery.objects.exists()
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        assert mail.outbox == []
        assert receiver.received == []


def test_the_command_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG off"):
        load_demo()

    assert not User.objects.exists()
    assert not Article.objects.exists()
