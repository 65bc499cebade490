"""The data revision (events/revision.py, triggers in migration 0007): it changes on every content write,
however made, never on a read, and a writer's change is never visible before the writer's data."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from events import curation
from events.ingest.commit import commit_ingest, draft_from_result
from events.ingest.pipeline import parse_article
from events.models import Actor, ActorAlias, Claim, Event, ReviewStatus
from events.revision import current_revision
from tests import factories

ON_POSTGRES = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="needs concurrent connections: PostgreSQL")
HX = {"HX-Request": "true"}
ARTICLE = (
    "Rally in Caracas\n\n"
    "Opposition leader Juan Guaido spoke to tens of thousands of supporters in Caracas on Saturday. "
    "Air force general Yanez Rodriguez said 90 percent of the armed forces have lost faith in Maduro."
)


@pytest.fixture
def world(crisis, event):
    """One row in every content table, so each write below touches a table that already has content."""
    guaido = factories.ActorFactory(name="Juan Guaidó")
    ActorAlias.objects.create(actor=guaido, alias="Guaido")
    factories.EventActorFactory(event=event, actor=guaido, role="initiator")
    source = factories.SourceFactory(text="Protesters marched on Saturday. The minister said the vote was fair.")
    factories.evidence_for(source, "Protesters marched on Saturday", event=event)
    claim = factories.ClaimFactory(crisis=crisis, statement="The vote was fair", status=ReviewStatus.DRAFT)
    return {"crisis": crisis, "event": event, "actor": guaido, "source": source, "claim": claim}


def create_event(world):
    factories.EventFactory(crisis=world["crisis"])


def edit_event(world):
    event = world["event"]
    event.headline = "Corrected headline"
    event.save(update_fields=["headline"])


def delete_event(world):
    factories.EventFactory(crisis=world["crisis"], headline="Doomed")
    before = current_revision()
    Event.objects.get(headline="Doomed").delete()
    assert current_revision() != before


def update_queryset(world):
    Event.objects.filter(crisis=world["crisis"]).update(fatalities=3)


def bulk_create_events(world):
    day = dt.date(2019, 3, 1)
    Event.objects.bulk_create(
        Event(crisis=world["crisis"], headline=f"Bulk {i}", date_start=day, date_end=day) for i in range(5)
    )


def raw_sql_update(world):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE events_event SET summary = %s WHERE id = %s", ["Edited in psql", world["event"].pk])


def rename_actor(world):
    # To one of the actor's own aliases, so that Actor.save() writes events_actor and no new alias.
    actor = world["actor"]
    actor.name = "Guaido"
    actor.save()


def add_alias(world):
    ActorAlias.objects.create(actor=world["actor"], alias="Presidente encargado")


def add_evidence(world):
    factories.evidence_for(world["source"], "The minister said the vote was fair", event=world["event"])


def add_participant(world):
    factories.EventActorFactory(event=world["event"], role="target")


def add_source(world):
    factories.SourceFactory()


def publish_claim(world):
    curation.publish(queryset=Claim.objects.filter(pk=world["claim"].pk), user=None)


def add_claim_subject(world):
    world["claim"].about.add(world["actor"])


def edit_crisis(world):
    crisis = world["crisis"]
    crisis.summary = "Two presidents claim office."
    crisis.save()


def ingest_article(world):
    result = parse_article(ARTICLE, published=dt.date(2019, 2, 3))
    outcome = commit_ingest(draft=draft_from_result(result, original=ARTICLE), crisis=world["crisis"])
    assert outcome.events_created and not outcome.duplicate


WRITES = [
    create_event,
    edit_event,
    delete_event,
    update_queryset,
    bulk_create_events,
    raw_sql_update,
    rename_actor,
    add_alias,
    add_evidence,
    add_participant,
    add_source,
    publish_claim,
    add_claim_subject,
    edit_crisis,
    ingest_article,
]


@pytest.mark.parametrize("write", WRITES, ids=[w.__name__ for w in WRITES])
def test_every_kind_of_content_write_changes_the_revision(world, write):
    before = current_revision()
    write(world)
    assert current_revision() > before


def test_a_write_that_is_rolled_back_leaves_the_revision_alone(world):
    before = current_revision()
    with pytest.raises(RuntimeError), transaction.atomic():
        edit_event(world)
        assert current_revision() > before  # the writer sees its own bump ...
        raise RuntimeError("the editor gives up")
    assert current_revision() == before  # ... which goes away with its data


def test_reading_every_reader_page_leaves_the_revision_alone(analyst_client, world):
    claim = world["claim"]
    curation.publish(queryset=Claim.objects.filter(pk=claim.pk), user=None)
    slug = world["crisis"].slug
    urls = [
        reverse("events:crisis-list"),
        reverse("events:crisis-timeline", args=[slug]),
        reverse("events:crisis-actors", args=[slug]),
        reverse("events:crisis-claims", args=[slug]),
        reverse("events:crisis-events-csv", args=[slug]),
        reverse("events:crisis-claims-csv", args=[slug]),
        reverse("events:crisis-timelinejs", args=[slug]),
        reverse("events:event-detail", args=[world["event"].pk]),
        reverse("events:actor-detail", args=[world["actor"].pk]),
        reverse("events:source-detail", args=[world["source"].pk]),
    ]
    before = current_revision()
    for url in urls:
        response = analyst_client.get(url)
        assert response.status_code == 200, url
        response.getvalue()  # a streamed export reads its rows only now
        assert analyst_client.get(url, headers=HX).status_code == 200, url
    brief = reverse("events:event-brief", args=[world["event"].pk])  # the panel exists as a partial only
    assert analyst_client.get(brief, headers=HX).status_code == 200
    list(Event.objects.select_related("crisis").prefetch_related("actors", "evidence", "claims"))
    assert current_revision() == before


def test_every_content_table_has_the_revision_triggers(db):
    """A model added later must be added to migration 0007 (or consciously left out here)."""
    tables = {
        model._meta.db_table
        for model in apps.get_app_config("events").get_models(include_auto_created=True)
        if not model.__name__.startswith("Historical")
    }
    if ON_POSTGRES:
        query = "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE %s", ["%_revision"]
    else:
        query = "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", ["%_revision_%"]
    with connection.cursor() as cursor:
        cursor.execute(*query)
        triggered = {row[0] for row in cursor.fetchall()}
    assert "events_claim_about" in tables  # the many-to-many table counts too
    # Left out on purpose: the review queue and the feeds are never shown to readers, and a task changes
    # its row several times a second during a poll; bumping the revision would drop every cached page.
    # The actor summary is derived: only the triggers of content tables write it, in statements that bump.
    not_content = {"events_pendingarticle", "events_feed", "events_actorsummary"}
    assert tables - triggered == not_content


@postgres_only
def test_a_statement_bumps_once_however_many_rows_it_writes(world):
    day = dt.date(2019, 3, 1)
    Event.objects.bulk_create(
        Event(crisis=world["crisis"], headline=f"Bulk {i}", date_start=day, date_end=day) for i in range(5)
    )
    before = current_revision()
    assert Event.objects.filter(crisis=world["crisis"]).update(fatalities=1) == 6
    assert current_revision() == before + 1


@postgres_only
def test_a_copy_of_many_rows_bumps_once(db):
    now = timezone.now()
    before = current_revision()
    with connection.cursor() as cursor:
        columns = "name, kind, country, description, wikidata_id, created_at, updated_at"
        with cursor.cursor.copy(f"COPY events_actor ({columns}) FROM STDIN") as copy:
            for i in range(20_000):
                copy.write_row((f"Copied actor {i}", "person", "", "", "", now, now))
    assert Actor.objects.count() == 20_000
    assert current_revision() == before + 1


@postgres_only
def test_truncate_bumps(world):
    before = current_revision()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE events_claim_about")
    assert current_revision() == before + 1
