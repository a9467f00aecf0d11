"""Print, or write into the README, the blocks generated from the code: the review workflow
(table and state diagram, from the ``editorial.workflow`` package), the app layers and the
modules inside editorial (from the import contracts in pyproject.toml).

With ``--write README.md`` each block between its markers is replaced, so the documentation
cannot drift from the code (tests compare them).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from editorial.docs import MarkersMissing, layers_diagram, modules_diagram, replace_block
from editorial.workflow import policy_diagram_mermaid, policy_table_markdown


def blocks() -> dict[str, str]:
    return {
        "workflow-table": f"{policy_table_markdown()}\n\n{policy_diagram_mermaid()}",
        "layers": layers_diagram(),
        "modules": modules_diagram(),
    }


class Command(BaseCommand):
    help = "Print (or write into a file) the README's generated workflow table and diagrams."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--write", metavar="FILE", help="Replace the blocks in FILE.")

    def handle(self, *args, write: str | None = None, **options) -> None:
        if not write:
            self.stdout.write("\n\n".join(blocks().values()))
            return
        path = Path(write)
        text = path.read_text()
        try:
            for name, content in blocks().items():
                text = replace_block(text, name, content)
        except MarkersMissing as missing:
            raise CommandError(str(missing)) from missing
        path.write_text(text)
        self.stdout.write(
            f"Wrote the workflow table, the layer diagram and the module diagram into {path}."
        )
