"""Finding contradictions between claims, called by the ingest commit and by the admin when claims change.

Claims are compared within a scope: those about the same event, or those made on the same day by or
about the same actor. Within a scope, two claims by different claimants contradict each other when

- they give figures of the same measure whose ranges do not overlap ("12 dead" and "more than 40 dead";
  "between 10,000 and 20,000" and "15,000" overlap, so they do not); in an actor's scope only claims tied
  to no event are compared this way (two events' tolls on one day are two tolls), or
- one denies what another states, alleges or announces (in an actor's scope: a denial about that actor
  of what the actor said, or of what was said about them).

Each disagreement is one `ContradictionGroup`, named by its scope and what is disputed, holding every claim
on either side. Finding again updates the members and never touches an editor's decision; a group nobody
decided on goes when its disagreement does, a decided one stays with its decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from events.choices import SpeechAct
from events.models import Claim, ContradictionGroup, ContradictionMember

AFFIRMING = {SpeechAct.STATED, SpeechAct.ALLEGED, SpeechAct.ANNOUNCED}
DENYING = {SpeechAct.DENIED}
STANCE = "stance"


@dataclass(frozen=True)
class Scope:
    """Claims that speak of one thing: an event, or an actor on a day (for claims tied to no event)."""

    crisis_id: int
    event_id: int | None = None
    about_id: int | None = None
    day: object = None

    @property
    def prefix(self) -> str:
        """The start of its groups' keys: "event:12:" or "about:7:2019-04-30:"."""
        if self.event_id:
            return f"event:{self.event_id}:"
        return f"about:{self.about_id}:{self.day.isoformat()}:"

    def claims(self) -> list[Claim]:
        """Its claims, each with `about_ids`: the actors it is about (two queries)."""
        claims = Claim.objects.filter(crisis_id=self.crisis_id)
        if self.event_id:
            claims = claims.filter(event_id=self.event_id)
        else:
            about = Claim.about.through.objects.filter(claim=OuterRef("pk"), actor_id=self.about_id)
            claims = claims.filter(Q(claimant_id=self.about_id) | Exists(about), made_on=self.day)
        claims = list(claims)
        about_ids: dict[int, set[int]] = {}
        for claim_id, actor_id in Claim.about.through.objects.filter(claim__in=[c.pk for c in claims]).values_list(
            "claim_id", "actor_id"
        ):
            about_ids.setdefault(claim_id, set()).add(actor_id)
        for claim in claims:
            claim.about_ids = about_ids.get(claim.pk, set())
        return claims


def ranges_apart(a: tuple[Decimal | None, Decimal | None], b: tuple[Decimal | None, Decimal | None]) -> bool:
    """Whether two figure ranges (low, high; None is open) cannot both be right.

    (12, 12) and (40, None) → True;  (10000, 20000) and (15000, 15000) → False;  (None, None) and (1, 1) → False
    """
    (a_low, a_high), (b_low, b_high) = a, b
    return (a_high is not None and b_low is not None and a_high < b_low) or (
        b_high is not None and a_low is not None and b_high < a_low
    )


def figure_range(claim: Claim) -> tuple[Decimal | None, Decimal | None] | None:
    """A claim's figure as (low, high), or None when it has no measured figure.

    A claim with only a value (entered by hand) stands for exactly that value.
    """
    if not claim.figure_measure:
        return None
    if claim.figure_low is None and claim.figure_high is None:
        if claim.figure_value is None:
            return None
        return claim.figure_value, claim.figure_value
    return claim.figure_low, claim.figure_high


def disagreements(claims: list[Claim], *, subject: int | None = None) -> dict[str, tuple[str, str, set[int]]]:
    """What the claims of one scope disagree about: {key suffix: (kind, measure, claim ids on either side)}.

    Each claim carries `about_ids` (the actors it is about). In an actor's scope (`subject`), figures are
    compared only between claims tied to no event, and a denial only counts against what that actor said
    or what was said about them, when the denial is about them too.

    [A: 12 killed, B: more than 40 killed, C: a denial] → {"killed": ("figure", "killed", {A, B})}
    """
    found: dict[str, tuple[str, str, set[int]]] = {}
    by_measure: dict[str, list[tuple[int, tuple]]] = {}
    for claim in claims:
        if subject is not None and claim.event_id:
            continue
        if (span := figure_range(claim)) is not None:
            by_measure.setdefault(claim.figure_measure, []).append((claim.pk, span))
    for measure, figures in by_measure.items():
        ids = set()
        for (a_id, a), (b_id, b) in combinations(figures, 2):
            if ranges_apart(a, b):
                ids |= {a_id, b_id}
        if ids:
            found[measure] = (ContradictionGroup.Kind.FIGURE, measure, ids)
    ids = set()
    for denial in (c for c in claims if c.speech_act in DENYING):
        if subject is not None and subject not in denial.about_ids:
            continue
        for claim in claims:
            if claim.speech_act not in AFFIRMING or same_claimant(claim, denial):
                continue
            if subject is not None and (
                (claim.event_id and claim.event_id == denial.event_id)  # the event's own scope has them
                or (claim.claimant_id != subject and subject not in claim.about_ids)
            ):
                continue
            ids |= {claim.pk, denial.pk}
    if ids:
        found[STANCE] = (ContradictionGroup.Kind.STANCE, "", ids)
    return found


def same_claimant(a: Claim, b: Claim) -> bool:
    if a.claimant_id or b.claimant_id:
        return a.claimant_id == b.claimant_id
    return a.claimant_text.strip().casefold() == b.claimant_text.strip().casefold()


def scopes_of(claims: list[Claim]) -> set[Scope]:
    """The scopes the claims are in now, and those of the groups they were in (a claim moved to another
    event leaves its old group)."""
    scopes = set()
    subjects: dict[int, set[int]] = {}
    for claim_id, actor_id in Claim.about.through.objects.filter(
        claim_id__in=[c.pk for c in claims if c.made_on]
    ).values_list("claim_id", "actor_id"):
        subjects.setdefault(claim_id, set()).add(actor_id)
    for claim in claims:
        if claim.event_id:
            scopes.add(Scope(claim.crisis_id, event_id=claim.event_id))
        if claim.made_on:
            for actor_id in subjects.get(claim.pk, set()) | ({claim.claimant_id} if claim.claimant_id else set()):
                scopes.add(Scope(claim.crisis_id, about_id=actor_id, day=claim.made_on))
    for group in ContradictionGroup.objects.filter(members__claim__in=[c.pk for c in claims]).distinct():
        if group.event_id:
            scopes.add(Scope(group.crisis_id, event_id=group.event_id))
        elif group.about_id and group.day:
            scopes.add(Scope(group.crisis_id, about_id=group.about_id, day=group.day))
    return scopes


def find_contradictions(claims: Iterable[Claim]) -> list[ContradictionGroup]:
    """Find again the contradictions `claims` (just saved) take part in; return the groups standing now.

    Two reports of one rally, "tens of thousands" and "a few thousand" → one group with both claims.
    """
    claims = [c for c in claims if c.pk]
    if not claims:
        return []
    groups = []
    with transaction.atomic():
        for scope in sorted(scopes_of(claims), key=lambda s: s.prefix):
            groups.extend(_refresh(scope))
    return groups


def _refresh(scope: Scope) -> list[ContradictionGroup]:
    claims = scope.claims()
    made_on = {c.pk: c.made_on for c in claims}
    found = disagreements(claims, subject=scope.about_id)
    existing = {
        g.key: g for g in ContradictionGroup.objects.filter(crisis_id=scope.crisis_id, key__startswith=scope.prefix)
    }
    standing = []
    for suffix, (kind, measure, ids) in found.items():
        key = scope.prefix + suffix
        days = [made_on[i] for i in ids if made_on[i]]
        group = existing.pop(key, None) or ContradictionGroup(
            crisis_id=scope.crisis_id,
            key=key,
            kind=kind,
            measure=measure,
            event_id=scope.event_id,
            about_id=scope.about_id,
            day=scope.day,
        )
        newest = max(days) if days else None
        if group.pk is None or group.newest_on != newest:
            group.newest_on = newest
            group.save()
        members = set(group.members.values_list("claim_id", flat=True))
        group.members.exclude(claim_id__in=ids).delete()
        ContradictionMember.objects.bulk_create(
            [ContradictionMember(group=group, claim_id=i) for i in sorted(ids - members)]
        )
        standing.append(group)
    for group in existing.values():
        if group.decision == ContradictionGroup.Decision.OPEN:
            group.delete()  # the disagreement is gone and nobody decided on it
    return standing
