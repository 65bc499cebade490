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
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from events.exports.import_rows import EventRow, RowError, parse_acled, parse_ours
from events.models import Actor, ActorAlias, Crisis, Event, EventActor, ReviewStatus
from events.permissions import can_edit
from events.text import fold

OURS_REQUIRED = {"date_start", "headline"}
ACLED_REQUIRED = {"event_date", "event_type", "notes"}


class Refused(Exception):
    """The file as a whole can't be read (too big, not UTF-8, unknown headers)."""


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
    # Strict: a quote opened and never closed is an error, not a field that swallows the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header, number, starts = [], 1, 1
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
        starts = reader.line_num + 1  # the line the next row starts on
        for number, values in enumerate(reader, start=2):
            starts = reader.line_num + 1
            if not any(v.strip() for v in values):
                continue
            rows.append((number, dict(zip(header, values, strict=False))))
    except csv.Error as exc:
        raise Refused(unreadable(text, header, number=number + (1 if header else 0), line=starts, error=exc)) from None
    return profile, header, rows


def unreadable(text: str, header: list[str], *, number: int, line: int, error: csv.Error) -> str:
    """Where a CSV stops being readable, as row and column: 'Row 3 (line 3), column "headline": a quote
    opens here and never closes, so nothing after it can be read. Nothing was imported.'"""
    rest = "".join(text.splitlines(keepends=True)[line - 1 :]) if header else text
    where = f"Row {number} (line {line})"
    if str(error) == "unexpected end of data":
        # Closing the quote at the very end shows which field it opened: the row's fields up to it.
        try:
            fields = next(csv.reader(io.StringIO(rest + '"', newline="")), [])
        except csv.Error:
            fields = []
        if fields:
            column = header[len(fields) - 1] if len(fields) <= len(header) else f"{len(fields)}"
            return (
                f"{where}, column “{column}”: a quote opens here and never closes, so nothing after it can be "
                "read. Nothing was imported."
            )
    return f"{where}: the CSV can't be read ({error}). Nothing was imported."


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
    if not report.errors:
        report.errors.extend(other_crisis(rows, crisis))
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


def other_crisis(rows: list[EventRow], crisis: Crisis) -> list[RowError]:
    """Rows that say they belong elsewhere: a crisis column naming another crisis, or an id of an event
    of another crisis here (ids are never used to match, but one from elsewhere means the wrong file)."""
    errors = []
    ids = {row.event_id for row in rows if row.event_id is not None}
    elsewhere = set(Event.objects.filter(pk__in=ids).exclude(crisis=crisis).values_list("pk", flat=True))
    for row in rows:
        if row.crisis and row.crisis != crisis.slug:
            errors.append(RowError(row.row, "crisis", f"{row.crisis[:60]!r} is not this crisis ({crisis.slug})"))
        if row.event_id in elsewhere:
            errors.append(RowError(row.row, "id", f"{row.event_id} is an event of another crisis"))
    return errors
