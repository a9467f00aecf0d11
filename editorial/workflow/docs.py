"""The policy as a table and a diagram, generated from the state machine: the README's workflow
section (``make docs``) and the public editorial policy page show these, and a test fails when
the README differs from the code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from editorial.workflow.machine import ACTIONS

COMMENT_NEEDED = gettext_noop("a comment for the author")


@dataclass(frozen=True)
class PolicyRow:
    label: str
    sources: str
    target: str
    who: str
    conditions: str


def policy_table(translate: Callable[[str], str] = str) -> list[PolicyRow]:
    """The steps as rows, in the default language or, with ``translate`` (``gettext``), in the
    active one: the labels and descriptions are marked for the catalogue where they are
    declared (``gettext_noop``) and translated here, when shown."""
    rows = []
    for action in ACTIONS.values():
        needs = [translate(condition.description) for condition in action.conditions]
        if action.comment_required:
            needs.append(translate(COMMENT_NEEDED))
        who = translate(action.permission.description)
        rows.append(
            PolicyRow(
                label=translate(action.label),
                sources=", ".join(translate(state.label) for state in action.sources),
                target=translate(action.target.label),
                who=who[0].upper() + who[1:],
                conditions="; ".join(needs) or "—",
            )
        )
    return rows


def policy_table_markdown() -> str:
    lines = [
        "| Step | From | To | Who may take it | Conditions |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {row.label} | {row.sources} | {row.target} | {row.who} | {row.conditions} |"
        for row in policy_table()
    ]
    return "\n".join(lines)


def policy_diagram_mermaid() -> str:
    """The state graph as a Mermaid diagram (GitHub renders it in the README)."""
    lines = ["```mermaid", "stateDiagram-v2", "    [*] --> draft"]
    for action in ACTIONS.values():
        lines += [
            f"    {source.value} --> {action.target.value}: {action.label}"
            for source in action.sources
        ]
    lines += ["    archived --> [*]", "```"]
    return "\n".join(lines)
