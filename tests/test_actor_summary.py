"""The per-crisis actor summary (migration 0016) stays true after every kind of write, on both databases.

The reference is counted from the rows themselves (distinct entries per actor, claims per claimant, published
and all); after each write the stored summary must equal it, row for row, and no row may be left at zero.
Each test also checks that the write moved the summary, so a summary that never changes could not pass.
"""

import importlib
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q

from events import curation
from events.models import Actor, ActorSummary, Claim, Event, EventActor, ReviewStatus
from tests import factories

summary_migration = importlib.import_module("events.migrations.0016_actor_summary")
PUBLISHED = ReviewStatus.PUBLISHED


def counted() -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """(crisis, actor) → (entries published, entries, claims published, claims), from the rows."""
    found: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for crisis_id, actor_id, published, every in (
        EventActor.objects.values_list("event__crisis_id", "actor_id")
        .annotate(
            published=Count("event_id", distinct=True, filter=Q(event__status=PUBLISHED)),
            every=Count("event_id", distinct=True),
        )
        .order_by()
    ):
        found[crisis_id, actor_id][0:2] = [published, every]
    for crisis_id, actor_id, published, every in (
        Claim.objects.exclude(claimant=None)
        .values_list("crisis_id", "claimant_id")
        .annotate(published=Count("id", filter=Q(status=PUBLISHED)), every=Count("id"))
        .order_by()
    ):
        found[crisis_id, actor_id][2:4] = [published, every]
    return {key: tuple(value) for key, value in found.items()}


def stored() -> dict[tuple[int, int], tuple[int, int, int, int]]:
    rows = ActorSummary.objects.values_list(
        "crisis_id", "actor_id", "entries_published", "entries_all", "claims_published", "claims_all"
    )
    return {(crisis, actor): tuple(counts) for crisis, actor, *counts in rows}


def assert_summary_true() -> dict:
    summary = stored()
    assert summary == counted()
    assert all(counts[1] or counts[3] for counts in summary.values())  # no row left at zero
    return summary


@pytest.fixture
def story(crisis):
    """Guaidó leads a published rally (twice over: initiator and participant) and a draft march; Maduro is
    the rally's target and claims something, once published, once in a draft; an unattributed claim; the
    same actor in another crisis."""
    guaido, maduro = factories.ActorFactory(name="Juan Guaidó"), factories.ActorFactory(name="Nicolás Maduro")
    rally = factories.EventFactory(crisis=crisis, headline="Rally")
    march = factories.EventFactory(crisis=crisis, headline="March", status=ReviewStatus.DRAFT)
    factories.EventActorFactory(event=rally, actor=guaido, role="initiator")
    factories.EventActorFactory(event=rally, actor=guaido, role="participant")
    factories.EventActorFactory(event=rally, actor=maduro, role="target")
    factories.EventActorFactory(event=march, actor=guaido, role="initiator")
    said = factories.ClaimFactory(crisis=crisis, claimant=maduro, event=rally)
    drafted = factories.ClaimFactory(crisis=crisis, claimant=maduro, status=ReviewStatus.DRAFT)
    factories.ClaimFactory(crisis=crisis, claimant=None, claimant_text="witnesses")
    elsewhere = factories.EventFactory(headline="Elsewhere")
    factories.EventActorFactory(event=elsewhere, actor=guaido)
    return {"crisis": crisis, "guaido": guaido, "maduro": maduro, "rally": rally, "march": march,
            "said": said, "drafted": drafted, "elsewhere": elsewhere}  # fmt: skip


def key(story, actor: str, crisis=None) -> tuple[int, int]:
    return ((crisis or story["crisis"]).pk, story[actor].pk)


def test_the_story_is_counted(story):
    summary = assert_summary_true()
    assert summary[key(story, "guaido")] == (1, 2, 0, 0)  # two roles in the rally count once; the draft march
    assert summary[key(story, "maduro")] == (1, 1, 1, 2)
    assert summary[key(story, "guaido", story["elsewhere"].crisis)] == (1, 1, 0, 0)


def test_publishing_and_unpublishing_an_entry(story, editor):
    march = story["march"]
    march.status = PUBLISHED
    march.save()
    assert assert_summary_true()[key(story, "guaido")] == (2, 2, 0, 0)
    curation.set_review_status(queryset=Event.objects.filter(pk=march.pk), status=ReviewStatus.DRAFT, user=editor)
    assert assert_summary_true()[key(story, "guaido")] == (1, 2, 0, 0)
    assert curation.publish(queryset=Event.objects.filter(crisis=story["crisis"]), user=editor) == 1
    assert assert_summary_true()[key(story, "guaido")] == (2, 2, 0, 0)


def test_deleting_an_entry(story):
    story["rally"].delete()
    summary = assert_summary_true()
    assert summary[key(story, "guaido")] == (0, 1, 0, 0)
    assert summary[key(story, "maduro")] == (0, 0, 1, 2)  # the claims stay, the entry goes
    story["march"].delete()
    assert key(story, "guaido") not in assert_summary_true()  # nothing left: no row


def test_removing_an_actor_from_an_entry_role_by_role(story):
    rally, guaido = story["rally"], story["guaido"]
    EventActor.objects.get(event=rally, actor=guaido, role="participant").delete()
    assert assert_summary_true()[key(story, "guaido")] == (1, 2, 0, 0)  # still the initiator
    EventActor.objects.get(event=rally, actor=guaido).delete()
    assert assert_summary_true()[key(story, "guaido")] == (0, 1, 0, 0)
    EventActor.objects.filter(event=rally).delete()
    assert key(story, "maduro") in assert_summary_true()  # Maduro's claims keep his row


def test_moving_a_participation_and_changing_a_role(story):
    rally, guaido, maduro = story["rally"], story["guaido"], story["maduro"]
    part = EventActor.objects.get(event=rally, actor=maduro)
    part.role = "participant"
    part.save()
    assert assert_summary_true()[key(story, "maduro")] == (1, 1, 1, 2)
    part.event = story["march"]
    part.save()
    assert assert_summary_true()[key(story, "maduro")] == (0, 1, 1, 2)
    EventActor.objects.filter(actor=guaido, event=rally).update(actor=maduro)
    summary = assert_summary_true()
    assert summary[key(story, "maduro")] == (1, 2, 1, 2) and summary[key(story, "guaido")] == (0, 1, 0, 0)


def test_reassigning_publishing_moving_and_deleting_claims(story, editor):
    said, drafted, guaido = story["said"], story["drafted"], story["guaido"]
    said.claimant = guaido
    said.save()
    summary = assert_summary_true()
    assert summary[key(story, "guaido")] == (1, 2, 1, 1) and summary[key(story, "maduro")] == (1, 1, 0, 1)
    curation.publish(queryset=Claim.objects.filter(pk=drafted.pk), user=editor)
    assert assert_summary_true()[key(story, "maduro")] == (1, 1, 1, 1)
    drafted.refresh_from_db()
    drafted.crisis = story["elsewhere"].crisis
    drafted.save()
    summary = assert_summary_true()
    assert summary[key(story, "maduro")] == (1, 1, 0, 0)
    assert summary[key(story, "maduro", story["elsewhere"].crisis)] == (0, 0, 1, 1)
    drafted.claimant = None
    drafted.save()
    assert key(story, "maduro", story["elsewhere"].crisis) not in assert_summary_true()
    Claim.objects.filter(claimant=guaido).delete()
    assert assert_summary_true()[key(story, "guaido")] == (1, 2, 0, 0)


def test_moving_an_entry_to_another_crisis(story):
    rally, other = story["rally"], story["elsewhere"].crisis
    rally.crisis = other
    rally.save()
    summary = assert_summary_true()
    assert summary[key(story, "guaido", other)] == (2, 2, 0, 0)
    assert summary[key(story, "guaido")] == (0, 1, 0, 0)


def test_bulk_writes(story):
    crisis, maduro = story["crisis"], story["maduro"]
    events = Event.objects.bulk_create(
        [Event(crisis=crisis, headline=f"Bulk {n}", date_start="2019-02-03", date_end="2019-02-03") for n in range(30)]
    )
    EventActor.objects.bulk_create([EventActor(event=event, actor=maduro, role=role)
                                    for event in events for role in ("initiator", "target")])  # fmt: skip
    assert assert_summary_true()[key(story, "maduro")] == (1, 31, 1, 2)  # new events are drafts
    Event.objects.filter(pk__in=[e.pk for e in events[:10]]).update(status=PUBLISHED)
    assert assert_summary_true()[key(story, "maduro")] == (11, 31, 1, 2)
    EventActor.objects.filter(event__in=events[5:]).delete()
    Event.objects.filter(pk__in=[e.pk for e in events]).delete()
    assert assert_summary_true()[key(story, "maduro")] == (1, 1, 1, 2)


def test_merging_actors(story):
    curation.merge_actors(survivor=story["guaido"], others=[story["maduro"]])
    summary = assert_summary_true()
    assert summary[key(story, "guaido")] == (1, 2, 1, 2)
    assert not Actor.objects.filter(pk=story["maduro"].pk).exists() and key(story, "maduro") not in summary


def test_participations_written_before_their_event_count_once_it_exists(story):
    # As seed_synthetic writes (the foreign keys are checked at commit): participations and claims first.
    crisis, maduro = story["crisis"], story["maduro"]
    next_id = Event.objects.order_by("-pk").values_list("pk", flat=True).first() + 100
    EventActor.objects.bulk_create([EventActor(event_id=next_id, actor=maduro, role="target")])
    assert assert_summary_true()[key(story, "maduro")] == (1, 1, 1, 2)  # no such event yet: nothing counted
    Event.objects.bulk_create([Event(pk=next_id, crisis=crisis, headline="Late", date_start="2019-02-04",
                                     date_end="2019-02-04", status=PUBLISHED)])  # fmt: skip
    assert assert_summary_true()[key(story, "maduro")] == (2, 2, 1, 2)


def test_seed_synthetic_leaves_a_true_summary(db):
    call_command("seed_synthetic", stdout=StringIO(), verbosity=0, events=300, crises=2, actors=40, seed=5)
    summary = assert_summary_true()
    assert len(summary) > 40 and any(counts[3] for counts in summary.values())


def test_the_backfill_counts_what_the_triggers_count(story):
    before = assert_summary_true()
    ActorSummary.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(summary_migration.BACKFILL)
    assert stored() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE and the rebuild function are PostgreSQL's")
def test_truncate_rebuilds(story):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # a TRUNCATE waits for no deferred check
        cursor.execute("TRUNCATE events_eventactor")
    summary = assert_summary_true()
    assert summary == {key(story, "maduro"): (0, 0, 1, 2)}
    with connection.cursor() as cursor:
        cursor.execute("UPDATE events_actorsummary SET claims_all = 99")
        cursor.execute("SELECT events_actorsummary_rebuild()")
    assert assert_summary_true() == summary


def test_every_trigger_is_there(db):
    # A later migration that rebuilds one of these tables on SQLite drops its triggers: it must restore them.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE '%%_actorsummary_%%'")
            expected = {f"{table}_actorsummary_{op}" for table in summary_migration.TABLES
                        for op in ("insert", "update", "delete", "truncate")}  # fmt: skip
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%actorsummary%'")
            expected = set(summary_migration.SQLITE_TRIGGERS)
        assert {row[0] for row in cursor.fetchall()} == expected
