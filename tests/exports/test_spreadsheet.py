"""events/exports/spreadsheet.py: the .xlsx option holds the CSV's rows, accents and formulas as text."""

import csv
import io

from events.exports.acled import stream_acled_csv
from events.exports.claims import stream_claims_csv
from events.exports.events_csv import stream_events_csv
from events.exports.spreadsheet import TRUNCATED, claims_xlsx, events_xlsx, write_xlsx
from events.models import Claim, Event
from tests import factories
from tests.xlsx import read_xlsx, records


def csv_records(chunks) -> list[dict]:
    text = b"".join(chunks).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def unescaped(row: dict) -> dict:
    return {key: value[1:] if value.startswith("'") else value for key, value in row.items()}


def test_events_sheet_holds_the_csv_rows_with_formulas_as_plain_text(rich_event, crisis):
    factories.EventFactory(crisis=crisis, headline='=HYPERLINK("http://evil")', summary="+1")
    events = Event.objects.for_crisis(crisis)
    with events_xlsx(events, profile="events", include_draft_claims=False) as file:
        sheet = records(file.read())
    expected = [
        unescaped(row) for row in csv_records(stream_events_csv(events, include_draft_claims=False, copy=False))
    ]
    assert sheet == expected
    assert any(row["headline"] == '=HYPERLINK("http://evil")' for row in sheet)
    assert any("Juan Guaidó (initiator)" in row["actors"] for row in sheet)


def test_acled_sheet_holds_the_acled_rows(rich_event, crisis):
    events = Event.objects.for_crisis(crisis)
    with events_xlsx(events, profile="acled", include_draft_claims=True) as file:
        sheet = records(file.read())
    assert sheet == [unescaped(row) for row in csv_records(stream_acled_csv(events))]


def test_claims_sheet_holds_the_claims_rows(crisis):
    guaido = factories.ActorFactory(name="Juan Guaidó")
    factories.ClaimFactory(crisis=crisis, claimant=guaido, statement="Nicolás must go")
    claims = Claim.objects.for_crisis(crisis)
    with claims_xlsx(claims, include_draft_events=False) as file:
        sheet = records(file.read())
    assert sheet == [unescaped(r) for r in csv_records(stream_claims_csv(claims, include_draft_events=False))]
    assert sheet[0]["claimant"] == "Juan Guaidó" and sheet[0]["statement"] == "Nicolás must go"


def test_a_sheet_past_excels_row_limit_ends_with_a_note(monkeypatch):
    monkeypatch.setattr("events.exports.spreadsheet.MAX_ROWS", 2)
    with write_xlsx(["n"], ([i] for i in range(5)), sheet="Test") as file:
        rows = read_xlsx(file.read())
    assert rows == [["n"], ["0"], ["1"], [TRUNCATED]]
