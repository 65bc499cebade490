"""The map page (events/views/maps.py) and the `bbox` filter its markers link to."""

import pytest
from django.urls import reverse

from events.gazetteer import country_place, places_named
from events.models import Event
from tests.views import HX


@pytest.fixture
def placed(world):
    """The world's entries placed: the defection in Caracas, the law in Maracaibo, the rally only in
    Venezuela; the January statement keeps no place. The draft (editors only) is in Caracas too."""
    where = {
        "defection": places_named("Caracas")[0],
        "law": places_named("Maracaibo")[0],
        "rally": country_place("Venezuela"),
        "draft": places_named("Caracas")[0],
    }
    for key, place in where.items():
        event = world[key]
        event.assign_place(place)
        event.save()
    return world


def map_url(world) -> str:
    return reverse("events:crisis-map", kwargs={"slug": world["crisis"].slug})


def markers(response) -> list[tuple[str, int, bool]]:
    return sorted((", ".join(sorted(g.names)), g.count, g.rough) for g in response.context["groups"])


def test_map_page_draws_the_filtered_entries_three_ways(analyst_client, placed, django_assert_num_queries):
    url = map_url(placed)
    with django_assert_num_queries(5):  # session, user, crisis, permissions, the sample of coordinates
        page = analyst_client.get(url)
    html = page.content.decode()
    assert "<html" in html and 'class="world"' in html and "Natural Earth" in html
    # Analysts never see the draft; Caracas holds the defection and the country-level rally (at the capital).
    assert markers(page) == [("Caracas, Venezuela", 2, False), ("Maracaibo", 1, False)]
    assert (page.context["total"], page.context["unplaced"]) == (4, 1)
    assert "HX-Request" in page["Vary"]

    with django_assert_num_queries(5):
        partial = analyst_client.get(url, {"type": "legislation"}, headers=HX)
    assert "<html" not in partial.content.decode() and 'id="map-results"' in partial.content.decode()
    assert markers(partial) == [("Maracaibo", 1, False)]
    assert partial["HX-Push-Url"] == f"{url}?type=legislation"

    restore = analyst_client.get(url, {"type": "legislation"}, headers={**HX, "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()


def test_map_and_timeline_agree_and_a_marker_opens_its_entries(analyst_client, placed):
    crisis = placed["crisis"]
    timeline = reverse("events:crisis-timeline", kwargs={"slug": crisis.slug})
    for query in ({}, {"type": "protest"}, {"q": "amnesty"}):
        listed = analyst_client.get(timeline, query).context["total"]
        drawn = analyst_client.get(map_url(placed), query).context
        assert drawn["total"] == listed and sum(g.count for g in drawn["groups"]) + drawn["unplaced"] == listed
    caracas = next(g for g in analyst_client.get(map_url(placed)).context["groups"] if "Caracas" in g.names)
    opened = analyst_client.get(caracas.url)
    assert {e.headline for e in opened.context["entries"]} == {"Air force general defects", "Rally in the capital"}
    assert "In a map area" in opened.content.decode()


def test_editors_see_drafts_on_the_map(editor_client, placed):
    page = editor_client.get(map_url(placed))
    assert ("Caracas, Venezuela", 3, False) in markers(page)


def test_country_only_markers_are_drawn_hollow(analyst_client, placed):
    page = analyst_client.get(map_url(placed), {"type": "protest"})
    assert markers(page) == [("Venezuela", 1, True)]
    assert 'class="marker rough"' in page.content.decode()


def test_an_empty_map_shows_the_world(analyst_client, world):
    page = analyst_client.get(map_url(world))
    assert page.context["groups"] == [] and page.context["frame"].view_box == "0 0 720 284"
    assert "No entry here has a place yet." in page.content.decode()


@pytest.mark.parametrize(
    "box", ["1,2,3", "a,b,c,d", "NaN,0,1,1", "91,0,92,1", "10,0,5,1", "0,10,1,5", "1e999,0,1,1", "1," * 80, "\x00"]
)
def test_a_broken_map_area_is_a_form_error_never_a_500(analyst_client, placed, box):
    for name in ("crisis-map", "crisis-timeline", "crisis-events-csv"):
        response = analyst_client.get(reverse(f"events:{name}", kwargs={"slug": placed["crisis"].slug}), {"bbox": box})
        assert response.status_code in (200, 302, 400), name
    page = analyst_client.get(map_url(placed), {"bbox": box})
    assert page.status_code == 200 and "bbox" in page.context["form"].errors
    assert page.context["total"] == 4  # the broken filter is ignored, as the message says


def test_bbox_filters_the_exports_too(analyst_client, placed):
    url = reverse("events:crisis-events-csv", kwargs={"slug": placed["crisis"].slug})
    body = b"".join(analyst_client.get(url, {"bbox": "10.6,-71.7,10.7,-71.6"}).streaming_content).decode()
    assert "Amnesty law drafted" in body and "Air force general defects" not in body
    assert Event.objects.within(10.6, -71.7, 10.7, -71.6).count() == 1
