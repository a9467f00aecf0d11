"""Step names are declared once (``editorial.models.Step``): the state machine's steps, the audit
trail's choices, the authors' steps, the board's decisions, the Timeline and the emails all take
their names and labels from it."""

from __future__ import annotations

import pytest

from articles.timeline import article_timeline
from editorial.models import AUTHOR_STEPS, DECISIONS, OutboundEmail, Step, TransitionLog
from editorial.workflow import ACTIONS, article_transition
from tests.factories import article_in_state, editor_user

pytestmark = pytest.mark.django_db


def test_every_step_of_the_machine_is_a_step_choice_and_the_reverse():
    assert set(ACTIONS) == set(Step.values)
    assert all(ACTIONS[step].label == step.label for step in Step)


def test_the_audit_trail_records_steps_as_choices():
    field = TransitionLog._meta.get_field("action")
    assert field.choices == Step.choices


def test_authors_take_their_steps_and_the_board_decides():
    assert set(AUTHOR_STEPS) | set(DECISIONS) < set(Step)
    assert not set(AUTHOR_STEPS) & set(DECISIONS)
    assert all(step.round_outcome for step in DECISIONS)


def test_the_timeline_and_the_email_name_the_step_with_its_label():
    article = article_in_state("submitted")

    entry = TransitionLog.objects.get(article=article, action=Step.SUBMIT)
    events = article_timeline(article, confidential=True)
    emails = OutboundEmail.objects.filter(reason=Step.SUBMIT)

    assert entry.get_action_display() == Step.SUBMIT.label
    assert any(event.text.startswith(f"{Step.SUBMIT.label}: Draft → Submitted") for event in events)
    assert emails and all(email.body.count(f"{Step.SUBMIT.label}:") == 1 for email in emails)


def test_a_step_taken_by_its_string_name_is_recorded_as_the_step():
    article = article_in_state("submitted")

    entry = article_transition(article=article, action="start_review", by=editor_user())

    assert entry.step is Step.START_REVIEW
