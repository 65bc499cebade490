"""What a reader who cannot edit may see of the content drafts touch, as querysets: the analysts' pages,
the admin and the ingest summary all ask here, so a draft never reaches a reader by a side door.

The rule: drafts (events and claims in review) are the editors' until published. An actor or a source
that exists only because of drafts is part of those drafts: readers see an actor once something published
involves it (an event it takes part in, a claim it makes or is about) and a source once something
published rests on it. Editors (events.change_event) see everything.
"""

from django.db.models import Exists, OuterRef, Q

from events.models import Actor, Claim, Event, EventActor, Evidence, ReviewStatus, Source
from events.permissions import can_edit


def visible_evidence(user) -> Q:
    """Evidence whose event or claim the user may see (a draft's evidence is part of the draft)."""
    if can_edit(user):
        return Q()
    events = Event.objects.published().filter(pk=OuterRef("event_id"))
    claims = Claim.objects.published().filter(pk=OuterRef("claim_id"))
    return Q(Exists(events)) | Q(Exists(claims))


def readable_sources(user, sources=None):
    """`sources` (default: all) narrowed to those the user may read: for readers, those with evidence
    they may see. A source only drafts rest on, or none at all, stays with the editors."""
    sources = Source.objects.all() if sources is None else sources
    if can_edit(user):
        return sources
    return sources.filter(Exists(Evidence.objects.filter(visible_evidence(user), source=OuterRef("pk"))))


def visible_actors(user, actors=None):
    """`actors` (default: all) narrowed to those the user may see: for readers, actors that a published
    event or a published claim involves. An actor an ingest created for a draft appears with its draft."""
    actors = Actor.objects.all() if actors is None else actors
    if can_edit(user):
        return actors
    published = Claim.objects.published()
    return actors.filter(
        Exists(EventActor.objects.filter(actor=OuterRef("pk"), event__status=ReviewStatus.PUBLISHED))
        | Exists(published.filter(claimant=OuterRef("pk")))
        | Exists(published.filter(about=OuterRef("pk")))
    )
