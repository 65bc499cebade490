"""Timeline entries: events, who took part in them, and the evidence spans entries and claims rest on."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from events.choices import EventType, ReviewStatus
from events.dates import Precision
from events.gazetteer import Place
from events.models.actors import Actor
from events.models.base import VersionedModel
from events.models.crises import Crisis, Source
from events.permissions import holds


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

    def with_claim_status(self, verification: str, *, claims: models.QuerySet) -> "EventQuerySet":
        """Events with a claim of this verification status among `claims` (those the reader may see)."""
        return self.filter(Exists(claims.filter(event=OuterRef("pk"), verification=verification)))

    def within(self, south: Decimal, west: Decimal, north: Decimal, east: Decimal) -> "EventQuerySet":
        """Events whose place lies in the box (edges included): a map marker's entries."""
        return self.filter(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)

    def placed(self) -> "EventQuerySet":
        """Events with coordinates: what a map can draw."""
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def with_contradictions(self, groups: models.QuerySet) -> "EventQuerySet":
        """Events with a contradiction among `groups` (those standing that the reader may see), filed under
        the event's own crisis as on that crisis's contradictions tab: the planner then reads the crisis's
        groups, never every group of every crisis with each one's members counted."""
        return self.filter(Exists(contradictions_of_entry(groups)))

    def marking_contradictions(self, groups: models.QuerySet) -> "EventQuerySet":
        """Each event with `contradicted`: whether `with_contradictions(groups)` would keep it (the badge)."""
        return self.annotate(contradicted=Exists(contradictions_of_entry(groups)))

    def known_on(self, day: dt.date) -> "EventQuerySet":
        """Events that could have been known on `day`: one of their sources was published by then. An entry
        with no dated source counts from the day it was entered.

        Two columns of the event itself (`first_reported_on`, kept by triggers, and `created_at`), which the
        event_crisis_date_id index carries: the timeline's sample stays an index-only scan.
        """
        return self.filter(Q(first_reported_on__lte=day) | Q(first_reported_on__isnull=True, created_at__date__lte=day))

    def after(self, day: dt.date, pk: int) -> "EventQuerySet":
        """Keyset paging in the `-date_start, -id` order of the event_crisis_date_id index, never OFFSET.

        The redundant `date_start__lte` term is what lets the index serve the query.
        """
        return self.filter(Q(date_start__lt=day) | Q(date_start=day, pk__lt=pk), date_start__lte=day)


def contradictions_of_entry(groups: models.QuerySet) -> models.QuerySet:
    """`groups` about the event of the enclosing query and filed under its crisis (an EXISTS subquery)."""
    return groups.filter(crisis=OuterRef("crisis"), event=OuterRef("pk"))


GEO_PRECISIONS = [(1, "1: a named town"), (2, "2: near a town, part of a region"), (3, "3: a region or country")]


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
    # The gazetteer place the location resolved to (events.gazetteer): its country's ISO 3166 alpha-2 code,
    # first-level division and ACLED's geo_precision (1 a named town, 2 near one, 3 a region or country).
    country_code = models.CharField("ISO country code", max_length=2, blank=True)
    admin1 = models.CharField("first-level division", max_length=100, blank=True)
    geo_precision = models.PositiveSmallIntegerField(null=True, blank=True, choices=GEO_PRECISIONS)
    geonameid = models.PositiveIntegerField("GeoNames id", null=True, blank=True)
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
    # The earliest publication day among its evidence's sources (None: no dated source). Database triggers keep
    # it (migration 0017) whoever writes evidence or sources; what Python writes here the database replaces with
    # the true day, so it is read-only in effect, and not history (it changes without the entry changing).
    first_reported_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["first_reported_on"])
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date_start", "-id"]
        indexes = [
            # Serves every timeline page and every "newest 1,000" sample in keyset order; on PostgreSQL it
            # also carries what a sample reads and what "as known on" compares, so the sample is an
            # index-only scan.
            models.Index(
                fields=["crisis", "-date_start", "-id"],
                include=["status", "type", "date_end", "precision", "first_reported_on", "created_at"],
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
            models.CheckConstraint(
                condition=Q(geo_precision__isnull=True) | Q(geo_precision__gte=1, geo_precision__lte=3),
                name="event_geo_precision_range",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("events:event-detail", kwargs={"pk": self.pk})

    PLACE_FIELDS = ("location_name", "country", "country_code", "admin1", "latitude", "longitude", "geo_precision")

    def assign_place(self, place: Place | None, *, location: str = "") -> None:
        """Copy a gazetteer place onto the event (`location` keeps the words of the text, if given); None
        clears it. Callers save with `update_fields=[*PLACE_FIELDS, "geonameid"]` or a full save."""
        if place is None:
            self.country_code, self.admin1, self.geo_precision, self.geonameid = "", "", None, None
            self.latitude = self.longitude = None
            return
        self.location_name = (location or ("" if place.name == place.country else place.name))[:200]
        self.country, self.country_code, self.admin1 = place.country[:100], place.iso, place.admin1[:100]
        self.latitude = Decimal(str(round(place.latitude, 5)))
        self.longitude = Decimal(str(round(place.longitude, 5)))
        self.geo_precision, self.geonameid = place.precision, place.geonameid


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


class Evidence(models.Model):
    """The exact span of a source's cleaned text that an event or a claim rests on.

    The database itself checks (a trigger, see migration 0002) that the span lies within the source text
    and that `quote` is exactly those characters.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    claim = models.ForeignKey("events.Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
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
