import itertools
import re
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.demo import content
from editorial.docs import generated_block, import_contracts, layers_diagram, modules_diagram
from editorial.models import AUTHOR_STEPS
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


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_readme_links_do_not_hard_code_the_port_make_run_serves_on():
    """``make run PORT=8080`` serves elsewhere: pages are named by their path."""
    links = re.findall(
        r"https?://(?:127\.0\.0\.1|localhost)(?::\d+)?/[^\s>)`]+", README.read_text()
    )
    assert links == []


def test_readme_names_the_authors_steps_as_their_screens_do():
    writing = _section(README.read_text(), "Writing: the authors' forms")
    for name in AUTHOR_STEPS:
        assert f"**{ACTIONS[name].label}**" in writing, ACTIONS[name].label
    assert "propose an update" not in README.read_text()


def test_readme_demo_accounts_are_the_ones_load_demo_prints(db, settings):
    table = re.search(
        r"\| account \| role \|\n\| --- \| --- \|\n((?:\|.*\|\n)+)", README.read_text()
    )
    rows = [
        tuple(cell.strip().strip("`") for cell in line.strip("|").split("|"))
        for line in table.group(1).splitlines()
    ]
    assert rows == [(account["username"], account["role"]) for account in content.ACCOUNTS]
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue().split("Demo accounts (password 'demo'):\n")[1].splitlines()
    assert [line.split(maxsplit=1) for line in printed] == [list(row) for row in rows]
    roles = {account["username"]: account["role"] for account in content.ACCOUNTS}
    for username, group in [
        ("author", "Authors"),
        ("reviewer", "Board members"),
        ("editor", "Editors"),
    ]:
        assert f"(group {group})" in roles[username]


def test_readme_module_diagram_is_the_one_the_import_contracts_generate():
    assert generated_block(README.read_text(), "modules") == modules_diagram(), (
        "README.md's module diagram is out of date: run `make docs`."
    )


def test_the_module_diagram_draws_every_module_of_the_editorial_contracts():
    contracts = import_contracts()
    diagram = modules_diagram()
    for layer in contracts["editorial-layers"]["layers"]:
        for module in layer.split("|"):
            assert f"<b>{module.strip()}</b>" in diagram
    for layer in contracts["workflow-layers"]["layers"]:
        for module in layer.split("|"):
            assert f"editorial_workflow_{module.strip()}[" in diagram
