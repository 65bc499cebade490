"""Keyset paging of the timeline and the SQL it costs: fixed whatever the number of entries."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.views import HX

FEB_2 = dt.date(2019, 2, 2)


# Paging -----------------------------------------------------------------------------------------------------


def test_load_more_appends_the_next_keyset_page(analyst_client, crisis, many):
    url = reverse("events:crisis-timeline", kwargs={"slug": crisis.slug})
    first = analyst_client.get(url)
    assert len(first.context["entries"]) == 50
    more = first.context["more_query"]
    assert more.startswith("cursor=")
    second = analyst_client.get(f"{url}?{more}", headers=HX)
    html = second.content.decode()
    assert "<html" not in html and 'id="results"' not in html
    seen = {e.pk for e in first.context["entries"]} | {e.pk for e in second.context["entries"]}
    assert seen == {e.pk for e in many}
    assert second.context["more_query"] is None
    assert 'id="load-more"' in html and "Load more" not in html
    assert "HX-Push-Url" not in second


def test_load_more_keeps_the_filters(analyst_client, crisis, many):
    url = reverse("events:crisis-timeline", kwargs={"slug": crisis.slug})
    first = analyst_client.get(url, {"type": "protest", "q": "Event"})
    assert first.context["more_query"].startswith("q=Event&type=protest&cursor=")


def test_keyset_query_uses_the_index_shape(analyst_client, crisis, many):
    url = reverse("events:crisis-timeline", kwargs={"slug": crisis.slug})
    last = many[10]
    with CaptureQueriesContext(connection) as queries:
        analyst_client.get(url, {"cursor": f"{last.date_start}.{last.pk}"}, headers=HX)
    page_sql = next(q["sql"] for q in queries if "LIMIT 51" in q["sql"])
    assert "OFFSET" not in page_sql
    assert '"date_start" <= ' in page_sql and '"date_start" < ' in page_sql
    assert 'ORDER BY "events_event"."date_start" DESC, "events_event"."id" DESC' in page_sql


def test_no_js_paging_link_shows_the_next_page(analyst_client, crisis, many):
    url = reverse("events:crisis-timeline", kwargs={"slug": crisis.slug})
    more = analyst_client.get(url).context["more_query"]
    response = analyst_client.get(f"{url}?{more}")
    assert "<html" in response.content.decode() and len(response.context["entries"]) == 10
    assert f'href="{url}?">Back to the newest' not in response.content.decode()
    assert "Back to the newest" in response.content.decode()


# Query counts -----------------------------------------------------------------------------------------------


def count_queries(client, url, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **kwargs).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params", [{}, {"actor": "ACTOR", "q": "Event", "outlet": "Wire", "claim_status": "unverified"}]
)
def test_query_count_does_not_grow_with_entries(analyst_client, crisis, params, django_assert_num_queries):
    url = reverse("events:crisis-timeline", kwargs={"slug": crisis.slug})
    actor = factories.ActorFactory(name="Busy actor")
    source = factories.SourceFactory(outlet="Wire")
    params = {k: (actor.pk if v == "ACTOR" else v) for k, v in params.items()}

    def add(n):
        for i in range(n):
            event = factories.EventFactory(crisis=crisis, date_start=dt.date(2019, 1, 1) + dt.timedelta(days=i))
            factories.EventActorFactory(event=event, actor=actor)
            factories.EventActorFactory(event=event)
            factories.evidence_for(source, "Protesters marched", event=event)
            factories.ClaimFactory(crisis=crisis, event=event, claimant=actor)

    add(10)
    small = {
        "page": count_queries(analyst_client, url, data=params),
        "partial": count_queries(analyst_client, url, data=params, headers=HX),
    }
    add(50)
    large = {
        "page": count_queries(analyst_client, url, data=params),
        "partial": count_queries(analyst_client, url, data=params, headers=HX),
    }
    assert small == large
    # Session, user, two permissions (may edit events, claims), crisis, the data revision, the sample of
    # newest matches (total, chart, type counts), the page + 3 of its entries' data, and one grouped count
    # each for actors, outlets and claim statuses. Filtered: the actor check, and one more sample for each
    # filter in use that has its own facet (actor, outlet, claim status), since each facet counts with the
    # other filters only.
    cache.clear()
    with django_assert_num_queries(6 + 8 + (1 + 3 if params else 0)):
        analyst_client.get(url, params)
    # The same request again, nothing written since: the rendered fragment comes from the cache, and the
    # filters are not even validated (session, user, one permission, crisis, data revision).
    with django_assert_num_queries(5):
        analyst_client.get(url, params)


def test_load_more_query_count_is_fixed(analyst_client, crisis, many, django_assert_num_queries):
    url = reverse("events:crisis-timeline", kwargs={"slug": crisis.slug})
    more = analyst_client.get(url).context["more_query"]
    # Session, user, two permissions, crisis, data revision, page + 3 of its entries' data.
    with django_assert_num_queries(10):
        analyst_client.get(f"{url}?{more}", headers=HX)
