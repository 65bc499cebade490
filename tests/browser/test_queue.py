"""The review queue in a real browser: a queued article's page follows its task by itself (htmx polling)
into the review of the parsed draft; the queue reads at desktop and phone widths (screenshots in docs/)."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from events.ingest import tasks
from events.ingest.service import read_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
FAVICON = "Failed to load resource: the server responded with a status of 404 (Not Found)"
TEXT = "Rally in Caracas\n\nThousands of opposition supporters marched in Caracas on Saturday, witnesses said.\n"


def test_the_article_page_follows_its_task_into_the_review(open_page, editor, crisis):
    pending = tasks.queue_article(crisis=crisis, user=editor, article=read_text(TEXT))
    page = open_page(editor)
    seen = []
    page.on("requestfinished", lambda r: seen.append((r.url, r.response().status)))
    page.goto(reverse("admin:events_pendingarticle_review", args=[pending.pk]))
    expect(page.locator("#pending-state")).to_contain_text("Queued")
    tasks.run_parse(pending.pk)  # the worker's part, done here; the page finds out on its next poll
    expect(page.get_by_role("heading", name="Review the parsed article")).to_be_visible(timeout=10_000)
    # Chromium's own /favicon.ico request (the admin has no icon) logs a console 404: every request the
    # pages made (the polls and the reload included) answered 200.
    assert [error for error in page.errors if error != FAVICON] == [] and all(status == 200 for _, status in seen)
    assert any(url.endswith("/review/") for url, _ in seen[1:])  # at least one poll


def test_the_queue_reads_at_desktop_and_phone_widths(open_page, editor, crisis, tmp_path):
    # docs/queue.png and docs/queue-phone.png were taken here with QUEUE_SCREENSHOTS=docs; a plain run
    # keeps the tree clean.
    out = Path(os.environ.get("QUEUE_SCREENSHOTS") or tmp_path)
    for n in range(3):
        article = read_text(TEXT.replace("Saturday", f"day {n}"))
        pending = tasks.queue_article(crisis=crisis, user=editor, article=article)
        tasks.run_parse(pending.pk)
    tasks.queue_article(crisis=crisis, user=editor, url="https://example.org/news/still-queued")
    page = open_page(editor, viewport={"width": 1280, "height": 900})
    for width, name in ((1280, "queue.png"), (390, "queue-phone.png")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(reverse("admin:events_pendingarticle_changelist") + f"?crisis__id__exact={crisis.pk}")
        expect(page.locator("#queue-counts")).to_contain_text("Ready for review: 3")
        expect(page.locator("#result_list")).to_contain_text("Rally in Caracas")
        page.screenshot(path=str(out / name), full_page=False)
        assert (out / name).read_bytes().startswith(b"\x89PNG")
    assert [error for error in page.errors if error != FAVICON] == []
