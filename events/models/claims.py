"""Claims: who said what, when, about which event, and how far it is verified."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from events.choices import ReviewStatus, SpeechAct, Verification
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
