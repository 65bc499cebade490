"""Poll the feeds that are due (for cron or a systemd timer): each new item is queued for a worker to fetch
and parse. With --wait, follow those parses to the end with a progress bar."""

import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from events.ingest.feeds import due_feeds, poll_feed, poll_feed_task
from events.ingest.tasks import recover_stalled
from events.models import PendingArticle


class Command(BaseCommand):
    help = "Poll the RSS/Atom feeds that are due and queue their new items for review."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="hand each feed's poll to the workers instead")
        parser.add_argument("--wait", action="store_true", help="follow the queued parses until they are done")

    def handle(self, *args, enqueue: bool, wait: bool, **options):
        show = options["verbosity"] > 0
        recover_stalled()
        feeds = due_feeds()
        if enqueue:
            for feed in feeds:
                poll_feed_task.enqueue(feed.pk)
            self.stdout.write(f"{len(feeds)} feed poll(s) queued.")
            return
        started = [p for p in PendingArticle.objects.in_progress().values_list("pk", flat=True)]
        queued = 0
        for feed in tqdm(feeds, desc="feeds", unit="feed", disable=not show, file=self.stderr):
            outcome = poll_feed(feed)
            queued += outcome.queued
            if outcome.error:
                self.stderr.write(f"{feed}: {outcome.error}")
        self.stdout.write(f"{len(feeds)} feed(s) polled, {queued} new article(s) queued.")
        if wait and queued:
            self._follow(exclude=set(started), total=queued, show=show)

    def _follow(self, *, exclude: set[int], total: int, show: bool) -> None:
        rows = PendingArticle.objects.exclude(pk__in=exclude)
        with tqdm(total=total, desc="parses", unit="article", disable=not show, file=self.stderr) as bar:
            while True:
                left = rows.in_progress().count()
                bar.n = max(0, total - left)
                bar.refresh()
                if not left:
                    break
                time.sleep(1)
