import csv
import datetime as dt
import io
import tracemalloc
from decimal import Decimal

import pytest
from django.db import connection

from events import exports
from events.models import Event, EventActor, ReviewStatus
from tests import factories

ON_POSTGRES = connection.vendor == "postgresql"
INJECTIONS = [
    ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    (" =1", "' =1"),
    ("-2+3", "'-2+3"),
    ("'quoted", "''quoted"),
    ("Plain headline", "Plain headline"),
    ("", ""),
]


def read_csv(chunks) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(("value", "expected"), INJECTIONS)
def test_neutralise_prefixes_formula_cells_and_is_reversible(value, expected):
    assert exports.neutralise(value) == expected
    assert exports.unneutralise(exports.neutralise(value)) == value


@pytest.mark.parametrize(
    ("start", "end", "precision", "label"),
    [
        (dt.date(2019, 2, 2), dt.date(2019, 2, 2), "day", "2 Feb 2019"),
        (dt.date(2019, 2, 2), dt.date(2019, 2, 4), "day", "2 Feb 2019 – 4 Feb 2019"),
        (dt.date(2019, 2, 2), dt.date(2019, 2, 2), "approximate", "c. 2 Feb 2019"),
        (dt.date(2019, 1, 28), dt.date(2019, 2, 3), "week", "week of 28 Jan 2019"),
        (dt.date(2019, 2, 1), dt.date(2019, 2, 28), "month", "Feb 2019"),
        (dt.date(2019, 1, 1), dt.date(2019, 12, 31), "year", "2019"),
    ],
)
def test_date_label_is_honest_about_precision(start, end, precision, label):
    assert exports.date_label(start, end, precision) == label


@pytest.fixture
def rich_event(crisis):
    # One event with everything a row can hold: two actors with roles, two sources from two outlets,
    # a published and a draft claim.
    event = factories.EventFactory(
        crisis=crisis,
        headline='Guaidó rallies, Maduro "responds"',
        summary="Line one\nline two",
        location_name="Caracas",
        country="Venezuela",
        latitude=Decimal("10.48801"),
        longitude=Decimal("-66.87919"),
        date_text="Saturday",
        fatalities=2,
    )
    guaido = factories.ActorFactory(name="Juan Guaidó")
    maduro = factories.ActorFactory(name="Nicolás Maduro", kind="state")
    factories.EventActorFactory(event=event, actor=guaido, role="initiator")
    factories.EventActorFactory(event=event, actor=maduro, role="target")
    first = factories.SourceFactory(outlet="Reuters", url="https://example.org/a", scale="international")
    second = factories.SourceFactory(outlet="El Nacional", url=None, scale="national")
    factories.evidence_for(first, "Protesters marched", event=event)
    factories.evidence_for(second, "The minister said", event=event)
    factories.ClaimFactory(crisis=crisis, event=event)
    factories.ClaimFactory(crisis=crisis, event=event, status=ReviewStatus.DRAFT)
    return event


@pytest.mark.parametrize("copy", [False, pytest.param(True, marks=pytest.mark.skipif(not ON_POSTGRES, reason="COPY"))])
def test_events_csv_header_and_row(rich_event, copy):
    rows = read_csv(exports.stream_events_csv(Event.objects.all(), include_draft_claims=False, copy=copy))
    assert rows[0] == exports.EVENTS_HEADER
    row = dict(zip(rows[0], rows[1], strict=True))
    rich_event.refresh_from_db()
    assert row == {
        "format_version": "1",
        "id": str(rich_event.pk),
        "crisis": rich_event.crisis.slug,
        "date_start": "2019-02-02",
        "date_end": "2019-02-02",
        "precision": "day",
        "date_text": "Saturday",
        "type": "protest",
        "headline": 'Guaidó rallies, Maduro "responds"',
        "summary": "Line one\nline two",
        "location": "Caracas",
        "country": "Venezuela",
        "latitude": "10.48801",
        "longitude": "-66.87919",
        "fatalities": "2",
        "timeframe": "current",
        "actors": "Juan Guaidó (initiator); Nicolás Maduro (target)",
        "source_count": "2",
        "outlet_count": "2",
        "first_source_url": "https://example.org/a",
        "first_source_outlet": "Reuters",
        "evidence_quote": "Protesters marched",
        "claims_count": "1",
        "status": "published",
        "updated_at": exports.iso_timestamp(rich_event.updated_at),
    }


def test_events_csv_is_rfc4180_with_crlf_and_optional_bom(rich_event):
    data = b"".join(exports.stream_events_csv(Event.objects.all(), include_draft_claims=True, bom=True))
    assert data.startswith(b"\xef\xbb\xbfformat_version,")
    assert data.count(b"\r\n") == 2  # header and row; the summary's own newline stays a bare \n inside quotes
    assert b'"Line one\nline two"' in data


@pytest.mark.skipif(not ON_POSTGRES, reason="the COPY path exists on PostgreSQL only")
def test_copy_and_python_paths_write_the_same_bytes(crisis, rich_event):
    for index, (value, _) in enumerate(INJECTIONS[:-1]):
        event = factories.EventFactory(
            crisis=crisis,
            headline=value or "x",
            summary=value,
            date_text=value[:50],
            location_name=value[:50],
            date_start=dt.date(2019, 3, index + 1),
        )
        factories.EventActorFactory(event=event, actor=factories.ActorFactory(name=f"{value[:20]} {index}"))
    factories.EventFactory(crisis=crisis, summary="", headline="\\.", status=ReviewStatus.DRAFT)
    factories.EventFactory(crisis=crisis, headline="Ancient", date_start=dt.date(999, 1, 2), date_text=" ")
    events = Event.objects.all()
    for include_draft_claims in (True, False):
        python = b"".join(exports.stream_events_csv(events, include_draft_claims=include_draft_claims, copy=False))
        copy = b"".join(exports.stream_events_csv(events, include_draft_claims=include_draft_claims, copy=True))
        assert copy == python
    assert len(read_csv([copy])) == events.count() + 1


@pytest.mark.skipif(not ON_POSTGRES, reason="the COPY path exists on PostgreSQL only")
def test_copy_dates_do_not_depend_on_the_session_datestyle(rich_event):
    python = b"".join(exports.stream_events_csv(Event.objects.all(), include_draft_claims=False, copy=False))
    with connection.cursor() as cursor:
        cursor.execute("SET datestyle = 'SQL, DMY'")
    try:
        copy = b"".join(exports.stream_events_csv(Event.objects.all(), include_draft_claims=False, copy=True))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET datestyle")
    assert copy == python


@pytest.mark.parametrize("copy", [False, pytest.param(True, marks=pytest.mark.skipif(not ON_POSTGRES, reason="COPY"))])
@pytest.mark.parametrize(("value", "expected"), INJECTIONS)
def test_every_text_cell_is_neutralised(crisis, copy, value, expected):
    event = factories.EventFactory(crisis=crisis, headline=value or "x", summary=value, location_name=value)
    factories.EventActorFactory(event=event, actor=factories.ActorFactory(name=value or "x"))
    header, row = read_csv(exports.stream_events_csv(Event.objects.all(), include_draft_claims=False, copy=copy))
    row = dict(zip(header, row, strict=True))
    assert row["summary"] == expected
    assert row["location"] == expected
    if value:
        assert row["headline"] == expected
        assert row["actors"] == exports.neutralise(f"{value} (participant)")


def test_acled_row_maps_our_model(rich_event):
    header, row = read_csv(exports.stream_acled_csv(Event.objects.all()))
    assert header == exports.ACLED_HEADER
    row = dict(zip(header, row, strict=True))
    assert row["event_id_cnty"] == f"VENCT{rich_event.pk}"
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2019-02-02", "2019", "1")
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == ("Demonstrations", "Protests", "")
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"]) == ("Juan Guaidó", "6", "Nicolás Maduro", "1")
    assert row["interaction"] == "16"
    assert (row["iso"], row["country"], row["location"]) == ("862", "Venezuela", "Caracas")
    assert (row["latitude"], row["longitude"], row["fatalities"]) == ("10.48801", "-66.87919", "2")
    assert (row["source"], row["source_scale"]) == ("Reuters; El Nacional", "National-International")
    assert row["notes"] == "Line one\nline two"
    assert row["region"] == row["admin1"] == row["geo_precision"] == row["tags"] == ""
    assert int(row["timestamp"]) > 0


@pytest.mark.parametrize(
    ("kind", "precision", "expected", "tags"),
    [
        (
            "recognition",
            "day",
            ("Strategic developments", "Strategic developments", "Other", "1"),
            "crisis tracker type=recognition",
        ),
        (
            "arrest",
            "week",
            ("Strategic developments", "Strategic developments", "Arrests", "2"),
            "crisis tracker type=arrest",
        ),
        (
            "defection",
            "month",
            ("Strategic developments", "Strategic developments", "Change to group/activity", "3"),
            "crisis tracker type=defection",
        ),
        ("battle", "year", ("Political violence", "Battles", "", "3"), "date precision=year"),
        ("riot", "approximate", ("Demonstrations", "Riots", "", "2"), "date precision=approximate"),
    ],
)
def test_acled_types_and_time_precision(crisis, kind, precision, expected, tags):
    factories.EventFactory(crisis=crisis, type=kind, precision=precision)
    header, row = read_csv(exports.stream_acled_csv(Event.objects.all()))
    row = dict(zip(header, row, strict=True))
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"], row["time_precision"]) == expected
    assert row["tags"] == tags


def test_claims_csv_header_and_row(crisis, rich_event):
    claim = rich_event.claims.get(status=ReviewStatus.PUBLISHED)
    claim.claimant_text, claim.figure_value, claim.figure_unit = "=the minister", Decimal("90"), "percent"
    claim.save()
    source = factories.SourceFactory(outlet="AP", url="https://example.org/c")
    factories.evidence_for(source, "The minister said", claim=claim)
    header, row = read_csv(exports.stream_claims_csv(crisis.claims.published(), include_draft_events=False))
    assert header == exports.CLAIMS_HEADER
    row = dict(zip(header, row, strict=True))
    assert row["claimant_text"] == "'=the minister"
    assert (row["figure_value"], row["figure_unit"], row["event_id"]) == ("90.0000", "percent", str(rich_event.pk))
    assert (row["source_url"], row["source_outlet"], row["quote"]) == (
        "https://example.org/c",
        "AP",
        "The minister said",
    )


def test_claims_csv_hides_the_id_of_a_draft_event(crisis):
    draft = factories.EventFactory(crisis=crisis, status=ReviewStatus.DRAFT)
    factories.ClaimFactory(crisis=crisis, event=draft)
    header, row = read_csv(exports.stream_claims_csv(crisis.claims.all(), include_draft_events=False))
    assert dict(zip(header, row, strict=True))["event_id"] == ""
    header, row = read_csv(exports.stream_claims_csv(crisis.claims.all(), include_draft_events=True))
    assert dict(zip(header, row, strict=True))["event_id"] == str(draft.pk)


def test_timelinejs_dates_carry_only_what_the_precision_allows(crisis):
    cases = {
        "day": (dt.date(2019, 2, 2), dt.date(2019, 2, 2)),
        "approximate": (dt.date(2019, 2, 2), dt.date(2019, 2, 5)),
        "week": (dt.date(2019, 1, 28), dt.date(2019, 2, 3)),
        "month": (dt.date(2019, 2, 1), dt.date(2019, 2, 28)),
        "year": (dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
    }
    slides = {
        precision: exports.timelinejs_event(
            {
                "id": 1,
                "date_start": start,
                "date_end": end,
                "precision": precision,
                "type": "protest",
                "headline": "<b>x</b>",
                "summary": "a & b",
            }
        )
        for precision, (start, end) in cases.items()
    }
    assert slides["day"]["start_date"] == {"year": 2019, "month": 2, "day": 2} and "end_date" not in slides["day"]
    assert slides["approximate"]["end_date"] == {"year": 2019, "month": 2, "day": 5}
    assert slides["approximate"]["display_date"] == "c. 2 Feb 2019 – 5 Feb 2019"
    assert slides["week"]["end_date"] == {"year": 2019, "month": 2, "day": 3}
    assert slides["month"]["start_date"] == {"year": 2019, "month": 2} and "end_date" not in slides["month"]
    assert slides["year"]["start_date"] == {"year": 2019} and slides["year"]["display_date"] == "2019"
    assert slides["day"]["text"] == {"headline": "&lt;b&gt;x&lt;/b&gt;", "text": "a &amp; b"}
    assert slides["day"]["group"] == "Protest"


def make_events(crisis, count: int) -> None:
    """`count` events one day apart ending on 2019-12-31, each with two actors (bulk: fast)."""
    last = dt.date(2019, 12, 31)
    events = Event.objects.bulk_create(
        Event(
            crisis=crisis,
            headline=f"Synthetic event {i} with a headline of ordinary length",
            summary="A summary sentence that is about as long as a real one, with a comma." * 2,
            date_start=last - dt.timedelta(days=i),
            date_end=last - dt.timedelta(days=i),
            status=ReviewStatus.PUBLISHED,
            type="protest",
        )
        for i in range(count)
    )
    actors = [factories.ActorFactory() for _ in range(10)]
    EventActor.objects.bulk_create(
        EventActor(event=event, actor=actors[(i + k) % 10], role=role)
        for i, event in enumerate(events)
        for k, role in enumerate(("initiator", "target"))
    )


@pytest.mark.parametrize("profile", ["events", "acled"])
def test_memory_stays_flat_while_streaming(analyst_client, crisis, profile):
    make_events(crisis, 20_000)
    url = f"/crises/{crisis.slug}/events.csv"
    five_thousand = {"date_from": (dt.date(2019, 12, 31) - dt.timedelta(days=4999)).isoformat()}

    def peak(params) -> tuple[int, int]:
        response = analyst_client.get(url, {**params, "profile": profile})
        assert response.status_code == 200
        tracemalloc.start()
        size = sum(len(chunk) for chunk in response.streaming_content)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return size, top

    small_size, small_peak = peak(five_thousand)
    large_size, large_peak = peak({})
    assert large_size > 3.5 * small_size  # four times the rows...
    assert large_peak < 1.5 * small_peak + 256 * 1024  # ...not four times the memory
    assert large_peak < 8 * 1024 * 1024


@pytest.mark.parametrize("copy", [False, pytest.param(True, marks=pytest.mark.skipif(not ON_POSTGRES, reason="COPY"))])
def test_a_download_abandoned_halfway_leaves_the_connection_usable(crisis, copy):
    make_events(crisis, 3000)
    chunks = exports.stream_events_csv(Event.objects.all(), include_draft_claims=False, copy=copy)
    next(chunks)
    chunks.close()  # what Django does when the client goes away
    assert Event.objects.count() == 3000
