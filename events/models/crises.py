"""A crisis and the sources (articles, reports, statements) its entries rest on."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from events.models.base import content_hash


class Crisis(models.Model):
    class Status(models.TextChoices):
        ONGOING = "ongoing", "Ongoing"
        RESOLVED = "resolved", "Resolved"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(blank=True)
    countries = models.CharField(max_length=300, blank=True, help_text="Comma-separated country names.")
    start_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.ONGOING)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "crises"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:crisis-timeline", kwargs={"slug": self.slug})


class Source(models.Model):
    """One article, report, statement or post, with the cleaned text every evidence span points into."""

    class Kind(models.TextChoices):
        ARTICLE = "article", "News article"
        REPORT = "report", "Report"
        STATEMENT = "statement", "Official statement"
        SOCIAL = "social", "Social media post"
        OTHER = "other", "Other"

    class Scale(models.TextChoices):
        # ACLED's source_scale vocabulary.
        LOCAL = "local", "Local"
        NATIONAL = "national", "National"
        REGIONAL = "regional", "Regional"
        INTERNATIONAL = "international", "International"

    class InputFormat(models.TextChoices):
        TEXT = "text", "Plain text"
        HTML = "html", "HTML"

    class DateOrigin(models.TextChoices):
        GIVEN = "given", "Given by the editor"
        METADATA = "metadata", "Page metadata"
        TEXT = "text", "Inferred from the text"

    kind = models.CharField(max_length=12, choices=Kind, default=Kind.ARTICLE)
    url = models.URLField(max_length=2000, null=True, blank=True, unique=True)
    title = models.CharField(max_length=500)
    outlet = models.CharField(max_length=200, blank=True)
    authors = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=10, default="en")
    published_on = models.DateField(null=True, blank=True)
    published_source = models.CharField(max_length=10, choices=DateOrigin, blank=True)
    retrieved_at = models.DateTimeField(null=True, blank=True)
    original = models.TextField(blank=True, help_text="The input exactly as given (text or HTML).")
    original_format = models.CharField(max_length=5, choices=InputFormat, default=InputFormat.TEXT)
    text = models.TextField(help_text="Cleaned text; evidence offsets point into it. Immutable once saved.")
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    scale = models.CharField(max_length=15, choices=Scale, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["original", "text"])

    class Meta:
        ordering = ["-published_on", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(url=""), name="source_url_null_not_empty")]

    def __str__(self) -> str:
        return f"{self.outlet}: {self.title}" if self.outlet else self.title

    def save(self, *args, **kwargs):
        self.url = self.url or None
        self.content_hash = content_hash(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:source-detail", kwargs={"pk": self.pk})
