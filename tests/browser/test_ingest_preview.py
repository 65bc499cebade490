"""The ingest review page in a real browser, wide and phone-sized: candidates level with their passages,
clicks between the two, keys, and accept, reject and merge with script turned off.

Screenshots go to the test's temporary folder; with UPDATE_SCREENSHOTS=1 they replace
docs/ingest-preview.png and docs/ingest-preview-phone.png.
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from events.ingest import tasks
from events.models import Event, PendingArticle, Source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs"
DEMO = (Path(__file__).resolve().parents[2] / "events" / "demo" / "venezuela.txt").read_text(encoding="utf-8")
# Our own short article: a march and an arrest, two events of one passage each.
TWO = (
    "Protests in Caracas\n\n"
    "Opposition leader Juan Guaidó led a march through Caracas on Saturday, witnesses said.\n\n"
    "Police arrested a journalist in Caracas on Monday.\n"
)


def screenshot(page, tmp_path, name: str) -> None:
    target = DOCS / name if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path / name
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000


def open_preview(page, crisis, text: str) -> None:
    page.goto(reverse("admin:events_source_ingest"))
    page.select_option("#id_crisis", str(crisis.pk))
    page.fill("#id_text", text)
    page.fill("#id_published", "2019-02-03")
    page.get_by_role("button", name="Parse article").click()
    page.wait_for_url("**/review/")
    # The worker's part, done here (the first parse in a process loads the linguistic pipeline); then the
    # article's page shows the review (reloaded: a page without script does not poll).
    tasks.run_parse(PendingArticle.objects.latest("pk").pk)
    page.reload()
    expect(page.get_by_role("heading", name="Review the parsed article")).to_be_visible(timeout=60_000)


def real_errors(page) -> list[str]:
    """Chromium's own /favicon.ico request (the admin has no icon) logs a console 404: not the page's
    doing. A 404 the page asked for is still in `page.errors` as "404 <url>" from the response listener."""
    favicon = "Failed to load resource: the server responded with a status of 404 (Not Found)"
    return [error for error in page.errors if error != favicon]


def top(locator) -> float:
    return locator.bounding_box()["y"]


@pytest.fixture
def editor_page(open_page, editor):
    def at(width: int, **options):
        return open_page(editor, viewport={"width": width, "height": 900}, **options)

    return at


def test_wide_candidates_sit_level_with_their_passages_and_clicks_and_keys_work(editor_page, crisis, tmp_path):
    page = editor_page(1280)
    open_preview(page, crisis, DEMO)
    first = page.locator("#event-0")
    assert abs(top(first) - top(page.locator("#ev0-s0"))) < 40
    card_width = first.bounding_box()["width"]
    assert page.locator("#id_event-0-headline").bounding_box()["width"] > 0.9 * card_width - 40 > 400
    assert page.locator(".pv-text").first.bounding_box()["width"] > 400
    page.evaluate("document.querySelector('.pv-article').scrollIntoView()")
    screenshot(page, tmp_path, "ingest-preview.png")

    # A passage far down the page leads to its candidate, and the candidate back to its passage.
    last = page.locator(".pv-row .pv-event").last
    index = last.get_attribute("id").removeprefix("event-")
    page.locator(f"mark.ev-{index}").last.click()
    expect(last).to_be_in_viewport()
    assert "pv-current" in last.get_attribute("class")
    page.evaluate("window.scrollTo(0, 0)")
    last.locator("a.pv-passage").first.click()
    expect(page.locator(f"mark.ev-{index}").first).to_be_in_viewport()

    # j / k walk the candidates from the current one, x rejects and accepts again; typing is left alone.
    cards = page.locator(".pv-row .pv-candidate")
    count = cards.count()
    position = next(i for i in range(count) if cards.nth(i).get_attribute("id") == f"event-{index}")
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("k")
    before = cards.nth(position - 1)
    expect(before).to_be_focused()
    expect(before).to_be_in_viewport()
    box = before.locator(".pv-accept input")
    page.keyboard.press("x")
    expect(box).not_to_be_checked()
    expect(before).to_have_css("opacity", "0.5")
    page.keyboard.press("x")
    expect(box).to_be_checked()
    page.keyboard.press("j")
    expect(cards.nth(position)).to_be_focused()
    page.locator("#id_event-0-headline").press("x")
    expect(page.locator("#event-0 .pv-accept input")).to_be_checked()

    assert real_errors(page) == []


def test_phone_width_puts_each_candidate_under_its_passage_without_sideways_scrolling(editor_page, crisis, tmp_path):
    page = editor_page(390)
    open_preview(page, crisis, DEMO)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    paragraph = page.locator(".pv-row", has=page.locator("#event-0")).locator(".pv-text")
    assert top(page.locator("#event-0")) > top(paragraph) + paragraph.bounding_box()["height"] - 5
    assert page.locator("#id_event-0-headline").bounding_box()["width"] > 280
    page.evaluate("document.querySelector('.pv-article').scrollIntoView()")
    screenshot(page, tmp_path, "ingest-preview-phone.png")
    assert real_errors(page) == []


def test_without_script_merge_reject_and_save_still_work(editor_page, crisis, tmp_path):
    page = editor_page(1280, java_script_enabled=False)
    open_preview(page, crisis, TWO)
    expect(page.locator(".pv-row .pv-event")).to_have_count(3)
    events = page.locator(".pv-row .pv-event")
    march = next(i for i in range(3) if "march" in events.nth(i).locator("input[name$=headline]").input_value())
    arrest = next(i for i in range(3) if "arrest" in events.nth(i).locator("input[name$=headline]").input_value())
    page.fill(f"#id_event-{march}-merge_with", str(arrest + 1))
    page.locator(f"#event-{march}").get_by_role("button", name="Merge").click()
    expect(page.locator(".pv-row .pv-event")).to_have_count(2)
    assert Source.objects.count() == 0
    merged = min(march, arrest)
    for i in range(2):
        if i != merged:
            page.locator(f"#event-{i} .pv-accept input").uncheck()
    page.get_by_role("button", name="Save accepted entries as drafts").last.click()
    expect(page.get_by_text("Saved: 1 new event(s)")).to_be_visible()
    event = Event.objects.get()
    assert event.evidence.count() == 2
