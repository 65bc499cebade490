"""The admin's ingest pages: form → queued parse (a task, run here by `run_tasks`) → preview (nothing saved)
→ confirm (one transaction) → summary."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import Actor, Claim, Event, Evidence, PendingArticle, Source
from tests import factories

DEMO = (Path(__file__).resolve().parents[3] / "events" / "demo" / "venezuela.txt").read_text(encoding="utf-8")
INGEST = reverse("admin:events_source_ingest")
CONFIRM = reverse("admin:events_source_ingest_confirm")
SHORT = "Rally in Caracas\n\nThousands of opposition supporters marched in Caracas on Saturday, witnesses said.\n"


def nothing_saved() -> bool:
    return not (Source.objects.exists() or Event.objects.exists() or Claim.objects.exists() or Actor.objects.exists())


@pytest.fixture(autouse=True)
def worker(run_tasks):
    global _run_tasks
    _run_tasks = run_tasks


def preview(client, crisis, **data):
    """Post the ingest form; once it is queued, let the worker parse it and open its review page."""
    response = client.post(INGEST, {"crisis": crisis.pk, **data})
    if response.status_code != 302 or "/review/" not in response.url:
        return response
    _run_tasks()
    return client.get(response.url)


def confirm_data(response) -> dict:
    """Every field of the preview form as the browser would post it (ticked boxes included)."""
    html = response.content.decode()
    data = {"payload": re.search(r'name="payload" value="([^"]+)"', html).group(1)}
    for form in (
        *response.context["actor_forms"],
        *[f for f, _ in response.context["event_rows"]],
        *[f for f, _ in response.context["claim_rows"]],
    ):
        for name in form.fields:
            value = form.initial.get(name)
            key = f"{form.prefix}-{name}"
            if name == "accept":
                data[key] = "on"
            elif value is not None:
                data[key] = value.pk if hasattr(value, "pk") else value
    return data


def test_preview_shows_candidates_and_saves_nothing(editor_client, crisis):
    response = preview(editor_client, crisis, text=DEMO)
    assert response.status_code == 200
    assert response.context["event_rows"] and response.context["actor_forms"]
    body = response.content.decode()
    assert '<mark class="ev' in body and "hx-disable" in body
    assert "inferred from the text" in body
    assert nothing_saved()


def test_confirm_saves_everything_in_one_go_and_shows_the_summary(editor_client, crisis):
    response = preview(editor_client, crisis, text=DEMO)
    saved = editor_client.post(CONFIRM, confirm_data(response))
    source = Source.objects.get()
    assert saved.status_code == 302 and saved.url == reverse("admin:events_source_ingested", args=[source.pk])
    assert Event.objects.filter(crisis=crisis, status="draft").exists()
    assert Evidence.objects.filter(source=source).count() >= Event.objects.count()
    summary = editor_client.get(saved.url)
    assert summary.status_code == 200 and b"Events (" in summary.content
    assert "Cookie" not in source.text and "REUTERS" not in source.text


def test_unticked_candidates_are_left_out(editor_client, crisis):
    response = preview(editor_client, crisis, text=DEMO)
    data = confirm_data(response)
    for key in [k for k in data if k.startswith("event-") and k.endswith("-accept")][1:]:
        del data[key]
    editor_client.post(CONFIRM, data)
    assert Event.objects.count() == 1


def test_editor_corrections_are_saved(editor_client, crisis):
    response = preview(editor_client, crisis, text=SHORT, published="2019-02-03")
    data = confirm_data(response)
    data["event-0-headline"] = "Opposition march in Caracas"
    data["event-0-precision"] = "week"
    data["event-0-date_start"], data["event-0-date_end"] = "2019-01-28", "2019-02-03"
    for key in [k for k in data if k.startswith("event-") and k.endswith("-accept")][1:]:
        del data[key]
    editor_client.post(CONFIRM, data)
    event = Event.objects.get()
    assert (event.headline, event.precision, str(event.date_start)) == (
        "Opposition march in Caracas",
        "week",
        "2019-01-28",
    )


def test_tampered_payload_is_refused_and_nothing_saved(editor_client, crisis):
    response = preview(editor_client, crisis, text=SHORT, published="2019-02-03")
    data = confirm_data(response)
    data["payload"] = data["payload"][:-3] + ("AAA" if not data["payload"].endswith("AAA") else "BBB")
    result = editor_client.post(CONFIRM, data, follow=True)
    assert b"The preview was changed or has expired" in result.content
    assert nothing_saved()


def test_invalid_correction_gets_a_form_error_not_a_save(editor_client, crisis):
    response = preview(editor_client, crisis, text=SHORT, published="2019-02-03")
    data = confirm_data(response)
    data["event-0-date_start"], data["event-0-date_end"] = "2019-02-05", "2019-02-01"
    result = editor_client.post(CONFIRM, data)
    assert result.status_code == 400 and b"The latest day is before the earliest day" in result.content
    assert nothing_saved()


def test_the_same_article_again_sends_the_editor_to_the_existing_source(editor_client, crisis):
    editor_client.post(CONFIRM, confirm_data(preview(editor_client, crisis, text=DEMO)))
    again = preview(editor_client, crisis, text=DEMO)
    source = Source.objects.get()
    assert again.status_code == 200 and again.context["pending"].state == "duplicate"
    assert reverse("admin:events_source_ingested", args=[source.pk]) in again.content.decode()
    assert "Same text as article" in again.content.decode()
    assert Source.objects.count() == 1


def test_an_article_stored_for_one_crisis_gives_a_draft_for_another(editor_client, crisis):
    other = factories.CrisisFactory(name="Second crisis")
    editor_client.post(CONFIRM, confirm_data(preview(editor_client, crisis, text=DEMO)))
    first_events = set(Event.objects.values_list("pk", flat=True))
    review = preview(editor_client, other, text=DEMO)
    assert review.status_code == 200 and review.context["event_rows"]
    assert "already stored for another crisis" in review.content.decode()
    saved = editor_client.post(CONFIRM, confirm_data(review))
    source = Source.objects.get()
    assert saved.status_code == 302 and saved.url == reverse("admin:events_source_ingested", args=[source.pk])
    new_events = Event.objects.exclude(pk__in=first_events)
    assert new_events.exists() and set(new_events.values_list("crisis", flat=True)) == {other.pk}
    assert Evidence.objects.filter(event__crisis=other, source=source).exists()
    assert PendingArticle.objects.get(crisis=other).state == "accepted"


def test_uploaded_html_file_is_parsed(editor_client, crisis):
    page = (
        b"<html><head><title>Rally</title><meta property='article:published_time' content='2019-02-03'></head>"
        b"<body><nav>Home | World</nav><article><h1>Rally in Caracas</h1><p>Thousands of opposition supporters "
        b"marched in Caracas on Saturday, witnesses said. Police fired tear gas at the crowd.</p></article>"
        b"</body></html>"
    )
    response = preview(editor_client, crisis, file=SimpleUploadedFile("rally.html", page, "text/html"))
    assert response.status_code == 200
    assert "Home | World" not in response.context["payload"]["body"]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": ""}, "Give the article one way"),
        ({"text": "   \n  "}, "Give the article one way"),
        ({"text": SHORT, "url": "https://example.org/a"}, "Give the article one way"),
        ({"file": SimpleUploadedFile("a.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)}, "PNG"),
        ({"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}, "Upload a .txt or .html file"),
        ({"url": "http://127.0.0.1/admin/"}, "private or local network"),
        ({"url": "http://169.254.169.254/latest/meta-data/"}, "private or local network"),
        ({"url": "file:///etc/passwd"}, "Only http"),
        ({"text": SHORT, "published": "2024-02-30"}, "Enter a valid date"),
        ({"text": "\x00\x00\x00"}, ""),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(editor_client, crisis, data, message):
    response = preview(editor_client, crisis, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_saved()


def test_upload_over_the_cap_is_refused_with_its_size(editor_client, crisis, settings):
    settings.INGEST_MAX_BYTES = 5 * 1024 * 1024
    big = SimpleUploadedFile("big.txt", b"a" * (5 * 1024 * 1024 + 1))
    response = preview(editor_client, crisis, file=big)
    assert response.status_code == 400 and "the limit is 5,242,880 bytes (5 MB)" in response.content.decode()


def test_text_in_other_encodings_is_decoded(editor_client, crisis):
    for encoding in ("cp1252", "utf-16"):
        # Each text its own, or the second would be the first's duplicate in the crisis's queue.
        text = f"Caf\u00e9 protest\n\nProtesters led by Jos\u00e9 P\u00e9rez marched on Saturday ({encoding}).\n"
        upload = SimpleUploadedFile(f"a-{encoding}.txt", text.encode(encoding))
        response = preview(editor_client, crisis, file=upload, published="2019-02-03")
        assert response.status_code == 200, encoding
        assert "Jos\u00e9 P\u00e9rez" in response.context["payload"]["body"]


def test_analysts_cannot_reach_the_ingest_pages(analyst_client, crisis):
    assert analyst_client.get(INGEST).status_code == 403
    assert preview(analyst_client, crisis, text=SHORT).status_code == 403
    assert analyst_client.post(CONFIRM, {"payload": "x"}).status_code == 403
    assert nothing_saved()


def test_a_database_error_during_confirm_saves_nothing(editor_client, crisis, monkeypatch):
    from django.db import DatabaseError

    from events.ingest import commit

    response = preview(editor_client, crisis, text=DEMO)
    real = commit._evidence
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise DatabaseError("connection lost")
        return real(*args, **kwargs)

    monkeypatch.setattr(commit, "_evidence", failing)
    result = editor_client.post(CONFIRM, confirm_data(response))
    assert result.status_code == 503
    assert "nothing was saved" in result.content.decode()
    assert nothing_saved()


def test_a_french_article_is_previewed_with_a_warning_and_stored_with_its_language(editor_client, crisis):
    text = (
        "Des milliers de manifestants à Caracas\n\nDes milliers de personnes ont manifesté samedi à Caracas contre "
        "le gouvernement de Nicolás Maduro, a déclaré le chef de l'opposition.\n"
    )
    response = preview(editor_client, crisis, text=text, published="2019-02-03")
    body = response.content.decode()
    assert "This article is in French" in body
    assert not response.context["event_rows"]
    editor_client.post(CONFIRM, confirm_data(response))
    assert Source.objects.get().language == "fr"
    assert not Event.objects.exists()


def test_happenings_not_reported_as_done_are_shown_folded_and_never_saved(editor_client, crisis):
    text = "Police clear camp\n\nPolice cleared the camp on Saturday. It was not clear if any arrests were made.\n"
    response = preview(editor_client, crisis, text=text, published="2019-02-03")
    body = response.content.decode()
    assert "Mentioned but not reported as done (1)" in body and "hypothetical" in body
    editor_client.post(CONFIRM, confirm_data(response))
    assert not Event.objects.filter(evidence__start__gte=text.index("It was")).exists()


def test_a_missing_publication_date_is_said_once(editor_client, crisis):
    body = preview(editor_client, crisis, text="Rally in Caracas\n\nThousands of people marched in Caracas.\n")
    assert body.content.decode().count("No publication date was given or found") == 1
    assert "Saturday" not in body.content.decode()


FIGURES = (
    "Rally in Caracas\n\nOpposition supporters marched in Caracas on Saturday. "
    "Organisers said tens of thousands of people joined the march.\n"
)


def test_the_review_shows_the_parsed_figure_and_saves_the_editors_correction(editor_client, crisis):
    response = preview(editor_client, crisis, text=FIGURES, published="2019-02-03")
    (form, _data) = response.context["claim_rows"][0]
    assert (form.initial["figure_measure"], form.initial["figure_text"]) == ("crowd_size", "tens of thousands")
    assert (form.initial["figure_low"], form.initial["figure_high"]) == ("20000", "99999")
    data = confirm_data(response)
    bad = data | {"claim-0-figure_low": "50000", "claim-0-figure_high": "30000"}
    refused = editor_client.post(CONFIRM, bad)
    assert refused.status_code == 400 and b"The highest figure is below the lowest." in refused.content
    assert nothing_saved()
    editor_client.post(CONFIRM, data | {"claim-0-figure_low": "30000", "claim-0-figure_high": "50000"})
    claim = Claim.objects.get()
    assert (claim.figure_measure, claim.figure_text, claim.figure_low, claim.figure_high) == (
        "crowd_size",
        "tens of thousands",
        30000,
        50000,
    )
