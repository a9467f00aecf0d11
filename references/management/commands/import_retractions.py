from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from references.notices import notices_file_import


class Command(BaseCommand):
    help = (
        "Load notices (retractions, corrections, expressions of concern, reinstatements): our "
        "CSV columns, a Retraction Watch export, or a Crossref works file (JSON, update-to)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default="")

    def handle(self, *args, file: Path, source: str, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
            outcome = notices_file_import(text=text, by=None, source=source)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file} as UTF-8 CSV or JSON.") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for row, reason in outcome.rejected:
            self.stdout.write(f"rejected row {row}: {reason}")
        self.stdout.write(
            f"{outcome.created} added, {outcome.updated} updated, {len(outcome.rejected)} rejected."
        )
