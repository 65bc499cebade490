"""Editors at volume: the feeds a crisis follows and the articles waiting for review (the review queue).

A `PendingArticle` is one article on its way into a crisis: queued for a background parse, parsed into a
draft (the same `payload` dict the preview shows), then accepted (saved through `commit_ingest`) or
rejected. A rejected row stays, so the same URL or text never comes back for that crisis. A `Feed` is an
RSS/Atom feed a crisis follows; each poll turns its new items into pending articles.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from events.models.crises import Crisis, Source


class Feed(models.Model):
    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="feeds")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=300, blank=True)
    keywords = models.CharField(
        max_length=500,
        blank=True,
        help_text="Comma-separated; an item must contain one of them (in its title or summary). Empty: every item.",
    )
    interval_minutes = models.PositiveIntegerField(default=60, help_text="Poll at most this often.")
    active = models.BooleanField(default=True)
    etag = models.CharField(max_length=500, blank=True, editable=False)
    modified = models.CharField(max_length=100, blank=True, editable=False)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    error_count = models.PositiveIntegerField(default=0, editable=False, help_text="Failed polls in a row.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["crisis__name", "url"]
        constraints = [models.UniqueConstraint(fields=["crisis", "url"], name="feed_crisis_url_unique")]

    def __str__(self) -> str:
        return self.title or self.url

    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    def is_due(self, now=None) -> bool:
        now = now or timezone.now()
        return self.last_polled_at is None or now - self.last_polled_at >= dt.timedelta(minutes=self.interval_minutes)


class PendingArticleQuerySet(models.QuerySet):
    def for_crisis(self, crisis):
        return self.filter(crisis=crisis)

    def awaiting_review(self):
        return self.filter(state=PendingArticle.State.READY)

    def in_progress(self):
        return self.filter(state__in=PendingArticle.ACTIVE_STATES)


class PendingArticle(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        READY = "ready", "Ready for review"
        ACCEPTING = "accepting", "Being saved"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        FAILED = "failed", "Failed"
        DUPLICATE = "duplicate", "Already there"

    ACTIVE_STATES = (State.QUEUED, State.RUNNING, State.ACCEPTING)

    class Origin(models.TextChoices):
        PASTE = "paste", "Pasted or uploaded"
        URL = "url", "URL"
        FEED = "feed", "Feed"

    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="pending_articles")
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    origin = models.CharField(max_length=5, choices=Origin, default=Origin.PASTE)
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED, db_index=True)
    # The input: a URL to fetch, or the text as given (pasted or uploaded). NULL, as on Source, so the
    # per-crisis unique URL leaves pasted articles alone.
    url = models.URLField(max_length=2000, null=True, blank=True)  # noqa: DJ001
    input_text = models.TextField(blank=True, editable=False)
    input_is_html = models.BooleanField(default=False, editable=False)
    # The editor's hints for the parser.
    given_published = models.DateField(null=True, blank=True)
    given_title = models.CharField(max_length=500, blank=True)
    given_outlet = models.CharField(max_length=200, blank=True)
    # What the parse found, for the queue's columns; `payload` is the whole draft.
    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=10, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    event_count = models.PositiveIntegerField(default=0)
    claim_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    payload = models.JSONField(null=True, blank=True, editable=False)
    # The task's life.
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    attempts = models.PositiveIntegerField(default=0, editable=False)
    error = models.TextField(blank=True, editable=False)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PendingArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-created_at", "-id"]
        indexes = [models.Index(fields=["crisis", "state", "-created_at"], name="pending_crisis_state")]
        constraints = [
            # A URL enters a crisis's queue once; a rejected one stays, so it is remembered.
            models.UniqueConstraint(
                fields=["crisis", "url"], condition=Q(url__isnull=False), name="pending_crisis_url_unique"
            ),
            models.CheckConstraint(condition=~Q(url=""), name="pending_url_null_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title or self.given_title or self.url or f"Article #{self.pk}"
