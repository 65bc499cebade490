"""The map in a real browser (as many events as the list, a marker opens its entries, a phone can use it) and
the admin's place picker over the gazetteer."""

import datetime as dt
import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from events.gazetteer import country_place, places_named
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def placed_events(crisis):
    """Three protests in Caracas, one in Maracaibo, two only known to be in Venezuela, one with no place."""
    places = [places_named("Caracas")[0]] * 3 + [places_named("Maracaibo")[0]] + [country_place("Venezuela")] * 2
    for day, place in enumerate([*places, None], start=1):
        event = factories.EventFactory(crisis=crisis, headline=f"March {day}", date_start=dt.date(2019, 2, day))
        event.assign_place(place)
        event.save()
    return crisis


def marker_total(page) -> int:
    counts = page.locator("svg.world-map a.marker").evaluate_all("els => els.map(e => +e.dataset.count)")
    return sum(counts)


def test_the_map_shows_as_many_events_as_the_list(analyst_page, placed_events):
    page = analyst_page
    timeline = reverse("events:crisis-timeline", kwargs={"slug": placed_events.slug})
    page.goto(timeline + "?q=march")
    listed = page.locator("article.entry").count()
    assert listed == 7
    page.locator("a.map-link").click()
    expect(page.locator("svg.world-map")).to_be_visible()
    unplaced = int(page.locator("[data-unplaced]").get_attribute("data-unplaced"))
    assert marker_total(page) + unplaced == listed
    assert int(page.locator("[data-map-total]").get_attribute("data-map-total")) == listed
    # Caracas and the country-level entries (drawn at the capital) share a marker; Maracaibo has its own.
    assert sorted(page.locator("svg a.marker").evaluate_all("els => els.map(e => +e.dataset.count)")) == [1, 5]

    # A marker opens the timeline narrowed to its entries.
    page.locator("ol.map-places a").filter(has_text="Maracaibo").click()
    expect(page.locator("article.entry")).to_have_count(1)
    expect(page.locator("article.entry")).to_contain_text("March 4")
    assert page.errors == [], page.errors


def test_the_map_fits_a_phone_and_filters_with_htmx(open_page, analyst, placed_events):
    page = open_page(analyst, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(reverse("events:crisis-map", kwargs={"slug": placed_events.slug}))
    box = page.locator("svg.world-map").bounding_box()
    assert box["width"] <= 375 and box["height"] > 100
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    smallest = min(
        page.locator("svg a.marker circle").evaluate_all("els => els.map(e => e.getBoundingClientRect().width)")
    )
    assert smallest >= 10  # a finger can hit it
    if os.environ.get("MAP_SCREENSHOT"):
        page.screenshot(path=os.environ["MAP_SCREENSHOT"], full_page=True)
    page.fill("#m-date_from", "2019-02-04")
    page.locator("#map-filters button[type=submit]").click()
    expect(page.locator("[data-map-total]")).to_have_attribute("data-map-total", "4")
    assert "date_from=2019-02-04" in page.url
    assert page.errors == [], page.errors


def test_an_editor_picks_a_place_from_the_gazetteer_in_the_admin(open_page, editor, crisis):
    event = factories.EventFactory(crisis=crisis, headline="A march")
    page = open_page(editor)
    page.goto(reverse("admin:events_event_change", args=[event.pk]))
    page.locator("#id_geonameid + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("carac")
    page.locator(".select2-results__option", has_text="Caracas, Venezuela").click()
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    event.refresh_from_db()
    assert (event.location_name, event.country_code, event.geo_precision) == ("Caracas", "VE", 1)
    # The admin has no favicon: Chromium's own request for one logs a console 404 that no page response shows.
    # Failed page responses are still in `page.errors` as "404 <url>".
    errors = [e for e in page.errors if not e.startswith("Failed to load resource")]
    assert errors == [], errors
