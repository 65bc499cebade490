"""The crisis data model: the product's memory.

A Crisis holds Events; Events and Claims point at the exact words they came from through Evidence,
which points into a Source's immutable cleaned text. Actors (with folded, unique aliases) take part in
events with a role and make claims. Dates are honest: an event has an earliest and a latest possible
day, a precision and the phrase as written.
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

# The vocabularies live in their own modules (pure, importable without the ORM); re-exported here.
from events.choices import EventType, ReviewStatus, SpeechAct, Verification  # noqa: F401
from events.dates import Precision
from events.permissions import holds
from events.text import fold


def content_hash(text: str) -> str:
    """SHA-256 of the cleaned text, the key that stops the same article being stored twice."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class VersionedModel(models.Model):
    """A row that editors change by hand: `version` goes up on every save, so a stale form is caught."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


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


class ActorQuerySet(models.QuerySet):
    def matching(self, name: str) -> "ActorQuerySet":
        return self.filter(aliases__folded=fold(name))


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        STATE = "state", "State / government"
        MILITARY = "military", "Military or security force"
        PARTY = "party", "Political party"
        MOVEMENT = "movement", "Movement or opposition group"
        ARMED_GROUP = "armed_group", "Armed group"
        IGO = "igo", "International organisation"
        MEDIA = "media", "Media"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.OTHER)
    country = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    wikidata_id = models.CharField(max_length=20, blank=True, help_text="For example Q1234.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=r"^Q[0-9]+$"), name="actor_wikidata_id_format"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The canonical name is always one of the actor's own keys.
        if not ActorAlias.objects.filter(folded=fold(self.name)).exists():
            ActorAlias.objects.create(actor=self, alias=self.name)

    def get_absolute_url(self) -> str:
        return reverse("events:actor-detail", kwargs={"pk": self.pk})


class ActorAlias(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    folded = models.CharField(max_length=200, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "actor aliases"
        constraints = [models.CheckConstraint(condition=~Q(folded=""), name="actoralias_folded_not_empty")]

    def __str__(self) -> str:
        return self.alias

    def save(self, *args, **kwargs):
        self.folded = fold(self.alias)
        super().save(*args, **kwargs)


class EventQuerySet(models.QuerySet):
    def for_crisis(self, crisis: Crisis) -> "EventQuerySet":
        return self.filter(crisis=crisis)

    def published(self) -> "EventQuerySet":
        return self.filter(status=ReviewStatus.PUBLISHED)

    def visible_to(self, user) -> "EventQuerySet":
        """Editors see drafts; everyone else sees what is published."""
        if holds(user, "change_event"):
            return self
        return self.published()

    def between(self, start: dt.date | None, end: dt.date | None) -> "EventQuerySet":
        """Events whose possible span overlaps [start, end]."""
        qs = self
        if start:
            qs = qs.filter(date_end__gte=start)
        if end:
            qs = qs.filter(date_start__lte=end)
        return qs

    def involving(self, *actors: Actor) -> "EventQuerySet":
        return self.filter(actors__in=actors).distinct() if actors else self

    def of_type(self, *types: str) -> "EventQuerySet":
        return self.filter(type__in=types) if types else self

    # The timeline's filters. Each is a subquery, so a row never repeats and the `(crisis, -date_start, -id)`
    # index still serves the ordering.
    def with_any_actor(self, *actor_ids: int) -> "EventQuerySet":
        """Events any of these actors take part in (an EXISTS, never a join: no duplicates)."""
        if not actor_ids:
            return self
        return self.filter(Exists(EventActor.objects.filter(event=OuterRef("pk"), actor__in=actor_ids)))

    def reported_by(self, outlet: str) -> "EventQuerySet":
        """Events with evidence from this outlet, whatever its case: "reuters" finds "Reuters"."""
        return self.filter(Exists(Evidence.objects.filter(event=OuterRef("pk"), source__outlet__iexact=outlet)))

    def with_claim_status(self, verification: str, *, claims: "ClaimQuerySet") -> "EventQuerySet":
        """Events with a claim of this verification status among `claims` (those the reader may see)."""
        return self.filter(Exists(claims.filter(event=OuterRef("pk"), verification=verification)))

    def after(self, day: dt.date, pk: int) -> "EventQuerySet":
        """Keyset paging in the `-date_start, -id` order of the event_crisis_date_id index, never OFFSET.

        The redundant `date_start__lte` term is what lets the index serve the query.
        """
        return self.filter(Q(date_start__lt=day) | Q(date_start=day, pk__lt=pk), date_start__lte=day)


class Event(VersionedModel):
    class Timeframe(models.TextChoices):
        CURRENT = "current", "Reported as news"
        BACKGROUND = "background", "Background"
        FUTURE = "future", "Planned / expected"

    crisis = models.ForeignKey(Crisis, on_delete=models.PROTECT, related_name="events")
    headline = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    type = models.CharField(max_length=30, choices=EventType, default=EventType.OTHER)
    timeframe = models.CharField(max_length=10, choices=Timeframe, default=Timeframe.CURRENT)
    location_name = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    date_start = models.DateField(help_text="Earliest possible day.")
    date_end = models.DateField(help_text="Latest possible day.")
    precision = models.CharField(max_length=12, choices=Precision, default=Precision.DAY)
    date_text = models.CharField(max_length=200, blank=True, help_text="The date as written.")
    fatalities = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ReviewStatus, default=ReviewStatus.DRAFT)
    actors = models.ManyToManyField(Actor, through="EventActor", related_name="events")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date_start", "-id"]
        indexes = [
            # Serves every timeline page and every "newest 1,000" sample in keyset order; on PostgreSQL it
            # also carries what a sample reads, so the sample is an index-only scan.
            models.Index(
                fields=["crisis", "-date_start", "-id"],
                include=["status", "type", "date_end", "precision"],
                name="event_crisis_date_id",
            )
        ]
        constraints = [
            models.CheckConstraint(condition=Q(date_start__lte=F("date_end")), name="event_date_start_lte_end"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90), name="event_latitude_range"
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="event_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("events:event-detail", kwargs={"pk": self.pk})


class EventActor(models.Model):
    class Role(models.TextChoices):
        INITIATOR = "initiator", "Initiator"
        TARGET = "target", "Target"
        PARTICIPANT = "participant", "Participant"
        MENTIONED = "mentioned", "Mentioned"

    # No index of its own: eventactor_unique_role (event, actor, role) leads with the event and covers
    # what lists and facets read, so the planner uses it index-only.
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations", db_index=False)
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=12, choices=Role, default=Role.PARTICIPANT)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "actor", "role"], name="eventactor_unique_role")]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display()})"


class ClaimQuerySet(models.QuerySet):
    def for_crisis(self, crisis: Crisis) -> "ClaimQuerySet":
        return self.filter(crisis=crisis)

    def published(self) -> "ClaimQuerySet":
        return self.filter(status=ReviewStatus.PUBLISHED)

    def visible_to(self, user) -> "ClaimQuerySet":
        if holds(user, "change_claim"):
            return self
        return self.published()


class Claim(VersionedModel):
    crisis = models.ForeignKey(Crisis, on_delete=models.PROTECT, related_name="claims")
    claimant = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="claims_made")
    claimant_text = models.CharField(max_length=200, blank=True, help_text='As written: "witnesses", "a new poll".')
    statement = models.TextField()
    speech_act = models.CharField(max_length=14, choices=SpeechAct, default=SpeechAct.STATED)
    made_on = models.DateField(null=True, blank=True)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    about = models.ManyToManyField(Actor, blank=True, related_name="claims_about")
    figure_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    figure_unit = models.CharField(max_length=50, blank=True)
    verification = models.CharField(max_length=12, choices=Verification, default=Verification.UNVERIFIED)
    verification_note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=ReviewStatus, default=ReviewStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[about])
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-made_on", "-id"]
        indexes = [models.Index(fields=["crisis", "-made_on", "-id"], name="claim_crisis_date_id")]

    def __str__(self) -> str:
        who = self.claimant.name if self.claimant_id else self.claimant_text or "Unattributed"
        return f"{who}: {self.statement[:80]}"


class Evidence(models.Model):
    """The exact span of a source's cleaned text that an event or a claim rests on.

    The database itself checks (a trigger, see migration 0002) that the span lies within the source text
    and that `quote` is exactly those characters.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["source_id", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="evidence_start_lt_end"),
            models.CheckConstraint(
                condition=Q(event__isnull=False) | Q(claim__isnull=False), name="evidence_has_event_or_claim"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} [{self.start}:{self.end}]"
