"""The policy as a table and a diagram, generated from the state machine: the README's workflow
section (``make docs``) and the public editorial policy page show these, and a test fails when
the README differs from the code.
"""

from __future__ import annotations

from dataclasses import dataclass

from editorial.workflow.machine import ACTIONS


@dataclass(frozen=True)
class PolicyRow:
    label: str
    sources: str
    target: str
    who: str
    conditions: str


def policy_table() -> list[PolicyRow]:
    rows = []
    for action in ACTIONS.values():
        needs = [condition.description for condition in action.conditions]
        if action.comment_required:
            needs.append("a comment for the author")
        rows.append(
            PolicyRow(
                label=action.label,
                sources=", ".join(state.label for state in action.sources),
                target=action.target.label,
                who=action.permission.description[0].upper() + action.permission.description[1:],
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
