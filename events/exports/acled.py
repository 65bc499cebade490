"""The ACLED profile of the events CSV. The mapping is documented in docs/exports.md.

The type table is derived from `EventType`: ACLED's own types map to themselves, and every other type (ours,
or one added later) is a "Strategic development" whose own type travels in `tags`, so the importer can
restore it.
"""

from collections.abc import Iterator
from contextlib import closing

from django.db.models import QuerySet

from events.exports.common import CHUNK_ROWS, Progress, neutralise, ordered, reading, stream_csv, text
from events.exports.events_csv import EVENT_FIELDS, with_related
from events.gazetteer import COUNTRY_PRECISION, Place, acled_region, country_codes, country_place, places_named
from events.ingest.lexicon import gazetteer
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
# ACLED's inter codes (codebook, "ACLED Actors"): 1 state forces (of the country where the event happens),
# 5 rioters, 6 protesters, 7 civilians, 8 external/other forces (another state's forces, international
# organisations and missions).
STATE_KINDS = {Actor.Kind.STATE, Actor.Kind.MILITARY}
STATE_FORCES, REBELS, RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = 1, 2, 5, 6, 7, 8
ACLED_FIELDS = [*EVENT_FIELDS, "country_code", "admin1", "geo_precision", "crisis__countries"]
SCALE_ORDER = [Source.Scale.LOCAL, Source.Scale.NATIONAL, Source.Scale.REGIONAL, Source.Scale.INTERNATIONAL]


def acled_inter(name: str, kind: str, event_type: str, side: int, *, iso: str = "") -> int | None:
    """An actor's ACLED inter code in an event in the country `iso` (alpha-2).

    ("Venezuelan army", "military", …, iso="VE") → 1;  ("United States", "state", …, iso="VE") → 8;
    ("United Nations", "igo", …) → 8;  a protest's first side → 6, a riot's → 5;  the target of violence
    against civilians → 7;  anyone else → None (ACLED's other codes need judgement we don't record).
    """
    if kind == Actor.Kind.IGO:
        return EXTERNAL
    if kind in STATE_KINDS:
        home = actor_country(name)
        return EXTERNAL if home and iso and home != iso else STATE_FORCES
    if side == 1 and event_type == EventType.PROTEST:
        return PROTESTERS
    if side == 1 and event_type == EventType.RIOT:
        return RIOTERS
    if side == 2 and event_type == EventType.VIOLENCE_AGAINST_CIVILIANS:
        return CIVILIANS
    return None


def actor_country(name: str) -> str:
    """The ISO alpha-2 code of the state an actor's name says it belongs to, or "":
    "United States" / "U.S." → "US";  "Venezuelan army" → "VE";  "army" → ""."""
    _places, states, demonyms, capitals = gazetteer()
    folded = fold(name)
    country = states.get(folded) or capitals.get(folded)
    if country is None and folded:
        country = demonyms.get(folded.split()[0]) or states.get(folded.split()[0])
    if country is None or country[1] != "state":
        return ""
    found = country_place(country[0])
    return found.iso if found else ""


def event_place(event: dict) -> Place | None:
    """Where an exported event is: its own coordinates; else its location looked up in its country (or the
    crisis's first country); else that country itself, at precision 3."""
    if event["latitude"] is not None and event["country"]:
        return Place(
            geonameid=0, name=event["location_name"] or event["country"], country=event["country"],
            iso=event["country_code"] or _iso2(event["country"]), admin1=event["admin1"],
            latitude=float(event["latitude"]), longitude=float(event["longitude"]),
            precision=event["geo_precision"] or COUNTRY_PRECISION,
        )  # fmt: skip
    for name in (event["country"], *(event["crisis__countries"] or "").split(",")):
        if name.strip() and (found := country_place(name.strip())):
            # A location typed without coordinates ("Maracaibo") is looked up inside that country.
            named = [p for p in places_named(event["location_name"]) if p.iso == found.iso]
            return named[0] if named else found
    return None


def _iso2(country: str) -> str:
    found = country_place(country)
    return found.iso if found else ""


def acled_row(event: dict) -> list:
    actors = event["actors"]
    side1 = [a for a in actors if a[1] == "initiator"] + [a for a in actors if a[1] == "participant"]
    side2 = [a for a in actors if a[1] == "target"]
    kind = event["type"]
    place = event_place(event)
    iso2 = place.iso if place else ""
    inter1 = acled_inter(side1[0][0], side1[0][2], kind, 1, iso=iso2) if side1 else None
    inter2 = acled_inter(side2[0][0], side2[0][2], kind, 2, iso=iso2) if side2 else None
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
    iso3, iso = country_codes().get(fold(iso2), ("XXX", None)) if iso2 else ("XXX", None)
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
        acled_region(iso2),
        neutralise(place.country if place else ""),
        neutralise(place.admin1 if place else ""),
        "",
        "",
        neutralise(place.name if place else ""),
        f"{place.latitude:.5f}" if place else "",
        f"{place.longitude:.5f}" if place else "",
        text(place.precision if place else None),
        neutralise("; ".join(outlets)),
        "-".join(s.label for s in SCALE_ORDER if s in scales),
        neutralise(event["summary"] or event["headline"]),
        text(event["fatalities"]),
        neutralise("; ".join(tags)),
        int(event["updated_at"].timestamp()),
    ]


def acled_events(events: QuerySet) -> Iterator[dict]:
    """Event dicts (ACLED_FIELDS) with their actors and sources, published claims only; see with_related."""
    rows = ordered(events).values(*ACLED_FIELDS).iterator(chunk_size=CHUNK_ROWS)
    with closing(rows):
        yield from with_related(rows, include_draft_claims=False)


def stream_acled_csv(events: QuerySet, *, bom: bool = False, progress: Progress = None) -> Iterator[bytes]:
    with reading(events.db), closing(acled_events(events)) as rows:
        yield from stream_csv(ACLED_HEADER, map(acled_row, rows), bom=bom, progress=progress)
