"""Every HTML page carries the CSP, every script on it is ours and nonced, htmx is configured to match,
and production cookies are secure."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.urls import reverse

from events.ingest import tasks
from events.models import ActorAlias
from tests import factories

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=[^>]*>|<style\b(?![^>]*\snonce=)", re.I)


@pytest.fixture
def pages(crisis, editor):
    actor = factories.ActorFactory(name="Yanez Rodriguez")
    alias = ActorAlias.objects.create(actor=actor, alias="General Yanez")
    source = factories.SourceFactory()
    event = factories.EventFactory(crisis=crisis)
    factories.EventActorFactory(event=event, actor=actor)
    factories.evidence_for(source, "Protesters marched on Saturday", event=event)
    claim = factories.ClaimFactory(crisis=crisis, claimant=actor, event=event)
    pending = tasks.queue_article(crisis=crisis, url="https://example.org/news/1")
    slug = crisis.slug
    urls = [
        reverse("events:crisis-list"),
        reverse("events:crisis-timeline", args=[slug]),
        reverse("events:crisis-actors", args=[slug]) + "?name=yan",
        reverse("events:crisis-claims", args=[slug]),
        reverse("events:event-detail", args=[event.pk]),
        reverse("events:actor-detail", args=[actor.pk]),
        reverse("events:source-detail", args=[source.pk]),
        reverse("admin:index"),
        reverse("admin:events_source_ingest"),
        reverse("admin:events_source_ingested", args=[source.pk]),
        reverse("admin:events_event_import"),
        reverse("admin:password_change"),
        reverse("admin:events_pendingarticle_changelist") + f"?crisis__id__exact={crisis.pk}",
        reverse("admin:events_pendingarticle_review", args=[pending.pk]),
        reverse("admin:events_pendingarticle_counts"),
        reverse("admin:events_feed_changelist"),
        reverse("admin:events_feed_add"),
    ]
    for model, obj in (
        ("crisis", crisis),
        ("source", source),
        ("actor", actor),
        ("event", event),
        ("claim", claim),
        ("actoralias", alias),
    ):
        urls += [
            reverse(f"admin:events_{model}_changelist"),
            reverse(f"admin:events_{model}_add"),
            reverse(f"admin:events_{model}_change", args=[obj.pk]),
            reverse(f"admin:events_{model}_history", args=[obj.pk]),
            reverse(f"admin:events_{model}_simple_history", args=[obj.pk, obj.history.earliest().history_id]),
            reverse(f"admin:events_{model}_delete", args=[obj.pk]),
        ]
    return urls


def check_html_response(response, url):
    assert response["Content-Type"].startswith("text/html"), url
    csp = response.headers["Content-Security-Policy"]
    for part in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert part in csp, (url, csp)
    scripts = re.search(r"script-src ([^;]*)", csp)[1].split()
    # The nonce is in the header whenever the page used it (a partial without scripts does not).
    assert scripts[0] == "'self'" and all(s.startswith("'nonce-") for s in scripts[1:]) and len(scripts) <= 2, csp
    assert "unsafe-eval" not in csp and "unsafe-inline" not in csp, url
    nonce = scripts[1][len("'nonce-") : -1] if len(scripts) == 2 else None
    html = response.content.decode()
    for attributes in SCRIPT.findall(html):
        # Inline JSON data blocks are not run; everything else needs the page's nonce.
        if 'type="application/json"' not in attributes:
            assert nonce and f'nonce="{nonce}"' in attributes, (url, attributes)
    assert not INLINE_HANDLER.search(html), (url, INLINE_HANDLER.search(html)[0])
    # style-src 'self' blocks inline styles: one in a page is a broken look in every browser.
    assert not INLINE_STYLE.search(html), (url, INLINE_STYLE.search(html)[0])
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_every_html_page_carries_the_csp_and_nonced_scripts_only(editor_client, pages, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for url in pages:
        response = editor_client.get(url, **headers)
        assert response.status_code == 200, url
        check_html_response(response, url)


def test_the_ingest_preview_carries_the_csp(editor_client, crisis, parsed):
    queued = editor_client.post(
        reverse("admin:events_source_ingest"),
        {"crisis": crisis.pk, "text": "Protesters marched in Caracas on 2 February 2019.", "published": "2019-02-03"},
    )
    response = parsed(editor_client, queued)
    assert response.status_code == 200
    check_html_response(response, "ingest preview")


def test_error_pages_carry_the_csp_too(client, analyst_client):
    for response in (client.get("/no/such/page/"), analyst_client.get(reverse("admin:events_source_ingest"))):
        assert response.status_code in (403, 404)
        assert "object-src 'none'" in response.headers["Content-Security-Policy"]


def test_htmx_is_configured_to_match_the_csp(analyst_client, crisis):
    html = analyst_client.get(reverse("events:crisis-timeline", args=[crisis.slug])).content.decode()
    config = json.loads(re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', html)[1])
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["includeIndicatorStyles"] is False
    assert config["selfRequestsOnly"] is True
    # Our one script of our own: from a file, with the nonce, no inline code anywhere.
    assert re.search(r'<script src="/static/js/app\.js" nonce="[^"]+" defer></script>', html)
    assert re.search(r'<div id="request-error"[^>]*role="alert"[^>]*aria-live="assertive"[^>]*hidden>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html)


def test_the_error_message_script_writes_text_never_html():
    code = open(os.path.join(ROOT, "static", "js", "app.js")).read()
    assert "textContent" in code
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", code)


def test_production_settings_make_cookies_secure_and_force_https():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "crisis.example.org"}
    env.pop("SECURE_SSL_REDIRECT", None)
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps(["
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.DEBUG]))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "crisis_tracker.settings"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [True, True, True, True, 31_536_000, False]


def test_with_secure_cookies_the_session_and_csrf_cookies_are_sent_secure(client, editor, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    login = client.get(reverse("admin:login"))
    assert login.cookies["csrftoken"]["secure"] is True
    response = client.post(reverse("admin:login"), {"username": "erin", "password": "erin-pass-1234"})
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True
