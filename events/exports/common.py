"""What every export shares: the format version, formula escaping, the read transaction, ordering, chunked
CSV streaming and the download response. Columns are documented in docs/exports.md.

Rows come from a server-side cursor (on PostgreSQL inside a transaction opened by the generator itself, see
`reading`) and are written in ~64 kB chunks, so a download of any size holds one chunk in memory.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from contextlib import nullcontext

from django.db import connections, transaction
from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from events.models import Event

FORMAT_VERSION = "1"
CHUNK_BYTES = 64 * 1024
CHUNK_ROWS = 2000
BOM = "\ufeff"
CSV = "text/csv; charset=utf-8"
# A spreadsheet treats a cell starting with these (after spaces) as a formula. The apostrophe is on the
# list too so escaping stays reversible: the importer strips exactly one leading apostrophe.
FORMULA_TRIGGERS = frozenset("=+-@\t\r'")
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


def export_filename(slug: str, kind: str, extension: str, today: dt.date | None = None) -> str:
    """ "venezuela-2019", "events", "csv" → "venezuela-2019-events-2026-05-01.csv"."""
    return f"{slug}-{kind}-{(today or dt.date.today()).isoformat()}.{extension}"


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


def attachment(chunks, *, content_type: str, filename: str) -> StreamingHttpResponse:
    """A streamed download: "attachment" with its file name, never sniffed as something else."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
