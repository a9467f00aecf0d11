"""``load_demo`` from an empty database: it commits without sending email, and refuses to run
with DEBUG off. (The content it loads is checked in test_demo.py.)"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from editorial.models import OutboundEmail, TransitionLog

User = get_user_model()


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_loading_the_demo_sends_no_email_even_when_it_commits(settings, mailoutbox):
    """Committed for real, and the worker run after it: the story's notifications are not sent."""
    settings.DEBUG = True
    assert User.objects.count() == 0

    load_demo()
    load_demo()

    assert TransitionLog.objects.filter(action="approve").count() == 3
    assert not OutboundEmail.objects.exists()  # nothing was queued
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert mail.outbox == []


def test_the_command_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG off"):
        load_demo()

    assert not User.objects.exists()
    assert not Article.objects.exists()
