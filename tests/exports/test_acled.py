import pytest

from events.exports.acled import ACLED_HEADER, ACLED_TYPES, stream_acled_csv
from events.gazetteer import place_by_id
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
    # Coordinates without a recorded precision (typed in, imported) count as country-level.
    assert (row["region"], row["geo_precision"]) == ("South America", "3")
    assert row["admin1"] == row["tags"] == ""
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


def acled_rows() -> list[dict]:
    header, *rows = read_csv(stream_acled_csv(Event.objects.all()))
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_acled_geography_of_a_resolved_place(crisis):
    # A place from the gazetteer: a US city carries its state as admin1 and town precision.
    event = factories.EventFactory(crisis=crisis)
    event.assign_place(place_by_id(4699066))  # Houston
    event.save()
    row = acled_rows()[0]
    assert row["event_id_cnty"] == f"USACT{event.pk}"
    assert (row["iso"], row["region"], row["country"], row["admin1"]) == (
        "840",
        "North America",
        "United States",
        "Texas",
    )
    assert (row["location"], row["latitude"], row["longitude"], row["geo_precision"]) == (
        "Houston",
        "29.76328",
        "-95.36327",
        "1",
    )


def test_acled_falls_back_to_the_crisis_country(crisis):
    # Nothing known of the place: the crisis's first known country, at country precision, drawn at its capital.
    crisis.countries = "Atlantis, Venezuela"
    crisis.save()
    event = factories.EventFactory(crisis=crisis)
    row = acled_rows()[0]
    assert row["event_id_cnty"] == f"VENCT{event.pk}"
    assert (row["iso"], row["country"], row["location"], row["geo_precision"]) == ("862", "Venezuela", "Venezuela", "3")
    assert (row["latitude"], row["longitude"]) == ("10.48801", "-66.87919")


def test_acled_looks_up_a_location_typed_without_coordinates(crisis):
    factories.EventFactory(crisis=crisis, location_name="Maracaibo", country="Venezuela")
    row = acled_rows()[0]
    assert (row["location"], row["geo_precision"], row["latitude"]) == ("Maracaibo", "1", "10.64232")


def test_acled_without_any_country_stays_empty(crisis):
    crisis.countries = ""
    crisis.save()
    event = factories.EventFactory(crisis=crisis)
    row = acled_rows()[0]
    assert row["event_id_cnty"] == f"XXXCT{event.pk}"
    assert row["iso"] == row["country"] == row["latitude"] == row["geo_precision"] == ""


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("United States", "state", "8"),  # a foreign state in Venezuela: external forces
        ("U.S.", "state", "8"),
        ("Russian military", "military", "8"),
        ("Venezuelan army", "military", "1"),  # the country's own forces
        ("National Guard", "military", "1"),  # no nationality named: taken as the country's own
        ("United Nations", "igo", "8"),
    ],
)
def test_acled_inter_codes_follow_the_codebook(crisis, name, kind, expected):
    event = factories.EventFactory(crisis=crisis, type="recognition", country="Venezuela")
    factories.EventActorFactory(event=event, actor=factories.ActorFactory(name=name, kind=kind), role="initiator")
    row = acled_rows()[0]
    assert (row["inter1"], row["interaction"]) == (expected, expected + "0")
