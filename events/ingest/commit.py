"""The only writer of the ingest path: save a reviewed draft in one transaction.

`ReviewedDraft` is what the editor accepted (or, for bulk ingest and the demo, everything the parser
proposed: `draft_from_result`). `commit_ingest` saves the source, the actors (with new aliases), events,
claims and evidence, recording history for each row, or nothing at all. The same article twice (same
cleaned text or same URL) is recognised and nothing is duplicated; an article already stored for another
crisis is attached to this one instead (its stored text, new events and claims for this crisis).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from events.contradictions import find_contradictions
from events.gazetteer import Place
from events.ingest.figures import FIGURE_FIELDS, Figure, figure_fields  # noqa: F401  (FIGURE_FIELDS: the forms')
from events.ingest.places import resolve_place
from events.ingest.types import IngestResult
from events.models import (
    Actor,
    ActorAlias,
    Claim,
    Crisis,
    Event,
    EventActor,
    Evidence,
    Precision,
    ReviewStatus,
    Source,
    content_hash,
)
from events.text import fold

TIMEFRAMES = {
    "now": Event.Timeframe.CURRENT,
    "background": Event.Timeframe.BACKGROUND,
    "future": Event.Timeframe.FUTURE,
}


@dataclass(frozen=True)
class ReviewedActor:
    key: str  # the candidate's name in the draft; events and claims refer to actors by it
    name: str
    kind: str
    mentions: tuple[str, ...] = ()
    actor_id: int | None = None  # link to an existing actor instead of creating one


@dataclass(frozen=True)
class ReviewedEvent:
    headline: str
    type: str
    date_start: dt.date
    date_end: dt.date
    precision: str
    date_text: str
    spans: tuple[tuple[int, int], ...]
    actors: tuple[tuple[str, str], ...] = ()  # (actor key, role)
    location: str = ""
    timeframe: str = "now"
    same_as: int | None = None  # an existing event this one is the same happening as
    place: Place | None = None  # the parser's place for `location`; resolved again if an editor changed it


@dataclass(frozen=True)
class ReviewedClaim:
    claimant: str | None  # actor key
    claimant_text: str
    statement: str
    speech_act: str
    start: int
    end: int
    figure_value: Decimal | None = None
    figure_unit: str = ""
    figure_measure: str = ""
    figure_low: Decimal | None = None
    figure_high: Decimal | None = None
    figure_text: str = ""
    poll_pollster: str = ""
    poll_base: int | None = None
    event_index: int | None = None  # index into ReviewedDraft.events
    about: tuple[str, ...] = ()  # actor keys
    made_on: dt.date | None = None


@dataclass(frozen=True)
class ReviewedDraft:
    title: str
    body: str
    original: str
    original_format: str
    url: str | None
    outlet: str
    authors: str
    published: dt.date | None
    published_source: str
    actors: tuple[ReviewedActor, ...] = ()
    language: str = "en"
    events: tuple[ReviewedEvent, ...] = ()
    claims: tuple[ReviewedClaim, ...] = ()


@dataclass
class CommitOutcome:
    source: Source
    duplicate: bool = False
    attached: bool = False  # the article was already stored (for another crisis) and now serves this one too
    events_created: list[Event] = field(default_factory=list)
    events_corroborated: list[Event] = field(default_factory=list)
    actors_created: list[Actor] = field(default_factory=list)
    claims_created: list[Claim] = field(default_factory=list)


def draft_from_result(result: IngestResult, *, original: str, original_format: str = "text") -> ReviewedDraft:
    """Accept everything the parser proposed, as bulk ingest does; undated events take the news day."""
    published = result.published
    events = []
    index_map: dict[int, int] = {}  # parser's event index → index among the events kept
    for i, candidate in enumerate(result.events):
        start, end, precision = candidate.date.start, candidate.date.end, candidate.date.precision
        if start is None or end is None:
            if published is None:
                continue  # no date at all: an editor must date it, bulk ingest can't
            start = end = published
            precision = Precision.APPROXIMATE
        index_map[i] = len(events)
        events.append(
            ReviewedEvent(
                headline=candidate.summary[:300],
                type=candidate.type,
                date_start=start,
                date_end=end,
                precision=precision,
                date_text=(candidate.date.text or "")[:200],
                spans=candidate.spans,
                actors=candidate.actors,
                location=candidate.location or "",
                timeframe=candidate.tense,
                place=candidate.place,
            )
        )
    claims = tuple(
        ReviewedClaim(
            claimant=c.claimant,
            claimant_text=c.claimant_text[:200],
            statement=c.text,
            speech_act=c.speech_act,
            start=c.start,
            end=c.end,
            figure_value=c.figure_value,
            figure_unit=c.figure_unit[:50],
            **figure_fields(c.figure),
            event_index=index_map.get(c.event_index) if c.event_index is not None else None,
            about=c.about,
            made_on=published,
        )
        for c in result.claims
    )
    return ReviewedDraft(
        title=(result.title or result.body[:80]).strip()[:500],
        body=result.body,
        original=original,
        original_format=original_format,
        url=result.url,
        outlet=(result.outlet or "")[:200],
        authors=", ".join(result.authors)[:500],
        published=published,
        published_source=result.published_source or "",
        actors=tuple(
            ReviewedActor(key=a.name, name=a.name, kind=a.kind, mentions=a.mentions, actor_id=a.known_id)
            for a in result.actors
        ),
        events=tuple(events),
        claims=claims,
        language=result.language,
    )


def find_existing_source(*, body: str, url: str | None) -> Source | None:
    """The source already holding this article (same cleaned text, or same URL), if any."""
    query = Source.objects.filter(content_hash=content_hash(body))
    found = query.first()
    if found is None and url:
        found = Source.objects.filter(url=url).first()
    return found


def serves_crisis(source: Source, crisis: Crisis) -> bool:
    """Whether any event or claim of `crisis` already rests on `source`."""
    return Evidence.objects.filter(source=source).filter(Q(event__crisis=crisis) | Q(claim__crisis=crisis)).exists()


def attachable(source: Source, *, body: str, crisis: Crisis) -> bool:
    """A stored article can serve another crisis when its text is this very text (the spans point into it)
    and that crisis has nothing from it yet."""
    return source.content_hash == content_hash(body) and not serves_crisis(source, crisis)


def _placed(*, crisis: Crisis, location_name: str, place: Place | None, evidence: str, **fields) -> Event:
    """A new event where its location says (the parser's place, or the edited location resolved again)."""
    event = Event(crisis=crisis, location_name=location_name, **fields)
    if place is None or (location_name and fold(location_name) != fold(place.name)):
        place = resolve_place(location_name, evidence, crisis.countries.split(","))
    event.assign_place(place, location=location_name)
    return event


def _saved(obj, user):
    obj._history_user = user
    obj.save()
    return obj


def _resolve_actors(draft: ReviewedDraft, user, outcome: CommitOutcome) -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    for reviewed in draft.actors:
        actor = None
        if reviewed.actor_id:
            actor = Actor.objects.filter(pk=reviewed.actor_id).first()
        if actor is None:
            actor = Actor.objects.matching(reviewed.name).first()
        if actor is None:
            actor = _saved(Actor(name=reviewed.name[:200], kind=reviewed.kind), user)
            outcome.actors_created.append(actor)
        known = set(actor.aliases.values_list("folded", flat=True))
        for mention in {reviewed.name, *reviewed.mentions}:
            folded = fold(mention)[:200]
            if folded and folded not in known and not ActorAlias.objects.filter(folded=folded).exists():
                _saved(ActorAlias(actor=actor, alias=mention[:200]), user)
                known.add(folded)
        actors[reviewed.key] = actor
    return actors


def _evidence(source: Source, start: int, end: int, user, **target) -> Evidence:
    return _saved(Evidence(source=source, start=start, end=end, quote=source.text[start:end], **target), user)


def commit_ingest(
    *, draft: ReviewedDraft, crisis: Crisis, user=None, status: str = ReviewStatus.DRAFT
) -> CommitOutcome:
    """Save `draft` into `crisis` in one transaction and return what was created.

    An article already stored with the same text but nothing yet in `crisis` is attached: its events and
    claims are saved for `crisis` against the stored source (`attached=True`). One already serving `crisis`
    (or stored under the same URL with another text) returns that source with `duplicate=True` and writes
    nothing. Any error rolls everything back: no half-saved article.
    """
    existing = find_existing_source(body=draft.body, url=draft.url)
    if existing is not None and not attachable(existing, body=draft.body, crisis=crisis):
        return CommitOutcome(source=existing, duplicate=True)
    try:
        with transaction.atomic():
            return _commit(draft=draft, crisis=crisis, user=user, status=status, source=existing)
    except IntegrityError:
        # Another editor stored the same article a moment ago: send this one to it.
        existing = find_existing_source(body=draft.body, url=draft.url)
        if existing is None:
            raise
        return CommitOutcome(source=existing, duplicate=True)


def _commit(*, draft: ReviewedDraft, crisis: Crisis, user, status: str, source: Source | None) -> CommitOutcome:
    if source is not None:
        outcome = CommitOutcome(source=source, attached=True)
    else:
        outcome = CommitOutcome(source=_new_source(draft, user))
    source = outcome.source
    _commit_entries(draft=draft, crisis=crisis, user=user, status=status, source=source, outcome=outcome)
    find_contradictions(outcome.claims_created)
    return outcome


def _new_source(draft: ReviewedDraft, user) -> Source:
    return _saved(
        Source(
            title=draft.title,
            url=draft.url or None,
            outlet=draft.outlet,
            authors=draft.authors,
            published_on=draft.published,
            published_source=draft.published_source,
            original=draft.original,
            original_format=draft.original_format,
            language=draft.language,
            text=draft.body,
            retrieved_at=timezone.now() if draft.url else None,
            created_by=user,
        ),
        user,
    )


def _commit_entries(
    *, draft: ReviewedDraft, crisis: Crisis, user, status: str, source: Source, outcome: CommitOutcome
) -> None:
    actors = _resolve_actors(draft, user, outcome)
    events: list[Event | None] = []
    for reviewed in draft.events:
        if reviewed.same_as:
            event = Event.objects.filter(pk=reviewed.same_as, crisis=crisis).first()
            if event is not None:
                outcome.events_corroborated.append(event)
        else:
            event = None
        if event is None:
            event = _saved(
                _placed(
                    crisis=crisis,
                    headline=reviewed.headline[:300],
                    type=reviewed.type,
                    date_start=reviewed.date_start,
                    date_end=reviewed.date_end,
                    precision=reviewed.precision,
                    date_text=reviewed.date_text[:200],
                    location_name=reviewed.location[:200],
                    place=reviewed.place,
                    evidence=" ".join(draft.body[start:end] for start, end in reviewed.spans),
                    timeframe=TIMEFRAMES.get(reviewed.timeframe, "current"),
                    status=status,
                    created_by=user,
                ),
                user,
            )
            outcome.events_created.append(event)
        seen = set(event.participations.values_list("actor_id", "role"))
        for key, role in reviewed.actors:
            actor = actors.get(key)
            if actor is not None and (actor.pk, role) not in seen:
                _saved(EventActor(event=event, actor=actor, role=role), user)
                seen.add((actor.pk, role))
        for start, end in reviewed.spans:
            _evidence(source, start, end, user, event=event)
        events.append(event)
    for reviewed in draft.claims:
        claim = _saved(
            Claim(
                crisis=crisis,
                claimant=actors.get(reviewed.claimant) if reviewed.claimant else None,
                claimant_text=reviewed.claimant_text[:200],
                statement=reviewed.statement,
                speech_act=reviewed.speech_act,
                made_on=reviewed.made_on,
                figure_value=reviewed.figure_value,
                figure_unit=reviewed.figure_unit[:50],
                figure_measure=reviewed.figure_measure,
                figure_low=reviewed.figure_low,
                figure_high=reviewed.figure_high,
                figure_text=reviewed.figure_text[:200],
                poll_pollster=reviewed.poll_pollster[:200],
                poll_base=reviewed.poll_base,
                event=events[reviewed.event_index]
                if reviewed.event_index is not None and reviewed.event_index < len(events)
                else None,
                status=status,
                created_by=user,
            ),
            user,
        )
        claim.about.set([actors[k] for k in reviewed.about if k in actors])
        _evidence(source, reviewed.start, reviewed.end, user, claim=claim)
        outcome.claims_created.append(claim)
