"""Hostile article text, stored through the real admin ingest flow, is shown inert everywhere: escaped
markup, and containers of article text marked `hx-disable` so htmx never acts on what they hold.
tests/browser/test_hardening_xss.py opens the same pages in chromium."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from events import curation
from events.models import Claim, Event, Source

# Saved as plain text, so the markup stays in the article's words (an HTML file would be stripped).
HOSTILE_TEXT = """Raid in Caracas

Security forces raided the offices of the opposition party in Caracas on 2 February 2019 \
<img src=x onerror="window.__pwned=2"> and detained two leaders <a href="javascript:window.__pwned=3">here</a>.

Interior minister Nestor Reverol said "the raid was legal <div hx-get="/evil-hx-get" hx-trigger="load">x</div> \
<button hx-post="/evil-hx-post" hx-trigger="load">go</button>".

Protesters marched through Caracas on 3 February 2019 <svg onload="window.__pwned=4"></svg> \
<script>window.__pwned=1</script>.
"""
HOSTILE_TITLE = '<script>window.__pwned=5</script>Raid <span hx-get="/evil-title" hx-trigger="load">x</span>'
HOSTILE_OUTLET = '<img src=x onerror="window.__pwned=6">'
HOSTILE_HEADLINE = '<img src=x onerror="window.__pwned=7"> Raid <b hx-get="/evil-headline" hx-trigger="load">x</b>'
HOSTILE_STATEMENT = (
    'the raid was legal <div hx-get="/evil-hx-get" hx-trigger="load">x</div> '
    '<button hx-post="/evil-hx-post" hx-trigger="load">go</button> <a href="javascript:window.__pwned=3">here</a>'
)
# What must never appear as live markup in a page (each is stored, so each must appear escaped).
LIVE = [
    "<script>window.__pwned",
    "<img src=x",
    "<svg onload",
    'href="javascript:',
    'hx-get="/evil',
    'hx-post="/evil',
    "<span hx-get",
    "<b hx-get",
]
EVIL_PATHS = ["/evil-hx-get", "/evil-hx-post", "/evil-title", "/evil-headline", "/x"]


def review_data(response) -> dict:
    """The preview's review forms as the editor would submit them untouched."""
    data = {"payload": response.context["token"]}
    forms = [
        *response.context["actor_forms"],
        *(f for f, _ in response.context["event_rows"]),
        *(f for f, _ in response.context["claim_rows"]),
    ]
    for form in forms:
        for field in form:
            value = field.value()
            if field.name == "accept":
                data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = value.pk if hasattr(value, "pk") else value
    return data


def ingest_hostile_article(client, crisis, editor, parsed) -> dict:
    """Upload, preview, confirm (with a hostile headline typed in review), then publish everything.
    Returns the preview response and the saved rows."""
    upload = SimpleUploadedFile("raid.txt", HOSTILE_TEXT.encode(), content_type="text/plain")
    preview = client.post(
        reverse("admin:events_source_ingest"),
        {
            "crisis": crisis.pk,
            "file": upload,
            "published": "2019-02-04",
            "title": HOSTILE_TITLE,
            "outlet": HOSTILE_OUTLET,
        },
    )
    preview = parsed(client, preview)
    assert preview.status_code == 200, preview.content.decode()[:2000]
    data = review_data(preview)
    data["event-0-headline"] = HOSTILE_HEADLINE
    data["claim-0-statement"] = HOSTILE_STATEMENT
    confirm = client.post(reverse("admin:events_source_ingest_confirm"), data)
    assert confirm.status_code == 302, confirm.content.decode()[:2000]
    source = Source.objects.get()
    curation.publish(queryset=Event.objects.all(), user=editor)
    curation.publish(queryset=Claim.objects.all(), user=editor)
    events = list(Event.objects.order_by("date_start"))
    claim = Claim.objects.get()
    # The cleaner drops markup from the article's text; the raw original, the typed fields keep theirs.
    assert "<img src=x" in source.original and (source.title, source.outlet) == (HOSTILE_TITLE, HOSTILE_OUTLET)
    assert (events[0].headline, claim.statement) == (HOSTILE_HEADLINE, HOSTILE_STATEMENT)
    return {"preview": preview, "source": source, "events": events, "claim": claim}


def pages_showing(stored, crisis) -> list[str]:
    source, events, claim = stored["source"], stored["events"], stored["claim"]
    slug = crisis.slug
    return [
        reverse("events:crisis-timeline", args=[slug]),
        reverse("events:crisis-claims", args=[slug]),
        reverse("events:event-detail", args=[events[0].pk]),
        reverse("events:event-detail", args=[events[1].pk]),
        reverse("events:source-detail", args=[source.pk]),
        reverse("events:actor-detail", args=[claim.claimant_id]),
        reverse("admin:events_source_change", args=[source.pk]),
        reverse("admin:events_source_changelist"),
        reverse("admin:events_event_change", args=[events[0].pk]),
        reverse("admin:events_event_changelist"),
        reverse("admin:events_claim_change", args=[claim.pk]),
        reverse("admin:events_source_ingested", args=[source.pk]),
    ]


def assert_inert(html: str, where: str) -> None:
    for live in LIVE:
        assert live not in html, f"{where}: live markup {live!r}"


@pytest.fixture
def stored(editor_client, crisis, editor, parsed):
    return ingest_hostile_article(editor_client, crisis, editor, parsed)


def test_the_ingest_preview_shows_the_hostile_article_inert(stored):
    html = stored["preview"].content.decode()
    assert_inert(html, "ingest preview")
    assert "&lt;img src=x onerror=" in html
    assert re.search(r'<div class="ingest-review" hx-disable>', html)
    assert re.search(r'<p class="pv-text" hx-disable>(?:(?!</p>).)*Security forces', html, re.S)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_every_page_shows_the_stored_article_inert(editor_client, analyst, stored, crisis, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    analyst_client = Client()
    analyst_client.force_login(analyst)
    for url in pages_showing(stored, crisis):
        for client in (editor_client, analyst_client):
            response = client.get(url, **headers)
            assert response.status_code == 200, url
            assert_inert(response.content.decode(), url)


def test_the_hostile_text_is_shown_escaped_not_dropped(analyst_client, stored, crisis):
    html = analyst_client.get(reverse("events:source-detail", args=[stored["source"].pk])).content.decode()
    assert "&lt;img src=x onerror=&quot;window.__pwned=6&quot;&gt;" in html
    assert "&lt;script&gt;window.__pwned=5&lt;/script&gt;Raid" in html
    timeline = analyst_client.get(reverse("events:crisis-timeline", args=[crisis.slug])).content.decode()
    assert "&lt;img src=x onerror=&quot;window.__pwned=7&quot;&gt; Raid" in timeline
    claims = analyst_client.get(reverse("events:crisis-claims", args=[crisis.slug])).content.decode()
    assert "&lt;div hx-get=&quot;/evil-hx-get&quot; hx-trigger=&quot;load&quot;&gt;" in claims


def test_containers_of_article_text_carry_hx_disable(analyst_client, stored, crisis):
    """Quotes, claim statements and the source's text sit inside an element with hx-disable."""
    checks = {
        reverse("events:source-detail", args=[stored["source"].pk]): [
            r"<h1 hx-disable>",
            r'<div class="source-text"[^>]*hx-disable>',
            r'<ol class="span-list" hx-disable>',
        ],
        reverse("events:event-detail", args=[stored["events"][0].pk]): [r'<ul class="quotes" hx-disable>'],
        reverse("events:crisis-claims", args=[crisis.slug]): [
            r'<blockquote class="statement" hx-disable>',
            r'<p class="cite" hx-disable>',
        ],
        reverse("events:actor-detail", args=[stored["claim"].claimant_id]): [r'<ol class="claims" hx-disable>'],
    }
    for url, patterns in checks.items():
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            html = analyst_client.get(url, **headers).content.decode()
            for pattern in patterns:
                assert re.search(pattern, html), (url, pattern)
