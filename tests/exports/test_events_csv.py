import datetime as dt
import tracemalloc

import pytest
from django.db import connection

from events.exports.common import iso_timestamp, neutralise
from events.exports.events_csv import EVENTS_HEADER, stream_events_csv
from events.models import Event, EventActor, ReviewStatus
from tests import factories
from tests.exports import COPY_PATHS, INJECTIONS, ON_POSTGRES, read_csv


@pytest.mark.parametrize("copy", COPY_PATHS)
def test_events_csv_header_and_row(rich_event, copy):
    rows = read_csv(stream_events_csv(Event.objects.all(), include_draft_claims=False, copy=copy))
    assert rows[0] == EVENTS_HEADER
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
        "updated_at": iso_timestamp(rich_event.updated_at),
    }


def test_events_csv_is_rfc4180_with_crlf_and_optional_bom(rich_event):
    data = b"".join(stream_events_csv(Event.objects.all(), include_draft_claims=True, bom=True))
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
        python = b"".join(stream_events_csv(events, include_draft_claims=include_draft_claims, copy=False))
        copy = b"".join(stream_events_csv(events, include_draft_claims=include_draft_claims, copy=True))
        assert copy == python
    assert len(read_csv([copy])) == events.count() + 1


@pytest.mark.skipif(not ON_POSTGRES, reason="the COPY path exists on PostgreSQL only")
def test_copy_dates_do_not_depend_on_the_session_datestyle(rich_event):
    python = b"".join(stream_events_csv(Event.objects.all(), include_draft_claims=False, copy=False))
    with connection.cursor() as cursor:
        cursor.execute("SET datestyle = 'SQL, DMY'")
    try:
        copy = b"".join(stream_events_csv(Event.objects.all(), include_draft_claims=False, copy=True))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET datestyle")
    assert copy == python


@pytest.mark.parametrize("copy", COPY_PATHS)
@pytest.mark.parametrize(("value", "expected"), INJECTIONS)
def test_every_text_cell_is_neutralised(crisis, copy, value, expected):
    event = factories.EventFactory(crisis=crisis, headline=value or "x", summary=value, location_name=value)
    factories.EventActorFactory(event=event, actor=factories.ActorFactory(name=value or "x"))
    header, row = read_csv(stream_events_csv(Event.objects.all(), include_draft_claims=False, copy=copy))
    row = dict(zip(header, row, strict=True))
    assert row["summary"] == expected
    assert row["location"] == expected
    if value:
        assert row["headline"] == expected
        assert row["actors"] == neutralise(f"{value} (participant)")


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
    if connection.vendor == "postgresql":
        # As after any bulk load: the planner's statistics would still describe the table as an earlier test
        # left it (a few rows), and the participation triggers would scan it for each new row (minutes).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE events_event")
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


@pytest.mark.parametrize("copy", COPY_PATHS)
def test_a_download_abandoned_halfway_leaves_the_connection_usable(crisis, copy):
    make_events(crisis, 3000)
    chunks = stream_events_csv(Event.objects.all(), include_draft_claims=False, copy=copy)
    next(chunks)
    chunks.close()  # what Django does when the client goes away
    assert Event.objects.count() == 3000
