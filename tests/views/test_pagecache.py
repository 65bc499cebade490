"""Cached timeline fragments: served again while nothing changes, never after a change, never shared
between readers who may see different things, never carrying one reader's name, token or nonce to another."""

import re
import socket

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.curation import merge_actors, publish
from events.models import Event, ReviewStatus
from tests import factories

HX = {"HX-Request": "true"}


@pytest.fixture
def page(crisis):
    actor = factories.ActorFactory(name="Ada Quill")
    event = factories.EventFactory(crisis=crisis, headline="Strike at the port")
    factories.EventActorFactory(event=event, actor=actor)
    return {"url": reverse("events:crisis-timeline", kwargs={"slug": crisis.slug}), "event": event, "actor": actor}


def get(client, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_same_request_is_served_from_the_cache(analyst_client, page):
    first, cold = get(analyst_client, page["url"])
    second, warm = get(analyst_client, page["url"])
    assert "Strike at the port" in second
    assert warm < cold - 5

    # Only the nonce and the (masked) CSRF token differ between the two pages.
    def fixed(html):
        return re.sub(r'nonce="[^"]+"|"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert fixed(first) == fixed(second)


def test_parameter_order_does_not_matter_but_parameters_do(analyst_client, page):
    url = page["url"]
    get(analyst_client, f"{url}?type=protest&q=port")
    _, reordered = get(analyst_client, f"{url}?q=port&type=protest")
    assert reordered <= 5  # a cache hit
    other, _ = get(analyst_client, f"{url}?q=volcano")
    assert "Strike at the port" not in other


@pytest.mark.parametrize(
    "change",
    [
        "edit headline",
        "queryset update",
        "raw sql",
        "rename actor",
        "merge actors",
        "new evidence",
        "unpublish",
        "new event",
    ],
)
def test_any_write_shows_on_the_next_request(analyst_client, page, crisis, change):
    get(analyst_client, page["url"])  # cached now
    event = page["event"]
    expected, gone = "Strike at the port", None
    if change == "edit headline":
        event.headline = "Dockers end their strike"
        event.save()
        expected, gone = "Dockers end their strike", "Strike at the port"
    elif change == "queryset update":
        Event.objects.filter(pk=event.pk).update(headline="Port strike spreads")
        expected, gone = "Port strike spreads", "Strike at the port"
    elif change == "raw sql":
        with connection.cursor() as cursor:
            cursor.execute("UPDATE events_event SET headline = %s WHERE id = %s", ["Port reopens", event.pk])
        expected, gone = "Port reopens", "Strike at the port"
    elif change == "rename actor":
        page["actor"].name = "Ada Quill-Ramos"
        page["actor"].save()
        expected = "Ada Quill-Ramos"
    elif change == "merge actors":
        survivor = factories.ActorFactory(name="A. Quill")
        merge_actors(survivor=survivor, others=[page["actor"]])
        expected, gone = "A. Quill", "Ada Quill"
    elif change == "new evidence":
        source = factories.SourceFactory(outlet="Harbour Gazette", text="Dockers stopped work at dawn.")
        factories.evidence_for(source, "Dockers stopped work", event=event)
        expected = "1 independent source"
    elif change == "unpublish":
        Event.objects.filter(pk=event.pk).update(status=ReviewStatus.DRAFT)
        expected, gone = "No entries match", "Strike at the port"
    elif change == "new event":
        factories.EventFactory(crisis=crisis, headline="Curfew declared")
        expected = "Curfew declared"
    html, _ = get(analyst_client, page["url"])
    assert expected in html
    if gone:
        assert gone not in html


def test_editors_and_readers_never_share_a_fragment(client, editor, analyst, crisis):
    factories.EventFactory(crisis=crisis, headline="Draft: minister resigns", status=ReviewStatus.DRAFT)
    url = reverse("events:crisis-timeline", kwargs={"slug": crisis.slug})
    client.force_login(editor)
    assert "Draft: minister resigns" in get(client, url)[0]
    client.force_login(analyst)
    assert "Draft: minister resigns" not in get(client, url)[0]
    # And the other way round, with the reader's fragment cached first.
    cache.clear()
    assert "Draft: minister resigns" not in get(client, url)[0]
    client.force_login(editor)
    assert "Draft: minister resigns" in get(client, url)[0]


def test_a_cached_fragment_carries_no_other_readers_name_token_or_nonce(client, analyst, page):
    other = User.objects.create_user("bo", password="bo-pass-1234", is_staff=True)
    other.groups.add(Group.objects.get(name="Analysts"))
    client.force_login(analyst)
    first = client.get(page["url"])
    client.force_login(other)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(page["url"])
    assert len(queries) <= 5  # a cache hit
    html = second.content.decode()
    assert '<span class="who" title="Signed in">bo</span>' in html and ">ana<" not in html
    nonce = re.compile(r'nonce="([^"]+)"')
    assert nonce.search(first.content.decode())[1] != nonce.search(html)[1]


def test_htmx_fragments_and_full_pages_are_cached_apart(analyst_client, page):
    get(analyst_client, page["url"], headers=HX)
    full, _ = get(analyst_client, page["url"])
    assert full.lstrip().startswith("<!doctype html>")
    partial, _ = get(analyst_client, page["url"], headers=HX)
    assert "<!doctype html>" not in partial and "Strike at the port" in partial


def test_caching_can_be_turned_off(analyst_client, page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    _, cold = get(analyst_client, page["url"])
    _, again = get(analyst_client, page["url"])
    assert again == cold


def test_publishing_in_bulk_shows_on_the_next_request(analyst_client, editor, crisis, page):
    factories.EventFactory(crisis=crisis, headline="Talks resume", status=ReviewStatus.DRAFT)
    assert "Talks resume" not in get(analyst_client, page["url"])[0]
    publish(queryset=Event.objects.filter(headline="Talks resume"), user=editor)
    assert "Talks resume" in get(analyst_client, page["url"])[0]


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_reachable(), reason="needs the Redis server on 127.0.0.1:6379 (CACHE_URL=redis://…)")
def test_a_shared_redis_cache_serves_and_invalidates_fragments(analyst_client, page, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15"}
    }
    cache.clear()
    try:
        _, cold = get(analyst_client, page["url"])
        html, warm = get(analyst_client, page["url"])
        assert warm < cold - 5 and "Strike at the port" in html
        Event.objects.filter(pk=page["event"].pk).update(headline="Port strike ends")
        assert "Port strike ends" in get(analyst_client, page["url"])[0]
    finally:
        cache.clear()
