"""Bulk ingest: parse article files and save every candidate as a draft for editors to review."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from events.ingest.registry import load_known_actors
from events.ingest.service import SUFFIXES, ingest, read_file
from events.ingest.tasks import queue_article
from events.ingest.types import IngestError
from events.management.lookups import crisis_by_slug, user_by_name


class Command(BaseCommand):
    help = "Ingest .txt/.html article files (or folders of them) into a crisis, all candidates as drafts."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument("--crisis", required=True, help="the crisis slug")
        parser.add_argument("--published", help="publication date (YYYY-MM-DD) for every file, if known")
        parser.add_argument("--user", help="username recorded in the history as the editor")
        parser.add_argument(
            "--queue", action="store_true", help="queue each file for the workers and the review queue instead"
        )

    def handle(self, *args, paths, crisis, published, user, queue=False, **options):
        crisis_obj = crisis_by_slug(crisis)
        try:
            published_on = dt.date.fromisoformat(published) if published else None
        except ValueError:
            raise CommandError(f"--published must be a date as YYYY-MM-DD; got {published!r}.") from None
        user_obj = user_by_name(user)
        files = collect_files(paths)
        if not files:
            raise CommandError("No .txt or .html files found in the given paths.")

        if queue:
            self.queue(files, crisis=crisis_obj, user=user_obj, published=published_on, show=options["verbosity"] > 0)
            return
        created, skipped, failed = [], [], []
        known = load_known_actors()
        for path in tqdm(files, desc="Ingesting", unit="article", disable=options["verbosity"] == 0):
            try:
                outcome = ingest(
                    read_file(path), crisis=crisis_obj, user=user_obj, published=published_on, known_actors=known
                )
            except (IngestError, OSError, DatabaseError) as exc:
                failed.append((path, str(exc)))
                continue
            if outcome.duplicate:
                skipped.append((path, f"already stored as source #{outcome.source.pk}"))
            else:
                created.append((path, outcome))
                if outcome.actors_created:
                    known = load_known_actors()

        events = sum(len(o.events_created) for _, o in created)
        claims = sum(len(o.claims_created) for _, o in created)
        self.stdout.write(
            f"created {len(created)} source(s) with {events} event(s) and {claims} claim(s); "
            f"skipped {len(skipped)}; failed {len(failed)}"
        )
        for path, reason in skipped:
            self.stdout.write(f"  skipped {path}: {reason}")
        for path, reason in failed:
            self.stderr.write(f"  failed  {path}: {reason}")

    def queue(self, files, *, crisis, user, published, show: bool) -> None:
        """Each file read here (capped, decoded) and queued: the workers parse, editors review in the queue."""
        queued, failed = 0, []
        for path in tqdm(files, desc="Queueing", unit="article", disable=not show):
            try:
                queue_article(crisis=crisis, user=user, article=read_file(path), published=published)
            except (IngestError, OSError) as exc:
                failed.append((path, str(exc)))
                continue
            queued += 1
        self.stdout.write(f"queued {queued} article(s) for review in {crisis}; failed {len(failed)}")
        for path, reason in failed:
            self.stdout.write(f"  failed {path}: {reason}")


def collect_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"{name}: no such file or folder.")
    return files
