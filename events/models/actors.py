"""Actors and their folded, unique aliases ("Guaido" finds "Guaidó")."""

from django.db import models
from django.db.models import Q
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
