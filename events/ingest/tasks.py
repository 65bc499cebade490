"""Ingest's background work (Django's Tasks framework): parse a queued article, accept a parsed one whole.

Each `PendingArticle` row is the editor-facing record of its task: queued → running → ready (or failed,
with its reason) → accepted / rejected. The row, not the queue, is the truth, so the same code serves the
database queue and the Redis queue:

- a task first *claims* its row with one conditional UPDATE (queued → running), so a task delivered twice
  runs once;
- a parse writes its draft with one UPDATE; an accept saves through `commit_ingest`, one transaction: a
  worker killed mid-task leaves the row running and nothing half-written;
- `recover_stalled()` (run when a worker starts and on every `poll_feeds`) finds rows running longer than
  any task may, and queues them again or, after `INGEST_TASK_ATTEMPTS`, marks them failed;
- a failure that may pass (a network error, a database hiccup) is retried after INGEST_RETRY_SECONDS,
  then twice that, …; bad input and a parse over its time budget fail at once, with a message.

    pending = queue_article(crisis=c, user=u, url="https://example.org/news/1")   # QUEUED, task enqueued
    run_parse(pending.pk)   # what the worker calls → "ready" (or "failed", "queued" for a retry)
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from events.ingest.commit import attachable, commit_ingest, draft_from_result, find_existing_source, serves_crisis
from events.ingest.fetch import TOTAL_TIMEOUT, FetchError
from events.ingest.payload import preview_payload, result_from_payload
from events.ingest.service import ArticleInput, parse_input, read_text, read_url
from events.ingest.types import IngestError
from events.models import Crisis, PendingArticle, content_hash

logger = logging.getLogger(__name__)
State = PendingArticle.State


class ParseTimeout(Exception):
    """The parse ran past INGEST_PARSE_BUDGET_SECONDS."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise ParseTimeout inside the block once `seconds` have passed.

    In a worker's main thread a timer signal interrupts the parse itself; elsewhere (a thread) the block
    runs to its end and is refused afterwards if it overran.
        with time_budget(0.2): time.sleep(5)   → ParseTimeout after 0.2 s
    """
    message = f"The parse took longer than its {seconds:g} s budget and was stopped."
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        began = time.monotonic()
        yield
        if time.monotonic() - began > seconds:
            raise ParseTimeout(message)
        return

    def expired(signum, frame):
        raise ParseTimeout(message)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def lease_seconds() -> float:
    """How long a task may hold its row before it counts as abandoned: a fetch, a parse and a margin."""
    return TOTAL_TIMEOUT + settings.INGEST_PARSE_BUDGET_SECONDS + 60


def backoff_seconds(attempts: int) -> int:
    """Wait before the next try: 1 → INGEST_RETRY_SECONDS, 2 → twice that, 3 → four times."""
    return settings.INGEST_RETRY_SECONDS * 2 ** max(0, attempts - 1)


def queue_article(
    *,
    crisis: Crisis,
    user=None,
    url: str | None = None,
    article: ArticleInput | None = None,
    published: dt.date | None = None,
    title: str = "",
    outlet: str = "",
    feed=None,
) -> PendingArticle:
    """Store the input (a URL to fetch, or text already read) and enqueue its parse; → the QUEUED row."""
    if feed is not None:
        origin = PendingArticle.Origin.FEED
    else:
        origin = PendingArticle.Origin.URL if url else PendingArticle.Origin.PASTE
    pending = PendingArticle.objects.create(
        crisis=crisis,
        feed=feed,
        origin=origin,
        url=url or None,
        input_text=article.text if article else "",
        input_is_html=article.is_html if article else False,
        given_published=published,
        given_title=title or "",
        given_outlet=outlet or "",
        created_by=user,
    )
    enqueue_parse(pending)
    return pending


def enqueue_parse(pending: PendingArticle, *, delay: float = 0) -> None:
    """Hand the row's parse to the queue (after `delay` seconds); the task id is kept for the record."""
    if delay:
        result = parse_article_task.using(run_after=timezone.now() + dt.timedelta(seconds=delay)).enqueue(pending.pk)
    else:
        result = parse_article_task.enqueue(pending.pk)
    PendingArticle.objects.filter(pk=pending.pk).update(task_id=str(result.id)[:64])


def _claim(pk: int, *, before: str, during: str) -> PendingArticle | None:
    """Move the row from `before` to `during` in one UPDATE; None if it was not in `before` (done, rejected,
    or taken by another worker)."""
    now = timezone.now()
    updated = PendingArticle.objects.filter(pk=pk, state=before).update(
        state=during, attempts=F("attempts") + 1, started_at=now, updated_at=now
    )
    return PendingArticle.objects.select_related("crisis").get(pk=pk) if updated else None


def _finish(pending: PendingArticle, **fields) -> None:
    fields.setdefault("finished_at", timezone.now())
    fields["updated_at"] = timezone.now()
    PendingArticle.objects.filter(pk=pending.pk).update(**fields)


def _retry_or_fail(pending: PendingArticle, reason: str) -> str:
    if pending.attempts < settings.INGEST_TASK_ATTEMPTS:
        delay = backoff_seconds(pending.attempts)
        _finish(pending, state=State.QUEUED, error=f"Attempt {pending.attempts} failed: {reason} Trying again.")
        enqueue_parse(pending, delay=delay)
        return State.QUEUED
    _finish(pending, state=State.FAILED, error=f"Failed after {pending.attempts} attempt(s): {reason}")
    return State.FAILED


def _read(pending: PendingArticle) -> ArticleInput:
    if pending.url and not pending.input_text:
        return read_url(pending.url)
    return read_text(pending.input_text, is_html=pending.input_is_html)


@task()
def parse_article_task(pending_id: int) -> str:
    return run_parse(pending_id)


def run_parse(pending_id: int) -> str:
    """Fetch (if a URL) and parse one queued article under the time budget; store its draft. → the new state."""
    pending = _claim(pending_id, before=State.QUEUED, during=State.RUNNING)
    if pending is None:
        return "skipped"
    try:
        article = _read(pending)
        with time_budget(settings.INGEST_PARSE_BUDGET_SECONDS):
            result = parse_input(
                article,
                published=pending.given_published,
                title=pending.given_title or None,
                outlet=pending.given_outlet or None,
                countries=pending.crisis.countries.split(","),
            )
    except ParseTimeout as exc:
        _finish(pending, state=State.FAILED, error=str(exc))
        return State.FAILED
    except FetchError as exc:
        return _retry_or_fail(pending, str(exc))
    except IngestError as exc:
        _finish(pending, state=State.FAILED, error=str(exc))
        return State.FAILED
    except Exception as exc:
        logger.exception("parse of pending article %s failed", pending.pk)
        return _retry_or_fail(pending, f"Unexpected error ({exc.__class__.__name__}).")
    payload = preview_payload(
        result=result, original=article.text, original_format=article.original_format, crisis_id=pending.crisis_id
    )
    payload["warnings"] = list(result.warnings)
    return _store_draft(pending, payload, article_url=article.url)


def _store_draft(pending: PendingArticle, payload: dict, *, article_url: str | None) -> str:
    """Keep the parsed draft on the row, unless the same text is already queued or stored for this crisis."""
    digest = content_hash(payload["body"])
    columns = {
        "title": (payload.get("title") or payload["body"][:80]).strip()[:500],
        "outlet": (payload.get("outlet") or "")[:200],
        "published_on": dt.date.fromisoformat(payload["published"]) if payload.get("published") else None,
        "language": (payload.get("language") or "")[:10],
        "content_hash": digest,
        "event_count": len(payload["events"]),
        "claim_count": len(payload["claims"]),
    }
    twin = (
        PendingArticle.objects.filter(crisis_id=pending.crisis_id, content_hash=digest)
        .exclude(pk=pending.pk)
        .exclude(state=State.FAILED)
        .first()
    )
    if twin is not None:
        error = f"Same text as article #{twin.pk} of this crisis's queue ({twin.get_state_display().lower()})."
        _finish(pending, state=State.DUPLICATE, error=error, source_id=twin.source_id, **columns)
        return State.DUPLICATE
    existing = find_existing_source(body=payload["body"], url=article_url)
    if existing is not None:
        if not attachable(existing, body=payload["body"], crisis=pending.crisis):
            _finish(pending, state=State.DUPLICATE, source=existing, error="Already stored for this crisis.", **columns)
            return State.DUPLICATE
        payload["warnings"].insert(
            0, "This article is already stored for another crisis: accepting adds its events and claims to this one."
        )
    _finish(
        pending,
        state=State.READY,
        payload=payload,
        warning_count=len(payload["warnings"]),
        source=existing,
        **columns,
    )
    return State.READY


def enqueue_accept(pending: PendingArticle, *, user=None) -> None:
    accept_article_task.enqueue(pending.pk, user.pk if user else None)


@task()
def accept_article_task(pending_id: int, user_id: int | None) -> str:
    return run_accept(pending_id, user_id)


def run_accept(pending_id: int, user_id: int | None) -> str:
    """Save a ready draft whole (everything the parser proposed, as drafts), in one transaction."""
    pending = _claim(pending_id, before=State.READY, during=State.ACCEPTING)
    if pending is None:
        return "skipped"
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    payload = pending.payload
    draft = draft_from_result(
        result_from_payload(payload), original=payload["original"], original_format=payload["original_format"]
    )
    try:
        outcome = commit_ingest(draft=draft, crisis=pending.crisis, user=user)
    except DatabaseError:
        logger.exception("accepting pending article %s failed", pending.pk)
        _finish(pending, state=State.READY, error="The database failed while saving; nothing was saved. Accept again.")
        return State.READY
    mark_accepted(pending, outcome.source, duplicate=outcome.duplicate)
    return State.DUPLICATE if outcome.duplicate else State.ACCEPTED


def mark_accepted(pending: PendingArticle, source, *, duplicate: bool = False) -> None:
    """The row's draft was saved (or, `duplicate`, the article turned out to be stored for this crisis
    already, perhaps by a colleague a moment ago): either way it leaves the queue, pointing at the source."""
    if duplicate:
        _finish(pending, state=State.DUPLICATE, source=source, error="Already stored for this crisis.", payload=None)
    else:
        _finish(pending, state=State.ACCEPTED, source=source, error="", payload=None, input_text="")


def reject(queryset) -> int:
    """Reject rows still waiting (queued, ready or failed); the row stays, without its draft, so its URL and
    text are remembered and never queued again for that crisis. → how many were rejected."""
    now = timezone.now()
    return queryset.filter(state__in=(State.QUEUED, State.READY, State.FAILED)).update(
        state=State.REJECTED, payload=None, input_text="", finished_at=now, updated_at=now
    )


def retry(pending: PendingArticle) -> bool:
    """Queue a failed row again from its first attempt."""
    updated = PendingArticle.objects.filter(pk=pending.pk, state=State.FAILED).update(
        state=State.QUEUED, attempts=0, error="", updated_at=timezone.now()
    )
    if updated:
        enqueue_parse(pending)
    return bool(updated)


def recover_stalled(*, now: dt.datetime | None = None) -> int:
    """Rows a killed worker left running: queue the parse again (or fail it after the last attempt); an
    interrupted accept saved all or nothing, so it is either accepted or back to ready. → rows recovered."""
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=lease_seconds())
    recovered = 0
    for pending in PendingArticle.objects.filter(state=State.RUNNING, started_at__lt=cutoff):
        with transaction.atomic():
            if not PendingArticle.objects.filter(pk=pending.pk, state=State.RUNNING).update(state=State.QUEUED):
                continue
        recovered += 1
        _retry_or_fail(pending, "The worker stopped during the task.")
    for pending in PendingArticle.objects.filter(state=State.ACCEPTING, started_at__lt=cutoff).select_related("crisis"):
        payload = pending.payload or {}
        stored = find_existing_source(body=payload.get("body", ""), url=payload.get("url"))
        if stored is not None and serves_crisis(stored, pending.crisis):
            mark_accepted(pending, stored)
        else:
            _finish(pending, state=State.READY, error="Saving was interrupted and nothing was saved. Accept again.")
        recovered += 1
    return recovered
