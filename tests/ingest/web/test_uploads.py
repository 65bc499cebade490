"""Uploads and pastes past the size cap: refused with a form error a person can read, nothing stored
past the cap, no temporary file left behind (events/ingest/web/uploads.py)."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse

from events.ingest.web.forms import over_the_cap
from events.models import Event, Source

FIFTY_MB = 50 * 1024 * 1024
CHUNK = 64 * 1024  # Django's upload chunk size


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path


@pytest.fixture
def stored(monkeypatch):
    """How many bytes Django's temporary-file handler was given to write, over the test."""
    written = {"bytes": 0}
    original = TemporaryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data, start):
        written["bytes"] += len(raw_data)
        return original(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counting)
    return written


def test_a_50_mb_upload_is_refused_with_its_size_and_leaves_nothing_behind(
    editor_client, crisis, settings, upload_dir, stored
):
    upload = SimpleUploadedFile("huge.txt", b"Protesters marched. " * (FIFTY_MB // 20), content_type="text/plain")
    response = editor_client.post(reverse("admin:events_source_ingest"), {"crisis": crisis.pk, "file": upload})
    assert response.status_code == 400
    assert "The file is 50.0 MB; the limit is 5 MB." in response.content.decode()
    assert stored["bytes"] <= settings.INGEST_MAX_BYTES + CHUNK
    assert os.listdir(upload_dir) == []
    assert not Source.objects.exists()


def test_an_upload_just_over_the_cap_names_sizes_that_differ(editor_client, crisis, settings, upload_dir):
    # One byte over used to read "The file is 5.0 MB; the limit is 5 MB".
    size = settings.INGEST_MAX_BYTES + 1
    upload = SimpleUploadedFile("big.txt", b"x" * size, content_type="text/plain")
    response = editor_client.post(reverse("admin:events_source_ingest"), {"crisis": crisis.pk, "file": upload})
    assert response.status_code == 400
    assert f"The file is {size:,} bytes; the limit is {size - 1:,} bytes (5 MB)." in response.content.decode()


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (52_428_800, "The file is 50.0 MB; the limit is 5 MB."),
        (5_250_000, "The file is 5,250,000 bytes; the limit is 5,242,880 bytes (5 MB)."),
        (5_400_000, "The file is 5.1 MB; the limit is 5 MB."),
    ],
)
def test_the_over_the_cap_message_never_shows_equal_numbers(size, message):
    assert over_the_cap(size, 5 * 1024 * 1024) == message


def test_an_upload_just_under_the_cap_still_parses(editor_client, crisis, settings, upload_dir, parsed):
    # A smaller cap, so the parser's run stays short; above FILE_UPLOAD_MAX_MEMORY_SIZE, so on disk.
    settings.INGEST_MAX_BYTES, settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 3 * CHUNK + 100, 1024
    text = "A quiet day. "
    body = (text * (settings.INGEST_MAX_BYTES // len(text)))[: settings.INGEST_MAX_BYTES].encode()
    upload = SimpleUploadedFile("big.txt", body, content_type="text/plain")
    response = editor_client.post(reverse("admin:events_source_ingest"), {"crisis": crisis.pk, "file": upload})
    response = parsed(editor_client, response)
    assert response.status_code == 200
    assert "Review the parsed article" in response.content.decode()
    assert os.listdir(upload_dir) == []


def test_the_event_import_refuses_a_50_mb_file_by_its_size(editor_client, crisis, upload_dir, stored, settings):
    upload = SimpleUploadedFile("huge.csv", b"a," * (FIFTY_MB // 2), content_type="text/csv")
    response = editor_client.post(reverse("admin:events_event_import"), {"crisis": crisis.pk, "file": upload})
    assert response.status_code == 200
    assert f"the largest accepted is {settings.INGEST_MAX_BYTES:,} bytes" in response.content.decode()
    assert stored["bytes"] <= settings.INGEST_MAX_BYTES + CHUNK
    assert os.listdir(upload_dir) == []
    assert not Event.objects.exists()


@pytest.mark.parametrize("extra", [1, 1024 * 1024 + 1, 10 * 1024 * 1024])
def test_a_paste_over_the_cap_gets_a_form_error_not_a_bare_400(editor, crisis, settings, extra):
    # CSRF enforced as in production: the oversized body holds the token Django could not read.
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    url = reverse("admin:events_source_ingest")
    token = client.get(url).context["csrf_token"]
    text = "x" * (settings.INGEST_MAX_BYTES + extra)
    response = client.post(url, {"csrfmiddlewaretoken": token, "crisis": crisis.pk, "text": text})
    assert response.status_code in (400, 413)
    assert "The pasted text is larger than 5 MB; paste one article." in response.content.decode()
    assert not Source.objects.exists()


def test_an_oversized_paste_does_not_get_analysts_past_the_permission_check(analyst_client, crisis, settings):
    text = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = analyst_client.post(reverse("admin:events_source_ingest"), {"crisis": crisis.pk, "text": text})
    assert response.status_code == 403


def test_an_oversized_body_elsewhere_is_still_csrf_checked(editor):
    # The CSRF exemption for an unreadable body is for the ingest page only, which then saves nothing.
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(reverse("admin:logout"), {"junk": "x" * (7 * 1024 * 1024)})
    assert response.status_code in (400, 403)
    assert "_auth_user_id" in client.session
