"""What each endpoint answers, field by field: the OpenAPI schema is generated from these, and
every response passes through them, so the two cannot differ."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

S = serializers


def language_field(**kwargs: object) -> S.ChoiceField:
    """A language of the site's ``LANGUAGES``, by its code."""
    return S.ChoiceField(choices=[code for code, _ in settings.LANGUAGES], **kwargs)


class ErrorSerializer(S.Serializer):
    detail = S.CharField(help_text="What was wrong with the request.")


class TopicRefSerializer(S.Serializer):
    slug = S.CharField()
    name = S.CharField(
        help_text="In the article's language; in the site's while the topic has no name in it."
    )


class VersionSerializer(S.Serializer):
    language = language_field()
    slug = S.CharField()
    title = S.CharField(help_text="Its live revision's title, in its language.")
    url = S.URLField(help_text="Its page for readers (under its language's prefix).")
    api_url = S.URLField()


class SourceVersionSerializer(S.Serializer):
    number = S.IntegerField(
        help_text="The original's revision translated, as the original's change log numbers it."
    )
    approved_at = S.DateTimeField(help_text="When that revision of the original was approved.")


class ArticleSummarySerializer(S.Serializer):
    slug = S.CharField()
    title = S.CharField(help_text="The clinical question the article answers.")
    summary = S.CharField(help_text="The first sentence readers see, without citation numbers.")
    topics = TopicRefSerializer(many=True)
    first_published_at = S.DateTimeField(allow_null=True)
    updated_at = S.DateTimeField(
        help_text="When the text readers see was approved (the page's “Last updated”)."
    )
    last_reviewed_at = S.DateTimeField(allow_null=True)
    next_review_due = S.DateField(allow_null=True)
    url = S.URLField(help_text="The article's page for readers.")
    api_url = S.URLField()
    language = language_field(help_text="The language the article is written in.")
    translation_of = VersionSerializer(
        allow_null=True,
        help_text="For a translation, the original it translates; null for an original (and "
        "for a translation whose original is no longer published).",
    )
    source_version = SourceVersionSerializer(
        allow_null=True,
        help_text="For a translation, the original's version its live revision translates; "
        "null for an original.",
    )
    out_of_date = S.BooleanField(
        help_text="A translation whose original has had a newer version approved since the "
        "one it translates (its page says so and links the original); false for an original."
    )
    translations = VersionSerializer(
        many=True,
        help_text="For an original, its published translations, in the order of the site's "
        "languages; empty for a translation (its original lists them).",
    )


class ArticlePageSerializer(S.Serializer):
    results = ArticleSummarySerializer(many=True)
    next_cursor = S.CharField(allow_null=True, help_text="Pass as `cursor` for the next page.")
    next = S.URLField(allow_null=True, help_text="The next page, or null after the last.")


class SectionSerializer(S.Serializer):
    heading = S.CharField()
    anchor = S.CharField(help_text="The section's id on the article's page.")
    html = S.CharField(help_text="Sanitised HTML; citations link to #ref-N.")
    markdown = S.CharField(help_text="The Markdown source, its citations as numbers: [1, 2].")


class ArticleSerializer(ArticleSummarySerializer):
    authors = S.ListField(child=S.CharField(), help_text="The byline, in order.")
    sections = SectionSerializer(many=True)
    review_url = S.URLField(help_text="The review behind the live revision.")
    references_url = S.URLField()
    changes_url = S.URLField(help_text="The change log.")


class ReferenceSerializer(S.Serializer):
    number = S.IntegerField(help_text="The citation number in the text.")
    key = S.CharField(help_text="The citation key.")
    title = S.CharField()
    kind = S.CharField(help_text="Guideline or Research.")
    ama = S.CharField(help_text="The reference in AMA style (plain text).")
    doi = S.CharField(allow_blank=True)
    pmid = S.CharField(allow_blank=True)
    url = S.CharField(allow_blank=True)
    doi_url = S.CharField(allow_blank=True)
    pubmed_url = S.CharField(allow_blank=True)
    retracted = S.BooleanField(help_text="Whether a retraction notice names the work.")
    csl = S.DictField(help_text="The work as a CSL-JSON item.")


class ReferenceListSerializer(S.Serializer):
    article = S.CharField(help_text="The article's slug.")
    results = ReferenceSerializer(many=True)


class ReviewerSerializer(S.Serializer):
    name = S.CharField()
    credentials = S.CharField(allow_blank=True)
    specialty = S.CharField(allow_blank=True)
    external = S.BooleanField(help_text="A guest reviewer from outside the board.")
    disclosure = S.CharField(
        allow_null=True,
        allow_blank=True,
        help_text="What the board published of the reviewer's interests: empty for none "
        "declared, null when no declaration was made for this review.",
    )


class ClaimsSerializer(S.Serializer):
    count = S.IntegerField(help_text="Sentences or list items of the text that cite works.")
    checked = S.IntegerField(help_text="Of those, marked supported by a reviewer.")
    all_checked = S.BooleanField(
        help_text="Every cited claim checked by the board against its source."
    )


class ReviewSerializer(S.Serializer):
    article = S.CharField(help_text="The article's slug.")
    reviewers = ReviewerSerializer(many=True)
    approved_at = S.DateTimeField()
    last_reviewed_at = S.DateTimeField(allow_null=True)
    next_review_due = S.DateField(allow_null=True)
    review_in_progress = S.BooleanField(help_text="A periodic re-review is under way.")
    review_overdue = S.BooleanField(
        help_text="The next review date has passed and no re-review was started."
    )
    policy_version = S.IntegerField(
        allow_null=True, help_text="The editorial policy version the approval was made under."
    )
    disclaimer_version = S.IntegerField(
        allow_null=True, help_text="The disclaimer version the approval was made under."
    )
    disclaimer_version_in_force = S.IntegerField(allow_null=True)
    claims = ClaimsSerializer()
    policy_url = S.URLField()


class ChangeSerializer(S.Serializer):
    number = S.IntegerField(help_text="The revision's number.")
    approved_at = S.DateTimeField()
    summary = S.CharField()


class ChangeLogSerializer(S.Serializer):
    article = S.CharField(help_text="The article's slug.")
    results = ChangeSerializer(many=True)


class TopicSerializer(S.Serializer):
    slug = S.CharField()
    name = S.CharField()
    description = S.CharField(allow_blank=True)
    published_count = S.IntegerField(help_text="Published articles filed under the topic.")
    url = S.URLField()
    api_url = S.URLField()
    articles_url = S.URLField()


class TopicListSerializer(S.Serializer):
    results = TopicSerializer(many=True)


class ReviewedArticleSerializer(S.Serializer):
    slug = S.CharField()
    title = S.CharField()
    language = language_field()
    url = S.URLField(help_text="Its page for readers (under its language's prefix).")
    api_url = S.URLField()


class MemberSerializer(S.Serializer):
    name = S.CharField()
    credentials = S.CharField(allow_blank=True)
    specialty = S.CharField(allow_blank=True)
    bio = S.CharField(allow_blank=True)
    reviewed = ReviewedArticleSerializer(many=True, help_text="Most recently reviewed first.")


class BoardSerializer(S.Serializer):
    results = MemberSerializer(many=True)


class SearchHitSerializer(S.Serializer):
    slug = S.CharField()
    title = S.CharField()
    language = language_field()
    snippet = S.CharField(help_text="Escaped HTML; matched words in <mark>.")
    updated_at = S.DateTimeField()
    url = S.URLField()
    api_url = S.URLField()


class SearchPageSerializer(S.Serializer):
    query = S.CharField()
    language = language_field(help_text="The language searched: every result is written in it.")
    results = SearchHitSerializer(many=True)
    more_may_match = S.BooleanField(
        help_text="Only the best candidates were ranked: a narrower query may find others."
    )
    next_cursor = S.CharField(allow_null=True)
    next = S.URLField(allow_null=True)
