import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from events.exports.acled import stream_acled_csv
from events.exports.events_csv import stream_events_csv
from events.exports.importer import import_events
from events.models import (
    Actor,
    ActorAlias,
    Claim,
    Crisis,
    Event,
    EventActor,
    EventType,
    Evidence,
    ReviewStatus,
    Source,
)
from tests import factories

HEADER = "format_version,id,crisis,date_start,date_end,precision,date_text,type,headline,actors,status\r\n"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(row + "\r\n" for row in rows)).encode()


def snapshot(crisis) -> list[tuple]:
    """What a round trip must keep: the events, their dates and their actors with roles."""
    return sorted(
        (
            e.date_start,
            e.date_end,
            e.precision,
            e.date_text,
            e.type,
            e.headline,
            e.summary,
            e.location_name,
            e.country,
            e.latitude,
            e.longitude,
            e.fatalities,
            e.timeframe,
            e.status,
            tuple((p.actor.name, p.role) for p in e.participations.order_by("id")),
        )
        for e in Event.objects.for_crisis(crisis).prefetch_related("participations__actor")
    )


@pytest.fixture
def varied_crisis(crisis):
    # Every precision, actors shared between events, hostile text, a draft and a published event.
    guaido, maduro = factories.ActorFactory(name="Juan Guaidó"), factories.ActorFactory(name="Nicolás Maduro")
    rows = [
        ("day", dt.date(2019, 2, 2), dt.date(2019, 2, 2), "Saturday", '=HYPERLINK("x")', ReviewStatus.PUBLISHED),
        ("week", dt.date(2019, 1, 28), dt.date(2019, 2, 3), "last week", 'Rally, "huge"\nand loud', ReviewStatus.DRAFT),
        ("month", dt.date(2019, 2, 1), dt.date(2019, 2, 28), "in February", "'Tis a defection", ReviewStatus.PUBLISHED),
        ("year", dt.date(2019, 1, 1), dt.date(2019, 12, 31), "2019", "-2+3 vote", ReviewStatus.PUBLISHED),
        ("approximate", dt.date(2019, 3, 1), dt.date(2019, 3, 9), "early March", "Talks", ReviewStatus.PUBLISHED),
    ]
    for index, (precision, start, end, phrase, headline, status) in enumerate(rows):
        event = factories.EventFactory(
            crisis=crisis,
            precision=precision,
            date_start=start,
            date_end=end,
            date_text=phrase,
            headline=headline,
            status=status,
            type=["protest", "recognition", "defection", "election", "other"][index],
            summary=f"Summary {index}\nsecond line",
            location_name="Caracas",
            country="Venezuela",
            latitude=Decimal("10.48801"),
            longitude=Decimal("-66.87919"),
            fatalities=index or None,
        )
        factories.EventActorFactory(event=event, actor=guaido, role="initiator")
        if index % 2:
            factories.EventActorFactory(event=event, actor=maduro, role="target")
            factories.EventActorFactory(event=event, actor=guaido, role="mentioned")
    return crisis


def export(crisis) -> bytes:
    return b"".join(stream_events_csv(Event.objects.for_crisis(crisis), include_draft_claims=True))


def empty_database() -> None:
    Evidence.objects.all().delete()
    Claim.objects.all().delete()
    EventActor.objects.all().delete()
    Event.objects.all().delete()
    ActorAlias.objects.all().delete()
    Actor.objects.all().delete()
    Source.objects.all().delete()


def test_round_trip_reproduces_events_actors_and_dates(varied_crisis, editor):
    before = snapshot(varied_crisis)
    data = export(varied_crisis)
    empty_database()
    # Restored where the crisis has the same slug (the file's crisis column names it).
    slug = varied_crisis.slug
    varied_crisis.delete()
    fresh = Crisis.objects.create(name="Copy", slug=slug)
    report = import_events(data=data, crisis=fresh, user=editor)
    assert report.errors == []
    assert (report.created, report.skipped, report.actors_created) == (5, 0, 2)
    assert snapshot(fresh) == before
    assert sorted(Actor.objects.values_list("name", flat=True)) == ["Juan Guaidó", "Nicolás Maduro"]


def test_reimporting_the_same_file_adds_nothing(varied_crisis, editor):
    data = export(varied_crisis)
    report = import_events(data=data, crisis=varied_crisis, user=editor)
    assert (report.created, report.skipped) == (0, 5)
    assert Event.objects.count() == 5


def test_import_records_history_and_creator(crisis, editor):
    import_events(
        data=csv_bytes("1,,,2019-02-02,2019-02-02,day,,protest,Rally,New Person (initiator),"),
        crisis=crisis,
        user=editor,
    )
    event = Event.objects.get()
    assert event.created_by == editor
    assert event.history.get().history_user == editor
    assert event.participations.get().history.get().history_user == editor
    assert Actor.objects.get().history.exists()


def test_imported_events_are_drafts_unless_an_editor_imports_published_rows(crisis, editor, analyst):
    published = csv_bytes("1,,,2019-02-02,2019-02-02,day,,protest,Rally,,published")
    import_events(data=published, crisis=crisis, user=analyst)
    assert Event.objects.get().status == ReviewStatus.DRAFT
    Event.objects.all().delete()
    import_events(data=published, crisis=crisis, user=None)
    assert Event.objects.get().status == ReviewStatus.DRAFT
    Event.objects.all().delete()
    import_events(data=published, crisis=crisis, user=editor)
    assert Event.objects.get().status == ReviewStatus.PUBLISHED


def test_actors_are_matched_by_folded_alias(crisis, editor):
    guaido = factories.ActorFactory(name="Juan Guaidó")
    ActorAlias.objects.create(actor=guaido, alias="Guaido")
    import_events(
        data=csv_bytes("1,,,2019-02-02,,day,,protest,Rally,GUAIDO (initiator); guaidó (target),"),
        crisis=crisis,
        user=editor,
    )
    assert list(Event.objects.get().participations.values_list("actor_id", "role")) == [
        (guaido.pk, "initiator"),
        (guaido.pk, "target"),
    ]
    assert Actor.objects.count() == 1


def test_a_missing_date_end_follows_the_precision(crisis, editor):
    import_events(data=csv_bytes("1,,,2019-02-13,,month,,protest,Rally,,"), crisis=crisis, user=editor)
    event = Event.objects.get()
    assert (event.date_start, event.date_end) == (dt.date(2019, 2, 1), dt.date(2019, 2, 28))


def test_every_row_is_checked_and_nothing_is_saved_on_error(crisis, editor):
    data = csv_bytes(
        "1,,,2019-02-02,2019-02-02,day,,protest,Good row,,",
        "1,,,2019-02-30,2019-02-02,daily,,coup,,A (boss),secret",
        "1,,,2019-02-05,2019-02-01,day,,protest,Backwards,,",
        "2,,,2019-02-05,2019-02-05,day,,protest,Future format,,",
    )
    report = import_events(data=data, crisis=crisis, user=editor)
    assert [str(e) for e in report.errors] == [
        "row 3, date_start: '2019-02-30' is not a date (write YYYY-MM-DD)",
        "row 3, precision: 'daily' is not one of day, week, month, year, approximate",
        "row 3, type: 'coup' is not an event type (" + ", ".join(EventType.values) + ")",
        "row 3, headline: is empty, but every event needs one",
        "row 3, actors: 'boss' in 'A (boss)' is not a role (initiator, mentioned, participant, target)",
        "row 3, status: 'secret' is not one of draft, published",
        "row 4, date_end: 2019-02-01 is before date_start 2019-02-05",
        "row 5, format_version: '2': this importer reads version 1",
    ]
    assert not report.saved
    assert Event.objects.count() == 0 and Actor.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfeh\x00i\x00", "neither a Crisis Tracker events export"),
        ("date_start,headline\n2019-01-01,\xe9t\xe9\n".encode("latin-1"), "not UTF-8 text (byte 0xe9 at position 31)"),
        (b"name;date;what\n1;2;3\n", "semicolon-separated"),
        (b"id,when,what\n1,2,3\n", "neither a Crisis Tracker events export (needs date_start, headline)"),
        (b"", "neither a Crisis Tracker events export"),
        (b"date_start,headline\n2019-01-01,a\x00b\n", "NUL characters"),
        (b'date_start,headline\n2019-01-01,"' + b"x" * 200_000 + b'"\n', "can't be read"),
    ],
)
def test_hostile_files_get_a_clear_message(crisis, editor, data, message):
    report = import_events(data=data, crisis=crisis, user=editor)
    assert message in str(report.errors[0])
    assert Event.objects.count() == 0


@override_settings(INGEST_MAX_BYTES=2048)
def test_files_above_the_cap_are_refused(crisis, editor):
    data = csv_bytes(*[f"1,,,2019-02-02,,day,,protest,Row {i},," for i in range(100)])
    report = import_events(data=data, crisis=crisis, user=editor)
    assert "the largest accepted is 2,048 bytes" in str(report.errors[0])


def test_a_bom_and_utf16_are_understood(crisis, editor):
    text = HEADER + "1,,,2019-02-02,,day,,protest,Réunion,,\r\n"
    assert import_events(data=b"\xef\xbb\xbf" + text.encode(), crisis=crisis, user=editor).created == 1
    Event.objects.all().delete()
    assert import_events(data=text.encode("utf-16"), crisis=crisis, user=editor).created == 1
    assert Event.objects.get().headline == "Réunion"


def test_acled_profile_round_trip(varied_crisis, editor):
    data = b"".join(stream_acled_csv(Event.objects.for_crisis(varied_crisis).published()))
    fresh = Crisis.objects.create(name="From ACLED", slug="from-acled")
    report = import_events(data=data, crisis=fresh, user=editor)
    assert report.errors == [] and report.profile == "acled"
    published = Event.objects.for_crisis(varied_crisis).published()
    imported = {e.summary: e for e in Event.objects.for_crisis(fresh)}
    assert len(imported) == published.count() == 4
    for original in published:
        copy = imported[original.summary]
        assert (copy.type, copy.precision, copy.date_start) == (original.type, original.precision, original.date_start)
        assert copy.status == ReviewStatus.DRAFT
        assert copy.participations.get(role="initiator").actor.name == "Juan Guaidó"
    assert import_events(data=data, crisis=fresh, user=editor).created == 0


def test_import_command(tmp_path, crisis, editor):
    path = tmp_path / "events.csv"
    path.write_bytes(csv_bytes("1,,,2019-02-02,,day,,protest,Rally,,published"))
    call_command("import_events", str(path), "--crisis", crisis.slug, "--user", "erin")
    assert Event.objects.get().status == ReviewStatus.PUBLISHED
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes("1,,,2019-02-31,,day,,protest,Rally,,"))
    with pytest.raises(CommandError, match="Nothing was imported: 1 error"):
        call_command("import_events", str(bad), "--crisis", crisis.slug)


def test_export_command_writes_published_events_unless_asked(tmp_path, crisis):
    factories.EventFactory(crisis=crisis, headline="Published one")
    factories.EventFactory(crisis=crisis, headline="Draft one", status=ReviewStatus.DRAFT)
    for profile in ("events", "acled", "claims", "timelinejs"):
        call_command(
            "export_events", "--crisis", crisis.slug, "--profile", profile, "--output", str(tmp_path / profile)
        )
    body = (tmp_path / "events").read_bytes()
    assert b"Published one" in body and b"Draft one" not in body
    call_command("export_events", "--crisis", crisis.slug, "--include-drafts", "--output", str(tmp_path / "all"))
    assert b"Draft one" in (tmp_path / "all").read_bytes()


def test_admin_import_page(editor_client, crisis):
    url = reverse("admin:events_event_import")
    assert editor_client.get(url).status_code == 200
    bad = SimpleUploadedFile("bad.csv", csv_bytes("1,,,2019-02-30,,day,,protest,Rally,,"))
    response = editor_client.post(url, {"file": bad, "crisis": crisis.pk})
    assert b"row 2, date_start: &#x27;2019-02-30&#x27; is not a date" in response.content
    assert Event.objects.count() == 0
    good = SimpleUploadedFile("good.csv", csv_bytes("1,,,2019-02-02,,day,,protest,Rally,Someone (initiator),"))
    response = editor_client.post(url, {"file": good, "crisis": crisis.pk})
    assert b"Imported 1 event(s)" in response.content
    assert Event.objects.get().participations.get().actor.name == "Someone"


@override_settings(INGEST_MAX_BYTES=1024)
def test_admin_import_refuses_big_uploads(editor_client, crisis):
    upload = SimpleUploadedFile("big.csv", b"x" * 2048)
    response = editor_client.post(reverse("admin:events_event_import"), {"file": upload, "crisis": crisis.pk})
    assert b"the largest accepted is 1,024 bytes" in response.content


def test_analysts_cannot_import(analyst_client, crisis):
    url = reverse("admin:events_event_import")
    assert analyst_client.get(url).status_code == 403
    upload = SimpleUploadedFile("good.csv", csv_bytes("1,,,2019-02-02,,day,,protest,Rally,,"))
    assert analyst_client.post(url, {"file": upload, "crisis": crisis.pk}).status_code == 403
    assert Event.objects.count() == 0
