"""A worker killed mid-task (SIGKILL) and started again: nothing partial is stored, and the task ends
retried. The worker is a real `manage.py run_worker` process on the test database; the article comes from
a local server that holds its answer until the test lets it go."""

import datetime as dt
import http.server
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from events.ingest import tasks
from events.models import Event, PendingArticle, Source

ROOT = Path(__file__).resolve().parents[2]
PAGE = (
    b"<html><head><title>Rally in Caracas</title></head><body><article><h1>Rally in Caracas</h1><p>Thousands of "
    b"opposition supporters marched in Caracas on Saturday, witnesses said.</p></article></body></html>"
)
State = PendingArticle.State


class HeldServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), HeldHandler)
        self.release = threading.Event()
        self.hits = 0


class HeldHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.hits += 1
        self.server.release.wait(timeout=60)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)


@pytest.fixture
def held_server():
    server = HeldServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(*extra: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "DATABASE_URL": database_url(),
        "INGEST_RETRY_SECONDS": "0",
    }
    command = [sys.executable, "manage.py", "run_worker", "--no-warm-up", "--verbosity", "0", *extra]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


# Committed rows (the worker is another process); the migrations' rows (groups) restored for the next test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_task_stores_nothing_partial_and_the_task_is_retried(crisis, editor, held_server, settings):
    settings.INGEST_RETRY_SECONDS = 0
    url = f"http://127.0.0.1:{held_server.server_address[1]}/rally"
    pending = tasks.queue_article(crisis=crisis, user=editor, url=url)
    worker = start_worker()
    try:
        running = wait_for(lambda: PendingArticle.objects.get(pk=pending.pk).state == State.RUNNING, 60)
        assert running, worker.stderr.read1().decode() if worker.poll() is not None else "the worker never started"
        assert wait_for(lambda: held_server.hits == 1, 10)  # the worker is inside its task, mid-fetch
        os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait(timeout=10) == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    row = PendingArticle.objects.get(pk=pending.pk)
    assert row.state == State.RUNNING and row.payload is None and row.attempts == 1
    assert not (Source.objects.exists() or Event.objects.exists())
    # The worker that starts next finds the abandoned row once its lease is over and runs it again.
    held_server.release.set()
    later = timezone.now() + dt.timedelta(seconds=tasks.lease_seconds() + 1)
    assert tasks.recover_stalled(now=later) == 1
    assert PendingArticle.objects.get(pk=pending.pk).state == State.QUEUED
    again = start_worker("--batch")
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err.decode()[-2000:]
    row = PendingArticle.objects.get(pk=pending.pk)
    assert row.state == State.READY and row.attempts == 2 and row.payload["url"] == url
    assert "Rally in Caracas" in row.payload["title"]
    assert not Source.objects.exists()  # a parse stores a draft only; the editor's accept saves the article
