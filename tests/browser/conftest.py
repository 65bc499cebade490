"""Playwright against pytest-django's live server, with Debian's chromium: one browser for the session,
a fresh context (cookies, console log) per test."""

import os

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage"]
# Report CSP violations on the console too, so one listener catches every kind of page error.
REPORT_CSP = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline code"}`);
});
"""


@pytest.fixture(scope="module")
def browser(django_db_setup, django_db_blocker):
    """One chromium for all the tests of a module (one module today, so one per session).

    Playwright's sync API runs an event loop in this thread while it is open, which changes two things:
    Django refuses ORM calls unless DJANGO_ALLOW_ASYNC_UNSAFE is set (the test's own calls are still
    synchronous and safe), and it keeps a separate set of connections for the loop's context, which must
    get the test database's serialized rows for `serialized_rollback`. Both are undone when the browser
    closes, so the rest of the suite (and the subprocesses it starts) never sees them.
    """
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            for alias, contents in serialized.items():
                connections[alias]._test_serialized_contents = contents
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            yield browser
            browser.close()
            with django_db_blocker.unblock():
                connections.close_all()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def open_page(browser, live_server, client):
    """Opens pages in new browser contexts, each logged in as a user through a session the test client made;
    every console error, page error, failed request and CSP violation lands in `page.errors`."""
    contexts = []

    def open_as(user, **context_options):
        client.force_login(user)
        context = browser.new_context(base_url=live_server.url, **context_options)
        contexts.append(context)
        cookie = client.cookies["sessionid"].value
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
        context.add_init_script(REPORT_CSP)
        context.set_default_timeout(5000)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on(
            "response",
            lambda response: (
                page.errors.append(f"{response.status} {response.url}") if response.status >= 400 else None
            ),
        )
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def analyst_page(open_page, analyst):
    return open_page(analyst)
