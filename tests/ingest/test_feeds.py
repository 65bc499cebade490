"""Feeds (events/ingest/feeds.py, `poll_feeds`): a feed of 50 items served on 127.0.0.1 through the
test-only allowance, conditional GET, de-duplication by URL and by text, keywords, errors on the feed."""

import datetime as dt
import http.server
import io
import threading

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.ingest import feeds
from events.models import Feed, PendingArticle

State = PendingArticle.State
ETAG = '"feed-v1"'


def item_page(n: int) -> bytes:
    return (
        f"<html><head><title>Rally {n}</title></head><body><article><h1>Rally {n} in Caracas</h1><p>Thousands of "
        f"opposition supporters marched in Caracas on Saturday for the {n}th time, witnesses said.</p></article>"
        "</body></html>"
    ).encode()


class FeedHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        server = self.server
        server.requests.append((self.path, self.headers.get("If-None-Match")))
        base = f"http://127.0.0.1:{server.server_address[1]}"
        if self.path == "/feed.xml":
            if server.honour_etag and self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.end_headers()
                return
            self.reply(200, server.feed(base), "application/rss+xml", [("ETag", ETAG)])
        elif self.path == "/broken.xml":
            self.reply(500, b"oops", "text/plain")
        elif self.path == "/page.html":
            self.reply(200, b"<html><body><p>Not a feed at all.</p></body></html>", "text/html")
        elif self.path.startswith("/item/"):
            n = int(self.path.rsplit("/", 1)[1])
            if n in server.missing:
                self.reply(404, b"gone", "text/plain")
            else:
                self.reply(200, item_page(server.same_text.get(n, n)), "text/html; charset=utf-8")
        else:
            self.reply(404, b"", "text/plain")

    def reply(self, status, body, content_type, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def rss(base: str, items: list[tuple[int, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{base}/item/{n}</link><description>{title} summary</description>"
        f"<pubDate>Sat, 02 Feb 2019 12:00:00 GMT</pubDate></item>"
        for n, title in items
    )
    channel = f"<channel><title>Local news</title>{entries}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


@pytest.fixture
def feed_server(settings):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True  # the test-only allowance: loopback, any port
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    server.daemon_threads = True
    server.requests, server.missing, server.same_text, server.honour_etag = [], set(), {}, True
    server.feed = lambda base: rss(base, [(n, f"Rally {n} in Caracas") for n in range(50)])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def feed(crisis, feed_server):
    return Feed.objects.create(crisis=crisis, url=f"{feed_server.base}/feed.xml")


def test_a_poll_of_50_items_queues_50_drafts_and_the_second_adds_none(feed, feed_server, run_tasks, settings):
    settings.INGEST_TASK_ATTEMPTS = 1
    feed_server.missing = {7}
    outcome = feeds.poll_feed(feed)
    assert outcome == feeds.PollOutcome(queued=50, skipped=0)
    run_tasks()
    rows = PendingArticle.objects.filter(feed=feed)
    assert rows.count() == 50 and rows.filter(state=State.READY).count() == 49
    failed = rows.get(state=State.FAILED)
    assert failed.url.endswith("/item/7") and "404" in failed.error
    ready = rows.get(url=f"{feed_server.base}/item/3")
    assert ready.title == "Rally 3 in Caracas" and ready.published_on == dt.date(2019, 2, 2)
    feed.refresh_from_db()
    assert feed.etag == ETAG and feed.last_success_at and feed.error_count == 0 and feed.title == "Local news"
    # Second poll: the server says "not modified" to the conditional GET.
    assert feeds.poll_feed(feed).not_modified
    assert feed_server.requests[-1] == ("/feed.xml", ETAG)
    # A server that ignores it: every item's URL is already known.
    feed_server.honour_etag = False
    assert feeds.poll_feed(feed) == feeds.PollOutcome(queued=0, skipped=50)
    assert PendingArticle.objects.count() == 50


def test_keywords_keep_only_matching_items(feed, feed_server):
    feed_server.feed = lambda base: rss(base, [(1, "Rally in Caracas"), (2, "Football results"), (3, "CARACAS talks")])
    feed.keywords = "caracas, maduro"
    assert feeds.poll_feed(feed) == feeds.PollOutcome(queued=2, skipped=1)
    assert sorted(p.url[-1] for p in PendingArticle.objects.all()) == ["1", "3"]


def test_the_same_text_under_two_urls_is_queued_once(feed, feed_server, run_tasks):
    feed_server.feed = lambda base: rss(base, [(1, "Rally"), (2, "Rally again")])
    feed_server.same_text = {2: 1}
    feeds.poll_feed(feed)
    run_tasks()
    states = dict(PendingArticle.objects.values_list("url", "state"))
    assert sorted(states.values()) == [State.DUPLICATE, State.READY]


def test_a_rejected_item_does_not_come_back(feed, feed_server, run_tasks):
    feed_server.honour_etag = False
    feed_server.feed = lambda base: rss(base, [(1, "Rally")])
    feeds.poll_feed(feed)
    PendingArticle.objects.update(state=State.REJECTED)
    assert feeds.poll_feed(feed) == feeds.PollOutcome(queued=0, skipped=1)


@pytest.mark.parametrize(
    "path, message",
    [("/broken.xml", "500"), ("/page.html", "did not give an RSS or Atom feed"), ("/missing.xml", "404")],
)
def test_a_failing_feed_counts_its_errors_and_says_why(crisis, feed_server, path, message):
    feed = Feed.objects.create(crisis=crisis, url=f"{feed_server.base}{path}")
    for expected in (1, 2):
        outcome = feeds.poll_feed(feed)
        feed.refresh_from_db()
        assert message in outcome.error and message in feed.last_error and feed.error_count == expected
    assert feed.last_success_at is None and not PendingArticle.objects.exists()


def test_hostile_item_links_are_skipped(feed, feed_server, settings):
    feed_server.feed = lambda base: (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
        b"<item><title>a</title><link>file:///etc/passwd</link></item>"
        b"<item><title>b</title><link>javascript:alert(1)</link></item><item><title>c</title></item>"
        b"</channel></rss>"
    )
    assert feeds.poll_feed(feed) == feeds.PollOutcome(queued=0, skipped=3)


def test_loopback_feeds_are_refused_without_the_test_allowance(feed, settings):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False
    outcome = feeds.poll_feed(feed)
    assert "private or local network" in outcome.error or "standard port" in outcome.error


def test_poll_feeds_polls_only_due_feeds_and_shows_progress(crisis, feed, feed_server):
    feed_server.feed = lambda base: rss(base, [(1, "Rally")])
    recent = Feed.objects.create(
        crisis=crisis, url=f"{feed_server.base}/broken.xml", last_polled_at=timezone.now(), interval_minutes=60
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("poll_feeds", stdout=out, stderr=err)
    assert "1 feed(s) polled, 1 new article(s) queued." in out.getvalue()
    assert "feeds: 100%" in err.getvalue()
    recent.refresh_from_db()
    assert recent.error_count == 0  # not due: not polled


def test_the_feed_admin_shows_last_success_and_errors(editor_client, feed):
    feed.error_count, feed.last_error = 3, "The server answered 500 Internal Server Error; no article was fetched."
    feed.save()
    html = editor_client.get(reverse("admin:events_feed_changelist")).content.decode()
    assert "The server answered 500" in html and ">3<" in html


def test_a_feed_that_breaks_the_reader_is_recorded_not_raised(feed, feed_server, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("reader crashed")

    monkeypatch.setattr(feeds.feedparser, "parse", broken)
    outcome = feeds.poll_feed(feed)
    feed.refresh_from_db()
    assert outcome.error == "The feed could not be read." and feed.error_count == 1
