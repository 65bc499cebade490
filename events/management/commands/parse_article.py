"""Parse one article and print what the pipeline found, as the JSON contract or a readable summary."""

import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.ingest.pipeline import result_to_contract
from events.ingest.service import parse_input, read_file, read_text
from events.ingest.types import IngestError


class Command(BaseCommand):
    help = "Parse an article (.txt or .html file, or - for standard input) and print the result. Writes nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a .txt or .html file, or - to read standard input")
        parser.add_argument("--published", help="publication date, YYYY-MM-DD (as an editor would give it)")
        parser.add_argument("--title", help="headline, if the text does not start with it")
        parser.add_argument("--url", help="where the article came from")
        parser.add_argument("--format", choices=("json", "text"), default="json")

    def handle(self, *args, **options):
        published = None
        if options["published"]:
            try:
                published = dt.date.fromisoformat(options["published"])
            except ValueError:
                raise CommandError(
                    f"--published must be a date like 2019-02-02; got {options['published']!r}."
                ) from None
        path = options["path"]
        try:
            article = read_text(sys.stdin.buffer.read()) if path == "-" else read_file(Path(path))
            article = dataclasses.replace(article, url=options["url"] or None)
            result = parse_input(article, published=published, title=options["title"])
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from None
        except IngestError as exc:
            raise CommandError(str(exc)) from None
        contract = result_to_contract(result)
        if options["format"] == "json":
            self.stdout.write(json.dumps(contract, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self.as_text(contract, result.warnings))

    def as_text(self, contract: dict, warnings) -> str:
        """A summary for people: headline, date and where it came from, then actors, events, claims."""
        lines = [
            contract["title"] or "(no headline)",
            f"Published: {contract['published'] or 'unknown'} ({contract['published_source'] or 'not found'})",
            f"Outlet: {contract['outlet'] or 'unknown'}",
            *(f"Warning: {w}" for w in warnings),
            "",
            f"Actors ({len(contract['actors'])}):",
            *(f"  {a['name']} [{a['kind']}]  as: {', '.join(a['mentions'])}" for a in contract["actors"]),
            "",
            f"Events ({len(contract['events'])}):",
            *(
                f"  {e['date'] or '????-??-??'} {e['precision']:<11} {e['type']:<25} {e['summary']}"
                for e in contract["events"]
            ),
            "",
            f"Claims ({len(contract['claims'])}):",
            *(f"  {c['claimant'] or c['claimant_text']}: {c['text']}" for c in contract["claims"]),
        ]
        return "\n".join(lines)
