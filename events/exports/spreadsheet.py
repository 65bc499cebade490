"""The spreadsheet option: the same columns and rows as the events, ACLED and claims CSVs, as an Excel
workbook (.xlsx, Office Open XML).

Why not only a CSV with a byte-order mark: Excel honours the BOM, but LibreOffice's CSV import dialog
ignores it and offers the system's 8-bit character set, so "Guaidó" opens as "GuaidÃ³". An .xlsx file
stores its text as UTF-8 XML by definition: every spreadsheet program opens it with accents intact and no
dialog. XlsxWriter writes it in `constant_memory` mode (one row in memory, spooled to a temporary file).

Cells are written as text or numbers, never as formulas, so the CSV's formula escaping is undone here
(`unneutralise`): "=1+1" in a headline reads "=1+1" in the sheet and is not run.
"""

import datetime as dt
import tempfile
from collections.abc import Iterable
from contextlib import closing

import xlsxwriter
from django.db.models import QuerySet

from events.exports.acled import ACLED_HEADER, acled_events, acled_row
from events.exports.claims import CLAIMS_HEADER, claim_row, claims_with_first_source
from events.exports.common import reading, unneutralise
from events.exports.events_csv import EVENTS_HEADER, event_row, events_with_related

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's last row is 1,048,576; one is the header. Past this a sheet ends with a note: use the CSV.
MAX_ROWS = 1_048_575
TRUNCATED = "This sheet stops at Excel's row limit: download the CSV for every row."


def write_xlsx(header: list[str], rows: Iterable[list], *, sheet: str):
    """A workbook with one sheet: a bold, frozen header row, then `rows`. Returns an open temporary file,
    positioned at its start, for the response to stream and close."""
    output = tempfile.TemporaryFile()
    workbook = xlsxwriter.Workbook(
        output,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    worksheet = workbook.add_worksheet(sheet)
    bold = workbook.add_format({"bold": True})
    worksheet.freeze_panes(1, 0)
    for column, name in enumerate(header):
        worksheet.write_string(0, column, name, bold)
    number = 0
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            worksheet.write_string(number, 0, TRUNCATED)
            break
        for column, value in enumerate(row):
            if isinstance(value, int | float) and not isinstance(value, bool):
                worksheet.write_number(number, column, value)
            elif value not in ("", None):
                worksheet.write_string(number, column, unneutralise(str(value)))
    worksheet.autofilter(0, 0, max(number, 1), len(header) - 1)
    workbook.close()
    output.seek(0)
    return output


def events_xlsx(events: QuerySet, *, profile: str, include_draft_claims: bool):
    """The events CSV's rows (`profile="events"`) or the ACLED profile's (`"acled"`) as a workbook."""
    header, row, sheet = (
        (ACLED_HEADER, acled_row, "ACLED") if profile == "acled" else (EVENTS_HEADER, event_row, "Events")
    )
    if profile == "acled":
        rows = acled_events(events)
    else:
        rows = events_with_related(events, include_draft_claims=include_draft_claims)
    with reading(events.db), closing(rows):
        return write_xlsx(header, map(row, rows), sheet=sheet)


def claims_xlsx(claims: QuerySet, *, include_draft_events: bool, known_on: dt.date | None = None):
    """The claims CSV's rows as a workbook."""
    first_sources = claims_with_first_source(claims, include_draft_events=include_draft_events, known_on=known_on)
    with reading(claims.db), closing(first_sources) as rows:
        return write_xlsx(CLAIMS_HEADER, map(claim_row, rows), sheet="Claims")
