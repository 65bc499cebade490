"""The events CSV: one header, one row function, and two paths to the same bytes.

The Python path reads the filtered events newest first and fetches their actors, sources and claim counts
per chunk of ids (three queries per CHUNK_ROWS events). On PostgreSQL the file is produced by
`COPY (SELECT …) TO STDOUT` instead (`events_copy_sql`), with the same formula escaping done in SQL,
reading the related cells from a per-event summary the database keeps up to date (migration 0006);
tests/exports/test_events_csv.py holds both paths to the same output.
"""

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import closing

from django.db import connections
from django.db.models import Count, QuerySet

from events.exports.common import (
    CHUNK_BYTES,
    CHUNK_ROWS,
    FORMAT_VERSION,
    Progress,
    header_bytes,
    iso_timestamp,
    neutralise,
    ordered,
    reading,
    stream_csv,
    text,
)
from events.models import Claim, Crisis, EventActor, Evidence
from events.sql import among

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
