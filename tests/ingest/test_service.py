"""The one ingest entry point: reading each kind of input, the cap, HTML decided once, today passed in."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from events.ingest import service
from events.ingest.types import IngestError
from events.models import Source
from tests.ingest.test_fetch import local_ok, server  # noqa: F401  (the local HTTP server fixtures)

DEMO = Path(__file__).resolve().parents[2] / "events" / "demo" / "venezuela.txt"
PAGE = (
    b"<!DOCTYPE html><html><head><title>Rally</title></head><body><article><h1>Rally in Caracas</h1>"
    b"<p>Thousands of opposition supporters marched in Caracas on Saturday, witnesses said.</p></article></body></html>"
)


@pytest.mark.parametrize(
    "raw, name, is_html",
    [
        (PAGE, None, True),  # a saved page, recognised by its start
        (b"Thousands marched.\n<figure>a stray tag</figure>", None, False),  # pasted text with a tag in it
        (b"Thousands marched.", "rally.html", True),  # the file's name decides when there is one
        (PAGE, "rally.txt", False),
    ],
)
def test_html_is_decided_once_and_the_stored_format_follows(raw, name, is_html):
    article = service.read_text(raw, is_html=service.html_by_name(name))
    assert article.is_html is is_html
    assert article.original_format == ("html" if is_html else "text")


def test_every_input_is_capped_by_the_setting(settings, tmp_path):
    settings.INGEST_MAX_BYTES = 100
    big = "x" * 101
    (tmp_path / "big.txt").write_text(big)
    with pytest.raises(IngestError, match="the limit is"):
        service.read_text(big)
    with pytest.raises(IngestError, match="the limit is"):
        service.read_file(tmp_path / "big.txt")
    with pytest.raises(IngestError, match="the limit is"):
        service.read_upload(SimpleUploadedFile("big.txt", big.encode()))
    assert service.read_text("x" * 100).text == "x" * 100


def test_binary_input_is_refused_with_a_message():
    with pytest.raises(IngestError, match="PNG image"):
        service.read_text(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))


def test_a_url_is_read_through_the_safe_fetcher(settings, local_ok):  # noqa: F811
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True
    article = service.read_url(f"{local_ok}/article")
    assert article.url == f"{local_ok}/article" and article.text


def test_the_parser_gets_today_and_the_known_actors(db, monkeypatch):
    seen = {}

    def parse_article(raw, **kwargs):
        seen.update(kwargs)
        raise IngestError("stop here")

    monkeypatch.setattr(service, "parse_article", parse_article)
    with pytest.raises(IngestError):
        service.parse_input(service.read_text("Thousands marched."), published=dt.date(2019, 2, 3))
    assert seen["today"] == timezone.localdate()
    assert seen["is_html"] is False and seen["published"] == dt.date(2019, 2, 3)
    assert seen["known_actors"] == []


def test_ingest_parses_and_saves_through_the_one_writer(crisis, editor):
    outcome = service.ingest(service.read_file(DEMO), crisis=crisis, user=editor)
    assert not outcome.duplicate and outcome.events_created
    assert Source.objects.get().original_format == "text"
    assert service.ingest(service.read_file(DEMO), crisis=crisis, user=editor).duplicate
