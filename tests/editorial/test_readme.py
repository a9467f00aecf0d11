import itertools
import tomllib
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from editorial.docs import generated_block, import_contracts, layers_diagram
from editorial.workflow import ACTIONS, policy_diagram_mermaid, policy_table_markdown

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def test_readme_workflow_table_is_the_one_the_code_generates():
    generated = generated_block(README.read_text(), "workflow-table")
    assert generated == f"{policy_table_markdown()}\n\n{policy_diagram_mermaid()}", (
        "README.md's workflow table is out of date: run `make docs`."
    )


def test_every_action_appears_in_the_table_with_who_may_take_it():
    table = policy_table_markdown()
    for action in ACTIONS.values():
        row = next(line for line in table.splitlines() if line.startswith(f"| {action.label} |"))
        assert action.permission.description in row.lower()


def test_readme_layer_diagram_is_the_one_the_import_contracts_generate():
    assert generated_block(README.read_text(), "layers") == layers_diagram(), (
        "README.md's layer diagram is out of date: run `make docs`."
    )


def test_the_diagram_draws_every_app_in_the_contracts_order():
    layers = import_contracts()["layers"]["layers"]
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert set(config["tool"]["importlinter"]["root_packages"]) == set(layers)
    diagram = layers_diagram()
    for upper, lower in itertools.pairwise(layers):
        assert f"    {upper} --> {lower}" in diagram
    assert diagram.count(" --> ") == len(layers) - 1


def test_docs_refuses_a_file_without_its_markers(tmp_path):
    target = tmp_path / "README.md"
    target.write_text("# No generated blocks here\n")
    with pytest.raises(CommandError, match="markers"):
        call_command("docs", write=str(target))
    assert target.read_text() == "# No generated blocks here\n"


def test_docs_rewrites_stale_blocks_and_keeps_the_rest(tmp_path):
    target = tmp_path / "README.md"
    text = README.read_text()
    stale = text.replace(generated_block(text, "layers"), "stale diagram")
    target.write_text(stale)
    call_command("docs", write=str(target))
    assert target.read_text() == text
