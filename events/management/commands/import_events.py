"""Import an events CSV (ours or the ACLED profile) into a crisis: all rows or none."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from events.exports.importer import import_events
from events.management.lookups import crisis_by_slug, user_by_name


class Command(BaseCommand):
    help = "Import events from a Crisis Tracker or ACLED CSV. Nothing is saved unless every row is valid."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")
        parser.add_argument("--crisis", required=True, help="the crisis slug")
        parser.add_argument(
            "--user", help="username recorded in the history; published rows stay published only if an editor"
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=settings.INGEST_MAX_BYTES,
            help="refuse larger files (default: INGEST_MAX_BYTES)",
        )

    def handle(self, *args, file, crisis, user, max_bytes, **options):
        crisis_obj = crisis_by_slug(crisis)
        user_obj = user_by_name(user)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}.")
        if path.stat().st_size > max_bytes:
            raise CommandError(
                f"{file} is {path.stat().st_size:,} bytes; the largest accepted is {max_bytes:,} (--max-bytes)."
            )
        report = import_events(data=path.read_bytes(), crisis=crisis_obj, user=user_obj, max_bytes=max_bytes)
        for error in report.errors:
            self.stderr.write(str(error))
        if report.errors:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
