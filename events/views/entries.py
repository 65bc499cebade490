"""Timeline entries: what every list of events loads (in a fixed number of queries) and works out
for display: actor chips, independent outlets, claims and whether they conflict, date group headings."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from html import escape

from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from events.dates import date_heading, date_label
from events.models import Claim, Event, EventActor, EventQuerySet, Evidence, Precision, Verification
from events.sql import among
from events.templatetags.timeline import plural

PAGE_SIZE = 50
ROLE_ORDER = Case(
    When(role=EventActor.Role.INITIATOR, then=Value(0)),
    When(role=EventActor.Role.TARGET, then=Value(1)),
    When(role=EventActor.Role.PARTICIPANT, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)
ROLE_LABELS = {value: str(label) for value, label in EventActor.Role.choices}
HX_CHIP = ' hx-get="{}" hx-target="#results" hx-swap="outerHTML" hx-push-url="true" hx-indicator="#results"'
NEGATIVE = {Verification.DISPUTED, Verification.FALSE}
# Among entries that may start on the same day, the most precisely dated come first.
PRECISION_RANK = {Precision.DAY: 0, Precision.APPROXIMATE: 1, Precision.WEEK: 2, Precision.MONTH: 3, Precision.YEAR: 4}


def with_entry_data(events: EventQuerySet, user, *, known_on: dt.date | None = None) -> EventQuerySet:
    """Whole records for the event page: four prefetches, whatever the number of events (actors, evidence
    with its source, visible claims, each claim's own evidence). Lists use `list_entries`.

    `known_on` keeps the claims known by that day, with their evidence from sources published by then;
    the event's own evidence stays whole (the page narrows it once it knows the entry was reported by then)."""
    participations = EventActor.objects.select_related("actor").order_by(ROLE_ORDER, "actor__name")
    # A source's text can be long and is not shown in an entry: leave it in the database.
    evidence = Evidence.objects.select_related("source").defer("source__text", "source__original")
    claims = Claim.objects.visible_to(user)
    claim_evidence = evidence
    if known_on is not None:
        claims = claims.known_on(known_on)
        claim_evidence = evidence.filter(source__published_on__lte=known_on)
    claims = (
        claims.select_related("claimant")
        .order_by("made_on", "id")
        .prefetch_related(Prefetch("evidence", claim_evidence.order_by("start")))
    )
    return events.select_related("crisis").prefetch_related(
        Prefetch("participations", participations, to_attr="actor_roles"),
        Prefetch("evidence", evidence.order_by("source__published_on", "start"), to_attr="evidence_list"),
        Prefetch("claims", claims, to_attr="visible_claims"),
    )


@dataclass(slots=True)
class Part:
    """An actor's part in a listed entry: what its chip shows."""

    actor_id: int
    role: str
    name: str


@dataclass(slots=True)
class Cited:
    """A listed entry's evidence, as far as counting independent outlets needs it."""

    outlet: str
    title: str


def list_entries(
    events: EventQuerySet, user, *, known_on: dt.date | None = None, contradictions=None
) -> tuple[list, bool]:
    """One page of entries for a list (timeline, actor page) in keyset order, and whether more follow:
    the events, then their actors, evidence outlets and visible claims' statuses in three queries of
    plain values. A list shows names and counts, not whole related records, so none is built (it was
    most of a page's time); the event page loads records with `with_entry_data`.

    `contradictions` (the groups the reader may see) gives the entries' badges (a subquery); `known_on`
    counts only sources published by that day and claims known by then, and adds one query for what each
    entry said that day (its history)."""
    events = events.select_related("crisis")
    if contradictions is not None:
        events = events.marking_contradictions(contradictions)
    rows, more = page_of(events)
    ids = [event.pk for event in rows]
    parts, cited, claims = defaultdict(list), defaultdict(list), defaultdict(list)
    then: dict[int, object] = {}
    if ids:
        for event_id, actor_id, role, name in (
            EventActor.objects.filter(among("event_id", ids))
            .order_by(ROLE_ORDER, "actor__name")
            .values_list("event_id", "actor_id", "role", "actor__name")
        ):
            parts[event_id].append(Part(actor_id, role, name))
        for event_id, outlet, title, published in (
            Evidence.objects.filter(among("event_id", ids))
            .order_by("source__published_on", "start")
            .values_list("event_id", "source__outlet", "source__title", "source__published_on")
        ):
            if published_by(published, known_on):
                cited[event_id].append(Cited(outlet, title))
        visible_claims = Claim.objects.visible_to(user)
        if known_on is not None:
            visible_claims = visible_claims.known_on(known_on)
        for event_id, verification in (
            visible_claims.filter(among("event_id", ids))
            .order_by("made_on", "id")
            .values_list("event_id", "verification")
        ):
            claims[event_id].append(verification)
        if known_on is not None:
            then = as_known_on(ids, known_on)
    for event in rows:
        event.parts, event.cited, event.claim_statuses = parts[event.pk], cited[event.pk], claims[event.pk]
        event.contradicted = getattr(event, "contradicted", False)
        event.then = then.get(event.pk)
    return rows, more


LATE_AFTER_DAYS = 2  # news of the day and the next is on time; later than that, the entry says how late


def reported_late(first_reported: dt.date | None, date_end: dt.date) -> str:
    """ "reported 9 days after" when the first source came out well after the latest day the entry may be
    on; "" otherwise. (date(2019, 2, 11), date(2019, 2, 2)) → "reported 9 days after"."""
    if first_reported is None or (first_reported - date_end).days < LATE_AFTER_DAYS:
        return ""
    return f"reported {plural((first_reported - date_end).days, 'day,days')} after"


def published_by(published: dt.date | None, day: dt.date | None) -> bool:
    """Whether a source published on `published` counts as known on `day` (None: today, so any source does).
    An undated source never counts for a past day: nothing says it was out by then."""
    return day is None or (published is not None and published <= day)


# An entry's own fields as its history keeps them: what "as known on" shows as they stood that day.
THEN_FIELDS = ("headline", "summary", "type", "timeframe", "date_start", "date_end", "precision", "date_text",
               "location_name", "country", "fatalities")  # fmt: skip


def as_known_on(ids: list[int], day: dt.date) -> dict[int, object]:
    """What each entry said at the end of `day` (its history: one query), as records with THEN_FIELDS. An
    entry entered after that day has no "then"."""
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    latest: dict[int, object] = {}
    for record in (
        Event.history.filter(among("id", ids), history_date__lt=end)
        .order_by("id", "-history_date", "-history_id")
        .only("id", "history_date", *THEN_FIELDS)
    ):
        latest.setdefault(record.id, record)
    return latest


def claims_conflict(verifications: list[str]) -> bool:
    """Whether an entry's claims deserve a "disputed" badge.

    ["corroborated", "disputed"] → True (a claim is disputed or false); ["confirmed", "corroborated"] → True
    (assessed statuses disagree); ["unverified", "confirmed"] → False (one is simply not assessed yet).
    """
    assessed = {v for v in verifications if v != Verification.UNVERIFIED}
    return bool(assessed & NEGATIVE) or len(assessed) > 1


def outlets_of(cited: list[tuple[str, str]]) -> list[str]:
    """The distinct outlets among (outlet, title) of the evidence's sources: corroboration counts these,
    not articles. A source without an outlet counts on its own, under its title."""
    seen: dict[str, str] = {}
    for outlet, title in cited:
        name = outlet.strip() or title
        seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)


def chips(parts: list[Part], timeline: str, actors: str, *, on_timeline: bool, current_actor: int | None) -> str:
    """The actor chips of an entry, each a link narrowing the timeline to that actor (in place, with
    htmx, `on_timeline`) and a small link to the actor's row in the crisis's actors index (`actors`).
    Built here, with the standard library's escaping, rather than in the template: a page holds a few
    hundred and each costs a template ~30 value lookups."""
    items = []
    for part in parts:
        href = escape(f"{timeline}?actor={part.actor_id}")
        role, name = escape(ROLE_LABELS.get(part.role, part.role)), escape(part.name)
        current = " is-current" if part.actor_id == current_actor else ""
        hx = HX_CHIP.format(href) if on_timeline else ""
        index = escape(f"{actors}#actor-{part.actor_id}")
        items.append(
            f'<li><a class="chip role-{escape(part.role)}{current}" href="{href}"{hx} title="{role} · show only '
            f'entries with {name}">{name}<span class="sr-only"> ({role.lower()})</span></a>'
            f'<a class="chip-index" href="{index}" title="{name} among all actors of the crisis">'
            f'<span aria-hidden="true">≡</span><span class="sr-only">{name} in the actors index</span></a></li>'
        )
    return mark_safe("".join(items))  # every value above is escaped


class Links:
    """URLs of entries and actor chips, each pattern reversed once per list rather than once per link
    (a page of 50 entries has a few hundred). An entry's own links carry `known_on`, so an entry opened
    from a timeline as known on a day shows that day too."""

    MARK = 987654321

    def __init__(self, known_on: dt.date | None = None):
        self.patterns: dict[str, str] = {}
        self.timelines: dict[str, str] = {}
        self.entry_query = f"?known_on={known_on.isoformat()}" if known_on else ""

    def of(self, name: str, pk: int) -> str:
        if name not in self.patterns:
            self.patterns[name] = reverse(name, kwargs={"pk": self.MARK}).replace(str(self.MARK), "{}", 1)
        return self.patterns[name].format(pk)

    def timeline(self, slug: str) -> str:
        if slug not in self.timelines:
            self.timelines[slug] = reverse("events:crisis-timeline", kwargs={"slug": slug})
        return self.timelines[slug]

    def actors(self, slug: str) -> str:
        """The crisis's actors index: its timeline's URL and "actors/" (see events/urls.py)."""
        return self.timeline(slug) + "actors/"


def link(event, links: Links | None = None, *, known_on: dt.date | None = None) -> None:
    """Attach the entry's own links: its page (`detail_url`) and the fold-back (`brief_url`), both as known
    on `known_on` (or on the day `links` carry)."""
    links = links or Links(known_on)
    event.key = str(event.pk)
    event.detail_url = links.of("events:event-detail", event.pk) + links.entry_query
    event.brief_url = links.of("events:event-brief", event.pk) + links.entry_query


def describe(
    events, *, on_timeline: bool = False, current_actor: int | None = None, known_on: dt.date | None = None
) -> list:
    """Attach what an entry shows to each event, and a `heading` where a new date group begins; the
    entries' own links carry `known_on`.

    Every page starts with a heading, so a page appended by "load more" always says which date its
    first entries belong to. Labels and links are worked out here, once, so the template that repeats
    them for every entry only places strings (rendering each value in a template costs far more).
    """
    # Only rows with the same date_start move, so the page holds the same rows and its cursor (its last row
    # in `-date_start, -id` order) is unchanged; headings for one day are not split by an approximate entry.
    rows = sorted(
        events, key=lambda e: (-e.date_start.toordinal(), PRECISION_RANK.get(e.precision, 9), e.date_end, -e.pk)
    )
    last_key, links = None, Links(known_on)
    for event in rows:
        if not hasattr(event, "parts"):  # loaded with `with_entry_data`: whole records
            event.parts = [Part(p.actor_id, p.role, p.actor.name) for p in event.actor_roles]
            event.cited = [Cited(e.source.outlet, e.source.title) for e in event.evidence_list]
            event.claim_statuses = [c.verification for c in event.visible_claims]
            event.contradicted, event.then = False, None
        event.outlets = outlets_of([(c.outlet, c.title) for c in event.cited])
        event.disputed = claims_conflict(event.claim_statuses)
        key, heading = date_heading(event.date_start, event.date_end, event.precision)
        event.heading = heading if key != last_key else None
        last_key = key
        link(event, links)
        event.when = date_label(event.date_start, event.date_end, event.precision)
        event.iso_date = event.date_start.isoformat()
        event.type_label = str(event.get_type_display())
        event.place = ", ".join(part for part in (event.location_name, event.country) if part)
        event.sources_label = plural(len(event.outlets), "independent source,independent sources")
        event.claims_label = plural(len(event.claim_statuses), "claim,claims") if event.claim_statuses else ""
        event.late_label = reported_late(event.first_reported_on, event.date_end)
        event.then_label = said_then(event, event.then)
        event.chips = chips(
            event.parts,
            links.timeline(event.crisis.slug),
            links.actors(event.crisis.slug),
            on_timeline=on_timeline,
            current_actor=current_actor,
        )
    return rows


def said_then(event, record) -> str:
    """What the entry said on the as-known-on day, where its headline, type or date were changed since:
    'then: "Troops fired on marchers" (2 Feb 2019)'; "" where nothing shown has changed."""
    if record is None:
        return ""
    before = (record.headline, record.type, record.date_start, record.date_end, record.precision)
    if before == (event.headline, event.type, event.date_start, event.date_end, event.precision):
        return ""
    return f"then: “{record.headline}” ({date_label(record.date_start, record.date_end, record.precision)})"


def page_of(events: EventQuerySet) -> tuple[list, bool]:
    """One page in keyset order and whether more follow (one extra row is read, never an OFFSET)."""
    rows = list(events.order_by("-date_start", "-id")[: PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
