"""Claims: who said what, when, about which event, and how far it is verified."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from events.choices import FigureMeasure, ReviewStatus, SpeechAct, Verification
from events.models.actors import Actor
from events.models.base import VersionedModel
from events.models.crises import Crisis
from events.models.entries import Event
from events.permissions import holds


class ClaimQuerySet(models.QuerySet):
    def for_crisis(self, crisis: Crisis) -> "ClaimQuerySet":
        return self.filter(crisis=crisis)

    def published(self) -> "ClaimQuerySet":
        return self.filter(status=ReviewStatus.PUBLISHED)

    def visible_to(self, user) -> "ClaimQuerySet":
        if holds(user, "change_claim"):
            return self
        return self.published()

    def known_on(self, day: dt.date) -> "ClaimQuerySet":
        """Claims that could have been known on `day`: a source of theirs published by then; one with no
        dated source counts from the day it was made (or, undated, from the day it was entered).

        Columns of the claim only (`first_reported_on` is kept by triggers): no probe of the evidence."""
        undated = Q(made_on__lte=day) | Q(made_on__isnull=True, created_at__date__lte=day)
        return self.filter(Q(first_reported_on__lte=day) | (Q(first_reported_on__isnull=True) & undated))


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
    # The structured figure: what it counts, its range (None: open on that side; a single number is low = high),
    # the words as written ("tens of thousands", "more than 40") and, for a poll, who polled how many.
    figure_measure = models.CharField("measure", max_length=12, choices=FigureMeasure, blank=True)
    figure_low = models.DecimalField("lowest", max_digits=20, decimal_places=4, null=True, blank=True)
    figure_high = models.DecimalField("highest", max_digits=20, decimal_places=4, null=True, blank=True)
    figure_text = models.CharField("figure as written", max_length=200, blank=True)
    poll_pollster = models.CharField("pollster", max_length=200, blank=True)
    poll_base = models.PositiveIntegerField("poll base", null=True, blank=True, help_text="How many were asked.")
    verification = models.CharField(max_length=12, choices=Verification, default=Verification.UNVERIFIED)
    verification_note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=ReviewStatus, default=ReviewStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # As on Event: the earliest publication day among its evidence's sources, kept by triggers (migration 0017).
    first_reported_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[about], excluded_fields=["first_reported_on"])
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-made_on", "-id"]
        indexes = [models.Index(fields=["crisis", "-made_on", "-id"], name="claim_crisis_date_id")]
        constraints = [
            models.CheckConstraint(
                condition=Q(figure_low__isnull=True)
                | Q(figure_high__isnull=True)
                | Q(figure_low__lte=F("figure_high")),
                name="claim_figure_low_lte_high",
            )
        ]

    def __str__(self) -> str:
        who = self.claimant.name if self.claimant_id else self.claimant_text or "Unattributed"
        return f"{who}: {self.statement[:80]}"

    def clean(self) -> None:
        super().clean()
        if self.figure_low is not None and self.figure_high is not None and self.figure_low > self.figure_high:
            raise ValidationError({"figure_high": "The highest figure is below the lowest."})
