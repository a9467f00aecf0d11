"""Issue 23, item 3 (its gaps): a change of a published article's public page made outside the
workflow's steps announces ``article.updated``, queued in the change's transaction, once per
article and transaction, from the one place a published record is rebuilt
(``articles.publication.publication_record_refresh``, comparing the page it had with the new
one): a reviewer's disclosure published or credentials edited, a retraction notice on a cited
work imported, edited or removed, a topic renamed or given the article. A rebuild that changes
nothing, an article not published, and a change rolled back announce nothing; the steps
announce only their own events."""

from __future__ import annotations

import factory
import pytest
from django.core.management import call_command
from django.db import transaction

from articles.models import Article, PublicationRecord, Topic
from articles.publication import publication_record_refresh
from editorial.models import BoardMember, ReviewInvitation, WebhookDelivery, WebhookEndpoint
from editorial.reviews import disclosure_publish
from editorial.webhooks import muted, webhook_endpoint_save
from editorial.workflow import article_transition
from references.models import Retraction
from tests import factories
from tests.factories import article_in_state, editor_user

# Committed for real: each change is its own transaction, as in the admin, and "once per
# transaction" is what is tested (in a test's one transaction, everything would be one change).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

UPDATED = "article.updated"


class ReferenceWithDoi(factories.ReferenceFactory):
    doi = factory.Sequence(lambda n: f"10.1000/announced.{n}")


@pytest.fixture
def endpoint() -> WebhookEndpoint:
    return webhook_endpoint_save(
        endpoint=WebhookEndpoint(
            name="Search index", url="https://index.example/hook", events=[UPDATED]
        ),
        by=editor_user(),
    )


@pytest.fixture
def live(editor, board_member, endpoint, monkeypatch) -> Article:
    monkeypatch.setattr(factories, "ReferenceFactory", ReferenceWithDoi)
    return article_in_state("approved", editor=editor, board=board_member)


def updates_of(article) -> int:
    return WebhookDelivery.objects.filter(article=article, event=UPDATED).count()


def reviewer_of(article) -> BoardMember:
    return BoardMember.objects.filter(
        invitations__round__article=article, invitations__review__isnull=False
    ).first()


def test_publishing_a_reviewers_disclosure_announces_an_update(live, editor):
    invitation = ReviewInvitation.objects.filter(round__article=live, review__isnull=False).first()
    assert updates_of(live) == 0

    disclosure_publish(invitation=invitation, by=editor, text="Speaker fees from a society.")

    (delivery,) = WebhookDelivery.objects.filter(article=live)
    assert delivery.event == UPDATED and delivery.payload["data"]["id"] == live.pk
    # The same text published again changes nothing readers see: nothing more is announced.
    disclosure_publish(invitation=invitation, by=editor, text="Speaker fees from a society.")
    assert updates_of(live) == 1


def test_a_reviewers_credentials_edited_announce_an_update_of_the_articles_they_reviewed(
    live, editor, board_member
):
    other = article_in_state("approved", editor=editor, board=board_member)
    member = reviewer_of(live)
    assert member != reviewer_of(other)

    member.credentials = "MD, MPH (edited)"
    member.save()
    assert (updates_of(live), updates_of(other)) == (1, 0)

    member.save()  # saved unchanged: the page is rebuilt the same
    assert (updates_of(live), updates_of(other)) == (1, 0)


def test_a_retraction_notice_imported_edited_or_removed_announces_an_update(live):
    (cited,) = live.live_revision.references

    notice = Retraction.objects.create(doi=cited["doi"].upper(), notice="Data fabricated.")
    assert updates_of(live) == 1
    notice.notice = "Data fabricated; see the journal's notice."
    notice.save()
    assert updates_of(live) == 2
    notice.delete()
    assert updates_of(live) == 3
    # A notice on a work the article does not cite changes nothing of its page.
    Retraction.objects.create(doi="10.1000/not-cited", notice="Elsewhere.")
    assert updates_of(live) == 3


def test_a_topic_given_the_article_or_renamed_announces_an_update(live):
    topic = Topic.objects.create(name="Sleep medicine", slug="sleep")
    assert updates_of(live) == 0  # a new topic shows on no article's page yet

    topic.articles.add(live)
    assert updates_of(live) == 1
    topic.name = "Sleep and rest"
    topic.save()
    assert updates_of(live) == 2
    topic.description = "What the topic page says; the article's page does not show it."
    topic.save()
    assert updates_of(live) == 2


def test_changes_in_one_transaction_announce_one_update_per_article(live):
    (cited,) = live.live_revision.references
    topic = Topic.objects.create(name="Sleep medicine", slug="sleep")
    with transaction.atomic():
        topic.articles.add(live)
        Retraction.objects.create(doi=cited["doi"], notice="Data fabricated.")
        topic.name = "Sleep and rest"
        topic.save()
    assert updates_of(live) == 1
    # The next transaction's change is news again.
    Retraction.objects.filter(doi=cited["doi"]).delete()
    assert updates_of(live) == 2


def test_an_update_in_a_savepoint_rolled_back_is_announced_by_the_change_that_stays(live):
    (cited,) = live.live_revision.references
    with transaction.atomic():
        try:
            with transaction.atomic():
                Retraction.objects.create(doi=cited["doi"], notice="Data fabricated.")
                assert updates_of(live) == 1
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        assert updates_of(live) == 0
        topic = Topic.objects.create(name="Sleep medicine", slug="sleep")
        topic.articles.add(live)
    assert updates_of(live) == 1


def test_a_change_rolled_back_announces_nothing(live):
    with pytest.raises(RuntimeError), transaction.atomic():
        Topic.objects.create(name="Sleep medicine", slug="sleep").articles.add(live)
        raise RuntimeError("rolled back")
    assert updates_of(live) == 0


def test_a_rebuild_that_changes_nothing_or_of_another_record_version_announces_nothing(live):
    publication_record_refresh(live)
    assert updates_of(live) == 0
    call_command("publication_records_build", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert updates_of(live) == 0
    # Records of an earlier shape, rebuilt after an upgrade: a new shape is not news.
    record = PublicationRecord.objects.get(article=live)
    record.page = {**record.page, "version": 1, "title": "Shaped differently"}
    record.save()
    publication_record_refresh(live)
    assert updates_of(live) == 0


def test_an_article_not_published_announces_nothing(editor, board_member, endpoint):
    draft = article_in_state("under_review", editor=editor, board=board_member)
    Topic.objects.create(name="Sleep medicine", slug="sleep").articles.add(draft)
    archived = article_in_state("approved", editor=editor, board=board_member)
    article_transition(article=archived, action="archive", by=editor)
    Topic.objects.create(name="Cardiology", slug="heart").articles.add(archived)
    assert WebhookDelivery.objects.filter(event=UPDATED).count() == 0


def test_the_steps_announce_only_their_own_events(live, editor):
    """A step rebuilds the record (a re-review in progress shows on the page) but tells the
    endpoints what its own events say; an approval that renews the page, one update."""
    endpoint = WebhookEndpoint.objects.get()
    endpoint.events = ["article.rereview_started", UPDATED]
    endpoint.save()
    article = article_transition(article=live, action="start_rereview", by=editor).article
    assert list(WebhookDelivery.objects.values_list("event", flat=True)) == [
        "article.rereview_started"
    ]
    factories.invitees_review(article)
    article_transition(article=article, action="approve", by=factories.board_user())
    assert updates_of(live) == 1


def test_nothing_is_queued_while_muted(live):
    with muted():
        Topic.objects.create(name="Sleep medicine", slug="sleep").articles.add(live)
    assert updates_of(live) == 0
    Topic.objects.get().articles.remove(live)
    assert updates_of(live) == 1
