"""The admin's place autocomplete over the gazetteer (events/admin_places.py)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from events.gazetteer import place_by_id
from tests.test_admin import event_form

PLACES = reverse("admin:events_event_places")
CARACAS, HOUSTON = 3646738, 4699066


def test_autocomplete_finds_places_by_prefix_for_editors(editor_client):
    response = editor_client.get(PLACES, {"term": "carac"})
    assert response.status_code == 200
    assert response.json()["results"][0] == {"id": CARACAS, "text": "Caracas, Venezuela"}
    assert response.json()["pagination"] == {"more": False}


@pytest.mark.parametrize("term", ["", "\x00\x00", "x" * 10_000, "%%%", "zzzzqqq"])
def test_autocomplete_odd_terms_answer_empty_never_fail(editor_client, term):
    response = editor_client.get(PLACES, {"term": term})
    assert (response.status_code, response.json()["results"]) == (200, [])


def test_autocomplete_is_for_editors_only(client, analyst, editor):
    # Ana reads events; she cannot change them, so she gets no place picker either.
    client.force_login(analyst)
    assert client.get(PLACES, {"term": "carac"}).status_code == 403
    client.force_login(editor)
    assert client.post(PLACES, {"term": "carac"}).status_code == 405


def test_picking_a_place_fills_the_events_geography(editor_client, event):
    url = reverse("admin:events_event_change", args=[event.pk])
    response = editor_client.post(url, event_form(event, geonameid=str(HOUSTON)))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.location_name, event.country, event.country_code, event.admin1) == (
        "Houston",
        "United States",
        "US",
        "Texas",
    )
    assert (event.latitude, event.longitude, event.geo_precision) == (Decimal("29.76328"), Decimal("-95.36327"), 1)


def test_a_typed_location_is_kept_beside_the_picked_place(editor_client, event):
    url = reverse("admin:events_event_change", args=[event.pk])
    form = event_form(event, geonameid=str(CARACAS), location_name="Plaza Altamira")
    assert editor_client.post(url, form).status_code == 302
    event.refresh_from_db()
    assert (event.location_name, event.country_code, event.geo_precision) == ("Plaza Altamira", "VE", 1)


@pytest.mark.parametrize("value", ["999999999", "abc", "-3", "1" * 40])
def test_a_place_not_in_the_gazetteer_is_a_form_error(editor_client, event, value):
    url = reverse("admin:events_event_change", args=[event.pk])
    response = editor_client.post(url, event_form(event, geonameid=value, headline="Not saved"))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    event.refresh_from_db()
    assert (event.headline, event.geonameid) != ("Not saved", int(value) if value.isdigit() else None)
    assert event.version == 1


def test_the_change_page_shows_the_current_place_and_loads_select2(editor_client, event):
    event.assign_place(place_by_id(CARACAS))
    event.save()
    page = editor_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert f'<option value="{CARACAS}" selected>Caracas, Venezuela</option>' in page
    assert "admin/js/autocomplete.js" in page and PLACES in page
