"""The crisis list and the actor finder (events/views/timeline.py)."""

import datetime as dt

from django.urls import reverse

from tests.views import HX

FEB_2 = dt.date(2019, 2, 2)


# Crisis list and actor finder -------------------------------------------------------------------------------


def test_crisis_list_shows_span_count_and_activity(analyst_client, world, django_assert_num_queries):
    # Session, user, the permission to see drafts, the crises with their spans and counts.
    with django_assert_num_queries(4):
        response = analyst_client.get(reverse("events:crisis-list"))
    crisis = next(c for c in response.context["crises"] if c.pk == world["crisis"].pk)
    assert crisis.entry_count == 4  # the draft is not counted for an analyst
    assert (crisis.first_day, crisis.last_day) == (dt.date(2019, 1, 15), dt.date(2019, 2, 28))
    html = response.content.decode()
    assert "15 Jan 2019 – 28 Feb 2019" in html and "ago" in html


def test_actor_finder_matches_aliases_and_counts_with_the_other_filters(analyst_client, world):
    url = reverse("events:crisis-actors", kwargs={"slug": world["crisis"].slug})
    response = analyst_client.get(url, {"name": "general yan"}, headers=HX)
    html = response.content.decode()
    assert "<html" not in html
    assert f'name="actor" value="{world["yanez"].pk}"' in html and "General Yanez" in html
    assert response.context["matches"][0]["count"] == 1
    none = analyst_client.get(url, {"name": "yanez", "type": "statement"}, headers=HX)
    assert none.context["matches"] == []
    assert "HX-Request" in response["Vary"]


def test_actor_finder_refuses_bad_input_politely(analyst_client, world):
    url = reverse("events:crisis-actors", kwargs={"slug": world["crisis"].slug})
    for name in ("x" * 10_000, "ya\x00nez"):
        response = analyst_client.get(url, {"name": name}, headers=HX)
        assert response.status_code == 200 and response.context["error"]


def test_actor_finder_never_counts_drafts_for_analysts(analyst_client, world):
    url = reverse("events:crisis-actors", kwargs={"slug": world["crisis"].slug})
    query = {"name": "yanez", "date_from": "2019-02-03", "date_to": "2019-02-03"}
    response = analyst_client.get(url, query, headers=HX)
    assert response.context["matches"] == []


# The actors index ---------------------------------------------------------------------------------------------


def index_rows(response) -> list[tuple]:
    return [(a["name"], a["kind"], a["events"], a["claims"]) for a in response.context["actors"]]


def test_actors_index_lists_every_actor_with_kind_and_counts_most_active_first(
    analyst_client, world, django_assert_num_queries
):
    url = reverse("events:crisis-actors", kwargs={"slug": world["crisis"].slug})
    # Session, user, the crisis, the permission to see draft entries, entry counts, the permission to see
    # draft claims, claim counts, the actors.
    with django_assert_num_queries(8):
        response = analyst_client.get(url)
    # The draft sighting and Maduro's draft claim are not counted for an analyst.
    # Ties in activity go by name.
    assert index_rows(response) == [
        ("Juan Guaidó", "Person", 2, 0),
        ("Nicolás Maduro", "Person", 2, 0),
        ("Yanez Rodriguez", "Person", 1, 1),
    ]
    html = response.content.decode()
    assert "<html" in html and 'aria-current="page">Actors' in html
    yanez = world["yanez"].pk
    assert f'id="actor-{yanez}"' in html and f'href="{world["url"]}?actor={yanez}"' in html
    assert f"/claims/?claimant={yanez}" in html
    assert "HX-Request" in response["Vary"] and "HX-Target" in response["Vary"]


def test_actors_index_counts_drafts_for_editors(editor_client, world):
    url = reverse("events:crisis-actors", kwargs={"slug": world["crisis"].slug})
    rows = {a["name"]: (a["events"], a["claims"]) for a in editor_client.get(url).context["actors"]}
    assert rows["Yanez Rodriguez"] == (2, 1) and rows["Nicolás Maduro"] == (2, 1)


def test_actors_index_filters_as_you_type_three_ways(analyst_client, world, django_assert_num_queries):
    url = reverse("events:crisis-actors", kwargs={"slug": world["crisis"].slug})
    index = {**HX, "HX-Target": "actor-index"}
    with django_assert_num_queries(9):  # and the aliases that matched
        partial = analyst_client.get(url, {"name": "GENERAL yañez"}, headers=index)
    html = partial.content.decode()
    assert "<html" not in html and 'id="actor-index"' in html
    assert index_rows(partial) == [("Yanez Rodriguez", "Person", 1, 1)]
    assert partial.context["actors"][0]["alias"] == "General Yanez"
    assert partial["HX-Push-Url"] == f"{url}?name=GENERAL+ya%C3%B1ez"
    for headers in ({}, {**index, "HX-History-Restore-Request": "true"}):
        page = analyst_client.get(url, {"name": "guaido"}, headers=headers)
        assert "<html" in page.content.decode()
        assert index_rows(page) == [("Juan Guaidó", "Person", 2, 0)]
    assert analyst_client.get(url, {"name": "nobody"}).context["actors"] == []


def test_timeline_and_each_actor_chip_link_to_the_index(analyst_client, world):
    html = analyst_client.get(world["url"]).content.decode()
    index = reverse("events:crisis-actors", kwargs={"slug": world["crisis"].slug})
    assert f'href="{index}"' in html  # the tab and the filter panel's link
    assert f'class="chip-index" href="{index}#actor-{world["yanez"].pk}"' in html
