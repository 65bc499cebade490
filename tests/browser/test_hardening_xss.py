"""Hostile article text in a real browser: no script runs, no dialog opens, htmx follows none of the
injected hx-get/hx-post attributes, the admin works under the CSP, and an htmx error response shows
its message to the user."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from playwright.sync_api import expect

from tests.test_hardening_xss import EVIL_PATHS, ingest_hostile_article, pages_showing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def stored(crisis, editor, parsed):
    client = Client()
    client.force_login(editor)
    return ingest_hostile_article(client, crisis, editor, parsed)


def watch(page, live_server) -> dict:
    """Every request the page makes and every dialog it opens, for the test to inspect afterwards."""
    seen = {"requests": [], "dialogs": []}
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    return seen


def unexpected_requests(seen, live_server) -> list[str]:
    """Requests to another origin, to an injected path, or to no route of ours."""
    wrong = []
    for url in seen["requests"]:
        if url.startswith("data:"):
            continue
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != live_server.url or any(parts.path == p for p in EVIL_PATHS):
            wrong.append(url)
            continue
        if parts.path.startswith("/static/"):
            continue
        try:
            resolve(parts.path)
        except Resolver404:
            wrong.append(url)
    return wrong


def real_errors(page) -> list[str]:
    """Chromium's own /favicon.ico request (the admin has no icon) logs a console 404: not the page's
    doing. A 404 for anything the page asked for is still there, as "404 <url>" from the response listener."""
    favicon = "Failed to load resource: the server responded with a status of 404 (Not Found)"
    return [error for error in page.errors if error != favicon]


def test_the_hostile_article_runs_nothing_and_calls_nothing(open_page, live_server, stored, crisis, editor, analyst):
    for user in (analyst, editor):
        page = open_page(user)
        seen = watch(page, live_server)
        for url in pages_showing(stored, crisis):
            # hx-trigger="load" would fire as htmx starts, right after the load event: wait until the page
            # has made every request it is going to make (no network activity left), then look.
            page.goto(url, wait_until="networkidle")
            assert page.evaluate("typeof window.__pwned") == "undefined", url
        # Expand the hostile entry in place: its panel comes in through htmx.
        page.goto(reverse("events:crisis-timeline", args=[crisis.slug]))
        page.locator(f"#toggle-{stored['events'][0].pk}").click()
        page.locator(f"#event-{stored['events'][0].pk}-more .panel").wait_for()
        page.wait_for_load_state("networkidle")  # anything the swapped-in panel would trigger has been sent
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert seen["dialogs"] == []
        assert unexpected_requests(seen, live_server) == []
        assert len(seen["requests"]) > 12
        assert real_errors(page) == []


def test_the_admin_change_page_works_under_the_csp(open_page, stored, editor):
    page = open_page(editor)
    page.goto(reverse("admin:events_event_change", args=[stored["events"][0].pk]))
    page.wait_for_load_state("networkidle")
    # The admin's own scripts ran: inline rows got their "add another" links, the select2 widgets exist.
    expect(page.locator(".add-row a").first).to_be_visible()
    expect(page.locator(".select2-container").first).to_be_attached()
    # Chromium's own /favicon.ico request (the admin has no icon) logs a console 404; a 404 the page
    # asked for would also be in `page.errors` as "404 <url>" from the response listener.
    errors = [
        e for e in page.errors if e != "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
    assert errors == [], errors
    assert not any("CSP violation" in e for e in page.errors)


def test_an_htmx_error_response_shows_its_message_as_text(analyst_page, crisis):
    page = analyst_page
    page.goto(reverse("events:crisis-timeline", args=[crisis.slug]))
    region = page.locator("#request-error")
    expect(region).to_be_hidden()
    # A bad filter value sent by htmx to a view that refuses it with a 400 and a readable message.
    bad = reverse("events:crisis-events-csv", args=[crisis.slug]) + "?date_from=2024-02-30&q=%3Cb%3Ebold%3C/b%3E"
    page.evaluate("url => htmx.ajax('GET', url, {target: '#results', swap: 'none'})", bad)
    expect(region).to_be_visible()
    expect(region).to_contain_text("This export's filters are not valid")
    expect(region).to_contain_text("date_from: Enter a valid date.")
    assert region.evaluate("el => el.children.length") == 0  # text only, never markup
    # The next htmx request clears it.
    page.evaluate("url => htmx.ajax('GET', url, {target: '#results', swap: 'none'})", page.url)
    expect(region).to_be_hidden()
