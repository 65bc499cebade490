"""The crisis list (events/views/timeline.py), the actor finder and the actors index (events/views/actors.py)."""

import datetime as dt

import pytest
from django.urls import reverse

from events import curation
from events.models import Claim, Event, EventActor
from events.views import actors as actors_view
from tests import factories
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


def test_actor_finder_ignores_the_timeline_s_cursor(analyst_client, world):
    url = reverse("events:crisis-actors", kwargs={"slug": world["crisis"].slug})
    response = analyst_client.get(url, {"name": "yanez", "cursor": "2019-02-02.5"}, headers=HX)
    assert not response.context["error"] and response.context["matches"][0]["name"] == "Yanez Rodriguez"


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
    # Session, user, the crisis, the permissions to see draft entries and draft claims, a page of the actor
    # summary (with names and kinds), the total (counted up to 1,001).
    with django_assert_num_queries(7):
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
    with django_assert_num_queries(8):  # and the aliases that matched
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


@pytest.fixture
def crowd(crisis):
    """Seven actors of one crisis with 4, 3, 3, 3, 2, 1 and 1 entries: ties to order by name, whatever its case."""
    names = ["Zoe", "amado", "Bruno", "carla", "Dario", "eva", "Fabio"]
    entries = [factories.EventFactory(crisis=crisis) for _ in range(4)]
    for name, count in zip(names, [4, 3, 3, 3, 2, 1, 1], strict=True):
        actor = factories.ActorFactory(name=name)
        for event in entries[:count]:
            factories.EventActorFactory(event=event, actor=actor)
    return ["Zoe", "amado", "Bruno", "carla", "Dario", "eva", "Fabio"]


def test_actors_index_pages_by_keyset_with_load_more(analyst_client, crisis, crowd, monkeypatch,
                                                     django_assert_num_queries):  # fmt: skip
    monkeypatch.setattr(actors_view, "PAGE_SIZE", 3)
    url = reverse("events:crisis-actors", kwargs={"slug": crisis.slug})
    first = analyst_client.get(url)
    assert [a["name"] for a in first.context["actors"]] == crowd[:3]
    assert "<strong>7</strong> actors" in first.content.decode()
    more = {**HX, "HX-Target": "actors-more"}
    # Session, user, crisis, the two permissions, the page: no total for "more".
    with django_assert_num_queries(6):
        second = analyst_client.get(f"{url}?{first.context['more_query']}", headers=more)
    html = second.content.decode()
    assert html.lstrip().startswith("<tr") and "<table" not in html and 'id="actors-more"' in html
    assert [a["name"] for a in second.context["actors"]] == crowd[3:6]
    last = analyst_client.get(f"{url}?{second.context['more_query']}", headers=more)
    assert [a["name"] for a in last.context["actors"]] == crowd[6:]
    assert last.context["more_query"] == "" and 'id="actors-more"' not in last.content.decode()
    # Without JavaScript "more" is a link to a whole page from there on, with the way back.
    page = analyst_client.get(f"{url}?{first.context['more_query']}")
    assert "<html" in page.content.decode() and "Back to the most active" in page.content.decode()
    assert [a["name"] for a in page.context["actors"]] == crowd[3:6]


def test_actors_index_pages_while_filtering(analyst_client, crisis, crowd, monkeypatch):
    monkeypatch.setattr(actors_view, "PAGE_SIZE", 2)
    url = reverse("events:crisis-actors", kwargs={"slug": crisis.slug})
    first = analyst_client.get(url, {"name": "A"})  # every name with an "a": all but Zoe and Bruno
    assert [a["name"] for a in first.context["actors"]] == ["amado", "carla"]
    assert first.context["more_query"].startswith("name=A&cursor=")
    second = analyst_client.get(f"{url}?{first.context['more_query']}", headers={**HX, "HX-Target": "actors-more"})
    assert [a["name"] for a in second.context["actors"]] == ["Dario", "eva"]


def test_actors_index_queries_stay_fixed_and_the_total_is_capped(analyst_client, crisis, crowd, monkeypatch,
                                                                  django_assert_num_queries):  # fmt: skip
    url = reverse("events:crisis-actors", kwargs={"slug": crisis.slug})
    event = factories.EventFactory(crisis=crisis)
    factories.EventActorFactory.create_batch(150, event=event)
    with django_assert_num_queries(7):
        response = analyst_client.get(url)
    assert len(response.context["actors"]) == actors_view.PAGE_SIZE == 100 and response.context["more_query"]
    monkeypatch.setattr(actors_view, "COUNT_CAP", 100)
    assert "<strong>100+</strong> actors" in analyst_client.get(url).content.decode()


def test_a_broken_actors_cursor_is_a_message(analyst_client, crisis, crowd):
    url = reverse("events:crisis-actors", kwargs={"slug": crisis.slug})
    for cursor in ("nope", "1." + "9" * 19, "2019-02-02.12", "x" * 500):
        page = analyst_client.get(url, {"cursor": cursor})
        assert page.status_code == 200 and "“more” link is broken" in page.content.decode()
        assert [a["name"] for a in page.context["actors"]][:1] == ["Zoe"]  # the first page, under the message
        more = analyst_client.get(url, {"cursor": cursor}, headers={**HX, "HX-Target": "actors-more"})
        assert "“more” link is broken" in more.content.decode() and more.context["actors"] == []


def test_actors_index_counts_follow_edits(analyst_client, editor, world):
    url = reverse("events:crisis-actors", kwargs={"slug": world["crisis"].slug})

    def counts() -> dict[str, tuple[int, int]]:
        return {a["name"]: (a["events"], a["claims"]) for a in analyst_client.get(url).context["actors"]}

    assert counts()["Yanez Rodriguez"] == (1, 1)
    curation.publish(queryset=Event.objects.filter(pk=world["draft"].pk), user=editor)
    assert counts()["Yanez Rodriguez"] == (2, 1)
    curation.set_review_status(queryset=Event.objects.filter(pk=world["draft"].pk), status="draft", user=editor)
    assert counts()["Yanez Rodriguez"] == (1, 1)
    EventActor.objects.filter(event=world["rally"], actor=world["guaido"]).delete()
    assert counts()["Juan Guaidó"] == (1, 0)
    Claim.objects.filter(claimant=world["yanez"]).update(claimant=world["guaido"])
    assert counts()["Juan Guaidó"] == (1, 1) and counts()["Yanez Rodriguez"] == (1, 0)
    world["law"].delete()
    assert counts()["Juan Guaidó"] == (0, 1)
    world["defection"].delete()
    assert "Yanez Rodriguez" not in counts() and "Nicolás Maduro" in counts()  # his January statement
