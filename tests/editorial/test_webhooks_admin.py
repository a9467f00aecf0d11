"""Issue 23, item 3: editors manage webhook endpoints in the admin, and nobody else does.

An endpoint's URL is checked when it is registered (clear errors, nothing saved); its secret is
shown once, on the page answering the registration, and again only on a POST by an editor
(reveal, rotate), never in a list, a form or a message; deliveries are listed with their
attempts and redelivered by editors.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from editorial.models import (
    EDITORS,
    REDELIVER_PERMISSION,
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from editorial.outbound_http import INTERNAL_HOST, NOT_HTTPS
from editorial.webhook_admin import NO_EVENTS, REDELIVERED
from editorial.webhooks import webhook_endpoint_save
from tests.clients import signed_in
from tests.factories import author_user, board_user, editor_user

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:editorial_webhookendpoint_changelist"
ADD = "admin:editorial_webhookendpoint_add"
DELIVERIES = "admin:editorial_webhookdelivery_changelist"


def registered(**kwargs) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(
        name="Partner", url="https://partner.example/hook", events=[WebhookEvent.PUBLISHED]
    )
    return webhook_endpoint_save(endpoint=endpoint, by=editor_user())


def failed_delivery(endpoint: WebhookEndpoint) -> WebhookDelivery:
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=WebhookEvent.PUBLISHED,
        message_id="msg_admin_test",
        payload={"type": "article.published"},
        status=DeliveryStatus.FAILED,
        attempts=8,
        last_error="The endpoint answered 500.",
    )
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=1,
        started_at=delivery.created_at,
        duration_ms=42,
        status_code=500,
        error="The endpoint answered 500.",
        response_excerpt="Internal trouble",
    )
    return delivery


def secret_url(endpoint: WebhookEndpoint) -> str:
    return reverse("admin:editorial_webhookendpoint_secret", args=[endpoint.pk])


def test_an_editor_registers_an_endpoint_and_sees_its_secret_once(editor):
    client = signed_in(editor)
    response = client.post(
        reverse(ADD),
        {
            "name": "Mobile app",
            "url": "https://app.example/hooks/editorial",
            "events": ["article.published", "article.unpublished"],
            "active": "on",
        },
    )
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 200
    assert endpoint.secret.startswith("whsec_") and endpoint.secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert endpoint.events == ["article.published", "article.unpublished"]
    assert endpoint.created_by == editor
    for page in [
        reverse(CHANGELIST),
        reverse("admin:editorial_webhookendpoint_change", args=[endpoint.pk]),
    ]:
        shown = client.get(page)
        assert shown.status_code == 200 and endpoint.secret not in shown.content.decode()


def test_an_editor_reveals_and_rotates_the_secret_by_post_only(editor):
    endpoint = registered()
    client = signed_in(editor)
    assert client.get(secret_url(endpoint)).status_code == 405
    revealed = client.post(secret_url(endpoint), {"reveal": "1"})
    assert endpoint.secret in revealed.content.decode()
    rotated = client.post(secret_url(endpoint), {"rotate": "1"})
    old = endpoint.secret
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.previous_secret == old
    assert endpoint.secret in rotated.content.decode() and old not in rotated.content.decode()


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("http://app.example/hook", NOT_HTTPS),
        ("https://localhost/hook", INTERNAL_HOST.format(host="localhost")),
        ("https://169.254.169.254/latest", "169.254.169.254 is a cloud metadata address"),
        ("https://10.0.0.8/hook", "10.0.0.8 is a private address"),
    ],
)
def test_a_url_that_may_not_be_registered_is_a_clear_form_error(editor, url, error):
    response = signed_in(editor).post(
        reverse(ADD), {"name": "Bad", "url": url, "events": ["article.published"]}
    )
    assert response.status_code == 200
    assert error in response.content.decode().replace("&#x27;", "'")
    assert WebhookEndpoint.objects.count() == 0


def test_an_endpoint_needs_an_event(editor):
    response = signed_in(editor).post(
        reverse(ADD), {"name": "None", "url": "https://app.example/hook"}
    )
    assert NO_EVENTS in response.content.decode()
    assert WebhookEndpoint.objects.count() == 0


def test_editors_see_deliveries_with_their_attempts_and_redeliver(editor):
    delivery = failed_delivery(registered())
    client = signed_in(editor)
    listed = client.get(reverse(DELIVERIES))
    assert listed.status_code == 200 and "The endpoint answered 500." in listed.content.decode()
    assert redeliver_offered(listed)
    page = client.get(reverse("admin:editorial_webhookdelivery_change", args=[delivery.pk]))
    html = page.content.decode()
    assert "Internal trouble" in html and "42" in html
    response = client.post(
        reverse(DELIVERIES),
        {"action": "redeliver", "_selected_action": [delivery.pk]},
        follow=True,
    )
    assert REDELIVERED.format(count=1) in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.QUEUED and delivery.attempts == 0
    assert DBTaskResult.objects.filter(task_path__endswith=".deliver_webhook").exists()


def redeliver_offered(page) -> bool:
    """Whether the list's action menu offers "Redeliver" (its button, in the admin)."""
    form = page.context["action_form"] if page.context else None
    choices = [value for value, _ in form.fields["action"].choices] if form else []
    return "redeliver" in choices and 'value="redeliver"' in page.content.decode()


def test_only_the_editors_group_may_redeliver():
    granted = set(Permission.objects.filter(group__name=EDITORS).values_list("codename", flat=True))
    assert REDELIVER_PERMISSION in granted
    others = Permission.objects.filter(codename=REDELIVER_PERMISSION).exclude(group__name=EDITORS)
    assert not others.filter(group__isnull=False).exists()


def test_an_editor_who_may_only_read_deliveries_cannot_redeliver(editor):
    """Reading the deliveries (view permission) is not enough: without the redeliver
    permission the action is not offered, and a POST of it sends nothing again."""
    delivery = failed_delivery(registered())
    Group.objects.get(name=EDITORS).permissions.filter(codename=REDELIVER_PERMISSION).delete()
    client = signed_in(editor)
    listed = client.get(reverse(DELIVERIES))
    assert listed.status_code == 200 and "answered 500" in listed.content.decode()
    assert not redeliver_offered(listed)
    client.post(reverse(DELIVERIES), {"action": "redeliver", "_selected_action": [delivery.pk]})
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 8
    assert not DBTaskResult.objects.filter(task_path__endswith=".deliver_webhook").exists()


def test_a_board_member_given_the_view_permission_cannot_redeliver():
    delivery = failed_delivery(registered())
    member = board_user()
    member.user_permissions.add(Permission.objects.get(codename="view_webhookdelivery"))
    client = signed_in(member)
    assert client.get(reverse(DELIVERIES)).status_code == 403
    refused = client.post(
        reverse(DELIVERIES), {"action": "redeliver", "_selected_action": [delivery.pk]}
    )
    assert refused.status_code == 403
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert not DBTaskResult.objects.filter(task_path__endswith=".deliver_webhook").exists()


def staff(user):
    user.is_staff = True
    user.save()
    return user


@pytest.mark.parametrize("who", ["author", "board_member"])
def test_nobody_but_editors_reads_or_changes_webhooks(who):
    endpoint = registered()
    delivery = failed_delivery(endpoint)
    client = signed_in(staff(author_user() if who == "author" else board_user()))
    for page in [
        reverse(CHANGELIST),
        reverse(ADD),
        reverse("admin:editorial_webhookendpoint_change", args=[endpoint.pk]),
        reverse(DELIVERIES),
        reverse("admin:editorial_webhookdelivery_change", args=[delivery.pk]),
    ]:
        assert client.get(page).status_code == 403, page
    refused = client.post(secret_url(endpoint), {"reveal": "1"})
    assert refused.status_code == 403 and endpoint.secret not in refused.content.decode()
    client.post(secret_url(endpoint), {"rotate": "1"})
    client.post(reverse(DELIVERIES), {"action": "redeliver", "_selected_action": [delivery.pk]})
    client.post(
        reverse(ADD), {"name": "X", "url": "https://x.example/", "events": ["article.published"]}
    )
    old = endpoint.secret
    endpoint.refresh_from_db()
    delivery.refresh_from_db()
    assert endpoint.secret == old and delivery.status == DeliveryStatus.FAILED
    assert WebhookEndpoint.objects.count() == 1


def test_an_editor_without_the_group_permission_is_refused_too(editor):
    endpoint = registered()
    Group.objects.get(name=EDITORS).permissions.filter(codename="change_webhookendpoint").delete()
    client = signed_in(editor)
    assert client.post(secret_url(endpoint), {"reveal": "1"}).status_code == 403


def test_the_anonymous_reader_is_sent_to_the_login_page():
    endpoint = registered()
    client = Client()
    for page in [reverse(CHANGELIST), reverse(DELIVERIES)]:
        response = client.get(page)
        assert response.status_code == 302 and "login" in response["Location"]
    response = client.post(secret_url(endpoint), {"reveal": "1"})
    assert response.status_code == 302 and endpoint.secret not in response.content.decode()
