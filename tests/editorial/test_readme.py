from pathlib import Path

from editorial.management.commands.workflow_table import END, START
from editorial.workflow import ACTIONS, policy_diagram_mermaid, policy_table_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_workflow_table_is_the_one_the_code_generates():
    text = README.read_text()
    generated = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert generated == f"{policy_table_markdown()}\n\n{policy_diagram_mermaid()}", (
        "README.md's workflow table is out of date: run `make docs`."
    )


def test_every_action_appears_in_the_table_with_who_may_take_it():
    table = policy_table_markdown()
    for action in ACTIONS.values():
        row = next(line for line in table.splitlines() if line.startswith(f"| {action.label} |"))
        assert action.permission.description in row.lower()
