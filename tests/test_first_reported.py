"""The day entries and claims were first reported (migration 0017) stays true after every kind of write, on
both databases, and "as known on" read from it means what it meant when it was worked out per request.

The reference is worked out from the rows themselves (the earliest `published_on` among the sources of each
entry's and claim's evidence); after each write the stored days must equal it, and each test also checks
that the write moved a day, so a column that never changes could not pass.
"""

import datetime as dt
import importlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Exists, Min, OuterRef, Q, Subquery

from events.models import Claim, Event, Evidence, Source
from tests import factories

migration = importlib.import_module("events.migrations.0017_first_reported_on")
FEB = {n: dt.date(2019, 2, n) for n in range(1, 29)}


def worked_out(model) -> dict[int, dt.date | None]:
    """Each row's first publication day, from its evidence's sources (None: no dated source)."""
    link = "event" if model is Event else "claim"
    days = dict(
        Evidence.objects.filter(**{f"{link}__isnull": False})
        .values_list(f"{link}_id")
        .annotate(day=Min("source__published_on"))
        .order_by()
    )
    return {pk: days.get(pk) for pk in model.objects.values_list("pk", flat=True)}


def stored(model) -> dict[int, dt.date | None]:
    return dict(model.objects.values_list("pk", "first_reported_on"))


def assert_days_true() -> tuple[dict, dict]:
    events, claims = stored(Event), stored(Claim)
    assert events == worked_out(Event)
    assert claims == worked_out(Claim)
    return events, claims


def day_of(row) -> dt.date | None:
    assert_days_true()
    return type(row).objects.values_list("first_reported_on", flat=True).get(pk=row.pk)


@pytest.fixture
def story(crisis):
    """A rally told by El Diario on 2 Feb and by Reuters on the 5th, with a toll claim Reuters and AP
    reported (AP on the 9th); an arrest only an undated leaflet mentions; a rumour with no evidence at all."""
    diario = factories.SourceFactory(outlet="El Diario", published_on=FEB[2], text="A rally filled the avenue.")
    reuters = factories.SourceFactory(outlet="Reuters", published_on=FEB[5], text="The rally was large. Three hurt.")
    ap = factories.SourceFactory(outlet="AP", published_on=FEB[9], text="Three were hurt at the rally.")
    leaflet = factories.SourceFactory(outlet="", published_on=None, text="They took an activist away.")
    rally = factories.EventFactory(crisis=crisis, headline="Rally")
    arrest = factories.EventFactory(crisis=crisis, headline="Arrest")
    rumour = factories.EventFactory(crisis=crisis, headline="Rumour")
    factories.evidence_for(diario, "A rally filled the avenue", event=rally)
    factories.evidence_for(reuters, "The rally was large", event=rally)
    factories.evidence_for(leaflet, "They took an activist away", event=arrest)
    toll = factories.ClaimFactory(crisis=crisis, event=rally, statement="Three hurt", made_on=FEB[2])
    factories.evidence_for(reuters, "Three hurt", claim=toll)
    factories.evidence_for(ap, "Three were hurt", claim=toll)
    return {"diario": diario, "reuters": reuters, "ap": ap, "leaflet": leaflet, "rally": rally,
            "arrest": arrest, "rumour": rumour, "toll": toll}  # fmt: skip


def test_the_story_is_dated(story):
    events, claims = assert_days_true()
    assert events[story["rally"].pk] == FEB[2]
    assert events[story["arrest"].pk] is None and events[story["rumour"].pk] is None  # undated; no evidence
    assert claims[story["toll"].pk] == FEB[5]


def test_adding_evidence(story):
    rally, toll, rumour = story["rally"], story["toll"], story["rumour"]
    earlier = factories.SourceFactory(published_on=FEB[1], text="Crowds gathered early. Three hurt.")
    factories.evidence_for(earlier, "Crowds gathered early", event=rally)
    assert day_of(rally) == FEB[1]
    factories.evidence_for(story["ap"], "at the rally", event=rally)  # a later source moves nothing
    assert day_of(rally) == FEB[1]
    at = earlier.text.index("Three hurt")
    Evidence.objects.bulk_create(
        [
            Evidence(source=earlier, event=rumour, start=0, end=6, quote="Crowds"),
            Evidence(source=earlier, claim=toll, start=at, end=at + 10, quote="Three hurt"),
        ]
    )
    assert day_of(rumour) == FEB[1] and day_of(toll) == FEB[1]


def test_removing_evidence(story):
    rally, toll = story["rally"], story["toll"]
    Evidence.objects.get(event=rally, source=story["diario"]).delete()
    assert day_of(rally) == FEB[5]
    Evidence.objects.filter(event=rally).delete()
    assert day_of(rally) is None
    Evidence.objects.filter(claim=toll, source=story["reuters"]).delete()
    assert day_of(toll) == FEB[9]


def test_re_pointing_evidence(story):
    rally, arrest, toll = story["rally"], story["arrest"], story["toll"]
    first = Evidence.objects.get(event=rally, source=story["diario"])
    first.event = arrest  # the rally's first report becomes the arrest's
    first.save()
    assert day_of(rally) == FEB[5] and day_of(arrest) == FEB[2]
    Evidence.objects.filter(pk=first.pk).update(event=None, claim=toll)  # from an entry to a claim
    assert day_of(arrest) is None and day_of(toll) == FEB[2]
    leaflet = Evidence.objects.get(source=story["leaflet"])
    later = factories.SourceFactory(published_on=FEB[20], text="They took an activist away on Monday.")
    leaflet.source = later  # another source with the same words
    leaflet.save()
    assert day_of(arrest) == FEB[20]
    leaflet.start = 5  # a span moved within its source changes no day
    leaflet.quote = later.text[5 : leaflet.end]
    leaflet.save()
    assert day_of(arrest) == FEB[20]


def test_a_source_s_publication_day_set_changed_or_cleared(story):
    rally, arrest, toll, reuters = story["rally"], story["arrest"], story["toll"], story["reuters"]
    leaflet = story["leaflet"]
    leaflet.published_on = FEB[3]
    leaflet.save()
    assert day_of(arrest) == FEB[3]
    reuters.published_on = FEB[1]  # one source, an entry and a claim
    reuters.save()
    assert day_of(rally) == FEB[1] and day_of(toll) == FEB[1]
    Source.objects.filter(pk=reuters.pk).update(published_on=None)
    assert day_of(rally) == FEB[2] and day_of(toll) == FEB[9]
    Source.objects.filter(pk__in=[leaflet.pk, story["ap"].pk]).update(published_on=FEB[28])
    assert day_of(arrest) == FEB[28] and day_of(toll) == FEB[28]


def test_a_stale_or_hand_written_day_never_lands(story, editor):
    rally, toll = story["rally"], story["toll"]
    loaded = Event.objects.get(pk=rally.pk)  # read before its first report goes
    Evidence.objects.filter(event=rally, source=story["diario"]).delete()
    loaded.headline = "Rally in Caracas"
    loaded.save()  # a whole-row save carrying 2 Feb
    assert day_of(rally) == FEB[5]
    Event.objects.filter(pk=rally.pk).update(first_reported_on=FEB[28])
    Claim.objects.filter(pk=toll.pk).update(first_reported_on=None)
    assert day_of(rally) == FEB[5] and day_of(toll) == FEB[5]
    made = Event.objects.create(crisis=rally.crisis, headline="New", date_start=FEB[1], date_end=FEB[1],
                                first_reported_on=FEB[1])  # fmt: skip
    assert day_of(made) is None


def next_pk(model) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() + 100


def test_entries_and_claims_written_after_their_evidence(story):
    # As seed_synthetic writes (the foreign keys are checked at commit): evidence before its entry and claim.
    crisis, ap = story["rally"].crisis, story["ap"]
    event_id, claim_id = next_pk(Event), next_pk(Claim)
    Evidence.objects.bulk_create([Evidence(source=ap, event_id=event_id, start=0, end=5, quote="Three"),
                                  Evidence(source=ap, claim_id=claim_id, start=0, end=5, quote="Three")])  # fmt: skip
    Event.objects.bulk_create([Event(pk=event_id, crisis=crisis, headline="Late", date_start=FEB[3], date_end=FEB[3])])
    Claim.objects.bulk_create([Claim(pk=claim_id, crisis=crisis, statement="Later")])
    assert day_of(Event(pk=event_id)) == FEB[9] and day_of(Claim(pk=claim_id)) == FEB[9]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL's span check needs the source first")
def test_a_source_written_after_its_evidence(story):
    source_id = next_pk(Source)
    Evidence.objects.bulk_create([Evidence(source_id=source_id, claim=story["toll"], start=0, end=5, quote="Early")])
    assert day_of(story["toll"]) == FEB[5]
    Source.objects.bulk_create([Source(pk=source_id, title="Early", text="Early on", published_on=FEB[1])])
    assert day_of(story["toll"]) == FEB[1]


def test_deleting_entries_claims_and_sources(story):
    story["rally"].delete()
    story["toll"].delete()
    assert Evidence.objects.filter(source=story["reuters"]).count() == 0
    story["reuters"].delete()
    events, claims = assert_days_true()
    assert story["rally"].pk not in events and not claims


def test_seed_synthetic_leaves_true_days(db):
    call_command("seed_synthetic", stdout=StringIO(), verbosity=0, events=300, crises=2, actors=40, seed=5)
    events, _ = assert_days_true()
    assert len(events) == 300 and all(events.values())


def test_the_backfill_works_out_what_the_triggers_keep(story):
    before = assert_days_true()
    with connection.cursor() as cursor:
        # The triggers that keep the column would put every day back as it is cleared: off for this test.
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no ALTER TABLE while checks wait for the commit
        for table, _ in migration.TARGETS:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_first_reported_update")
            else:
                cursor.execute(f"DROP TRIGGER {table}_first_reported_update")
            cursor.execute(f"UPDATE {table} SET first_reported_on = NULL")
        assert not any(stored(Event).values())
        for statement in migration.backfill(connection.vendor):
            cursor.execute(statement)
    assert (stored(Event), stored(Claim)) == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE and the rebuild function are PostgreSQL's")
def test_truncate_rebuilds(story):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # a TRUNCATE waits for no deferred check
        cursor.execute("TRUNCATE events_evidence")
    events, claims = assert_days_true()
    assert not any(events.values()) and not any(claims.values())


def test_every_trigger_is_there(db):
    # A later migration that rebuilds one of these tables on SQLite drops its triggers: it must restore them.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE '%%_first_reported_%%'")
            expected = {name for _, name in [*migration.POSTGRES_TRIGGERS, *migration.POSTGRES_ROW_TRIGGERS]}
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%first_reported%'")
            expected = set(migration.SQLITE_TRIGGERS)
        assert {row[0] for row in cursor.fetchall()} == expected
    assert len(expected) == (10 if connection.vendor == "postgresql" else 9)


# As known on a day, read from the stored days, means what it meant worked out per request -------------------


def events_known_then(day: dt.date) -> set[int]:
    """`EventQuerySet.known_on` as it was before the stored day: the first source looked up per event."""
    first = Subquery(
        Evidence.objects.filter(event=OuterRef("pk"), source__published_on__isnull=False)
        .order_by("source__published_on")
        .values("source__published_on")[:1]
    )
    rows = Event.objects.alias(first=first).filter(Q(first__lte=day) | Q(first__isnull=True, created_at__date__lte=day))
    return set(rows.values_list("pk", flat=True))


def claims_known_then(day: dt.date) -> set[int]:
    """`ClaimQuerySet.known_on` as it was before the stored day."""
    dated = Evidence.objects.filter(claim=OuterRef("pk"), source__published_on__isnull=False)
    undated = Q(made_on__lte=day) | Q(made_on__isnull=True, created_at__date__lte=day)
    rows = Claim.objects.filter(Exists(dated.filter(source__published_on__lte=day)) | (~Exists(dated) & undated))
    return set(rows.values_list("pk", flat=True))


def test_as_known_on_means_what_it_meant(story):
    crisis = story["rally"].crisis
    factories.ClaimFactory(crisis=crisis, statement="Said on the 4th", made_on=FEB[4])  # no source
    factories.ClaimFactory(crisis=crisis, statement="Undated, entered today")
    leaflet_claim = factories.ClaimFactory(crisis=crisis, statement="Leaflet", made_on=FEB[6])
    factories.evidence_for(story["leaflet"], "They took", claim=leaflet_claim)  # an undated source only
    today = dt.date.today()
    for day in [FEB[1], FEB[2], FEB[4], FEB[5], FEB[8], FEB[9], today - dt.timedelta(days=1), today]:
        assert set(Event.objects.known_on(day).values_list("pk", flat=True)) == events_known_then(day), day
        assert set(Claim.objects.known_on(day).values_list("pk", flat=True)) == claims_known_then(day), day
    assert story["rally"].pk not in events_known_then(FEB[1]) and story["rumour"].pk in events_known_then(today)
