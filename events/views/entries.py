"""Timeline entries: what every list of events loads (in a fixed number of queries) and works out
for display: actor chips, independent outlets, claims and whether they conflict, date group headings."""

from django.db.models import Case, IntegerField, Prefetch, Value, When

from events.models import Claim, EventActor, EventQuerySet, Evidence, Precision, Verification
from events.templatetags.timeline import date_heading

PAGE_SIZE = 50
ROLE_ORDER = Case(
    When(role=EventActor.Role.INITIATOR, then=Value(0)),
    When(role=EventActor.Role.TARGET, then=Value(1)),
    When(role=EventActor.Role.PARTICIPANT, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)
NEGATIVE = {Verification.DISPUTED, Verification.FALSE}
# Among entries that may start on the same day, the most precisely dated come first.
PRECISION_RANK = {Precision.DAY: 0, Precision.APPROXIMATE: 1, Precision.WEEK: 2, Precision.MONTH: 3, Precision.YEAR: 4}


def with_entry_data(events: EventQuerySet, user, *, detail: bool = False) -> EventQuerySet:
    """Three prefetches, whatever the number of events: actors, evidence with its source, visible claims
    (and, for `detail`, a fourth: each claim's own evidence)."""
    participations = EventActor.objects.select_related("actor").order_by(ROLE_ORDER, "actor__name")
    # A source's text can be long and is not shown in an entry: leave it in the database.
    evidence = Evidence.objects.select_related("source").defer("source__text", "source__original")
    claims = Claim.objects.visible_to(user).select_related("claimant").order_by("made_on", "id")
    if detail:
        claims = claims.prefetch_related(Prefetch("evidence", evidence.order_by("start")))
    return events.select_related("crisis").prefetch_related(
        Prefetch("participations", participations, to_attr="actor_roles"),
        Prefetch("evidence", evidence.order_by("source__published_on", "start"), to_attr="evidence_list"),
        Prefetch("claims", claims, to_attr="visible_claims"),
    )


def claims_conflict(verifications: list[str]) -> bool:
    """Whether an entry's claims deserve a "disputed" badge.

    ["corroborated", "disputed"] → True (a claim is disputed or false); ["confirmed", "corroborated"] → True
    (assessed statuses disagree); ["unverified", "confirmed"] → False (one is simply not assessed yet).
    """
    assessed = {v for v in verifications if v != Verification.UNVERIFIED}
    return bool(assessed & NEGATIVE) or len(assessed) > 1


def outlets_of(evidence: list[Evidence]) -> list[str]:
    """The distinct outlets among the evidence's sources: corroboration counts these, not articles.

    A source without an outlet counts on its own, under its title.
    """
    seen: dict[str, str] = {}
    for item in evidence:
        name = item.source.outlet.strip() or item.source.title
        seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)


def describe(events) -> list:
    """Attach what an entry shows to each event, and a `heading` where a new date group begins.

    Every page starts with a heading, so a page appended by "load more" always says which date its
    first entries belong to.
    """
    # Only rows with the same date_start move, so the page holds the same rows and its cursor (its last row
    # in `-date_start, -id` order) is unchanged; headings for one day are not split by an approximate entry.
    rows = sorted(
        events, key=lambda e: (-e.date_start.toordinal(), PRECISION_RANK.get(e.precision, 9), e.date_end, -e.pk)
    )
    last_key = None
    for event in rows:
        event.outlets = outlets_of(event.evidence_list)
        event.disputed = claims_conflict([c.verification for c in event.visible_claims])
        key, heading = date_heading(event)
        event.heading = heading if key != last_key else None
        last_key = key
    return rows


def page_of(events: EventQuerySet) -> tuple[list, bool]:
    """One page in keyset order and whether more follow (one extra row is read, never an OFFSET)."""
    rows = list(events.order_by("-date_start", "-id")[: PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
