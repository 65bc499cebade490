"""The analysts' tools in a real browser: every download link gives the filtered file, search finds names
typed without accents, and the actors index lists every actor, a page at a time."""

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from events.views import actors as actors_view
from tests import factories
from tests.xlsx import records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def crisis_events(crisis):
    """Guaidó leads two protests, Maduro one statement; Yanez is listed once, with a claim and no event."""
    guaido = factories.ActorFactory(name="Juan Guaidó")
    maduro = factories.ActorFactory(name="Nicolás Maduro", kind="state")
    yanez = factories.ActorFactory(name="Yanez Rodriguez")
    for day, kind, actor, headline in [
        (1, "protest", guaido, "Guaidó leads a march in Caracas"),
        (2, "statement", maduro, "Maduro speaks on television"),
        (3, "protest", guaido, "Second march for amnesty"),
    ]:
        event = factories.EventFactory(crisis=crisis, type=kind, headline=headline, date_start=dt.date(2019, 2, day))
        factories.EventActorFactory(event=event, actor=actor, role="initiator")
    factories.ClaimFactory(crisis=crisis, claimant=yanez, statement="The army is with Guaidó")
    return {"url": reverse("events:crisis-timeline", kwargs={"slug": crisis.slug}), "actors": [guaido, maduro, yanez]}


def download(page, kind: str) -> bytes:
    with page.expect_download() as info:
        page.locator(f"a[data-export={kind}]").click()
    return Path(info.value.path()).read_bytes()


def test_each_export_link_downloads_the_filtered_file(analyst_page, crisis_events):
    page = analyst_page
    page.goto(crisis_events["url"] + "?type=protest")
    expect(page.locator("article.entry")).to_have_count(2)
    page.locator("details.exports summary").click()
    shown = {"Guaidó leads a march in Caracas", "Second march for amnesty"}
    csv_rows = list(csv.DictReader(io.StringIO(download(page, "events-csv").decode("utf-8-sig"))))
    assert {row["headline"] for row in csv_rows} == shown
    assert {row["headline"] for row in records(download(page, "events-xlsx"))} == shown
    acled = list(csv.DictReader(io.StringIO(download(page, "acled-csv").decode("utf-8-sig"))))
    assert {row["event_type"] for row in acled} == {"Protests"} and len(acled) == 2
    slides = json.loads(download(page, "timelinejs"))["events"]
    assert {slide["text"]["headline"] for slide in slides} == shown
    assert page.errors == [], page.errors


def test_actors_index_lists_every_actor_and_filters_as_you_type(analyst_page, crisis_events):
    page = analyst_page
    page.goto(crisis_events["url"])
    page.get_by_role("link", name="Actors", exact=True).click()
    rows = page.locator("table.actors tbody tr")
    expect(rows).to_have_count(3)
    names = rows.locator("th").all_inner_texts()
    assert names == ["Juan Guaidó", "Nicolás Maduro", "Yanez Rodriguez"]  # most active first
    page.evaluate("window.sameDocument = true")
    page.get_by_label("Name or alias").fill("nicolas")
    expect(rows).to_have_count(1)
    assert rows.locator("th").inner_text() == "Nicolás Maduro"
    page.wait_for_url(lambda url: "name=nicolas" in url)
    assert page.evaluate("window.sameDocument") is True
    assert page.errors == [], page.errors


def test_more_actors_appends_the_next_rows_in_place(analyst_page, crisis, crisis_events, monkeypatch):
    monkeypatch.setattr(actors_view, "PAGE_SIZE", 2)
    page = analyst_page
    page.goto(reverse("events:crisis-actors", kwargs={"slug": crisis.slug}))
    rows = page.locator("table.actors tbody tr[id^=actor-]")
    expect(rows).to_have_count(2)
    page.evaluate("window.sameDocument = true")
    page.get_by_role("link", name="More actors").click()
    expect(rows).to_have_count(3)
    assert rows.locator("th").all_inner_texts() == ["Juan Guaidó", "Nicolás Maduro", "Yanez Rodriguez"]
    expect(page.get_by_role("link", name="More actors")).to_have_count(0)
    assert page.evaluate("window.sameDocument") is True
    assert page.errors == [], page.errors


def test_search_for_guaido_without_the_accent_finds_his_entries(analyst_page, crisis_events):
    page = analyst_page
    page.goto(crisis_events["url"])
    page.get_by_label("Search").fill("Guaido")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(lambda url: "q=Guaido" in url)
    expect(page.locator("article.entry")).to_have_count(2)  # he leads both marches; one headline names him too
    assert set(page.locator("article.entry h4").all_inner_texts()) == {
        "Guaidó leads a march in Caracas",
        "Second march for amnesty",
    }
    assert page.errors == [], page.errors
