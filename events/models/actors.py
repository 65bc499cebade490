"""Actors, their folded, unique aliases ("Guaido" finds "Guaidó") and, per crisis, how active each is."""

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from events.text import fold


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


class ActorSummaryQuerySet(models.QuerySet):
    def for_crisis(self, crisis) -> "ActorSummaryQuerySet":
        return self.filter(crisis=crisis)

    def counted_for(self, *, drafts_of_entries: bool, drafts_of_claims: bool) -> "ActorSummaryQuerySet":
        """The counts a reader may see as `entries`, `claims` and `activity` (the two together), and only
        the actors with some: readers see published counts, editors (who may see drafts) all of them."""
        entries = F("entries_all") if drafts_of_entries else F("entries_published")
        claims = F("claims_all") if drafts_of_claims else F("claims_published")
        if drafts_of_entries == drafts_of_claims:
            # The stored sum, so the (crisis, -activity) index serves the order.
            activity = F("activity_all") if drafts_of_entries else F("activity_published")
        else:
            activity = entries + claims
        return self.annotate(entries=entries, claims=claims, activity=activity).filter(activity__gt=0)

    def named(self, folded: str) -> "ActorSummaryQuerySet":
        """Actors whose name or an alias contains `folded` (a key made by `events.text.fold`)."""
        if not folded:
            return self
        return self.filter(Exists(ActorAlias.objects.filter(actor=OuterRef("actor_id"), folded__contains=folded)))

    def most_active_first(self, after: tuple[int, int] | None = None) -> "ActorSummaryQuerySet":
        """Most entries and claims together first (call after `counted_for`), then by name whatever its
        case, then by id; `after` (the activity and actor id of the last row shown) continues past that row,
        keyset style: its name is looked up in the same query, and the redundant `activity <= …` lets the
        (crisis, -activity) index start there."""
        rows = self.alias(sort_name=Lower("actor__name")).order_by(F("activity").desc(), "sort_name", "actor_id")
        if after is None:
            return rows
        activity, actor_id = after
        name = Subquery(Actor.objects.filter(pk=actor_id).order_by().values(lowered=Lower("name"))[:1])
        later = Q(activity__lt=activity) | Q(activity=activity, sort_name__gt=name)
        return rows.filter(later | Q(activity=activity, sort_name=name, actor_id__gt=actor_id), activity__lte=activity)


class ActorSummary(models.Model):
    """How many entries and claims an actor has in a crisis, published and all: one row per (crisis,
    actor) with any, kept by database triggers on events, their actors and claims (migration 0016), so
    the actors index reads a page of rows instead of counting every participation. Never written from
    Python; `events_actorsummary_rebuild()` (PostgreSQL) recomputes it whole."""

    # The triggers own these rows: no constraint or cascade of Django's own may touch them.
    crisis = models.ForeignKey(
        "events.Crisis", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    actor = models.ForeignKey(Actor, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+")
    entries_published = models.IntegerField(default=0)
    entries_all = models.IntegerField(default=0)
    claims_published = models.IntegerField(default=0)
    claims_all = models.IntegerField(default=0)
    activity_published = models.GeneratedField(
        expression=F("entries_published") + F("claims_published"), output_field=models.IntegerField(), db_persist=True
    )
    activity_all = models.GeneratedField(
        expression=F("entries_all") + F("claims_all"), output_field=models.IntegerField(), db_persist=True
    )
    objects = ActorSummaryQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["crisis", "actor"], name="actorsummary_crisis_actor")]
        indexes = [
            # The index's order, per reader: its pages are ranges of these (index-only on PostgreSQL).
            models.Index(
                fields=["crisis", "-activity_published"],
                include=["actor", "entries_published", "claims_published"],
                name="actorsummary_published",
            ),
            models.Index(
                fields=["crisis", "-activity_all"],
                include=["actor", "entries_all", "claims_all"],
                name="actorsummary_all",
            ),
        ]

    def __str__(self) -> str:
        return f"actor {self.actor_id} in crisis {self.crisis_id}: {self.entries_all} entries, {self.claims_all} claims"
