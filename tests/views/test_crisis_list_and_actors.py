"""The crisis list and the actor finder (events/views/timeline.py)."""

import datetime as dt

from django.urls import reverse

from tests.views import HX, RESTORE

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


def test_actor_finder_without_javascript_is_a_page_of_links(analyst_client, world):
    url = reverse("events:crisis-actors", kwargs={"slug": world["crisis"].slug})
    for headers in ({}, RESTORE):
        html = analyst_client.get(url, {"name": "maduro"}, headers=headers).content.decode()
        assert "<html" in html
        assert f'href="{world["url"]}?actor={world["maduro"].pk}"' in html


def test_actor_finder_refuses_bad_input_politely(analyst_client, world):
    url = reverse("events:crisis-actors", kwargs={"slug": world["crisis"].slug})
    for name in ("x" * 10_000, "ya\x00nez"):
        response = analyst_client.get(url, {"name": name}, headers=HX)
        assert response.status_code == 200 and response.context["error"]


def test_actor_finder_never_counts_drafts_for_analysts(analyst_client, world):
    url = reverse("events:crisis-actors", kwargs={"slug": world["crisis"].slug})
    response = analyst_client.get(url, {"name": "yanez", "date_from": "2019-02-03", "date_to": "2019-02-03"})
    assert response.context["matches"] == []
