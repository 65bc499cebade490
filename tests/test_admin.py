import datetime as dt

import pytest
from django.urls import reverse

from events.models import Actor, Claim, Event, ReviewStatus
from tests import factories

MODELS = ["crisis", "source", "actor", "actoralias", "event", "claim"]


@pytest.fixture
def populated(crisis):
    event = factories.EventFactory(crisis=crisis)
    actor = factories.ActorFactory()
    factories.EventActorFactory(event=event, actor=actor)
    source = factories.SourceFactory()
    factories.evidence_for(source, "Protesters marched", event=event)
    claim = factories.ClaimFactory(crisis=crisis, claimant=actor, event=event)
    return {
        "crisis": crisis,
        "event": event,
        "actor": actor,
        "source": source,
        "claim": claim,
        "actoralias": actor.aliases.get(),
    }


@pytest.mark.parametrize("model", MODELS)
def test_editor_can_open_every_admin_page(editor_client, populated, model):
    obj = populated[model]
    for url in (
        reverse(f"admin:events_{model}_changelist"),
        reverse(f"admin:events_{model}_add"),
        reverse(f"admin:events_{model}_change", args=[obj.pk]),
        reverse(f"admin:events_{model}_history", args=[obj.pk]),
    ):
        assert editor_client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", MODELS)
def test_analyst_can_view_but_every_change_is_refused(analyst_client, populated, model):
    obj = populated[model]
    assert analyst_client.get(reverse(f"admin:events_{model}_changelist")).status_code == 200
    assert analyst_client.get(reverse(f"admin:events_{model}_change", args=[obj.pk])).status_code == 200
    assert analyst_client.get(reverse(f"admin:events_{model}_add")).status_code == 403
    assert analyst_client.post(reverse(f"admin:events_{model}_add"), {}).status_code == 403
    assert analyst_client.post(reverse(f"admin:events_{model}_change", args=[obj.pk]), {}).status_code == 403
    assert (
        analyst_client.post(reverse(f"admin:events_{model}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
    )
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_analyst_cannot_run_the_publish_action(analyst_client, crisis):
    draft = factories.EventFactory(crisis=crisis, status=ReviewStatus.DRAFT)
    analyst_client.post(
        reverse("admin:events_event_changelist"), {"action": "publish_selected", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.status == ReviewStatus.DRAFT


@pytest.mark.parametrize("model", ["event", "claim"])
def test_editor_publishes_and_unpublishes_from_the_changelist(editor_client, crisis, model):
    # Through the admin's own queryset (it joins the nullable claimant of a claim), on both databases.
    if model == "event":
        row = factories.EventFactory(crisis=crisis, status=ReviewStatus.DRAFT)
    else:
        row = factories.ClaimFactory(crisis=crisis, claimant=None, status=ReviewStatus.DRAFT)
    url = reverse(f"admin:events_{model}_changelist")
    for action, status in (("publish_selected", ReviewStatus.PUBLISHED), ("unpublish_selected", ReviewStatus.DRAFT)):
        response = editor_client.post(url, {"action": action, "_selected_action": [row.pk]})
        assert response.status_code == 302
        row.refresh_from_db()
        assert row.status == status


def event_form(event: Event, **changes) -> dict:
    data = {
        "crisis": event.crisis_id,
        "headline": event.headline,
        "summary": event.summary,
        "type": event.type,
        "timeframe": event.timeframe,
        "status": event.status,
        "expected_version": event.version,
        "date_start": event.date_start.isoformat(),
        "date_end": event.date_end.isoformat(),
        "precision": event.precision,
        "date_text": event.date_text,
        "location_name": "",
        "country": "",
        "latitude": "",
        "longitude": "",
        "fatalities": "",
    }
    for prefix in ("participations", "evidence", "claims"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | changes


def test_editor_saves_an_event_and_history_names_her(editor_client, editor, event):
    url = reverse("admin:events_event_change", args=[event.pk])
    response = editor_client.post(url, event_form(event, headline="Corrected headline"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.headline, event.version) == ("Corrected headline", 2)
    assert event.history.latest().history_user == editor


def test_a_claim_added_under_an_event_belongs_to_its_crisis(editor_client, event):
    url = reverse("admin:events_event_change", args=[event.pk])
    claim = {
        "claims-TOTAL_FORMS": "1", "claims-0-claimant": "", "claims-0-claimant_text": "The defence minister",
        "claims-0-statement": "The army stands with the president", "claims-0-speech_act": "stated",
        "claims-0-verification": "unverified", "claims-0-status": "draft",
    }  # fmt: skip
    response = editor_client.post(url, event_form(event) | claim)
    assert response.status_code == 302
    saved = Claim.objects.get(event=event)
    assert (saved.crisis, saved.statement) == (event.crisis, "The army stands with the president")


def test_stale_save_gets_a_conflict_message_and_overwrites_nothing(client, editor, other_editor, event):
    url = reverse("admin:events_event_change", args=[event.pk])
    stale_form = event_form(event, headline="Erin's headline")  # Erin opened the form at version 1 ...
    client.force_login(other_editor)
    assert client.post(url, event_form(event, headline="Omar's headline")).status_code == 302  # ... Omar saved first.

    client.force_login(editor)
    response = client.post(url, stale_form)

    assert response.status_code == 200
    assert "Someone else changed this entry by omar" in response.content.decode()
    event.refresh_from_db()
    assert (event.headline, event.version) == ("Omar's headline", 2)


def test_merge_action_asks_which_actor_to_keep_then_merges(editor_client):
    keep, dupe = factories.ActorFactory(name="Juan Guaidó"), factories.ActorFactory(name="Juan Guaido Marquez")
    url = reverse("admin:events_actor_changelist")
    selection = {"action": "merge_selected", "_selected_action": [keep.pk, dupe.pk]}
    page = editor_client.post(url, selection)
    assert b"Keep which actor?" in page.content
    editor_client.post(url, selection | {"confirm": "1", "survivor": keep.pk})
    assert list(Actor.objects.values_list("name", flat=True)) == ["Juan Guaidó"]


def test_event_list_filters_by_actor_and_precision(editor_client, crisis):
    actor = factories.ActorFactory()
    hit = factories.EventFactory(
        crisis=crisis, precision="month", date_start=dt.date(2019, 2, 1), date_end=dt.date(2019, 2, 28)
    )
    factories.EventActorFactory(event=hit, actor=actor)
    factories.EventFactory(crisis=crisis)
    response = editor_client.get(
        reverse("admin:events_event_changelist"), {"actors__id__exact": actor.pk, "precision__exact": "month"}
    )
    assert list(response.context["cl"].result_list) == [hit]
