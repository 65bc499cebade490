"""Timeline latency while a worker drains a 50-item feed poll, against the same page idle.

A feed of 50 items (and their pages) is served on 127.0.0.1 by this process; a real `run_worker`
process, started with `devtools.loopback_settings` (the one place outside tests that lets the fetcher
reach loopback), fetches and parses them. Meanwhile this process requests the largest crisis's timeline
(fragment cache off, so every request does all its work) through Django's test client, as the page
benchmark does. Target: p95 under load within 1.5× the idle p95.
"""

import datetime as dt
import http.server
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.urls import reverse

from devtools.management.commands.bench import Command as PageBench
from devtools.management.commands.bench import load, percentile
from events.ingest.feeds import poll_feed
from events.models import Crisis, Feed, PendingArticle

ITEMS = 50
SECTION = "feed-poll"
PARAGRAPH = (
    "Thousands of opposition supporters marched through the capital on Saturday, item {n}, and police fired "
    "tear gas near the parliament building, the interior ministry said. Opposition leader Maria Lopez said "
    'on Friday that "the government has lost the street". President Pedro Alvarez denied the figures in a '
    "statement late Sunday; last week he appointed a new army chief, General Tomas Ruiz.\n"
)


class FeedServer(http.server.ThreadingHTTPServer):
    daemon_threads = True


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_address[1]}/{self.server.run}"
        if self.path.endswith("/feed.xml"):
            items = "".join(f"<item><title>Rally {n}</title><link>{base}/item/{n}</link></item>" for n in range(ITEMS))
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>{items}</channel></rss>'
            self.reply(body.encode(), "application/rss+xml")
        else:
            n = self.path.rsplit("/", 1)[-1]
            text = "".join(PARAGRAPH.format(n=f"{n}-{k}") for k in range(6))
            self.reply(f"<html><body><article><h1>Rally {n}</h1><p>{text}</p></article></body></html>".encode())

    def reply(self, body: bytes, content_type: str = "text/html; charset=utf-8"):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Command(BaseCommand):
    help = "Benchmark: timeline p50/p95 idle and while a worker parses a 50-item feed poll."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=60, help="idle timeline requests measured")
        parser.add_argument("--crisis", help="slug of the crisis to browse (default: the largest)")
        parser.add_argument("--output", help="Markdown file to write the result into (e.g. BENCHMARKS.md)")
        parser.add_argument("--worker-nice", type=int, default=10, help="niceness of the worker process")

    def handle(self, *args, requests, crisis, output, worker_nice, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Run it on PostgreSQL: on SQLite the worker's writes and the pages queue on one lock.")
        crisis = Crisis.objects.get(slug=crisis) if crisis else self.largest()
        url = reverse("events:crisis-timeline", kwargs={"slug": crisis.slug})
        started, load_before = dt.datetime.now(dt.UTC), load()
        server = FeedServer(("127.0.0.1", 0), Handler)
        server.run = f"run-{int(time.time())}"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        feed = Feed.objects.create(
            crisis=crisis, url=f"http://127.0.0.1:{server.server_address[1]}/{server.run}/feed.xml"
        )
        worker = None
        try:
            with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False, PAGE_CACHE_SECONDS=0):
                client = Client()
                client.force_login(PageBench().reader())
                for _ in range(10):
                    client.get(url)
                idle = [self.time(client, url) for _ in range(requests)]
                worker = self.start_worker(worker_nice)
                time.sleep(8)  # the worker loads its models before it takes work: not part of the poll
                with override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True):
                    polled = time.perf_counter()
                    outcome = poll_feed(feed)
                if outcome.queued != ITEMS:
                    raise CommandError(f"The poll queued {outcome.queued} items, not {ITEMS}: {outcome.error}")
                rows = PendingArticle.objects.filter(feed=feed)
                busy = []
                while rows.in_progress().exists():
                    busy.append(self.time(client, url))
                    if time.perf_counter() - polled > 600:
                        raise CommandError("The worker did not drain the poll in 10 minutes.")
                drained = time.perf_counter() - polled
            states = dict(rows.values_list("state").annotate(n=Count("id")).order_by())
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)
            server.shutdown()
            PendingArticle.objects.filter(feed=feed).delete()
            feed.delete()
        report = self.report(crisis, idle, busy, drained, states, started, (load_before, load()), worker_nice)
        self.stdout.write(report)
        if output:
            PageBench().write_section(Path(output), SECTION, report)
            self.stdout.write(f"Written to {output}.")

    def largest(self) -> Crisis:
        crisis = Crisis.objects.annotate(n=Count("events")).order_by("-n", "pk").first()
        if crisis is None:
            raise CommandError("No crisis to browse: load data first (manage.py seed_synthetic).")
        return crisis

    def time(self, client: Client, url: str) -> float:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = 1000 * (time.perf_counter() - start)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return elapsed

    def start_worker(self, niceness: int) -> subprocess.Popen:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "devtools.loopback_settings"}
        command = ["nice", "-n", str(niceness), sys.executable, "manage.py", "run_worker", "--verbosity", "0"]
        return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)

    def report(self, crisis, idle, busy, drained, states, started, loads, niceness) -> str:
        idle_p95, busy_p95 = percentile(idle, 0.95), percentile(busy, 0.95) if busy else float("nan")
        ratio = busy_p95 / idle_p95
        events = crisis.events.count()
        return (
            f"Timeline of `{crisis.slug}` ({events:,} events, fragment cache off) through the test client, idle and "
            f"while one `run_worker` (niceness {niceness}) fetched and parsed a {ITEMS}-item feed poll served on "
            f"127.0.0.1; {connection.vendor}, {started:%Y-%m-%d %H:%M} UTC, load average {loads[0]} before, "
            f"{loads[1]} after.\n\n"
            "| timeline | requests | p50 ms | p95 ms |\n| --- | ---: | ---: | ---: |\n"
            f"| idle | {len(idle)} | {statistics.median(idle):.1f} | {idle_p95:.1f} |\n"
            f"| during the poll | {len(busy)} | {statistics.median(busy):.1f} | {busy_p95:.1f} |\n\n"
            f"p95 during / idle: **{ratio:.2f}×** (target ≤ 1.5×). The worker drained the {ITEMS} items in "
            f"{drained:.1f} s ({1000 * drained / ITEMS:.0f} ms per item, fetch and parse); final states: "
            + ", ".join(f"{state} {n}" for state, n in sorted(states.items()))
            + ".\n\n    DATABASE_URL=postgres://… .venv/bin/python manage.py bench_feed_poll --output BENCHMARKS.md\n"
        )
