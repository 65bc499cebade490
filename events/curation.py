"""Editors' multi-row writes: publishing and merging actors, each in one transaction with history."""

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from events.models import Actor, ActorAlias, Claim, EventActor, ReviewStatus
from events.revision import lock_for_writing


def set_review_status(*, queryset, status: str, user) -> int:
    """Publish (or unpublish) every row of an Event or Claim queryset, recording history for each.

    Returns how many rows changed; rows already in `status` are left alone.
    """
    with transaction.atomic():
        lock_for_writing()  # before locking the rows: see events.revision
        # Lock the rows through a plain query of their ids: the admin's queryset may join nullable relations
        # (a claim's claimant) or group rows for its counts, and PostgreSQL locks neither FOR UPDATE.
        ids = list(queryset.order_by().values_list("pk", flat=True))
        rows = list(queryset.model.objects.filter(pk__in=ids).select_for_update().exclude(status=status))
        for row in rows:
            row.status = status
            row.version += 1  # the rows are locked: a plain increment is safe
        bulk_update_with_history(
            rows, queryset.model, ["status", "version"], default_user=user, default_change_reason=f"set {status}"
        )
    return len(rows)


def publish(*, queryset, user) -> int:
    return set_review_status(queryset=queryset, status=ReviewStatus.PUBLISHED, user=user)


@transaction.atomic
def merge_actors(*, survivor: Actor, others: list[Actor], user=None) -> Actor:
    """Fold `others` into `survivor`: aliases, event roles, claims made and claims about all move.

    Nothing is lost: the absorbed actors' names become aliases of the survivor, and a role the survivor
    already has on an event is kept once. Each absorbed actor is then deleted (history keeps it).
    """
    others = [a for a in others if a.pk != survivor.pk]
    for other in others:
        for alias in ActorAlias.objects.filter(actor=other):
            alias.actor = survivor
            alias._history_user = user
            alias.save()
        for part in EventActor.objects.filter(actor=other):
            if EventActor.objects.filter(event_id=part.event_id, actor=survivor, role=part.role).exists():
                part._history_user = user
                part.delete()
            else:
                part.actor = survivor
                part._history_user = user
                part.save()
        for claim in Claim.objects.filter(claimant=other):
            claim.claimant = survivor
            claim.version += 1
            claim._history_user = user
            claim.save()
        for claim in Claim.objects.filter(about=other):
            claim.about.remove(other)
            claim.about.add(survivor)
        extra = [d for d in (other.description,) if d and d not in survivor.description]
        if extra:
            survivor.description = "\n\n".join([survivor.description, *extra]).strip()
        other._history_user = user
        other.delete()
    survivor._history_user = user
    survivor.save()
    return survivor
