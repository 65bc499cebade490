"""The importer under hostile files: every bad cell is a row/column error, a malformed CSV is refused
whole with its row and column, rows naming another crisis are errors, and nothing is ever half-saved
(Hypothesis draws the files)."""

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.exports.importer import import_events
from events.models import Actor, Event
from tests import factories
from tests.figures import FIGURES

OURS = ["format_version", "id", "crisis", "date_start", "date_end", "precision", "headline", "actors"]
OURS += ["latitude", "longitude", "fatalities", "status"]
ACLED = ["event_date", "time_precision", "event_type", "notes", "actor1", "latitude", "longitude", "fatalities"]


def csv_file(header: list[str], *rows: dict) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def ours(**cells) -> dict:
    return {"date_start": "2019-02-02", "precision": "day", "headline": "Rally"} | cells


def acled(**cells) -> dict:
    defaults = {"event_date": "02 February 2019", "time_precision": "1", "event_type": "Protests", "notes": "A rally."}
    return defaults | cells


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        (OURS, ours(latitude="NaN"), "row 2, latitude: 'NaN' is not a number"),
        (OURS, ours(longitude="-Infinity"), "row 2, longitude: '-Infinity' is not a number"),
        (OURS, ours(latitude="sNaN"), "row 2, latitude: 'sNaN' is not a number"),
        (OURS, ours(fatalities="²"), "row 2, fatalities: '²' is not a whole number of people"),
        (OURS, ours(fatalities="٣"), "row 2, fatalities: '٣' is not a whole number of people"),
        (OURS, ours(date_start="9999-12-31", precision="week"), "row 2, date_start: '9999-12-31' is outside"),
        (OURS, ours(date_start="0001-01-01"), "row 2, date_start: '0001-01-01' is outside the years 1800-2200"),
        (OURS, ours(date_end="9999-12-31"), "row 2, date_end: '9999-12-31' is outside the years 1800-2200"),
        (OURS, ours(actors="U.S.; .-. (target)"), "row 2, actors: the actor name '.-.' has no letters"),
        (OURS, ours(actors="ﷺ" * 20), "row 2, actors: the actor name"),
        (OURS, ours(id="1" * 40), "row 2, id: '" + "1" * 40 + "' is not an event id"),
        (ACLED, acled(event_date="31 December 9999", time_precision="2"), "row 2, event_date: '31 December 9999'"),
        (ACLED, acled(latitude="nan"), "row 2, latitude: 'nan' is not a number"),
    ],
)
def test_a_bad_cell_is_an_error_at_its_row_and_column(crisis, editor, header, row, expected):
    report = import_events(data=csv_file(header, row), crisis=crisis, user=editor)
    assert any(str(error).startswith(expected) for error in report.errors), report.errors
    assert Event.objects.count() == 0


def test_an_unterminated_quote_refuses_the_whole_file_with_row_and_column(crisis, editor):
    data = (
        b"date_start,headline,summary\r\n"
        b"2019-02-01,First,ok\r\n"
        b'2019-02-02,"Second,never closed\r\n'
        b"2019-02-03,Third,swallowed\r\n"
        b"2019-02-04,Fourth,swallowed\r\n"
    )
    report = import_events(data=data, crisis=crisis, user=editor)
    assert [str(e) for e in report.errors] == [
        "Row 3 (line 3), column “headline”: a quote opens here and never closes, so nothing after it can be "
        "read. Nothing was imported."
    ]
    assert Event.objects.count() == 0


def test_a_stray_quote_inside_a_field_is_refused_with_its_row(crisis, editor):
    data = b'date_start,headline\r\n2019-02-01,First\r\n2019-02-02,"Sec"ond\r\n'
    report = import_events(data=data, crisis=crisis, user=editor)
    assert str(report.errors[0]).startswith("Row 3 (line 3): the CSV can't be read")
    assert Event.objects.count() == 0


def test_rows_naming_another_crisis_are_errors(crisis, editor):
    other = factories.CrisisFactory(slug="elsewhere")
    theirs = factories.EventFactory(crisis=other)
    mine = factories.EventFactory(crisis=crisis, headline="Mine")
    data = csv_file(
        OURS,
        ours(crisis=crisis.slug, id=str(mine.pk), headline="Same crisis, same id: fine"),
        ours(crisis="elsewhere", headline="Another crisis"),
        ours(id=str(theirs.pk), headline="Another crisis's event"),
        ours(id="999999999", headline="An id from another database: fine"),
    )
    report = import_events(data=data, crisis=crisis, user=editor)
    assert [str(e) for e in report.errors] == [
        f"row 3, crisis: 'elsewhere' is not this crisis ({crisis.slug})",
        f"row 4, id: {theirs.pk} is an event of another crisis",
    ]
    assert Event.objects.count() == 2


def test_the_import_page_reports_a_hostile_file_without_a_5xx(editor_client, crisis):
    url = reverse("admin:events_event_import")
    upload = io.BytesIO(csv_file(OURS, ours(latitude="NaN", fatalities="²", date_start="9999-12-31")))
    upload.name = "events.csv"
    response = editor_client.post(url, {"crisis": crisis.pk, "file": upload})
    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()


HOSTILE_CELLS = [
    "", "NaN", "inf", "-0", "1e999999", "²", "١٢", "9999-12-31", "0001-01-01", "31 December 9999", "2019-02-30",
    "\u200b", "ﷺ" * 30, '"', '""', "\r\n", ",", "x" * 400, "=cmd()", "published", "week", "2", str(2**63),
]  # fmt: skip
cell = st.one_of(st.sampled_from(HOSTILE_CELLS), st.text(st.characters(exclude_categories=["Cs"]), max_size=40))


@st.composite
def hostile_files(draw) -> bytes:
    header = draw(st.sampled_from([OURS, ACLED]))
    base = ours if header is OURS else acled
    rows = draw(st.lists(st.dictionaries(st.sampled_from(header), cell, max_size=4), min_size=1, max_size=5))
    data = csv_file(header, *(base(**row) for row in rows)).decode()
    if draw(st.booleans()):  # break the CSV itself somewhere: a stray quote, a cut, a NUL
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from(['"', "\x00", '"\r\n', ""])) + data[at:]
    return data.encode()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=hostile_files())
def test_fuzz_every_file_is_saved_whole_or_not_at_all(crisis, editor, data):
    FIGURES["hostile requests: importer"] += 1
    events, actors = Event.objects.count(), Actor.objects.count()
    try:
        report = import_events(data=data, crisis=crisis, user=editor)
    except Exception:
        FIGURES["5xx seen"] += 1
        raise
    if report.errors:
        half_saved = (Event.objects.count(), Actor.objects.count()) != (events, actors)
        FIGURES["imports half-saved"] += half_saved
        assert not half_saved
        assert all(str(e)[:4].lower() == "row " or str(e).startswith("The ") for e in report.errors), report.errors
    else:
        assert report.created + report.skipped == report.rows
