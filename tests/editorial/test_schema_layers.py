"""The schema follows the app layers: every relation of every model (foreign keys, many-to-many,
one-to-one; history models and the link tables of many-to-many relations included) points down
the layers written in pyproject.toml, or through a setting declared for the purpose, as
AUTH_USER_MODEL names the user. import-linter sees imports; this walk sees what the strings of
relations name, which import-linter cannot."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from django.apps import apps
from django.core.checks import run_checks
from django.db import models
from django.test.utils import isolate_apps

from articles.models import Article, ArticleRevision, Topic
from editorial.docs import import_contracts

LAYERS: list[str] = import_contracts()["layers"]["layers"]  # the top first
DEPTH = {app: depth for depth, app in enumerate(LAYERS)}
# The settings that name a model for the apps below it, as AUTH_USER_MODEL does.
DECLARED_SETTINGS = {"AUTH_USER_MODEL", "EDITORIAL_REVIEWED_MODEL", "EDITORIAL_REVISION_MODEL"}


def relations(models_: Iterable[type[models.Model]]) -> Iterable[tuple[type, models.Field]]:
    """Every relation a model declares (not the reverse accessors others give it)."""
    for model in models_:
        for field in model._meta.get_fields(include_hidden=True):
            declared = field.concrete or (field.many_to_many and not field.auto_created)
            if field.is_relation and field.related_model is not None and declared:
                yield model, field


def upward_relations(models_: Iterable[type[models.Model]]) -> list[str]:
    """Relations from a model to a model of a layer above its own (or, for a model of another
    package, to any of ours), other than through a declared setting."""
    found = []
    for model, field in relations(models_):
        source, target = model._meta.app_label, field.related_model._meta.app_label
        if target not in DEPTH or source == target:
            continue  # to a library's model, or within the app
        if source in DEPTH and DEPTH[target] > DEPTH[source]:
            continue  # down the layers
        if getattr(field, "swappable_setting", None) in DECLARED_SETTINGS:
            continue  # through a setting declared for the purpose
        found.append(f"{model._meta.label}.{field.name} → {field.related_model._meta.label}")
    return found


def test_every_relation_points_down_the_layers_or_through_a_declared_setting():
    every_model = apps.get_models(include_auto_created=True)
    assert any(
        model._meta.label == "editorial.HistoricalScheduledPublication" for model in every_model
    )

    assert upward_relations(every_model) == []


def test_the_review_records_name_the_reviewed_models_through_their_settings():
    through_settings = {
        f"{model._meta.label}.{field.name}": field.swappable_setting
        for model, field in relations(apps.get_app_config("editorial").get_models())
        if field.related_model in (Article, ArticleRevision)
    }

    assert through_settings == {
        "editorial.TransitionLog.article": "EDITORIAL_REVIEWED_MODEL",
        "editorial.TransitionLog.revision": "EDITORIAL_REVISION_MODEL",
        "editorial.ReviewRound.article": "EDITORIAL_REVIEWED_MODEL",
        "editorial.ReviewRound.revision": "EDITORIAL_REVISION_MODEL",
        "editorial.ReReviewNotice.article": "EDITORIAL_REVIEWED_MODEL",
        "editorial.ScheduledPublication.article": "EDITORIAL_REVIEWED_MODEL",
        "editorial.ScheduledPublication.revision": "EDITORIAL_REVISION_MODEL",
        "editorial.HistoricalScheduledPublication.article": "EDITORIAL_REVIEWED_MODEL",
        "editorial.HistoricalScheduledPublication.revision": "EDITORIAL_REVISION_MODEL",
        "editorial.OutboundEmail.article": "EDITORIAL_REVIEWED_MODEL",
        "editorial.PassageComment.revision": "EDITORIAL_REVISION_MODEL",
        "editorial.HistoricalPassageComment.revision": "EDITORIAL_REVISION_MODEL",
        "editorial.WebhookDelivery.article": "EDITORIAL_REVIEWED_MODEL",
    }


@isolate_apps("editorial", "references")
def test_the_walk_finds_a_relation_pointing_up():
    class Upward(models.Model):  # noqa: DJ008
        topic = models.ForeignKey(Topic, on_delete=models.CASCADE)

        class Meta:
            app_label = "references"

    class UpwardMany(models.Model):  # noqa: DJ008
        topics = models.ManyToManyField(Topic)

        class Meta:
            app_label = "editorial"

    assert upward_relations([Upward, UpwardMany]) == [
        "references.Upward.topic → articles.Topic",
        "editorial.UpwardMany.topics → articles.Topic",
    ]


@isolate_apps("editorial")
def test_a_setting_must_be_declared_for_the_purpose():
    class ThroughUndeclared(models.Model):  # noqa: DJ008
        article = models.ForeignKey(Article, on_delete=models.CASCADE)

        class Meta:
            app_label = "editorial"

    field = ThroughUndeclared._meta.get_field("article")
    assert field.swappable_setting == "EDITORIAL_REVIEWED_MODEL"
    assert upward_relations([ThroughUndeclared]) == []  # the declared setting is accepted

    DECLARED_SETTINGS.discard("EDITORIAL_REVIEWED_MODEL")
    try:
        assert upward_relations([ThroughUndeclared]) == [
            "editorial.ThroughUndeclared.article → articles.Article"
        ]
    finally:
        DECLARED_SETTINGS.add("EDITORIAL_REVIEWED_MODEL")


def test_the_settings_name_the_models_the_workflow_reads():
    assert [message.id for message in run_checks() if message.id.startswith("editorial.E2")] == []


@pytest.mark.parametrize(
    ("setting", "value", "error"),
    [
        ("EDITORIAL_REVIEWED_MODEL", "articles.Nothing", "editorial.E201"),
        ("EDITORIAL_REVISION_MODEL", "not a model", "editorial.E202"),
        ("EDITORIAL_REVIEWED_MODEL", "articles.Topic", "editorial.E203"),
        ("EDITORIAL_REVISION_MODEL", "articles.Section", "editorial.E204"),
    ],
)
def test_a_setting_naming_a_model_the_workflow_cannot_read_stops_start_up(
    settings, setting, value, error
):
    setattr(settings, setting, value)

    assert error in [message.id for message in run_checks()]
