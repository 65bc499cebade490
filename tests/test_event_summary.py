"""The per-event summary the COPY export reads (migration 0006) stays true after every kind of write.

The Python writer computes every cell from the rows themselves, so it is the reference: after each write
the COPY path must give the same bytes, with draft claims counted and without. Each test also checks the
write really changed the file, so a summary that never changes could not pass.
"""

import csv
import datetime as dt
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from events import curation
from events.exports.events_csv import SUMMARY_TABLE, stream_events_csv
from events.exports.importer import import_events
from events.ingest.commit import ReviewedActor, ReviewedClaim, ReviewedDraft, ReviewedEvent, commit_ingest
from events.models import Actor, Claim, Event, EventActor, Evidence, ReviewStatus, Source
from tests import factories

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the summary exists on PostgreSQL only")


def assert_copy_is_python(events=None) -> dict[int, dict]:
    """Both paths write the same bytes, and every event has exactly one summary row. Returns the rows
    of the Python path, draft claims counted, by event id."""
    events = Event.objects.all() if events is None else events
    for include_draft_claims in (False, True):
        python = b"".join(stream_events_csv(events, include_draft_claims=include_draft_claims, copy=False))
        copy = b"".join(stream_events_csv(events, include_draft_claims=include_draft_claims, copy=True))
        assert copy == python
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT event_id FROM {SUMMARY_TABLE} ORDER BY event_id")
        assert [row[0] for row in cursor.fetchall()] == list(Event.objects.order_by("id").values_list("id", flat=True))
    rows = csv.DictReader(io.StringIO(python.decode(), newline=""))
    return {int(row["id"]): row for row in rows}


@pytest.fixture
def story(crisis):
    # Two events sharing an actor and a source; evidence from two outlets (one source without a URL),
    # claims published and draft, and a claim's own evidence (no event), which the summary must ignore.
    rally = factories.EventFactory(crisis=crisis, headline="Rally in Caracas", date_start=dt.date(2019, 2, 2))
    vote = factories.EventFactory(crisis=crisis, headline="Assembly vote", date_start=dt.date(2019, 2, 5))
    guaido = factories.ActorFactory(name="Juan Guaidó")
    maduro = factories.ActorFactory(name="Nicolás Maduro", kind="state")
    police = factories.ActorFactory(name="=Police")  # a name a spreadsheet would run as a formula
    factories.EventActorFactory(event=rally, actor=guaido, role="initiator")
    factories.EventActorFactory(event=rally, actor=police, role="target")
    factories.EventActorFactory(event=vote, actor=guaido, role="participant")
    factories.EventActorFactory(event=vote, actor=maduro, role="target")
    reuters = factories.SourceFactory(outlet="Reuters", url="https://example.org/reuters")
    nacional = factories.SourceFactory(outlet="El Nacional", url=None)
    factories.evidence_for(reuters, "Protesters marched", event=rally)
    factories.evidence_for(nacional, "The minister said", event=rally)
    factories.evidence_for(nacional, "Protesters marched", event=rally)
    factories.evidence_for(reuters, "the vote was fair", event=vote)
    published = factories.ClaimFactory(crisis=crisis, event=rally)
    draft = factories.ClaimFactory(crisis=crisis, event=rally, status=ReviewStatus.DRAFT)
    factories.evidence_for(reuters, "The minister said", claim=published)
    return {
        "rally": rally, "vote": vote, "guaido": guaido, "maduro": maduro, "police": police,
        "reuters": reuters, "nacional": nacional, "published": published, "draft": draft,
    }  # fmt: skip


def test_the_story_reads_the_same_both_ways(story):
    rows = assert_copy_is_python()
    rally = rows[story["rally"].pk]
    assert rally["actors"] == "Juan Guaidó (initiator); =Police (target)"
    assert (rally["source_count"], rally["outlet_count"], rally["claims_count"]) == ("2", "2", "2")
    assert (rally["first_source_url"], rally["first_source_outlet"]) == ("https://example.org/reuters", "Reuters")
    assert rows[story["vote"].pk]["evidence_quote"] == "the vote was fair"


def test_an_event_alone_has_an_empty_summary(crisis):
    event = factories.EventFactory(crisis=crisis, headline="Nothing attached yet")
    row = assert_copy_is_python()[event.pk]
    assert (row["actors"], row["source_count"], row["first_source_url"], row["claims_count"]) == ("", "0", "", "0")


# ---------------------------------------------------------------------------------------------------
# The admin.


def inline_rows(prefix: str, rows: list[dict], initial: int) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{name}": value for name, value in row.items()}
    return data


def test_admin_save_of_an_event_with_its_inlines(editor_client, story):
    rally, guaido, police = story["rally"], story["guaido"], story["police"]
    guaido_part = EventActor.objects.get(event=rally, actor=guaido)
    police_part = EventActor.objects.get(event=rally, actor=police)
    first_evidence = rally.evidence.order_by("id").first()
    source = factories.SourceFactory(outlet="AP", url="https://example.org/ap")
    quote = "Protesters marched on Saturday"
    start = source.text.index(quote)
    data = {
        "crisis": rally.crisis_id, "headline": "Rally in Caracas, corrected", "summary": "", "type": rally.type,
        "timeframe": rally.timeframe, "status": rally.status, "expected_version": rally.version,
        "date_start": rally.date_start.isoformat(), "date_end": rally.date_end.isoformat(),
        "precision": rally.precision, "date_text": "", "location_name": "", "country": "", "latitude": "",
        "longitude": "", "fatalities": "",
    }  # fmt: skip
    data |= inline_rows(
        "participations",
        [
            {"id": guaido_part.pk, "event": rally.pk, "actor": guaido.pk, "role": "participant"},  # role changed
            {"id": police_part.pk, "event": rally.pk, "actor": police.pk, "role": "target", "DELETE": "on"},
            {"event": rally.pk, "actor": story["maduro"].pk, "role": "target"},
        ],
        initial=2,
    )
    evidence = [
        {"id": ev.pk, "event": rally.pk, "source": ev.source_id, "start": ev.start, "end": ev.end, "quote": ev.quote}
        for ev in rally.evidence.order_by("id")
    ]
    evidence[0]["DELETE"] = "on"  # the first evidence goes: the second becomes the first
    evidence.append({"event": rally.pk, "source": source.pk, "start": start, "end": start + len(quote), "quote": quote})
    data |= inline_rows("evidence", evidence, initial=len(evidence) - 1)
    claims = [{"id": c.pk, "event": rally.pk, "claimant": "", "claimant_text": "", "statement": c.statement,
               "speech_act": c.speech_act, "verification": c.verification, "status": ReviewStatus.PUBLISHED,
               "expected_version": c.version}
              for c in rally.claims.order_by("id")]  # fmt: skip
    data |= inline_rows("claims", claims, initial=len(claims))

    response = editor_client.post(reverse("admin:events_event_change", args=[rally.pk]), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Evidence.objects.filter(pk=first_evidence.pk).exists()
    row = assert_copy_is_python()[rally.pk]
    assert row["actors"] == "Juan Guaidó (participant); Nicolás Maduro (target)"
    assert (row["first_source_outlet"], row["evidence_quote"]) == ("El Nacional", "The minister said")
    assert (row["source_count"], row["outlet_count"]) == ("2", "2")  # El Nacional twice, AP
    published = {r["id"]: r for r in csv.DictReader(io.StringIO(b"".join(stream_events_csv(
        Event.objects.all(), include_draft_claims=False, copy=True)).decode(), newline=""))}  # fmt: skip
    assert published[str(rally.pk)]["claims_count"] == "2"


def test_admin_save_of_a_claim_moving_it_to_another_event(editor_client, story):
    claim, vote = story["draft"], story["vote"]
    data = {
        "crisis": claim.crisis_id, "claimant": "", "claimant_text": "", "statement": claim.statement,
        "speech_act": claim.speech_act, "made_on": "", "event": vote.pk, "figure_value": "", "figure_unit": "",
        "verification": claim.verification, "verification_note": "", "status": ReviewStatus.PUBLISHED,
        "expected_version": claim.version, "evidence-TOTAL_FORMS": "0", "evidence-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = editor_client.post(reverse("admin:events_claim_change", args=[claim.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rows = assert_copy_is_python()
    assert (rows[story["rally"].pk]["claims_count"], rows[vote.pk]["claims_count"]) == ("1", "1")


def test_admin_merge_action(editor_client, story):
    url = reverse("admin:events_actor_changelist")
    selection = {"action": "merge_selected", "_selected_action": [story["maduro"].pk, story["guaido"].pk]}
    editor_client.post(url, selection | {"confirm": "1", "survivor": story["maduro"].pk})
    assert not Actor.objects.filter(pk=story["guaido"].pk).exists()
    rows = assert_copy_is_python()
    assert rows[story["vote"].pk]["actors"] == "Nicolás Maduro (participant); Nicolás Maduro (target)"


def test_admin_delete_of_an_event(editor_client, story):
    rally = story["rally"]
    response = editor_client.post(reverse("admin:events_event_delete", args=[rally.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Event.objects.filter(pk=rally.pk).exists()
    assert set(assert_copy_is_python()) == {story["vote"].pk}


# ---------------------------------------------------------------------------------------------------
# Curation helpers and plain ORM writes.


def test_merge_helper_folds_roles_the_survivor_already_has(crisis, editor, story):
    dupe = factories.ActorFactory(name="Juan Guaido Marquez")
    factories.EventActorFactory(event=story["rally"], actor=dupe, role="initiator")  # Guaidó has it already
    factories.EventActorFactory(event=story["vote"], actor=dupe, role="mentioned")
    curation.merge_actors(survivor=story["guaido"], others=[dupe], user=editor)
    rows = assert_copy_is_python()
    assert rows[story["rally"].pk]["actors"] == "Juan Guaidó (initiator); =Police (target)"
    assert rows[story["vote"].pk]["actors"].endswith("; Juan Guaidó (mentioned)")


def test_renaming_an_actor(story):
    guaido = story["guaido"]
    guaido.name = "Juan Gerardo Guaidó"
    guaido.save()
    rows = assert_copy_is_python()
    assert rows[story["rally"].pk]["actors"].startswith("Juan Gerardo Guaidó (initiator)")
    assert rows[story["vote"].pk]["actors"].startswith("Juan Gerardo Guaidó (participant)")
    Actor.objects.filter(pk=guaido.pk).update(name="+Guaidó")  # a bulk rename, and a formula-like name
    assert assert_copy_is_python()[story["vote"].pk]["actors"].startswith("'+Guaidó (participant)")


def test_an_unrelated_actor_edit_leaves_the_summary_as_it_is(story):
    story["guaido"].description = "Opposition leader"
    story["guaido"].save()
    assert_copy_is_python()


def test_changing_a_source_outlet_and_url(story):
    reuters, nacional = story["reuters"], story["nacional"]
    reuters.outlet, reuters.url = "Reuters Latin America", "https://example.org/reuters-latam"
    reuters.save()
    rows = assert_copy_is_python()
    assert rows[story["rally"].pk]["first_source_url"] == "https://example.org/reuters-latam"
    assert rows[story["vote"].pk]["first_source_outlet"] == "Reuters Latin America"
    # Two outlets that become one count once; an outlet emptied does not count.
    Source.objects.filter(pk=nacional.pk).update(outlet="Reuters Latin America")
    assert assert_copy_is_python()[story["rally"].pk]["outlet_count"] == "1"
    Source.objects.filter(pk__in=[reuters.pk, nacional.pk]).update(outlet="", url=None)
    row = assert_copy_is_python()[story["rally"].pk]
    assert (row["outlet_count"], row["source_count"], row["first_source_url"]) == ("0", "2", "")


def test_deleting_evidence(story):
    rally = story["rally"]
    rally.evidence.order_by("id").first().delete()
    row = assert_copy_is_python()[rally.pk]
    assert (row["first_source_outlet"], row["evidence_quote"]) == ("El Nacional", "The minister said")
    assert row["outlet_count"] == "1"
    Evidence.objects.filter(event=rally).delete()
    assert assert_copy_is_python()[rally.pk]["source_count"] == "0"


def test_moving_evidence_between_events_and_to_a_claim(story):
    rally, vote = story["rally"], story["vote"]
    Evidence.objects.filter(event=vote).update(event=rally)
    rows = assert_copy_is_python()
    assert (rows[rally.pk]["source_count"], rows[vote.pk]["source_count"]) == ("2", "0")
    Evidence.objects.filter(event=rally, source=story["reuters"]).update(event=None, claim=story["published"])
    assert assert_copy_is_python()[rally.pk]["first_source_outlet"] == "El Nacional"


def test_publishing_and_unpublishing_claims(editor, story):
    rally = story["rally"]
    curation.publish(queryset=Claim.objects.filter(pk=story["draft"].pk), user=editor)
    assert_copy_is_python()
    curation.set_review_status(queryset=rally.claims.all(), status=ReviewStatus.DRAFT, user=editor)
    assert_copy_is_python()
    assert not Claim.objects.filter(event=rally, status=ReviewStatus.PUBLISHED).exists()


def test_adding_moving_and_deleting_claims(crisis, story):
    rally, vote = story["rally"], story["vote"]
    factories.ClaimFactory(crisis=crisis, event=vote)
    Claim.objects.bulk_create([Claim(crisis=crisis, event=vote, statement=f"Bulk {i}") for i in range(3)])
    rows = assert_copy_is_python()
    assert rows[vote.pk]["claims_count"] == "4"
    Claim.objects.filter(event=rally).update(event=vote)
    assert assert_copy_is_python()[rally.pk]["claims_count"] == "0"
    Claim.objects.filter(event=vote).delete()
    assert assert_copy_is_python()[vote.pk]["claims_count"] == "0"


def test_deleting_an_event(story):
    rally = story["rally"]
    claim_ids = list(rally.claims.values_list("id", flat=True))
    rally.delete()
    assert Claim.objects.filter(pk__in=claim_ids, event=None).count() == 2  # the claims stay, unattached
    assert set(assert_copy_is_python()) == {story["vote"].pk}
    Event.objects.all().delete()
    assert assert_copy_is_python() == {}


def test_rows_written_before_their_event_in_one_transaction(crisis):
    # Foreign keys are checked at commit, so a child row may come first; the event's insert fills it in.
    next_id = (Event.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1000
    EventActor.objects.create(event_id=next_id, actor=factories.ActorFactory(name="Early bird"), role="initiator")
    factories.EventFactory(id=next_id, crisis=crisis)
    assert assert_copy_is_python()[next_id]["actors"] == "Early bird (initiator)"


# ---------------------------------------------------------------------------------------------------
# The write paths of ingest, import and bulk loading.

BODY = (
    "Opposition leader Juan Guaido spoke to tens of thousands of supporters on Saturday. "
    "Air force general Yanez Rodriguez said 90 percent of the armed forces have lost faith in Maduro."
)


def span(text: str) -> tuple[int, int]:
    start = BODY.index(text)
    return start, start + len(text)


def test_commit_ingest_new_and_corroborated_events(crisis, editor, story):
    rally = span("spoke to tens of thousands of supporters on Saturday")
    claim = span("90 percent of the armed forces have lost faith in Maduro")
    draft = ReviewedDraft(
        title="Rally", body=BODY, original=BODY, original_format="text", url="https://example.org/rally",
        outlet="Daily", authors="", published=dt.date(2019, 2, 2), published_source="given",
        actors=(
            ReviewedActor(key="Juan Guaidó", name="Juan Guaidó", kind="person", actor_id=story["guaido"].pk),
            ReviewedActor(key="Yanez Rodriguez", name="Yanez Rodriguez", kind="military"),
        ),
        events=(
            ReviewedEvent(
                headline="Guaidó addresses a rally", type="protest", date_start=dt.date(2019, 2, 2),
                date_end=dt.date(2019, 2, 2), precision="day", date_text="Saturday", spans=(rally,),
                actors=(("Juan Guaidó", "initiator"), ("Yanez Rodriguez", "participant")),
            ),
            ReviewedEvent(
                headline="Same rally", type="protest", date_start=dt.date(2019, 2, 2), date_end=dt.date(2019, 2, 2),
                precision="day", date_text="", spans=(rally,), actors=(("Yanez Rodriguez", "mentioned"),),
                same_as=story["vote"].pk,
            ),
        ),
        claims=(
            ReviewedClaim(
                claimant="Yanez Rodriguez", claimant_text="Yanez Rodriguez", statement=BODY[claim[0]:claim[1]],
                speech_act="stated", start=claim[0], end=claim[1], event_index=0,
            ),
        ),
    )  # fmt: skip
    outcome = commit_ingest(draft=draft, crisis=crisis, user=editor)
    created = outcome.events_created[0]
    rows = assert_copy_is_python()
    assert rows[created.pk]["actors"] == "Juan Guaidó (initiator); Yanez Rodriguez (participant)"
    assert rows[created.pk]["first_source_url"] == "https://example.org/rally"
    assert rows[created.pk]["claims_count"] == "1"
    assert rows[story["vote"].pk]["actors"].endswith("; Yanez Rodriguez (mentioned)")
    assert rows[story["vote"].pk]["source_count"] == "2"


def test_import_round_trip(crisis, editor, story):
    data = b"".join(stream_events_csv(Event.objects.for_crisis(crisis), include_draft_claims=True))
    fresh = factories.CrisisFactory()
    # Copied into another crisis: its crisis and id columns would name the first one (an error), so blank them.
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]))
    writer.writeheader()
    writer.writerows(row | {"id": "", "crisis": ""} for row in rows)
    report = import_events(data=out.getvalue().encode(), crisis=fresh, user=editor)
    assert report.created == 2, report
    rows = assert_copy_is_python(Event.objects.for_crisis(fresh))
    assert sorted(row["actors"] for row in rows.values()) == [
        "Juan Guaidó (initiator); =Police (target)",
        "Juan Guaidó (participant); Nicolás Maduro (target)",
    ]
    assert_copy_is_python()


def test_bulk_create_of_events_and_their_rows(crisis):
    events = Event.objects.bulk_create(
        Event(crisis=crisis, headline=f"Bulk {i}", date_start=dt.date(2019, 3, 1 + i % 28),
              date_end=dt.date(2019, 3, 1 + i % 28), type="protest", status=ReviewStatus.PUBLISHED)
        for i in range(60)
    )  # fmt: skip
    actors = [factories.ActorFactory() for _ in range(3)]
    EventActor.objects.bulk_create(
        EventActor(event=e, actor=actors[(i + k) % 3], role=role)
        for i, e in enumerate(events)
        for k, role in enumerate(("initiator", "target"))
    )
    source = factories.SourceFactory(outlet="Bulk wire")
    start = source.text.index("Protesters marched")
    Evidence.objects.bulk_create(
        Evidence(event=e, source=source, start=start, end=start + 18, quote="Protesters marched") for e in events[::2]
    )
    rows = assert_copy_is_python()
    assert rows[events[0].pk]["first_source_outlet"] == "Bulk wire" and rows[events[1].pk]["source_count"] == "0"


def test_seed_synthetic_loads_true_summaries(db):
    call_command("seed_synthetic", stdout=StringIO(), verbosity=0, events=400, crises=3, actors=40, seed=5)
    rows = assert_copy_is_python()
    assert len(rows) == 400
    assert any(row["claims_count"] != "0" for row in rows.values())
    assert all(row["actors"] and row["source_count"] != "0" for row in rows.values())
