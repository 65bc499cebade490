"""Ingest's background tasks (events/ingest/tasks.py): states, retries with back-off, the time budget,
recovery of rows a stopped worker left, accepting a draft whole."""

import datetime as dt
import time
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from events.ingest import tasks
from events.ingest.fetch import FetchError
from events.ingest.service import ArticleInput, ingest, read_text
from events.models import Event, PendingArticle, Source

DEMO = (Path(__file__).resolve().parents[2] / "events" / "demo" / "venezuela.txt").read_text(encoding="utf-8")
SHORT = "Rally in Caracas\n\nThousands of opposition supporters marched in Caracas on Saturday, witnesses said.\n"
State = PendingArticle.State


def queued(crisis, editor, text=SHORT, **kwargs) -> PendingArticle:
    return tasks.queue_article(crisis=crisis, user=editor, article=read_text(text), **kwargs)


def fresh(pending) -> PendingArticle:
    return PendingArticle.objects.get(pk=pending.pk)


def test_a_queued_article_is_parsed_by_the_worker_into_a_stored_draft(crisis, editor, run_tasks):
    pending = queued(crisis, editor, DEMO, published=dt.date(2019, 2, 3))
    assert pending.state == State.QUEUED and DBTaskResult.objects.ready().count() == 1
    assert run_tasks() == 1
    pending = fresh(pending)
    assert pending.state == State.READY and pending.attempts == 1 and pending.task_id
    assert pending.payload["crisis"] == crisis.pk and pending.payload["events"]
    assert pending.event_count == len(pending.payload["events"]) and pending.title
    assert not Source.objects.exists() and not Event.objects.exists()  # nothing stored until accepted


def test_a_task_delivered_twice_runs_once(crisis, editor):
    pending = queued(crisis, editor)
    assert tasks.run_parse(pending.pk) == State.READY
    assert tasks.run_parse(pending.pk) == "skipped"
    assert fresh(pending).attempts == 1


def test_a_fetch_failure_is_retried_with_back_off_then_fails_with_its_reason(crisis, editor, settings, monkeypatch):
    settings.INGEST_TASK_ATTEMPTS, settings.INGEST_RETRY_SECONDS = 3, 30

    def unreachable(url):
        raise FetchError("The server took too long to answer.")

    monkeypatch.setattr(tasks, "read_url", unreachable)
    pending = tasks.queue_article(crisis=crisis, user=editor, url="https://example.org/news/1")
    waits = []
    for attempt in (1, 2):
        before = timezone.now()
        assert tasks.run_parse(pending.pk) == State.QUEUED
        row = fresh(pending)
        assert row.attempts == attempt and "took too long" in row.error and "Trying again" in row.error
        retry = DBTaskResult.objects.filter(status="READY").latest("enqueued_at")
        waits.append((retry.run_after - before).total_seconds())
    assert 29 <= waits[0] <= 31 and 59 <= waits[1] <= 61  # 30 s, then twice that
    assert tasks.run_parse(pending.pk) == State.FAILED
    row = fresh(pending)
    assert row.state == State.FAILED and row.error.startswith("Failed after 3 attempt(s): The server took too long")


def test_bad_input_fails_at_once_with_the_parsers_message(crisis, editor):
    # Only blanks: the reader refuses it in the worker (as it would in the form).
    pending = tasks.queue_article(crisis=crisis, user=editor, article=ArticleInput(text=" \n ", is_html=False))
    assert tasks.run_parse(pending.pk) == State.FAILED
    row = fresh(pending)
    assert row.attempts == 1 and row.error == "The article is empty."
    assert not DBTaskResult.objects.filter(status="READY").exclude(id=row.task_id).exists()  # no retry queued


def test_an_unexpected_error_is_retried_and_named(crisis, editor, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(tasks, "parse_input", broken)
    pending = queued(crisis, editor)
    assert tasks.run_parse(pending.pk) == State.QUEUED
    assert "Unexpected error (KeyError)" in fresh(pending).error


def test_the_time_budget_interrupts_a_long_block():
    began = time.monotonic()
    with pytest.raises(tasks.ParseTimeout, match="0.2 s budget"):
        with tasks.time_budget(0.2):
            time.sleep(5)
    assert time.monotonic() - began < 2


def test_a_parse_over_its_budget_fails_with_a_message_and_the_worker_goes_on(
    crisis, editor, settings, monkeypatch, run_tasks
):
    settings.INGEST_PARSE_BUDGET_SECONDS = 1
    real_parse = tasks.parse_input

    def slow_for_the_first(article, **kwargs):
        if "first" in article.text:
            time.sleep(10)
        return real_parse(article, **kwargs)

    monkeypatch.setattr(tasks, "parse_input", slow_for_the_first)
    slow = queued(crisis, editor, "The first article.\n\nProtesters marched in Caracas on Saturday.\n")
    quick = queued(crisis, editor, SHORT)
    began = time.monotonic()
    assert run_tasks() == 2
    assert time.monotonic() - began < 8
    assert fresh(slow).state == State.FAILED and "1 s budget" in fresh(slow).error
    assert fresh(quick).state == State.READY


def test_a_row_left_running_by_a_stopped_worker_is_queued_again_then_failed(crisis, editor, settings):
    settings.INGEST_TASK_ATTEMPTS = 2
    pending = queued(crisis, editor)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    PendingArticle.objects.filter(pk=pending.pk).update(state=State.RUNNING, attempts=1, started_at=long_ago)
    assert tasks.recover_stalled() == 1
    row = fresh(pending)
    assert row.state == State.QUEUED and "worker stopped" in row.error
    # A row still inside its lease belongs to a live worker: left alone.
    PendingArticle.objects.filter(pk=pending.pk).update(state=State.RUNNING, attempts=2, started_at=timezone.now())
    assert tasks.recover_stalled() == 0
    later = timezone.now() + dt.timedelta(seconds=tasks.lease_seconds() + 1)
    assert tasks.recover_stalled(now=later) == 1
    assert fresh(pending).state == State.FAILED and "Failed after 2 attempt(s)" in fresh(pending).error


def test_accepting_a_draft_whole_saves_it_in_one_transaction(crisis, editor, run_tasks):
    pending = queued(crisis, editor, DEMO)
    run_tasks()
    tasks.enqueue_accept(fresh(pending), user=editor)
    run_tasks()
    row = fresh(pending)
    assert row.state == State.ACCEPTED and row.source == Source.objects.get() and row.payload is None
    assert Event.objects.filter(crisis=crisis, status="draft", created_by=editor).exists()


def test_a_database_error_while_accepting_saves_nothing_and_keeps_the_draft(crisis, editor, monkeypatch):
    pending = queued(crisis, editor, DEMO)
    tasks.run_parse(pending.pk)

    def failing(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(tasks, "commit_ingest", failing)
    assert tasks.run_accept(pending.pk, editor.pk) == State.READY
    row = fresh(pending)
    assert row.state == State.READY and row.payload and "nothing was saved" in row.error
    assert not Source.objects.exists()


def test_an_interrupted_accept_goes_back_to_ready(crisis, editor):
    pending = queued(crisis, editor)
    tasks.run_parse(pending.pk)
    PendingArticle.objects.filter(pk=pending.pk).update(
        state=State.ACCEPTING, started_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert tasks.recover_stalled() == 1
    assert fresh(pending).state == State.READY and "Accept again" in fresh(pending).error


def test_rejected_rows_keep_their_url_and_hash_but_not_their_draft(crisis, editor):
    pending = queued(crisis, editor)
    tasks.run_parse(pending.pk)
    assert tasks.reject(PendingArticle.objects.filter(pk=pending.pk)) == 1
    row = fresh(pending)
    assert row.state == State.REJECTED and row.payload is None and row.content_hash
    again = queued(crisis, editor)
    assert tasks.run_parse(again.pk) == State.DUPLICATE
    assert f"#{pending.pk}" in fresh(again).error and "rejected" in fresh(again).error


def test_accepting_an_article_stored_meanwhile_for_the_crisis_saves_nothing_twice(crisis, editor):
    pending = queued(crisis, editor, DEMO)
    tasks.run_parse(pending.pk)
    stored = ingest(read_text(DEMO), crisis=crisis, user=editor).source  # a colleague's bulk run, meanwhile
    events = Event.objects.count()
    assert tasks.run_accept(pending.pk, editor.pk) == State.DUPLICATE
    row = fresh(pending)
    assert row.state == State.DUPLICATE and row.source == stored
    assert Source.objects.count() == 1 and Event.objects.count() == events
