"""Real clients open our exports: TimelineJS 3 renders the JSON in Chromium with text on every slide, and
LibreOffice (headless) converts the spreadsheet option with accents intact.

Both come from `scripts/bootstrap.sh --browser` (npm's @knight-lab/timelinejs into .cache/npm, Debian's
libreoffice-calc-nogui); a missing one fails here with that instruction, never a skip.
"""

import csv
import datetime as dt
import io
import json
import mimetypes
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TIMELINEJS = Path(settings.BASE_DIR) / ".cache" / "npm" / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
INSTALL = "run scripts/bootstrap.sh --browser to install it"
# TimelineJS is served to the page from its npm files under a made-up origin: no network, no app changes.
ORIGIN = "http://timelinejs.invalid"
PAGE = f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{ORIGIN}/css/timeline.css"><script src="{ORIGIN}/js/timeline.js"></script></head>
<body><div id="timeline-embed" style="width: 900px; height: 600px"></div></body></html>"""


@pytest.fixture
def guaido_events(crisis):
    """Two entries with Guaidó, evidence and a source; one without a summary (its slide text is evidence)."""
    guaido = factories.ActorFactory(name="Juan Guaidó")
    source = factories.SourceFactory(outlet="Diario", title="Guaidó calls a march", text="Guaidó called a march.")
    for day, headline in [(1, "Guaidó calls a march"), (2, "Marchers fill the avenue")]:
        event = factories.EventFactory(crisis=crisis, headline=headline, date_start=dt.date(2019, 2, day))
        factories.EventActorFactory(event=event, actor=guaido, role="initiator")
        factories.evidence_for(source, "Guaidó called a march", event=event)
    return crisis


def serve_timelinejs(route):
    path = TIMELINEJS / route.request.url.removeprefix(ORIGIN + "/").split("?")[0]
    if not path.is_file():
        return route.fulfill(status=404)
    route.fulfill(body=path.read_bytes(), content_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream")


def test_timelinejs_renders_every_slide_with_text(browser, analyst_client, guaido_events):
    assert (TIMELINEJS / "js" / "timeline.js").is_file(), f"TimelineJS is not installed: {INSTALL}"
    response = analyst_client.get(reverse("events:crisis-timelinejs", kwargs={"slug": guaido_events.slug}))
    data = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
    context = browser.new_context()
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route(f"{ORIGIN}/**", serve_timelinejs)
        page.set_content(PAGE)
        page.evaluate("data => { window.tl = new TL.Timeline('timeline-embed', data); }", data)
        page.wait_for_selector(".tl-slide .tl-headline", state="attached")
        slides = page.eval_on_selector_all(
            ".tl-storyslider .tl-slide",
            "els => els.map(s => [s.querySelector('.tl-headline')?.textContent.trim() || '',"
            " s.querySelector('.tl-text-content')?.textContent.trim() || ''])",
        )
        # The title slide and one per entry, each with a headline and body text.
        assert len(slides) == len(data["events"]) + 1
        for headline, text in slides[1:]:
            assert headline and text, slides
        bodies = " ".join(text for _, text in slides[1:])
        assert "Guaidó called a march" in bodies and "Juan Guaidó" in bodies and "Diario" in bodies
        assert errors == [], errors
    finally:
        context.close()


def test_libreoffice_converts_the_spreadsheet_with_accents_intact(analyst_client, guaido_events, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, f"LibreOffice is not installed: {INSTALL}"
    response = analyst_client.get(reverse("events:crisis-events-xlsx", kwargs={"slug": guaido_events.slug}))
    xlsx = tmp_path / "events.xlsx"
    xlsx.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    # A profile of its own in tmp_path: no state shared with other runs; UTF-8 CSV out (filter token 76).
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(xlsx)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    rows = list(csv.DictReader(io.StringIO((tmp_path / "events.csv").read_text(encoding="utf-8"))))
    assert {row["headline"] for row in rows} == {"Guaidó calls a march", "Marchers fill the avenue"}
    assert all("Juan Guaidó" in row["actors"] for row in rows)
