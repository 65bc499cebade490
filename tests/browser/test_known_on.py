"""The timeline as known on a day, in a real browser: moving the date back hides a late-reported entry and
lowers a corroboration count; an entry opened in place shows that day's evidence too; the URL carries the
date and Back restores today's picture."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def reported(crisis):
    """A rally on 2 Feb reported that day and again on the 6th by another outlet; a detention on 1 Feb first
    reported on the 10th."""
    rally = factories.EventFactory(crisis=crisis, headline="Rally in Caracas", date_start=dt.date(2019, 2, 2))
    same_day = factories.SourceFactory(outlet="El Diario", published_on=dt.date(2019, 2, 2), text="A rally today.")
    later = factories.SourceFactory(outlet="Reuters", published_on=dt.date(2019, 2, 6), text="The rally was big.")
    factories.evidence_for(same_day, "A rally today", event=rally)
    factories.evidence_for(later, "The rally was big", event=rally)
    detention = factories.EventFactory(crisis=crisis, headline="Activist detained", date_start=dt.date(2019, 2, 1))
    news = factories.SourceFactory(outlet="AP", published_on=dt.date(2019, 2, 10), text="An activist was held.")
    factories.evidence_for(news, "An activist was held", event=detention)
    return {"url": reverse("events:crisis-timeline", kwargs={"slug": crisis.slug}), "rally": rally}


def test_moving_the_date_back_hides_a_late_entry_and_lowers_corroboration(analyst_page, live_server, reported):
    page = analyst_page
    page.goto(reported["url"])
    rally = page.locator(f"#event-{reported['rally'].pk}")
    expect(page.locator("article.entry")).to_have_count(2)
    expect(rally.locator(".sources")).to_have_text("2 independent sources")
    expect(page.get_by_text("reported 9 days after")).to_be_visible()

    # One change event, as a date picker gives when a day is chosen (typing fires one per keystroke).
    page.locator("#f-known_on").evaluate(
        "(input) => { input.value = '2019-02-03'; input.dispatchEvent(new Event('change', {bubbles: true})); }"
    )
    expect(page.locator("article.entry")).to_have_count(1)
    expect(page).to_have_url(f"{live_server.url}{reported['url']}?known_on=2019-02-03")
    expect(rally.locator(".sources")).to_have_text("1 independent source")
    expect(page.get_by_text("Activist detained")).to_have_count(0)

    # Opened in place, the entry is as known that day: the later report is not there yet.
    rally.locator(".entry-toggle").click()
    panel = page.locator(f"#event-{reported['rally'].pk}-more")
    expect(panel.locator(".known-on")).to_contain_text("As known on 3 Feb 2019")
    expect(panel.get_by_text("A rally today")).to_be_visible()
    expect(panel.get_by_text("The rally was big")).to_have_count(0)

    page.go_back()
    expect(page.locator("article.entry")).to_have_count(2)
    expect(rally.locator(".sources")).to_have_text("2 independent sources")
    assert page.errors == [], page.errors
