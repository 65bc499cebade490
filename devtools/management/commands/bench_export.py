"""Measure exports on synthetic data: rows/s and memory growth of each path, against PostgreSQL's COPY floor.

    python manage.py bench_export --events 100000
    python manage.py bench_export --crisis synthetic-1     # an existing crisis, e.g. from seed_synthetic

Data goes into a dedicated crisis ("bench-export"), created with bulk_create and reused on the next run
(topped up if it has fewer events than asked); `--crisis` measures an existing crisis and creates nothing.
Memory is the process's resident set, sampled at every chunk, minus what it was before the export started.
"""

import datetime as dt
import os
import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from events.exports.acled import stream_acled_csv
from events.exports.common import CHUNK_BYTES
from events.exports.events_csv import SUMMARY_TABLE, stream_events_csv
from events.exports.timelinejs import stream_timelinejs
from events.models import Actor, ActorAlias, Claim, Crisis, Event, EventActor, Evidence, ReviewStatus, Source
from events.text import fold

SLUG = "bench-export"
TYPES = ["protest", "riot", "defection", "recognition", "statement", "arrest", "battle", "legislation"]
PRECISIONS = ["day", "day", "day", "week", "month", "approximate", "year"]
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss() -> int:
    """Current resident set size in bytes (peak so far where /proc is missing)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * PAGE
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Command(BaseCommand):
    help = "Benchmark the exports on a synthetic crisis (created with bulk_create, reused between runs)."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is shown")
        parser.add_argument("--crisis", help="slug of an existing crisis to measure instead (nothing is created)")

    def handle(self, *args, events, repeat, crisis=None, **options):
        if crisis:
            try:
                crisis = Crisis.objects.get(slug=crisis)
            except Crisis.DoesNotExist:
                raise CommandError(f"No crisis {crisis!r}.") from None
        else:
            crisis = self.ensure_data(events)
        # Everything, drafts included (as `export_events --include-drafts` does): one row per event.
        events_qs = Event.objects.for_crisis(crisis)
        total = events_qs.count()
        self.stdout.write(f"{connection.vendor}: crisis {crisis.slug!r}, {total:,} events\n")
        runs = []
        if connection.vendor == "postgresql":
            runs.append(("COPY floor (plain event columns)", lambda: self.copy_floor(crisis)))
            runs.append(
                (
                    "events CSV, COPY path",
                    lambda: stream_events_csv(events_qs, include_draft_claims=True, copy=True),
                )
            )
        runs += [
            (
                "events CSV, Python path",
                lambda: stream_events_csv(events_qs, include_draft_claims=True, copy=False),
            ),
            ("ACLED CSV (Python)", lambda: stream_acled_csv(events_qs)),
            ("TimelineJS JSON", lambda: stream_timelinejs(crisis, events_qs)),
        ]
        results = [(name, *self.measure(make, repeat)) for name, make in runs]
        floor = results[0][1] if connection.vendor == "postgresql" else None
        self.stdout.write(f"{'export':36} {'seconds':>8} {'rows/s':>10} {'MB out':>8} {'RSS +MB':>8} {'× COPY':>7}")
        for name, seconds, size, growth in results:
            ratio = f"{seconds / floor:.1f}" if floor else "n/a"
            self.stdout.write(
                f"{name:36} {seconds:8.2f} {total / seconds:10,.0f} {size / 1e6:8.1f} {growth / 1e6:8.1f} {ratio:>7}"
            )

    def measure(self, make, repeat: int) -> tuple[float, int, int]:
        timings, growth, size = [], 0, 0
        for _ in range(repeat):
            before = rss()
            peak, size = before, 0
            start = time.perf_counter()
            for chunk in make():
                size += len(chunk)
                peak = max(peak, rss())
            timings.append(time.perf_counter() - start)
            growth = max(growth, peak - before)
        return sorted(timings)[len(timings) // 2], size, growth

    def copy_floor(self, crisis):
        """The same rows' own columns straight out of COPY: what no export can beat."""
        sql = (
            "COPY (SELECT id, crisis_id, date_start, date_end, precision, date_text, type, headline, summary, "
            "location_name, country, latitude, longitude, fatalities, timeframe, status, updated_at "
            f"FROM {Event._meta.db_table} WHERE crisis_id = {int(crisis.pk)} "
            "ORDER BY date_start DESC, id DESC) TO STDOUT WITH (FORMAT csv)"
        )
        with transaction.atomic(), connection.cursor() as cursor, cursor.copy(sql) as copy:
            out = bytearray()
            for row in copy:
                out += row
                if len(out) >= CHUNK_BYTES:
                    yield bytes(out)
                    out.clear()
            yield bytes(out)

    @transaction.atomic
    def ensure_data(self, count: int) -> Crisis:
        crisis, _ = Crisis.objects.get_or_create(slug=SLUG, defaults={"name": "Export benchmark"})
        have = Event.objects.for_crisis(crisis).count()
        if have >= count:
            return crisis
        self.stdout.write(f"Creating {count - have:,} synthetic events…")
        actors = list(Actor.objects.filter(name__startswith="Bench actor "))
        if not actors:
            actors = Actor.objects.bulk_create(Actor(name=f"Bench actor {i}", kind="person") for i in range(500))
            ActorAlias.objects.bulk_create(ActorAlias(actor=a, alias=a.name, folded=fold(a.name)) for a in actors)
        sources = list(Source.objects.filter(title__startswith="Bench source "))
        if not sources:
            for i in range(100):
                text = f"Bench source {i}: thousands marched in the capital, police said, and the minister resigned."
                sources.append(
                    Source.objects.create(
                        title=f"Bench source {i}",
                        outlet=f"Outlet {i % 20}",
                        text=text,
                        url=f"https://bench.example/{i}",
                        scale="national",
                    )
                )
        first_day = dt.date(2019, 1, 1)
        for offset in range(have, count, 10_000):
            size = min(10_000, count - offset)
            events = Event.objects.bulk_create(
                Event(
                    crisis=crisis,
                    headline=f"Synthetic event {i}: thousands march in the capital",
                    summary="Police said the march was peaceful, and the minister, facing pressure, resigned.",
                    type=TYPES[i % len(TYPES)],
                    precision=PRECISIONS[i % len(PRECISIONS)],
                    date_text="Saturday",
                    date_start=first_day + dt.timedelta(days=i % 2000),
                    date_end=first_day + dt.timedelta(days=i % 2000),
                    location_name="Caracas",
                    country="Venezuela",
                    status=ReviewStatus.PUBLISHED if i % 10 else ReviewStatus.DRAFT,
                )
                for i in range(offset, offset + size)
            )
            EventActor.objects.bulk_create(
                EventActor(event=e, actor=actors[(i * 7 + k) % len(actors)], role=role)
                for i, e in enumerate(events)
                for k, role in enumerate(("initiator", "target"))
            )
            Evidence.objects.bulk_create(
                Evidence(event=e, source=s, start=0, end=len(s.text.split(":")[0]), quote=s.text.split(":")[0])
                for i, e in enumerate(events)
                for s in (sources[i % 100], sources[(i + 1) % 100])
            )
            Claim.objects.bulk_create(
                Claim(crisis=crisis, event=e, statement="The minister resigned.", status=ReviewStatus.PUBLISHED)
                for e in events[::5]
            )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The summary table too: its rows were written by triggers (migration 0006) along the way.
                tables = [model._meta.db_table for model in (Event, EventActor, Evidence, Claim)]
                cursor.execute(f"ANALYZE {', '.join([*tables, SUMMARY_TABLE])}")
            else:
                cursor.execute("ANALYZE")
        return crisis
