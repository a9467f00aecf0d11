from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from references.models import ReferenceKind
from references.parsers import PARSERS, ReferenceParseError, read_references
from references.services import reference_import


class Command(BaseCommand):
    help = (
        "Import a RIS, BibTeX, MEDLINE or CSL-JSON file into the reference library; prints what "
        "it created, merged into existing records, and rejected. An entry whose file does not "
        "say what kind of work it is is rejected, unless --kind gives one."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", default="", choices=["", *PARSERS])
        parser.add_argument(
            "--kind",
            default="",
            choices=["", *ReferenceKind.values],
            help="The kind of work of entries whose file does not say (never guessed).",
        )
        parser.add_argument("--user", default="", help="Username recorded in the history.")

    def handle(self, *args, file: Path, format: str, kind: str, user: str, **options):
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"No user {user!r}.")
        try:
            with file.open("rb") as handle:
                parsed = read_references(handle.read(3 * 1024 * 1024), format)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        except ReferenceParseError as error:
            raise CommandError(str(error)) from error
        for warning in parsed.warnings:
            self.stderr.write(f"warning: {warning}")
        entries = parsed.entries
        for entry in entries:
            entry.kind = entry.kind or kind
            for warning in entry.warnings:
                label = entry.source_key or entry.title or f"entry {entry.position}"
                self.stderr.write(f"warning: {label}: {warning}")
        outcome = reference_import(entries=entries, by=by, skip_invalid=True)
        for reference in outcome.created:
            self.stdout.write(f"created  {reference.key}: {reference.title}")
        for reference in outcome.merged:
            self.stdout.write(f"merged   {reference.key}: {reference.title}")
        for entry, reasons in outcome.rejected:
            label = entry.source_key or entry.title or f"entry {entry.position}"
            self.stdout.write(f"rejected {label}: {' '.join(reasons)}")
        self.stdout.write(
            f"{len(outcome.created)} created, {len(outcome.merged)} merged, "
            f"{len(outcome.rejected)} rejected."
        )
