"""The benchmark of issue 6: timeline pages, the events CSV and ingest, each beside its physical floor.

    python manage.py bench                       # on a database loaded with `seed_synthetic`
    python manage.py bench --requests 100 --output BENCHMARKS.md

Pages go through Django's test client with the project's own middleware, after a warm-up, as the demo
analyst (or a reader created for the run): the time is the server's, from request to rendered response.
Beside each page: the SQL floor (the page's own queries, captured and re-run raw on the same connection)
and the framework floor (a constant response through the same middleware). The events CSV of the largest
crisis is set against PostgreSQL's `COPY … TO STDOUT` of the same rows; ingest reuses `bench_ingest`.

The table goes to stdout and, with `--output`, into that Markdown file between
`<!-- bench:<size> -->` markers, so a run at 100k and one at 1M events sit side by side.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
import textwrap
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.http import HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse

from devtools.management.commands import bench_ingest
from devtools.management.commands.bench_export import Command as ExportBench
from events.exports.events_csv import stream_events_csv
from events.forms import cursor_after
from events.models import ContradictionGroup, Crisis, Event, EventActor, EventType

PAGE = 50
HTMX = {"HTTP_HX_REQUEST": "true"}


def constant(request) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


# The framework floor: a constant response behind exactly the project's middleware and URLs.
urlpatterns = [path("__bench_floor__", constant), path("", include(settings.ROOT_URLCONF))]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def size_label(count: int) -> str:
    """1_000_000 → "1M" (and 1_000_009, a million plus the demo, too), 100_000 → "100k", 600 → "600"."""
    if count >= 999_500:
        return f"{count / 1_000_000:.1f}".removesuffix(".0") + "M"
    if count >= 1000:
        return f"{round(count / 1000)}k"
    return str(count)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as info:
            memory = f", {int(info.readline().split()[1]) / 2**20:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        memory = ""
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}){memory}"


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


EXPLAIN_OUTPUT = "benchmarks/explain.txt"


class Command(BaseCommand):
    help = "Benchmark timeline pages, the events CSV and ingest against their floors; write BENCHMARKS.md."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=60, help="measured requests per page variant")
        parser.add_argument("--warmup", type=int, default=10, help="unmeasured requests per variant first")
        parser.add_argument("--crisis", help="slug of the crisis to browse (default: the largest)")
        parser.add_argument("--output", help="Markdown file to write the table into (e.g. BENCHMARKS.md)")
        parser.add_argument("--no-ingest", action="store_true", help="skip the ingest benchmark")
        parser.add_argument(
            "--explain", action="store_true", help="also write EXPLAIN ANALYZE of each page's slowest queries"
        )
        parser.add_argument(
            "--explain-output",
            default=EXPLAIN_OUTPUT,
            help=f"file the EXPLAIN plans go to (default {EXPLAIN_OUTPUT}, ignored by git; never BENCHMARKS.md)",
        )
        parser.add_argument("--corpus", default=str(Path(settings.BASE_DIR).parent / "shared" / "corpus" / "dev"))

    def handle(
        self, *args, requests, warmup, crisis, output, no_ingest, corpus, explain=False, explain_output=None, **options
    ):
        if requests < 1 or warmup < 0:
            raise CommandError("--requests must be at least 1 and --warmup at least 0.")
        total = Event.objects.count()
        crisis = self.pick_crisis(crisis)
        started, load_before = dt.datetime.now(dt.UTC), load()
        self.stdout.write(f"{connection.vendor}: {total:,} events; browsing {crisis.slug!r}")
        with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"], DEBUG=False):
            client = Client()
            client.force_login(self.reader())
            pages = self.bench_pages(client, crisis, requests=requests, warmup=warmup)
        export = self.bench_export(crisis)
        ingest = None if no_ingest else self.bench_ingest(Path(corpus))
        report = self.report(
            total=total, crisis=crisis, pages=pages, export=export, ingest=ingest, started=started,
            loads=(load_before, load()), requests=requests, warmup=warmup,
        )  # fmt: skip
        self.stdout.write(report)
        if output:
            self.write_section(Path(output), size_label(total), report)
            self.stdout.write(f"Written to {output}.")
        if explain and connection.vendor == "postgresql":
            # The plans are long (hundreds of kB at scale): they go to their own file, the tables stay short.
            plans = self.explain(pages, total, crisis)
            target = Path(explain_output or EXPLAIN_OUTPUT)
            target.parent.mkdir(parents=True, exist_ok=True)
            self.write_section(target, f"explain-{size_label(total)}", plans)
            self.stdout.write(f"EXPLAIN plans written to {target}.")

    # -- setup -------------------------------------------------------------------------------------------
    def pick_crisis(self, slug: str | None) -> Crisis:
        if slug:
            return Crisis.objects.get(slug=slug)
        largest = Crisis.objects.annotate(n=Count("events")).order_by("-n", "pk").first()
        if largest is None:
            raise CommandError("No crisis to browse: load data first (manage.py seed_synthetic).")
        return largest

    def reader(self) -> User:
        """The demo analyst if the demo is loaded, else a reader without permissions: both see what is published."""
        user = User.objects.filter(username="analyst").first()
        if user is None:
            user, _ = User.objects.get_or_create(username="bench-reader")
        return user

    def variants(self, crisis: Crisis) -> list[tuple[str, str, dict]]:
        url = reverse("events:crisis-timeline", kwargs={"slug": crisis.slug})
        published = Event.objects.for_crisis(crisis).published()
        by_actor = (
            EventActor.objects.filter(event__crisis=crisis)
            .values("actor_id", "actor__name")
            .annotate(n=Count("id"))
            .order_by("-n", "actor_id")
        )
        busiest, quietest = by_actor.first(), by_actor.order_by("n", "actor_id").first()
        newest = published.order_by("-date_start", "-id").values_list("date_start", "id")
        last = published.order_by("-date_start", "-id").values_list("date_start", flat=True).first()  # the newest
        pages = max(1, (published.count() - 1) // PAGE)
        deep = min(500, pages)
        out = [("first page", url, {})]
        if busiest:
            out.append(("one actor", f"{url}?actor={busiest['actor_id']}", {}))
        if last:
            start = max(last - dt.timedelta(days=365), published.order_by("date_start").first().date_start)
            out.append(("type + date range", f"{url}?type={EventType.PROTEST}&date_from={start}&date_to={last}", {}))
        out.append(("search, common term", f"{url}?q=reported", {}))
        if quietest:
            # An actor's numbered name: a handful of matches among all the events.
            out.append(("search, rare term", f"{url}?q={quietest['actor__name'].replace(' ', '+')}", {}))
        if deep > 1 and (row := newest[deep * PAGE - 1 : deep * PAGE].first()):
            cursor = cursor_after(*row)
            out.append((f"page {deep + 1} (keyset), full", f"{url}?cursor={cursor}", {}))
            out.append((f"page {deep + 1} (keyset), htmx", f"{url}?cursor={cursor}", {"HTTP_HX_REQUEST": "true"}))
        out.append(("first page, htmx partial", url, {"HTTP_HX_REQUEST": "true"}))
        # The other analysts' pages held to the timeline's targets: the map (the newest 1,000 matches'
        # places) and the actors index (every actor of the crisis with counts).
        map_url = reverse("events:crisis-map", kwargs={"slug": crisis.slug})
        out.append(("map", map_url, {}))
        if busiest:
            out.append(("map, one actor", f"{map_url}?actor={busiest['actor_id']}", {}))
        out.append(("map, search, common term", f"{map_url}?q=reported", {}))
        actors_url = reverse("events:crisis-actors", kwargs={"slug": crisis.slug})
        out.append(("actors index", actors_url, {}))
        out.append(("actors index, filtered by name", f"{actors_url}?name=a", {}))
        if last:
            # As known on a day a year before the newest entry: what the sources published by then told.
            out.append(("as known on a day", f"{url}?known_on={last - dt.timedelta(days=365)}", {}))
        out.append(("with a contradiction", f"{url}?contradicted=on", {}))
        tab = reverse("events:crisis-contradictions", kwargs={"slug": crisis.slug})
        out.append(("contradictions tab", tab, {}))
        groups = ContradictionGroup.objects.for_crisis(crisis).newest_first().values_list("newest_on", "id")
        if row := groups[20 * 25 - 1 : 20 * 25].first():
            out.append(("contradictions tab, page 21, htmx", f"{tab}?cursor={cursor_after(*row)}", HTMX))
        return out

    # -- pages -------------------------------------------------------------------------------------------
    def bench_pages(self, client: Client, crisis: Crisis, *, requests: int, warmup: int) -> list[dict]:
        """Each variant twice: with the fragment cache off, so every request does all its work (the
        figures the targets are about), then with it on and warm, as readers repeating a URL get it."""
        results = [self.measure(client, "framework floor (constant view)", "/__bench_floor__", {}, requests, warmup)]
        for name, url, headers in self.variants(crisis):
            with override_settings(PAGE_CACHE_SECONDS=0):
                result = self.measure(client, name, url, headers, requests, warmup)
            cached = self.measure(client, name, url, headers, requests, max(1, warmup), floor=False)
            result |= {"cached_p50": cached["p50"], "cached_p95": cached["p95"], "cached_queries": cached["queries"]}
            results.append(result)
            self.stdout.write(f"  {name}: p50 {result['p50']:.1f} ms, cached {cached['p50']:.1f} ms")
        return results

    def measure(self, client, name, url, headers, requests, warmup, *, floor=True) -> dict:
        for _ in range(warmup):
            client.get(url, **headers)
        times, queries, sql = [], set(), []
        for i in range(requests):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url, **headers)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
                times.append(1000 * (time.perf_counter() - start))
            if response.status_code != 200:
                raise CommandError(f"{name}: {url} answered {response.status_code}")
            queries.add(len(captured.captured_queries))
            if i == 0:
                sql = [q["sql"] for q in captured.captured_queries]
        floor = self.sql_floor(sql, max(5, requests // 4)) if floor else 0.0
        return {
            "name": name,
            "url": url,
            "p50": statistics.median(times),
            "p95": percentile(times, 0.95),
            "queries": "/".join(str(n) for n in sorted(queries)),
            "sql": floor,
            "statements": sql,
        }

    def sql_floor(self, statements: list[str], repeat: int) -> float:
        """The median time of running the page's own SQL, raw, on the same connection."""
        statements = [s for s in statements if not re.match(r"\s*(SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT)", s)]
        if not statements:
            return 0.0
        timings = []
        with connection.cursor() as cursor:
            for _ in range(repeat):
                start = time.perf_counter()
                for statement in statements:
                    cursor.execute(statement)
                    if cursor.description:
                        cursor.fetchall()
                timings.append(1000 * (time.perf_counter() - start))
        return statistics.median(timings)

    def explain(self, pages: list[dict], total: int, crisis: Crisis, per_page: int = 3) -> str:
        """EXPLAIN ANALYZE of the `per_page` slowest content queries of each page variant (as captured
        from the first measured request, cache off), so the plans shown are the ones the pages ran."""
        lines = [f"### EXPLAIN plans at {size_label(total)} events (crisis `{crisis.slug}`)", ""]
        content = re.compile(r'FROM "events_(event|eventactor|evidence|claim|contradictiongroup|contradictionmember)"')
        with connection.cursor() as cursor:
            for page in pages[1:]:
                timed = []
                for statement in page["statements"]:
                    if not content.search(statement):
                        continue
                    start = time.perf_counter()
                    cursor.execute(statement)
                    cursor.fetchall()
                    timed.append((time.perf_counter() - start, statement))
                lines += [f"#### {page['name']}", "", f"`GET {page['url']}`", ""]
                for _, statement in sorted(timed, reverse=True)[:per_page]:
                    cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {statement}")
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                    query = textwrap.shorten(statement, 400, placeholder=" …")
                    lines += ["```sql", query, "```", "```", plan, "```", ""]
        return "\n".join(lines) + "\n"

    # -- export and ingest --------------------------------------------------------------------------------
    def bench_export(self, crisis: Crisis, repeat: int = 3) -> dict:
        events = Event.objects.for_crisis(crisis)
        rows = events.count()
        bench = ExportBench()
        csv = bench.measure(lambda: stream_events_csv(events, include_draft_claims=True), repeat)
        floor = bench.measure(lambda: bench.copy_floor(crisis), repeat) if connection.vendor == "postgresql" else None
        return {"rows": rows, "csv": csv, "floor": floor}

    def bench_ingest(self, corpus: Path) -> dict | None:
        files = sorted(p for p in corpus.glob("*") if p.suffix in (".txt", ".html") and ".expected" not in p.name)
        if not files:
            self.stderr.write(f"No corpus at {corpus}: ingest skipped.")
            return None
        runner = bench_ingest.Command()
        bench_ingest.warm_up()
        times = []
        for file in files:
            meta = file.with_name(file.name.rsplit(".", 1)[0] + ".meta.json")
            given = bench_ingest.json.loads(meta.read_text()).get("given", {}) if meta.exists() else {}
            times += runner.measure(file.read_bytes(), file.suffix == ".html", given, 3)
        return {"articles": len(files), "median": statistics.median(times), "p95": percentile(times, 0.95)}

    # -- report --------------------------------------------------------------------------------------------
    def report(self, *, total, crisis, pages, export, ingest, started, loads, requests, warmup) -> str:
        floor = pages[0]["p50"]
        lines = [
            f"### {size_label(total)} events ({total:,}), {connection.vendor}",
            "",
            f"- Date: {started:%Y-%m-%d %H:%M} UTC; machine: {machine()}; "
            f"PostgreSQL {connection.pg_version // 10000 if connection.vendor == 'postgresql' else '–'}.",
            f"- Load average (1/5/15 min) before/after: {loads[0]} / {loads[1]} (the machine is shared).",
            f"- Pages: crisis `{crisis.slug}`, {requests} requests per variant after {warmup} warm-up, "
            "test client with the project's middleware, logged-in reader (published entries).",
            '- p50/p95: the fragment cache off, every request doing all its work; "cached": the same URL again',
            "  with the cache on and nothing written in between (events/views/pagecache.py).",
            "",
            "| page variant | p50 ms | p95 ms | SQL queries | SQL floor ms | × SQL floor | × framework floor "
            "| cached p50 / p95 ms (queries) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for page in pages:
            sql_ratio = f"{page['p50'] / page['sql']:.1f}" if page["sql"] else "–"
            cached = (
                f"{page['cached_p50']:.1f} / {page['cached_p95']:.1f} ({page['cached_queries']})"
                if "cached_p50" in page
                else "–"
            )
            lines.append(
                f"| {page['name']} | {page['p50']:.1f} | {page['p95']:.1f} | {page['queries']} | {page['sql']:.1f} "
                f"| {sql_ratio} | {page['p50'] / floor:.1f} | {cached} |"
            )
        seconds, size, growth = export["csv"]
        lines += ["", "| export / ingest | figure | floor | × floor |", "| --- | ---: | ---: | ---: |"]
        if export["floor"]:
            floor_seconds = export["floor"][0]
            lines.append(
                f"| events CSV of `{crisis.slug}` ({export['rows']:,} rows) | {export['rows'] / seconds:,.0f} rows/s, "
                f"RSS +{growth / 1e6:.0f} MB | COPY TO STDOUT: {export['rows'] / floor_seconds:,.0f} rows/s "
                f"| {seconds / floor_seconds:.1f} |"
            )
        else:
            lines.append(
                f"| events CSV ({export['rows']:,} rows) | {export['rows'] / seconds:,.0f} rows/s, "
                f"RSS +{growth / 1e6:.0f} MB | – | – |"
            )
        if ingest:
            lines.append(
                f"| ingest, {ingest['articles']} dev-corpus articles × 3 | median {ingest['median']:.1f} ms, "
                f"p95 {ingest['p95']:.1f} ms per article | – | – |"
            )
        return "\n".join(lines) + "\n"

    def write_section(self, target: Path, label: str, report: str) -> None:
        begin, end = f"<!-- bench:{label} -->", f"<!-- /bench:{label} -->"
        text = target.read_text() if target.exists() else "# Benchmarks\n\nWritten by `make bench`.\n"
        section = f"{begin}\n{report}{end}"
        # Markers count only on a line of their own, so prose that mentions them is never replaced.
        pattern = re.compile("^" + re.escape(begin) + "$.*?^" + re.escape(end) + "$", re.S | re.M)
        text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + f"\n\n{section}\n"
        target.write_text(text)
