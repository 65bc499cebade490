"""Run a background worker for the configured queue (TASKS_QUEUE): the database queue's `db_worker`, or the
Redis queue's `run_redis_tasks`. Before it starts, rows a killed worker left running are queued again (or
failed after their last attempt), and the parser is warmed up so the first article does not pay for it."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from events.ingest.pipeline import warm_up as warm_up_parser
from events.ingest.tasks import recover_stalled


class Command(BaseCommand):
    help = "Run a background worker (parses, fetches, feed polls, bulk accepts) for the configured queue."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run what is due, then exit")
        parser.add_argument("--no-warm-up", action="store_false", dest="warm_up", help="skip the parser warm-up")

    def handle(self, *args, batch: bool, warm_up: bool, **options):
        verbosity = options["verbosity"]
        recovered = recover_stalled()
        if recovered and verbosity:
            self.stdout.write(f"Recovered {recovered} task(s) a stopped worker left running.")
        if warm_up:
            warm_up_parser(settings.INGEST_NLP_PIPELINE)  # the language pipeline and dateparser's tables, once
        if settings.TASKS_QUEUE == "redis":
            call_command("run_redis_tasks", *([] if batch else ["--continuous"]), verbosity=verbosity)
        else:
            call_command("db_worker", batch=batch, reload=False, startup_delay=False, verbosity=verbosity)
