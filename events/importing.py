"""Import events from our events CSV or an ACLED-profile CSV: validate every row, then save all or nothing.

`import_events(data=…, crisis=…, user=…)` is the one entry point (the admin page and the
`import_events` command call it). Nothing is saved while any row has an error; the report names each
one by row and column ("row 17, date_start: '2019-02-30' is not a date"), counting the header as
row 1 as a spreadsheet does. A row is the same event as one already in the crisis when crisis,
date_start, date_end and headline match (the `id` column is not trusted: ids differ between
databases), so importing a file twice adds nothing the second time. Actors are matched by folded
alias or created; history is recorded for every row written.
"""

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from events.exports import FORMAT_VERSION, STRATEGIC, TAG_PRECISION, TAG_TYPE, unneutralise
from events.forms import can_edit
from events.models import (
    Actor,
    ActorAlias,
    Crisis,
    Event,
    EventActor,
    EventType,
    Precision,
    ReviewStatus,
    date_bounds,
    fold,
)

OURS_REQUIRED = {"date_start", "headline"}
ACLED_REQUIRED = {"event_date", "event_type", "notes"}
ROLES = {r.value for r in EventActor.Role}
ACTOR = re.compile(r"^(?P<name>.+?)\s*\((?P<role>[a-z]+)\)$")
TYPES_BY_LABEL = {fold(label): value for value, label in EventType.choices} | {v: v for v in EventType.values}
ACLED_EVENT_TYPES = {
    "protests": EventType.PROTEST,
    "riots": EventType.RIOT,
    "battles": EventType.BATTLE,
    "violence against civilians": EventType.VIOLENCE_AGAINST_CIVILIANS,
    "explosions/remote violence": EventType.EXPLOSION_REMOTE_VIOLENCE,
    fold(STRATEGIC): EventType.STRATEGIC_DEVELOPMENT,
}
ACLED_SUB_TYPES = {"arrests": EventType.ARREST, "agreement": EventType.NEGOTIATION_AGREEMENT}
ACLED_PRECISIONS = {"1": Precision.DAY, "2": Precision.WEEK, "3": Precision.MONTH}
LIMITS = {"headline": 300, "date_text": 200, "location": 200, "country": 100, "name": 200}


class Refused(Exception):
    """The file as a whole can't be read (too big, not UTF-8, unknown headers)."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"


@dataclass(frozen=True)
class EventRow:
    row: int
    date_start: dt.date
    date_end: dt.date
    precision: str
    date_text: str
    type: str
    headline: str
    summary: str
    location_name: str
    country: str
    latitude: Decimal | None
    longitude: Decimal | None
    fatalities: int | None
    timeframe: str
    status: str
    actors: tuple[tuple[str, str], ...]

    @property
    def key(self) -> tuple:
        return self.date_start, self.date_end, self.headline


@dataclass
class ImportReport:
    profile: str = ""
    rows: int = 0
    created: int = 0
    skipped: int = 0
    actors_created: int = 0
    errors: list[RowError | str] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return f"Nothing was imported: {len(self.errors)} error(s) in {self.rows} row(s)."
        return (
            f"Imported {self.created} event(s) from {self.rows} row(s) ({self.profile} format); "
            f"{self.skipped} already present; {self.actors_created} new actor(s)."
        )


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM → text; anything else is refused."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise Refused(
            f"The file is not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start}). "
            "Save it as “CSV UTF-8” and try again."
        ) from None


def read_rows(data: bytes, *, max_bytes: int | None = None) -> tuple[str, list[str], list[tuple[int, dict]]]:
    """Bytes → (profile "events" or "acled", header, [(row number, {column: value})])."""
    limit = max_bytes or settings.INGEST_MAX_BYTES
    if len(data) > limit:
        raise Refused(f"The file is {len(data):,} bytes; the largest accepted is {limit:,} bytes.")
    text = decode(data)
    if "\x00" in text:
        raise Refused("The file contains NUL characters: it is not a CSV file.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
        names = set(header)
        if ACLED_REQUIRED <= names:
            profile = "acled"
        elif OURS_REQUIRED <= names:
            profile = "events"
        else:
            hint = " It looks semicolon-separated: export with commas." if header and ";" in header[0] else ""
            raise Refused(
                "The header row is neither a Crisis Tracker events export (needs "
                f"{', '.join(sorted(OURS_REQUIRED))}) nor an ACLED export (needs {', '.join(sorted(ACLED_REQUIRED))})."
                + hint
            )
        rows = []
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            rows.append((number, dict(zip(header, values, strict=False))))
    except csv.Error as exc:
        raise Refused(f"Row {reader.line_num}: the CSV can't be read ({exc}).") from None
    return profile, header, rows


class RowParser:
    """Collects a row's errors while turning its cells into typed values."""

    def __init__(self, number: int, cells: dict):
        self.number, self.cells, self.errors = number, cells, []

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def text(self, column: str, *, limit: int | None = None, required: bool = False) -> str:
        value = unneutralise(self.cells.get(column) or "").strip()
        if required and not value:
            self.error(column, "is empty, but every event needs one")
        if limit and len(value) > limit:
            self.error(column, f"is {len(value)} characters long; at most {limit} fit")
        return value

    def date(self, column: str, value: str) -> dt.date | None:
        for parse in (dt.date.fromisoformat, lambda v: dt.datetime.strptime(v, "%d %B %Y").date()):
            try:
                return parse(value)
            except ValueError:
                continue
        self.error(
            column, f"{value!r} is not a date (write YYYY-MM-DD)" if value else "is empty, but every event needs one"
        )
        return None

    def choice(self, column: str, value: str, choices, default: str) -> str:
        if not value:
            return default
        if value not in choices:
            self.error(column, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def decimal(self, column: str, bound: int) -> Decimal | None:
        value = self.text(column)
        if not value:
            return None
        try:
            number = Decimal(value).quantize(Decimal("0.00001"))
        except InvalidOperation:
            self.error(column, f"{value!r} is not a number")
            return None
        if not -bound <= number <= bound:
            self.error(column, f"{value} is outside -{bound}..{bound}")
        return number

    def count(self, column: str) -> int | None:
        value = self.text(column)
        if not value:
            return None
        if not value.isdigit() or int(value) > 2**31 - 1:
            self.error(column, f"{value!r} is not a whole number of people")
            return None
        return int(value)

    def actor(self, column: str, cell: str, role: str) -> list[tuple[str, str]]:
        names = [n.strip() for n in unneutralise(cell).split(";") if n.strip()]
        for name in names:
            if len(name) > LIMITS["name"]:
                self.error(column, f"the actor name {name[:40]!r}… is longer than {LIMITS['name']} characters")
        return [(name, role) for name in names]

    def actors(self, column: str) -> list[tuple[str, str]]:
        found = []
        for part in unneutralise(self.cells.get(column) or "").split(";"):
            if not (part := part.strip()):
                continue
            match = ACTOR.match(part)
            name, role = (match["name"], match["role"]) if match else (part, EventActor.Role.PARTICIPANT)
            if role not in ROLES:
                self.error(column, f"{role!r} in {part!r} is not a role ({', '.join(sorted(ROLES))})")
            elif len(name) > LIMITS["name"]:
                self.error(column, f"the actor name {name[:40]!r}… is longer than {LIMITS['name']} characters")
            else:
                found.append((name, role))
        return found

    def bounds(self, start: dt.date | None, end: dt.date | None) -> None:
        if start and end and end < start:
            self.error("date_end", f"{end.isoformat()} is before date_start {start.isoformat()}")


def parse_ours(number: int, cells: dict) -> tuple[EventRow | None, list[RowError]]:
    p = RowParser(number, cells)
    version = p.text("format_version")
    if version and version != FORMAT_VERSION:
        p.error("format_version", f"{version!r}: this importer reads version {FORMAT_VERSION}")
    precision = p.choice("precision", p.text("precision"), Precision.values, Precision.DAY)
    start = p.date("date_start", p.text("date_start"))
    end_text = p.text("date_end")
    end = p.date("date_end", end_text) if end_text else None
    if start and not end_text and precision in Precision.values:
        start, end = date_bounds(start, precision)
    p.bounds(start, end)
    kind = p.text("type")
    if kind and fold(kind) not in TYPES_BY_LABEL:
        p.error("type", f"{kind!r} is not an event type ({', '.join(EventType.values)})")
    row = dict(
        date_text=p.text("date_text", limit=LIMITS["date_text"]),
        type=TYPES_BY_LABEL.get(fold(kind), EventType.OTHER),
        headline=p.text("headline", limit=LIMITS["headline"], required=True),
        summary=p.text("summary"),
        location_name=p.text("location", limit=LIMITS["location"]),
        country=p.text("country", limit=LIMITS["country"]),
        latitude=p.decimal("latitude", 90),
        longitude=p.decimal("longitude", 180),
        fatalities=p.count("fatalities"),
        timeframe=p.choice("timeframe", p.text("timeframe"), Event.Timeframe.values, Event.Timeframe.CURRENT),
        status=p.choice("status", p.text("status"), ReviewStatus.values, ReviewStatus.DRAFT),
        actors=tuple(p.actors("actors")),
    )
    if p.errors:
        return None, p.errors
    return EventRow(number, start, end, precision, **row), []


def parse_acled(number: int, cells: dict) -> tuple[EventRow | None, list[RowError]]:
    p = RowParser(number, cells)
    tags = [t.strip() for t in p.text("tags").split(";")]
    tagged = {t.split("=", 1)[0] + "=": t.split("=", 1)[1] for t in tags if "=" in t}
    time_precision = p.text("time_precision") or "1"
    precision = tagged.get(TAG_PRECISION) or ACLED_PRECISIONS.get(time_precision)
    if precision not in Precision.values:
        p.error("time_precision", f"{time_precision!r} is not 1, 2 or 3")
        precision = Precision.DAY
    day = p.date("event_date", p.text("event_date"))
    start, end = date_bounds(day, precision) if day else (None, None)
    kind = tagged.get(TAG_TYPE) or ACLED_SUB_TYPES.get(fold(p.text("sub_event_type")))
    kind = kind or ACLED_EVENT_TYPES.get(fold(p.text("event_type")))
    if kind not in EventType.values:
        p.error("event_type", f"{p.text('event_type')!r} is not an ACLED event type")
    notes = p.text("notes", required=True)
    headline = re.split(r"(?<=[.!?])\s|\n", notes, maxsplit=1)[0][: LIMITS["headline"]].strip()
    actors = (
        p.actor("actor1", p.text("actor1"), EventActor.Role.INITIATOR)
        + p.actor("assoc_actor_1", p.text("assoc_actor_1"), EventActor.Role.PARTICIPANT)
        + p.actor("actor2", p.text("actor2"), EventActor.Role.TARGET)
        + p.actor("assoc_actor_2", p.text("assoc_actor_2"), EventActor.Role.TARGET)
    )
    row = dict(
        date_text="",
        type=kind,
        headline=headline,
        summary=notes if notes != headline else "",
        location_name=p.text("location", limit=LIMITS["location"]),
        country=p.text("country", limit=LIMITS["country"]),
        latitude=p.decimal("latitude", 90),
        longitude=p.decimal("longitude", 180),
        fatalities=p.count("fatalities"),
        timeframe=Event.Timeframe.CURRENT,
        status=ReviewStatus.DRAFT,
        actors=tuple(actors),
    )
    if p.errors:
        return None, p.errors
    return EventRow(number, start, end, precision, **row), []


def validate(data: bytes, *, max_bytes: int | None = None) -> tuple[ImportReport, list[EventRow]]:
    """Read and check every row; the report's errors are empty when all rows are good."""
    report = ImportReport()
    try:
        report.profile, header, rows = read_rows(data, max_bytes=max_bytes)
    except Refused as exc:
        report.errors.append(str(exc))
        return report, []
    parse = parse_acled if report.profile == "acled" else parse_ours
    good = []
    position = {name: index for index, name in enumerate(header)}
    for number, cells in rows:
        row, errors = parse(number, cells)
        report.errors.extend(sorted(errors, key=lambda e: position.get(e.column, len(position))))
        if row:
            good.append(row)
    report.rows = len(rows)
    return report, good


def import_events(*, data: bytes, crisis: Crisis, user=None, max_bytes: int | None = None) -> ImportReport:
    """Validate `data` and, if every row is good, save its new events into `crisis` in one transaction.

    Events are drafts unless the file says published and `user` is an editor.
    """
    report, rows = validate(data, max_bytes=max_bytes)
    if report.errors:
        return report
    may_publish = can_edit(user)
    with transaction.atomic():
        existing = set(Event.objects.for_crisis(crisis).values_list("date_start", "date_end", "headline"))
        new_rows = []
        for row in rows:
            if row.key in existing:
                report.skipped += 1
                continue
            existing.add(row.key)
            new_rows.append(row)
        actor_ids = match_actors({name for row in new_rows for name, _ in row.actors}, user=user, report=report)
        events = [
            Event(
                crisis=crisis,
                date_start=row.date_start,
                date_end=row.date_end,
                precision=row.precision,
                date_text=row.date_text,
                type=row.type,
                headline=row.headline,
                summary=row.summary,
                location_name=row.location_name,
                country=row.country,
                latitude=row.latitude,
                longitude=row.longitude,
                fatalities=row.fatalities,
                timeframe=row.timeframe,
                status=row.status if may_publish else ReviewStatus.DRAFT,
                created_by=user,
            )
            for row in new_rows
        ]
        events = bulk_create_with_history(
            events, Event, batch_size=500, default_user=user, default_change_reason="import"
        )
        roles = []
        for event, row in zip(events, new_rows, strict=True):
            seen = set()
            for name, role in row.actors:
                key = (actor_ids[fold(name)], role)
                if key not in seen:
                    seen.add(key)
                    roles.append(EventActor(event=event, actor_id=key[0], role=role))
        bulk_create_with_history(roles, EventActor, batch_size=1000, default_user=user, default_change_reason="import")
        report.created = len(events)
    return report


def match_actors(names: set[str], *, user, report: ImportReport) -> dict[str, int]:
    """Folded name → actor id: an existing actor with that alias, else a new actor of kind "other"."""
    by_folded = {fold(name): name for name in names}
    found = dict(ActorAlias.objects.filter(folded__in=list(by_folded)).values_list("folded", "actor_id"))
    for folded, name in sorted(by_folded.items()):
        if folded not in found:
            actor = Actor(name=name, kind=Actor.Kind.OTHER)
            actor._history_user = user
            actor.save()
            found[folded] = actor.pk
            report.actors_created += 1
    return found
