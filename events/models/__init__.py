"""The crisis data model: the product's memory.

A Crisis holds Events; Events and Claims point at the exact words they came from through Evidence,
which points into a Source's immutable cleaned text. Actors (with folded, unique aliases) take part in
events with a role and make claims. Dates are honest: an event has an earliest and a latest possible
day, a precision and the phrase as written.

One module per area; everything is importable from `events.models`.
"""

# The vocabularies live in their own modules (pure, importable without the ORM); re-exported here.
from events.choices import EventType, FigureMeasure, ReviewStatus, SpeechAct, Verification
from events.dates import Precision
from events.models.actors import Actor, ActorAlias, ActorQuerySet, ActorSummary, ActorSummaryQuerySet
from events.models.base import VersionedModel, content_hash
from events.models.claims import Claim, ClaimQuerySet
from events.models.contradictions import ContradictionGroup, ContradictionMember, ContradictionQuerySet
from events.models.crises import Crisis, Source
from events.models.entries import Event, EventActor, EventQuerySet, Evidence
from events.models.feeds import Feed, PendingArticle, PendingArticleQuerySet

__all__ = [
    "Actor",
    "ActorAlias",
    "ActorQuerySet",
    "ActorSummary",
    "ActorSummaryQuerySet",
    "Claim",
    "ClaimQuerySet",
    "ContradictionGroup",
    "ContradictionMember",
    "ContradictionQuerySet",
    "Crisis",
    "Event",
    "EventActor",
    "EventQuerySet",
    "EventType",
    "Evidence",
    "Feed",
    "PendingArticle",
    "PendingArticleQuerySet",
    "FigureMeasure",
    "Precision",
    "ReviewStatus",
    "SpeechAct",
    "Source",
    "Verification",
    "VersionedModel",
    "content_hash",
]
