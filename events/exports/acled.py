"""The ACLED profile of the events CSV. The mapping is documented in docs/exports.md.

The type table is derived from `EventType`: ACLED's own types map to themselves, and every other type (ours,
or one added later) is a "Strategic development" whose own type travels in `tags`, so the importer can
restore it.
"""

from collections.abc import Iterator
from contextlib import closing

from django.db.models import QuerySet

from events.exports.common import Progress, neutralise, reading, stream_csv, text
from events.exports.events_csv import events_with_related
from events.gazetteer import country_codes
from events.models import Actor, EventType, Precision, Source
from events.text import fold

ACLED_HEADER = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
ACLED_TIME_PRECISION = {
    Precision.DAY: 1,
    Precision.WEEK: 2,
    Precision.APPROXIMATE: 2,
    Precision.MONTH: 3,
    Precision.YEAR: 3,
}
# A precision ACLED can't say exactly is kept in `tags` so our importer can restore it.
ACLED_LOSSY_PRECISIONS = {Precision.APPROXIMATE, Precision.YEAR}
STRATEGIC = "Strategic developments"
# ACLED's own event types → (disorder_type, event_type, sub_event_type).
ACLED_OWN_TYPES = {
    EventType.PROTEST: ("Demonstrations", "Protests", ""),
    EventType.RIOT: ("Demonstrations", "Riots", ""),
    EventType.BATTLE: ("Political violence", "Battles", ""),
    EventType.VIOLENCE_AGAINST_CIVILIANS: ("Political violence", "Violence against civilians", ""),
    EventType.EXPLOSION_REMOTE_VIOLENCE: ("Political violence", "Explosions/Remote violence", ""),
    EventType.STRATEGIC_DEVELOPMENT: (STRATEGIC, STRATEGIC, ""),
}
# ACLED's sub-event type for the political-process types that have one; any other type is "Other".
ACLED_SUB_TYPES = {
    EventType.DEFECTION: "Change to group/activity",
    EventType.APPOINTMENT_RESIGNATION: "Change to group/activity",
    EventType.ARREST: "Arrests",
    EventType.NEGOTIATION_AGREEMENT: "Agreement",
}
# Every type → (disorder_type, event_type, sub_event_type), derived from EventType so a new type maps too.
ACLED_TYPES = {
    kind: ACLED_OWN_TYPES.get(kind) or (STRATEGIC, STRATEGIC, ACLED_SUB_TYPES.get(kind, "Other")) for kind in EventType
}
TAG_TYPE = "crisis tracker type="
TAG_PRECISION = "date precision="
# ACLED's classic inter codes: 1 state forces, 5 rioters, 6 protesters, 7 civilians.
STATE_KINDS = {Actor.Kind.STATE, Actor.Kind.MILITARY}
SCALE_ORDER = [Source.Scale.LOCAL, Source.Scale.NATIONAL, Source.Scale.REGIONAL, Source.Scale.INTERNATIONAL]


def acled_inter(kind: str, event_type: str, side: int) -> int | None:
    if kind in STATE_KINDS:
        return 1
    if side == 1 and event_type == EventType.PROTEST:
        return 6
    if side == 1 and event_type == EventType.RIOT:
        return 5
    if side == 2 and event_type == EventType.VIOLENCE_AGAINST_CIVILIANS:
        return 7
    return None


def acled_row(event: dict) -> list:
    actors = event["actors"]
    side1 = [a for a in actors if a[1] == "initiator"] + [a for a in actors if a[1] == "participant"]
    side2 = [a for a in actors if a[1] == "target"]
    kind = event["type"]
    inter1 = acled_inter(side1[0][2], kind, 1) if side1 else None
    inter2 = acled_inter(side2[0][2], kind, 2) if side2 else None
    if inter1 and not side2:
        interaction = inter1 * 10
    elif inter1 and inter2:
        interaction = min(inter1, inter2) * 10 + max(inter1, inter2)
    else:
        interaction = None
    disorder, event_type, sub_type = ACLED_TYPES[kind]
    tags = []
    if kind not in ACLED_OWN_TYPES:
        tags.append(TAG_TYPE + kind)
    if event["precision"] in ACLED_LOSSY_PRECISIONS:
        tags.append(TAG_PRECISION + event["precision"])
    iso3, iso = country_codes().get(fold(event["country"]), ("XXX", None)) if event["country"] else ("XXX", None)
    outlets = list(dict.fromkeys(s[1] for s in event["sources"] if s[1]))
    scales = {s[3] for s in event["sources"]}
    start = event["date_start"]
    return [
        f"{iso3}CT{event['id']}",
        start.isoformat(),
        start.year,
        ACLED_TIME_PRECISION[event["precision"]],
        disorder,
        event_type,
        sub_type,
        neutralise(side1[0][0] if side1 else ""),
        neutralise("; ".join(a[0] for a in side1[1:])),
        text(inter1),
        neutralise(side2[0][0] if side2 else ""),
        neutralise("; ".join(a[0] for a in side2[1:])),
        text(inter2),
        text(interaction),
        "Civilian targeting" if kind == EventType.VIOLENCE_AGAINST_CIVILIANS else "",
        text(iso),
        "",
        neutralise(event["country"]),
        "",
        "",
        "",
        neutralise(event["location_name"]),
        text(event["latitude"]),
        text(event["longitude"]),
        "",
        neutralise("; ".join(outlets)),
        "-".join(s.label for s in SCALE_ORDER if s in scales),
        neutralise(event["summary"] or event["headline"]),
        text(event["fatalities"]),
        neutralise("; ".join(tags)),
        int(event["updated_at"].timestamp()),
    ]


def stream_acled_csv(events: QuerySet, *, bom: bool = False, progress: Progress = None) -> Iterator[bytes]:
    with reading(events.db), closing(events_with_related(events, include_draft_claims=False)) as rows:
        yield from stream_csv(ACLED_HEADER, map(acled_row, rows), bom=bom, progress=progress)
