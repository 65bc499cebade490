"""Feeds: poll a crisis's RSS/Atom feeds and put their new items in its review queue.

A poll fetches the feed through the safe fetcher (`service.read_feed`, conditional on the last ETag and
Last-Modified), reads it with feedparser (from the fetched bytes: feedparser never touches the network
here), keeps the items whose title or summary holds one of the feed's keywords, and queues each item
whose URL the crisis has not seen (rejected ones included): its page is fetched and parsed by a worker.
The same text under two URLs is caught after the parse, by content hash. The feed row keeps its last
success, its last error and how many polls in a row failed.

    poll_feed(feed) → PollOutcome(queued=50, skipped=0, not_modified=False, error="")
    poll_feed(feed) → PollOutcome(queued=0, skipped=0, not_modified=True, error="")   # unchanged since
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import feedparser
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from events.ingest.fetch import FetchError
from events.ingest.service import read_feed, vet_url
from events.ingest.tasks import queue_article
from events.models import Feed, PendingArticle

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PollOutcome:
    queued: int = 0
    skipped: int = 0  # items without a usable link, without a keyword, or already seen
    not_modified: bool = False
    error: str = ""


def matches(keywords: list[str], *texts: str) -> bool:
    """Whether any keyword occurs (case-insensitively) in the texts; no keywords: everything matches.

    matches(["caracas"], "Rally in Caracas") → True;  matches(["lima"], "Rally in Caracas") → False
    """
    if not keywords:
        return True
    haystack = " ".join(texts).casefold()
    return any(word.casefold() in haystack for word in keywords)


def _published(entry) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
    except ValueError:
        return None


def _failed(feed: Feed, message: str, now: dt.datetime) -> PollOutcome:
    feed.error_count += 1
    feed.last_error = message[:1000]
    feed.last_polled_at = now
    feed.save(update_fields=["error_count", "last_error", "last_polled_at"])
    return PollOutcome(error=message)


def poll_feed(feed: Feed, *, now: dt.datetime | None = None) -> PollOutcome:
    """Fetch one feed and queue its new items (see the module docstring); never raises for a bad feed."""
    now = now or timezone.now()
    try:
        page = read_feed(feed.url, etag=feed.etag, last_modified=feed.modified)
    except FetchError as exc:
        return _failed(feed, str(exc), now)
    if page.status == 304:
        feed.last_polled_at = feed.last_success_at = now
        feed.error_count, feed.last_error = 0, ""
        feed.save(update_fields=["last_polled_at", "last_success_at", "error_count", "last_error"])
        return PollOutcome(not_modified=True)
    try:
        parsed = feedparser.parse(page.body, response_headers={"content-type": page.content_type or "application/xml"})
    except Exception:  # feedparser is lenient; anything it still cannot read is this feed's problem, not the poll's
        logger.exception("feed %s could not be read", feed.pk)
        return _failed(feed, "The feed could not be read.", now)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        return _failed(feed, "The address did not give an RSS or Atom feed.", now)
    keywords = feed.keyword_list()
    seen = set(PendingArticle.objects.filter(crisis_id=feed.crisis_id, url__isnull=False).values_list("url", flat=True))
    queued = skipped = 0
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        title = (entry.get("title") or "").strip()
        if not link or link in seen or not matches(keywords, title, entry.get("summary") or ""):
            skipped += 1
            continue
        try:
            vet_url(link)
            with transaction.atomic():
                queue_article(crisis=feed.crisis, url=link, feed=feed, title=title[:500], published=_published(entry))
        except (FetchError, IntegrityError):  # a link we may not fetch; one queued meanwhile by a colleague
            skipped += 1
            continue
        seen.add(link)
        queued += 1
    feed.etag, feed.modified = page.etag, page.last_modified
    feed.last_polled_at = feed.last_success_at = now
    feed.error_count, feed.last_error = 0, ""
    if not feed.title and parsed.feed.get("title"):
        feed.title = parsed.feed["title"][:300]
    feed.save()
    return PollOutcome(queued=queued, skipped=skipped)


def due_feeds(now: dt.datetime | None = None) -> list[Feed]:
    """Active feeds whose interval has passed since their last poll."""
    now = now or timezone.now()
    return [feed for feed in Feed.objects.filter(active=True).select_related("crisis") if feed.is_due(now)]


@task()
def poll_feed_task(feed_id: int) -> dict:
    feed = Feed.objects.select_related("crisis").filter(pk=feed_id, active=True).first()
    if feed is None:
        return {}
    outcome = poll_feed(feed)
    return {"queued": outcome.queued, "skipped": outcome.skipped, "error": outcome.error}
