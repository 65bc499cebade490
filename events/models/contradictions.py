"""Contradictions: claims that disagree about one thing, kept as a group with the editors' decision on it.

A group is named by what its claims disagree about (`key`: "event:12:killed", "event:12:stance",
"about:7:2019-04-30:crowd_size"), so finding it again after claims change reaches the same row and an
editor's decision stays. `events/contradictions.py` finds them; nothing else writes members.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from simple_history.models import HistoricalRecords

from events.choices import FigureMeasure
from events.models.actors import Actor
from events.models.claims import Claim
from events.models.crises import Crisis
from events.models.entries import Event


class ContradictionQuerySet(models.QuerySet):
    def for_crisis(self, crisis: Crisis) -> "ContradictionQuerySet":
        return self.filter(crisis=crisis)

    def standing(self) -> "ContradictionQuerySet":
        """Groups an editor has not dismissed as "not a contradiction" (open or resolved)."""
        return self.exclude(decision=ContradictionGroup.Decision.NOT_CONTRADICTION)

    def seen_by(self, claims: models.QuerySet) -> "ContradictionQuerySet":
        """Groups with at least two members among `claims` (those the reader may see): a draft never shows."""
        visible = (
            ContradictionMember.objects.filter(group=OuterRef("pk"), claim__in=claims)
            .order_by()
            .values("group")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(visible_members=Subquery(visible)).filter(visible_members__gte=2)

    def newest_first(self) -> "ContradictionQuerySet":
        return self.order_by(models.F("newest_on").desc(nulls_last=True), "-id")


class ContradictionGroup(models.Model):
    class Kind(models.TextChoices):
        FIGURE = "figure", "Figures that do not overlap"
        STANCE = "stance", "Confirmed and denied"

    class Decision(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        NOT_CONTRADICTION = "not_contradiction", "Not a contradiction"

    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="contradictions")
    key = models.CharField(max_length=120, editable=False)
    kind = models.CharField(max_length=8, choices=Kind, editable=False)
    measure = models.CharField(max_length=12, choices=FigureMeasure, blank=True, editable=False)
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="contradictions", editable=False
    )
    about = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.CASCADE, related_name="contradictions", editable=False
    )
    day = models.DateField(null=True, blank=True, editable=False)
    claims = models.ManyToManyField(Claim, through="ContradictionMember", related_name="contradictions")
    newest_on = models.DateField(null=True, blank=True, editable=False, help_text="The latest member's date.")
    decision = models.CharField(max_length=17, choices=Decision, default=Decision.OPEN)
    holds = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="claim that holds",
        help_text="When resolved: the side that holds.",
    )
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    objects = ContradictionQuerySet.as_manager()

    class Meta:
        ordering = ["-newest_on", "-id"]
        indexes = [models.Index(fields=["crisis", "-newest_on", "-id"], name="contradiction_crisis_newest")]
        constraints = [
            models.UniqueConstraint(fields=["crisis", "key"], name="contradiction_unique_key"),
        ]

    def __str__(self) -> str:
        what = self.get_measure_display() if self.measure else "stance"
        return f"{what}: {self.key}"

    def clean(self) -> None:
        super().clean()
        if self.decision == self.Decision.RESOLVED and self.holds_id is None:
            raise ValidationError({"holds": "Say which claim holds when marking the contradiction resolved."})
        if self.holds_id and self.pk and not self.members.filter(claim_id=self.holds_id).exists():
            raise ValidationError({"holds": "Choose one of the claims of this contradiction."})


class ContradictionMember(models.Model):
    group = models.ForeignKey(ContradictionGroup, on_delete=models.CASCADE, related_name="members")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="contradiction_memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "claim"], name="contradictionmember_unique")]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.claim_id}"
