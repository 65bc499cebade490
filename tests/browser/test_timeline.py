"""The timeline in a real browser: htmx swaps, history, paging, expanding, the chart, and no errors."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from events.models import ActorAlias, Verification
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def timeline(crisis):
    """60 published entries, one every other day from January 2019; one of them is Yanez's defection."""
    yanez = factories.ActorFactory(name="Yanez Rodriguez")
    ActorAlias.objects.create(actor=yanez, alias="General Yanez")
    crowd = factories.ActorFactory(name="Crowd")
    source = factories.SourceFactory(
        outlet="Reuters",
        text="Air force general Yanez Rodriguez said he backs Guaidó "
        "and claimed 90 percent of the armed forces have lost faith in Maduro.",
    )
    defection = factories.EventFactory(
        crisis=crisis, headline="Air force general defects", type="defection", date_start=dt.date(2019, 2, 2)
    )
    factories.EventActorFactory(event=defection, actor=yanez, role="initiator")
    factories.evidence_for(source, "Air force general Yanez Rodriguez said he backs Guaidó", event=defection)
    factories.ClaimFactory(
        crisis=crisis,
        event=defection,
        claimant=yanez,
        verification=Verification.DISPUTED,
        statement="90 percent of the armed forces have lost faith in Maduro",
    )
    for i in range(59):
        event = factories.EventFactory(
            crisis=crisis, headline=f"Street protest {i}", date_start=dt.date(2019, 1, 1) + dt.timedelta(days=2 * i)
        )
        factories.EventActorFactory(event=event, actor=crowd)
    return {"url": reverse("events:crisis-timeline", kwargs={"slug": crisis.slug}), "yanez": yanez}


def entries(page) -> int:
    return page.locator("article.entry").count()


def no_errors(page) -> None:
    assert page.errors == [], page.errors


def test_actor_filter_swaps_results_pushes_the_url_and_back_restores(analyst_page, live_server, timeline):
    page = analyst_page
    page.goto(timeline["url"])
    assert entries(page) == 50
    page.evaluate("window.sameDocument = true")  # gone if the page reloads

    page.get_by_label("Yanez Rodriguez").check()
    page.wait_for_url(lambda url: f"actor={timeline['yanez'].pk}" in url)
    expect(page.locator("article.entry")).to_have_count(1)
    assert page.evaluate("window.sameDocument") is True
    assert page.get_by_label("Yanez Rodriguez").is_checked()
    assert "1" in page.locator(".results-count").inner_text()

    page.go_back()
    page.wait_for_url(lambda url: "actor=" not in url)
    expect(page.locator("article.entry")).to_have_count(50)
    assert not page.get_by_label("Yanez Rodriguez").is_checked()

    page.go_forward()
    expect(page.locator("article.entry")).to_have_count(1)
    page.reload()
    assert entries(page) == 1 and page.get_by_label("Yanez Rodriguez").is_checked()
    no_errors(page)


def test_actor_autocomplete_and_chips_filter_too(analyst_page, timeline):
    page = analyst_page
    page.goto(timeline["url"])
    page.get_by_placeholder("Find by name or alias").fill("general yan")
    suggestion = page.locator("#actor-suggestions input[type=checkbox]")
    suggestion.wait_for()
    suggestion.check()
    expect(page.locator("article.entry")).to_have_count(1)
    assert f"actor={timeline['yanez'].pk}" in page.url

    page.get_by_role("link", name="Clear all").click()
    expect(page.locator("article.entry")).to_have_count(50)
    page.locator("a.chip", has_text="Yanez Rodriguez").first.click()
    expect(page.locator("article.entry")).to_have_count(1)
    assert page.url.endswith(f"?actor={timeline['yanez'].pk}")
    no_errors(page)


def test_load_more_appends_entries(analyst_page, timeline):
    page = analyst_page
    page.goto(timeline["url"])
    url = page.url
    page.get_by_role("link", name="Load more entries").click()
    expect(page.locator("article.entry")).to_have_count(60)
    assert page.url == url
    assert page.get_by_role("link", name="Load more entries").count() == 0
    no_errors(page)


def test_expanding_an_entry_shows_its_evidence_and_claims(analyst_page, timeline):
    page = analyst_page
    page.goto(timeline["url"])
    toggle = page.get_by_role("link", name="Air force general defects")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    panel = page.locator("article.entry .panel")
    panel.wait_for()
    text = panel.inner_text()
    assert "Air force general Yanez Rodriguez said he backs Guaidó" in text and "Reuters" in text
    assert "90 percent of the armed forces have lost faith in Maduro" in text and "disputed" in text.lower()
    toggle = page.get_by_role("link", name="Air force general defects")
    assert toggle.get_attribute("aria-expanded") == "true"
    # The keyboard folds it back, and focus stays on the toggle.
    toggle.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("article.entry .panel", state="detached")
    assert page.evaluate("document.activeElement.id") == toggle.get_attribute("id")
    assert page.get_by_role("link", name="Air force general defects").get_attribute("aria-expanded") == "false"
    no_errors(page)


def test_clicking_a_histogram_bar_narrows_the_dates(analyst_page, timeline):
    page = analyst_page
    page.goto(timeline["url"])
    assert "week" in page.locator(".chart-title").inner_text()
    page.locator(".histogram a.bar").first.click()
    page.wait_for_url(lambda url: "date_from=2019-01-01" in url and "date_to=2019-01-06" in url)
    expect(page.locator("article.entry")).to_have_count(3)  # 1, 3 and 5 January
    assert page.locator("#f-date_from").input_value() == "2019-01-01"
    assert page.locator("#f-date_to").input_value() == "2019-01-06"
    assert "day" in page.locator(".chart-title").inner_text()
    no_errors(page)


def test_filters_work_without_javascript(open_page, analyst, timeline):
    page = open_page(analyst, java_script_enabled=False)
    page.goto(timeline["url"])
    page.get_by_label("Yanez Rodriguez").check()
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(lambda url: url.endswith(f"?actor={timeline['yanez'].pk}"))
    assert entries(page) == 1
    page.get_by_role("link", name="Air force general defects").click()
    page.wait_for_url(lambda url: "/events/" in url)
    assert "Reuters" in page.locator("main").inner_text()


def test_phone_layout_keeps_filters_behind_a_disclosure(open_page, analyst, timeline):
    page = open_page(analyst, viewport={"width": 390, "height": 844})
    page.goto(timeline["url"])
    assert not page.locator("#f-q").is_visible()
    page.get_by_text("Filters", exact=True).click()
    assert page.locator("#f-q").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    no_errors(page)


def test_what_yanez_did_and_claimed_and_who_reported_it_in_three_clicks(analyst_page, timeline):
    page = analyst_page
    page.goto(timeline["url"])
    page.locator("a.chip", has_text="Yanez Rodriguez").first.click()  # 1: only his entries
    expect(page.locator("article.entry")).to_have_count(1)
    page.get_by_role("link", name="Air force general defects").click()  # 2: the entry opens in place
    panel = page.locator("article.entry .panel")
    expect(panel).to_contain_text("Reuters")
    expect(panel).to_contain_text("90 percent of the armed forces have lost faith in Maduro")
    page.get_by_role("link", name="Yanez Rodriguez: profile, aliases and every claim").click()  # 3: his page
    expect(page.locator("h1")).to_have_text("Yanez Rodriguez")
    expect(page.locator("main")).to_contain_text("General Yanez")
    no_errors(page)
