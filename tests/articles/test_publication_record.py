"""The publication record (articles/publication.py): built when a revision goes live, rebuilt in
the same transaction when an input changes, the only source of the article page (at most 3
queries, no Markdown parsed), never holding anything unapproved."""

from __future__ import annotations

import factory
import pytest
from django.core.cache import cache

from articles import claims as claim_finder
from articles import rendering
from articles.models import Article, ArticleRevision, PublicationRecord, Topic
from articles.publication import (
    UNRESOLVED_CITATIONS,
    PublicationRecordError,
    publication_record_refresh,
)
from articles.rendering import resolved_markdown
from articles.services import article_update
from editorial.caching import forget_local_pages
from editorial.models import BoardMember, ReviewInvitation
from editorial.policy import policy_in_force, policy_publish
from editorial.reviews import disclosure_publish
from editorial.workflow import article_transition
from references.formatting import csl_item
from references.models import Retraction
from tests import factories
from tests.factories import article_in_state, board_reviews, invitees_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(editor, board_member) -> Article:
    return article_in_state("approved", editor=editor, board=board_member)


def page_of(client, article: Article) -> str:
    cache.clear()
    forget_local_pages()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_approval_builds_the_record_of_what_the_page_shows(live):
    record = PublicationRecord.objects.get(article=live)
    page = record.page
    assert record.revision == live.live_revision
    assert page["title"] == live.live_revision.title
    rendered = live.live_revision.rendered
    numbers = {work.key: work.number for work in rendered.references}
    assert page["sections"] == [
        {
            "heading": section.heading,
            "anchor": section.anchor,
            "html": str(section.html),
            "markdown": resolved_markdown(source["body"], numbers),
        }
        for section, source in zip(rendered.sections, live.live_revision.sections, strict=True)
    ]
    assert page["references"] and all(work["ama"] for work in page["references"])
    assert [work["csl"] for work in page["references"]] == [
        csl_item(work) for work in rendered.references
    ]
    assert page["claims"] and all(claim["checked"] for claim in page["claims"])
    assert page["claims_checked"] is True
    reviewers = BoardMember.objects.filter(
        invitations__round__article=live, invitations__review__isnull=False
    )
    assert {member["pk"] for member in page["reviewers"]} == {member.pk for member in reviewers}
    assert all(member["credentials"] for member in page["reviewers"])
    assert page["approved_at"] and page["first_approved_at"] and page["json_ld"]
    assert f" article:{live.pk} " in record.keys


def test_the_page_renders_from_the_record_in_3_queries_parsing_no_markdown(
    client, live, monkeypatch, django_assert_max_num_queries
):
    expected = page_of(client, live)

    def no_parsing(*args, **kwargs):
        raise AssertionError("Markdown parsed while rendering the article page")

    monkeypatch.setattr(rendering.markdown, "render", no_parsing)
    monkeypatch.setattr(rendering.markdown, "parse", no_parsing)
    monkeypatch.setattr(claim_finder._parser, "parse", no_parsing)
    cache.clear()
    forget_local_pages()
    with django_assert_max_num_queries(3):
        again = client.get(live.get_absolute_url()).content.decode()
    assert again == expected


def test_nothing_unapproved_enters_the_record(live, editor):
    before = PublicationRecord.objects.get(article=live).page
    article_transition(article=live, action="revise", by=live.author)
    article_update(article=live, by=live.author, title="A title no one approved")
    article_transition(article=live, action="submit", by=live.author)
    article_transition(article=live, action="start_review", by=editor)
    board_reviews(live, editor=editor)  # reviewed, not yet approved
    record = PublicationRecord.objects.get(article=live)
    assert record.page["title"] == before["title"] != "A title no one approved"
    assert "A title no one approved" not in str(record.page)
    assert record.revision == Article.objects.get(pk=live.pk).live_revision


def test_a_draft_has_no_record(editor):
    draft = article_in_state("under_review", editor=editor)
    assert not PublicationRecord.objects.filter(article=draft).exists()


def test_archiving_removes_the_record(live, editor):
    article_transition(article=live, action="archive", by=editor)
    assert not PublicationRecord.objects.filter(article=live).exists()


# Each input's change reaches the page -------------------------------------------------------


def test_a_disclosure_published_reaches_the_page(client, live, editor):
    page_of(client, live)
    invitation = ReviewInvitation.objects.filter(round__article=live, review__isnull=False).first()
    disclosure_publish(invitation=invitation, by=editor, text="Speaker fees from a society.")
    assert "Speaker fees from a society." in page_of(client, live)


def test_reviewer_credentials_edited_reach_the_page(client, live):
    page_of(client, live)
    member = BoardMember.objects.filter(
        invitations__round__article=live, invitations__review__isnull=False
    ).first()
    member.credentials = "MD, MPH (edited)"
    member.save()
    assert "MD, MPH (edited)" in page_of(client, live)
    assert "MD, MPH (edited)" in PublicationRecord.objects.get(article=live).page["json_ld"]


def test_a_topic_added_or_renamed_reaches_the_page(client, live):
    page_of(client, live)
    topic = Topic.objects.create(name="Sleep medicine", slug="sleep")
    topic.articles.add(live)
    assert "Sleep medicine" in page_of(client, live)
    topic.name = "Sleep and rest"
    topic.save()
    html = page_of(client, live)
    assert "Sleep and rest" in html and "Sleep medicine" not in html


def test_a_periodic_review_started_reaches_the_page(client, live, editor):
    assert "being re-reviewed" not in page_of(client, live)
    article_transition(article=live, action="start_rereview", by=editor, comment="Due.")
    assert PublicationRecord.objects.get(article=live).page["periodic_review_in_progress"]
    assert "being re-reviewed" in page_of(client, live)


def test_a_new_policy_version_reaches_the_disclaimer_under_the_page(client, live, editor):
    page_of(client, live)
    current = policy_in_force()
    policy_publish(body=current.body, disclaimer="A brand-new disclaimer text.", by=editor)
    assert "A brand-new disclaimer text." in page_of(client, live)


class ReferenceWithDoi(factories.ReferenceFactory):
    doi = factory.Sequence(lambda n: f"10.1000/retractable.{n}")


def test_a_retraction_notice_on_a_cited_work_reaches_the_page(
    client, editor, board_member, monkeypatch
):
    monkeypatch.setattr(factories, "ReferenceFactory", ReferenceWithDoi)
    live = article_in_state("approved", editor=editor, board=board_member)
    (cited,) = live.live_revision.references
    assert "Retracted" not in page_of(client, live)
    Retraction.objects.create(doi=cited["doi"].upper(), notice="Data fabricated.")
    assert "Retracted: Data fabricated." in page_of(client, live)
    record = PublicationRecord.objects.get(article=live)
    assert [work["retracted"] for work in record.page["references"]] == [True]


def test_a_re_review_approval_reaches_the_page(client, live, editor, board_member):
    article_transition(article=live, action="start_rereview", by=editor, comment="Due.")
    invitees_review(live)
    article_transition(article=live, action="approve", by=board_member)
    record = PublicationRecord.objects.get(article=live)
    assert not record.page["periodic_review_in_progress"]
    assert len(record.page["changes"]) == 2
    assert "Re-reviewed by the Medical Advisory Board" in page_of(client, live)


# A record that cannot be built ----------------------------------------------------------------


def test_a_record_that_cannot_be_built_fails_the_approval_and_changes_nothing(editor, board_member):
    article = article_in_state("under_review", editor=editor)
    board_reviews(article, editor=editor)
    revision = article.latest_revision()
    # A reference deleted mid-way: the revision's snapshot no longer holds a cited work.
    dropped = revision.references[0]["key"]
    ArticleRevision.objects.filter(pk=revision.pk).update(references=revision.references[1:])
    before = Article.objects.get(pk=article.pk)

    with pytest.raises(PublicationRecordError) as refused:
        article_transition(article=article, action="approve", by=board_member)

    assert str(refused.value) == UNRESOLVED_CITATIONS.format(keys=dropped)
    after = Article.objects.get(pk=article.pk)
    assert (after.status, after.live_revision_id) == (before.status, before.live_revision_id)
    assert not PublicationRecord.objects.filter(article=article).exists()
    assert ArticleRevision.objects.get(pk=revision.pk).approved_at is None


def test_a_record_is_rebuilt_only_for_a_published_article(live, editor):
    article_transition(article=live, action="archive", by=editor)
    assert publication_record_refresh(live) is None
