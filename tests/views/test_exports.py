import csv
import datetime as dt
import io
import json
import re
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.test import Client, override_settings
from django.urls import reverse

from events.exports.common import export_filename
from events.exports.events_csv import stream_events_csv
from events.forms import filtered_events
from events.models import ReviewStatus
from tests import factories
from tests.xlsx import records


def rows_of(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def other_editor_client(editor):
    # A second browser: `editor_client` and `analyst_client` share one test client, so the last login wins.
    client = Client()
    client.force_login(editor)
    return client


def events_url(crisis, name="events:crisis-events-csv") -> str:
    return reverse(name, kwargs={"slug": crisis.slug})


@pytest.fixture
def timeline(crisis):
    # A small crisis with something for every filter: types, dates, actors, outlets, claims, a draft.
    guaido, maduro = factories.ActorFactory(name="Juan Guaidó"), factories.ActorFactory(name="Nicolás Maduro")
    reuters = factories.SourceFactory(outlet="Reuters")
    events = {}
    for day, kind, actor, headline in [
        (1, "protest", guaido, "Rally in Caracas for amnesty"),
        (2, "protest", maduro, "Counter-rally by government supporters"),
        (3, "defection", guaido, "General defects to the opposition"),
        (3, "recognition", None, "United States recognises Guaidó"),
        (9, "legislation", guaido, "Amnesty law drafted"),
    ]:
        event = factories.EventFactory(crisis=crisis, type=kind, headline=headline, date_start=dt.date(2019, 2, day))
        if actor:
            factories.EventActorFactory(event=event, actor=actor, role="initiator")
        events[headline] = event
    factories.evidence_for(reuters, "Protesters marched", event=events["Rally in Caracas for amnesty"])
    factories.ClaimFactory(crisis=crisis, event=events["Amnesty law drafted"], verification="disputed")
    draft = factories.EventFactory(
        crisis=crisis, headline="Unreviewed rumour of a coup", status=ReviewStatus.DRAFT, date_start=dt.date(2019, 2, 5)
    )
    factories.EventFactory(headline="Another crisis's event")
    return {"events": events, "draft": draft, "guaido": guaido}


QUERIES = [
    {},
    {"type": "protest"},
    {"type": ["protest", "defection"]},
    {"date_from": "2019-02-02", "date_to": "2019-02-03"},
    {"outlet": "reuters"},
    {"claim_status": "disputed"},
    {"q": "amnesty"},
    {"status": "draft"},
    {"cursor": "2019-02-03.999999"},  # paging: the export ignores it
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("persona", ["analyst", "editor"])
def test_csv_holds_exactly_the_timeline_events_in_order(client, request, timeline, crisis, persona, query):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(events_url(crisis), query)
    assert response.status_code == 200
    _, expected = filtered_events(params=QueryDict(urlencode(query, doseq=True)), crisis=crisis, user=user)
    ids = [int(row["id"]) for row in rows_of(response)]
    assert ids == list(expected.order_by("-date_start", "-id").values_list("id", flat=True))


@pytest.mark.parametrize("persona", ["analyst", "editor"])
def test_download_is_what_the_python_writer_writes(client, request, timeline, crisis, persona):
    # On PostgreSQL the page streams COPY over the stored summaries; the Python writer is the reference,
    # with draft claims counted for editors only. An edit just before the download must show in it.
    user = request.getfixturevalue(persona)
    client.force_login(user)
    factories.ClaimFactory(crisis=crisis, event=timeline["events"]["Amnesty law drafted"], status=ReviewStatus.DRAFT)
    timeline["guaido"].name = "Juan Gerardo Guaidó"
    timeline["guaido"].save()
    body = b"".join(client.get(events_url(crisis)).streaming_content)
    _, events = filtered_events(params=QueryDict(""), crisis=crisis, user=user)
    expected = stream_events_csv(events, include_draft_claims=persona == "editor", copy=False)
    assert body == b"".join(expected)
    assert "Juan Gerardo Guaidó (initiator)" in body.decode()


def test_actor_filter_matches_the_timeline(analyst_client, analyst, timeline, crisis):
    response = analyst_client.get(events_url(crisis), {"actor": timeline["guaido"].pk})
    _, expected = filtered_events(params={"actor": [str(timeline["guaido"].pk)]}, crisis=crisis, user=analyst)
    assert [int(r["id"]) for r in rows_of(response)] == list(expected.values_list("id", flat=True))
    assert len(expected) == 3


def test_drafts_never_reach_analysts(analyst_client, other_editor_client, timeline, crisis):
    for name in ("events:crisis-events-csv", "events:crisis-timelinejs"):
        analyst_body = b"".join(analyst_client.get(events_url(crisis, name)).streaming_content)
        editor_body = b"".join(other_editor_client.get(events_url(crisis, name)).streaming_content)
        assert b"Unreviewed rumour" not in analyst_body
        assert b"Unreviewed rumour" in editor_body
    acled = b"".join(analyst_client.get(events_url(crisis), {"profile": "acled"}).streaming_content)
    assert b"Unreviewed rumour" not in acled and b"Amnesty law drafted" in acled


def test_draft_claims_are_not_counted_for_analysts(analyst_client, other_editor_client, timeline, crisis):
    event = timeline["events"]["Amnesty law drafted"]
    factories.ClaimFactory(crisis=crisis, event=event, status=ReviewStatus.DRAFT)

    def count(client):
        return next(r["claims_count"] for r in rows_of(client.get(events_url(crisis))) if r["id"] == str(event.pk))

    assert (count(analyst_client), count(other_editor_client)) == ("1", "2")


@pytest.mark.parametrize("name", ["events:crisis-events-csv", "events:crisis-claims-csv", "events:crisis-timelinejs"])
def test_anonymous_users_are_sent_to_log_in(client, crisis, name):
    response = client.get(events_url(crisis, name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@override_settings(PUBLIC_TIMELINE=True)
def test_public_timeline_exports_published_events_to_anyone(client, timeline, crisis):
    headlines = {row["headline"] for row in rows_of(client.get(events_url(crisis)))}
    assert "Amnesty law drafted" in headlines and "Unreviewed rumour of a coup" not in headlines


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2019-02-30"}, b"date_from"),
        ({"date_from": "2019-03-01", "date_to": "2019-02-01"}, b"date_to: The end of the range is before its start."),
        ({"type": "coup"}, b"type"),
        ({"actor": "abc"}, b"actor"),
        ({"q": "a\x00b"}, b"q"),
        ({"profile": "excel"}, b"profile must be one of events, acled"),
    ],
)
def test_bad_parameters_are_a_readable_400(analyst_client, crisis, query, message):
    response = analyst_client.get(events_url(crisis), query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert message in response.content


def test_bad_timelinejs_and_claims_parameters_are_400(analyst_client, crisis):
    assert analyst_client.get(events_url(crisis, "events:crisis-timelinejs"), {"date_to": "x"}).status_code == 400
    assert analyst_client.get(events_url(crisis, "events:crisis-claims-csv"), {"verification": "x"}).status_code == 400


def test_unknown_crisis_is_404(analyst_client):
    assert analyst_client.get("/crises/nope/events.csv").status_code == 404


def test_download_headers_and_bom(analyst_client, timeline, crisis):
    response = analyst_client.get(events_url(crisis), {"bom": "1"})
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    filename = export_filename(crisis.slug, "events", "csv")
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf" + b"format_version,id,crisis,")
    plain = b"".join(analyst_client.get(events_url(crisis)).streaming_content)
    assert plain.startswith(b"format_version,")
    acled = analyst_client.get(events_url(crisis), {"profile": "acled"})
    assert "-acled-" in acled["Content-Disposition"]


def test_claims_csv_lists_visible_claims(analyst_client, other_editor_client, crisis):
    factories.ClaimFactory(crisis=crisis, statement="Published statement", made_on=dt.date(2019, 2, 2))
    factories.ClaimFactory(crisis=crisis, statement="Draft statement", status=ReviewStatus.DRAFT)
    factories.ClaimFactory(crisis=crisis, statement="Undated statement")
    url = events_url(crisis, "events:crisis-claims-csv")
    assert [r["statement"] for r in rows_of(analyst_client.get(url))] == ["Published statement", "Undated statement"]
    assert "Draft statement" in {r["statement"] for r in rows_of(other_editor_client.get(url))}


def test_timelinejs_json_has_the_required_fields(analyst_client, timeline, crisis):
    response = analyst_client.get(events_url(crisis, "events:crisis-timelinejs"), {"type": "protest"})
    assert response["Content-Type"] == "application/json"
    data = json.loads(b"".join(response.streaming_content))
    assert data["title"]["text"]["headline"] == crisis.name
    assert len(data["events"]) == 2
    for slide in data["events"]:
        assert isinstance(slide["start_date"]["year"], int)
        assert set(slide["start_date"]) <= {"year", "month", "day"}
        assert slide["text"]["headline"]
        assert slide["unique_id"].startswith("event-")
        assert slide["group"] == "Protest"
        assert slide["display_date"]
    assert len({slide["unique_id"] for slide in data["events"]}) == 2


def test_admin_action_exports_the_selection(other_editor_client, analyst_client, timeline, crisis):
    chosen = [timeline["events"]["Amnesty law drafted"].pk, timeline["draft"].pk]
    data = {"action": "export_selected_csv", "_selected_action": chosen}
    url = reverse("admin:events_event_changelist")
    response = other_editor_client.post(url, data)
    assert response.status_code == 200
    assert sorted(int(r["id"]) for r in rows_of(response)) == sorted(chosen)
    assert crisis.slug in response["Content-Disposition"]
    # Analysts may export too, but a draft stays out of their file as it does on the pages.
    response = analyst_client.post(url, data)
    assert [int(r["id"]) for r in rows_of(response)] == [chosen[0]]


# The download links on the pages, and the spreadsheet downloads -------------------------------------------


def export_hrefs(response) -> dict[str, str]:
    """data-export kind → href, from the page's download menu."""
    html = response.content.decode()
    return {
        kind: href.replace("&amp;", "&")
        for href, kind in re.findall(r'<a href="([^"]+)" download data-export="([^"]+)"', html)
    }


@pytest.mark.parametrize(
    "headers", [{}, {"HX-Request": "true"}, {"HX-Request": "true", "HX-History-Restore-Request": "true"}]
)
def test_timeline_offers_every_export_for_the_filters_on_screen(analyst_client, timeline, crisis, headers):
    url = reverse("events:crisis-timeline", kwargs={"slug": crisis.slug})
    response = analyst_client.get(url, {"type": "protest", "q": "rally"}, headers=headers)
    links = export_hrefs(response)
    assert set(links) == {"events-xlsx", "events-csv", "acled-csv", "timelinejs"}
    assert "HX-Request" in response["Vary"]
    shown = sorted(e.headline for e in response.context["entries"])
    for kind, href in links.items():
        assert "type=protest" in href and "q=rally" in href, href
        download = analyst_client.get(href)
        assert download.status_code == 200 and "attachment" in download["Content-Disposition"], kind
        content = b"".join(download.streaming_content)
        if kind == "events-xlsx":
            assert sorted(row["headline"] for row in records(content)) == shown
        elif kind == "timelinejs":
            assert sorted(e["text"]["headline"] for e in json.loads(content)["events"]) == shown
        elif kind == "acled-csv":
            assert len(list(csv.DictReader(io.StringIO(content.decode())))) == len(shown)
        else:
            assert sorted(r["headline"] for r in csv.DictReader(io.StringIO(content.decode()))) == shown


def test_claims_page_offers_the_claims_exports_for_its_filters(analyst_client, crisis):
    guaido = factories.ActorFactory(name="Juan Guaidó")
    factories.ClaimFactory(crisis=crisis, claimant=guaido, statement="Said by Guaidó")
    factories.ClaimFactory(crisis=crisis, statement="Said by someone else")
    url = reverse("events:crisis-claims", kwargs={"slug": crisis.slug})
    for headers in ({}, {"HX-Request": "true"}):
        links = export_hrefs(analyst_client.get(url, {"claimant": guaido.pk}, headers=headers))
        assert set(links) == {"claims-xlsx", "claims-csv"}
    sheet = records(b"".join(analyst_client.get(links["claims-xlsx"]).streaming_content))
    assert [row["statement"] for row in sheet] == ["Said by Guaidó"]
    rows = rows_of(analyst_client.get(links["claims-csv"]))
    assert [row["statement"] for row in rows] == ["Said by Guaidó"]


def test_actor_page_offers_their_events_and_claims_per_crisis(analyst_client, timeline, crisis):
    guaido = timeline["guaido"]
    factories.ClaimFactory(crisis=crisis, claimant=guaido, statement="Guaidó speaks")
    response = analyst_client.get(reverse("events:actor-detail", kwargs={"pk": guaido.pk}))
    links = export_hrefs(response)
    assert set(links) == {"events-xlsx", "events-csv", "acled-csv", "timelinejs", "claims-xlsx", "claims-csv"}
    rows = rows_of(analyst_client.get(links["events-csv"]))
    assert len(rows) == 3 and all("Juan Guaidó" in row["actors"] for row in rows)
    assert [r["statement"] for r in rows_of(analyst_client.get(links["claims-csv"]))] == ["Guaidó speaks"]


def test_spreadsheet_download_headers_and_bad_filters(analyst_client, timeline, crisis):
    response = analyst_client.get(events_url(crisis, "events:crisis-events-xlsx"), {"profile": "acled"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "-acled-" in response["Content-Disposition"] and response["X-Content-Type-Options"] == "nosniff"
    assert records(b"".join(response.streaming_content))[0]["event_id_cnty"]
    bad = analyst_client.get(events_url(crisis, "events:crisis-events-xlsx"), {"date_from": "2019-02-30"})
    assert bad.status_code == 400 and b"date_from" in bad.content
    assert analyst_client.get(events_url(crisis, "events:crisis-events-xlsx"), {"profile": "x"}).status_code == 400
    assert analyst_client.get(events_url(crisis, "events:crisis-claims-xlsx"), {"verification": "x"}).status_code == 400
