"""Export a crisis to a file (or stdout) for large exports, with a progress bar on stderr.

An operator tool: it sees what an editor would, but drafts only with --include-drafts.
"""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from events.exports.acled import stream_acled_csv
from events.exports.claims import stream_claims_csv
from events.exports.events_csv import stream_events_csv
from events.exports.timelinejs import stream_timelinejs
from events.management.lookups import crisis_by_slug
from events.models import Claim, Event

PROFILES = ("events", "acled", "claims", "timelinejs")


class Command(BaseCommand):
    help = "Export a crisis's events (our CSV, ACLED CSV, TimelineJS JSON) or claims (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--crisis", required=True, help="the crisis slug")
        parser.add_argument("--profile", choices=PROFILES, default="events")
        parser.add_argument("--output", help="file to write (default: stdout)")
        parser.add_argument("--include-drafts", action="store_true", help="also export draft events and claims")
        parser.add_argument("--bom", action="store_true", help="start CSV with a UTF-8 BOM (for Excel)")
        parser.add_argument(
            "--python", action="store_true", help="on PostgreSQL, use the Python CSV writer instead of COPY"
        )

    def handle(self, *args, crisis, profile, output, include_drafts, bom, python, **options):
        crisis_obj = crisis_by_slug(crisis)
        events = Event.objects.for_crisis(crisis_obj)
        claims = Claim.objects.for_crisis(crisis_obj)
        if not include_drafts:
            events, claims = events.published(), claims.published()
        total = (claims if profile == "claims" else events).count()
        bar = tqdm(total=total, unit="row", file=sys.stderr, disable=None)
        if profile == "events":
            chunks = stream_events_csv(
                events,
                include_draft_claims=include_drafts,
                bom=bom,
                progress=bar.update,
                copy=False if python else None,
            )
        elif profile == "acled":
            chunks = stream_acled_csv(events, bom=bom, progress=bar.update)
        elif profile == "claims":
            chunks = stream_claims_csv(claims, include_draft_events=include_drafts, bom=bom, progress=bar.update)
        else:
            chunks = stream_timelinejs(crisis_obj, events, progress=bar.update)
        try:
            if output:
                with open(output, "wb") as file:
                    file.writelines(chunks)
            else:
                sys.stdout.buffer.writelines(chunks)
                sys.stdout.buffer.flush()
        finally:
            bar.close()
        if output:
            self.stderr.write(f"Wrote {total} {'claims' if profile == 'claims' else 'events'} to {output}.")
