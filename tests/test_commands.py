"""The thin management commands over the pipeline: demo and bulk ingest."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from events.exports.acled import stream_acled_csv
from events.models import Claim, Crisis, Event, PendingArticle, Source
from tests.exports import read_csv

DEMO = Path(__file__).resolve().parents[1] / "events" / "demo" / "venezuela.txt"


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, verbosity=0)
    return out.getvalue(), err.getvalue()


def test_demo_builds_the_crisis_by_ingesting_the_article_and_is_safe_to_rerun(db):
    out, _ = run("demo")
    crisis = Crisis.objects.get(slug="venezuela-2019")
    assert "editor / demo-editor-pass" in out and "analyst / demo-analyst-pass" in out
    source = Source.objects.get()
    assert source.published_on.isoformat() == "2019-02-02" and source.published_source == "text"
    assert Event.objects.filter(crisis=crisis, status="published").count() >= 3
    assert Claim.objects.filter(statement__contains="90 percent", claimant__name="Yanez Rodriguez").exists()
    assert User.objects.get(username="analyst").groups.get().name == "Analysts"
    # Every demo entry has a place: the counter-demonstration "in Caracas" at town precision, the others
    # only in Venezuela (the article names no other place); the ACLED rows carry them.
    places = set(Event.objects.values_list("location_name", "country_code", "geo_precision"))
    assert ("Caracas", "VE", 1) in places and places <= {("Caracas", "VE", 1), ("", "VE", 3)}
    acled = read_csv(stream_acled_csv(Event.objects.all()))
    header, rows = acled[0], [dict(zip(acled[0], row, strict=True)) for row in acled[1:]]
    assert header and rows and all(row["iso"] == "862" and row["country"] == "Venezuela" for row in rows)
    assert all(row["latitude"] and row["longitude"] and row["geo_precision"] in ("1", "3") for row in rows)
    assert all(row["event_id_cnty"].startswith("VENCT") and row["region"] == "South America" for row in rows)
    counts = (Event.objects.count(), Claim.objects.count())
    run("demo")
    assert (Event.objects.count(), Claim.objects.count(), Source.objects.count()) == (*counts, 1)


def test_ingest_articles_reports_created_skipped_and_failed(crisis, tmp_path):
    (tmp_path / "rally.txt").write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "copy.txt").write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (tmp_path / "notes.md").write_text("ignored: not an article file")

    out, err = run("ingest_articles", "--crisis", crisis.slug, str(tmp_path))

    assert "created 1 source(s)" in out and "skipped 1" in out and "failed 1" in out
    assert "photo.txt" in err
    assert Source.objects.count() == 1
    assert Event.objects.filter(crisis=crisis, status="draft").exists()


def test_ingest_articles_can_queue_the_files_for_the_workers_and_the_review_queue(crisis, tmp_path, run_tasks):
    (tmp_path / "rally.txt").write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)

    out, _ = run("ingest_articles", "--crisis", crisis.slug, "--queue", str(tmp_path))

    assert "queued 1 article(s)" in out and "failed 1" in out and "photo.txt" in out
    assert not Source.objects.exists()  # nothing saved: the editors review first
    run_tasks()
    assert PendingArticle.objects.get(crisis=crisis).state == PendingArticle.State.READY


@pytest.mark.parametrize(
    "args, message",
    [
        (["--crisis", "nope", "x.txt"], "No crisis with slug 'nope'"),
        (["--crisis", "{slug}", "/no/such/file.txt"], "no such file or folder"),
        (["--crisis", "{slug}", "--published", "2024-02-30", "x"], "--published must be a date"),
    ],
)
def test_ingest_articles_refuses_bad_arguments_clearly(crisis, args, message):
    with pytest.raises(CommandError, match=message):
        run("ingest_articles", *[a.format(slug=crisis.slug) for a in args])


def test_ingest_articles_caps_files_at_the_setting(crisis, tmp_path, settings):
    settings.INGEST_MAX_BYTES = 1000
    (tmp_path / "rally.txt").write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    out, err = run("ingest_articles", "--crisis", crisis.slug, str(tmp_path))
    assert "failed 1" in out and "the limit is" in err
    assert not Source.objects.exists()


def test_parse_article_reads_through_the_same_entry_point(db, tmp_path):
    page = tmp_path / "rally.html"
    page.write_bytes(
        b"<html><head><title>Rally</title></head><body><article><h1>Rally in Caracas</h1><p>Thousands of "
        b"opposition supporters marched in Caracas on Saturday, witnesses said.</p></article></body></html>"
    )
    out, _ = run(
        "parse_article", str(page), "--published", "2019-02-03", "--format", "text", "--url", "https://x.org/a"
    )
    assert out.startswith("Rally in Caracas") and "Published: 2019-02-03 (given)" in out
