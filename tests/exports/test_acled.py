import pytest

from events.exports.acled import ACLED_HEADER, ACLED_TYPES, stream_acled_csv
from events.models import Event, EventType
from tests import factories
from tests.exports import read_csv


def test_acled_row_maps_our_model(rich_event):
    header, row = read_csv(stream_acled_csv(Event.objects.all()))
    assert header == ACLED_HEADER
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
    header, row = read_csv(stream_acled_csv(Event.objects.all()))
    row = dict(zip(header, row, strict=True))
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"], row["time_precision"]) == expected
    assert row["tags"] == tags


def test_every_event_type_maps_to_an_acled_type():
    # A type added to EventType must export (it used to raise KeyError) and come back as itself on import.
    assert set(ACLED_TYPES) == set(EventType)
    for disorder, event_type, _ in ACLED_TYPES.values():
        assert disorder and event_type
