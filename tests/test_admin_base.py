"""events/admin_base.py: every curation admin only takes the filters it offers, strips NUL from search
terms, reverts from history inside a transaction, and version-checks every inline row it saves."""

import pytest
from django.contrib import admin
from django.db.models import CharField, F, TextField
from django.urls import reverse

from events.admin_base import HistoryAdmin
from events.contradictions import find_contradictions
from events.models import VersionedModel
from tests import factories
from tests.figures import FIGURES

ADMINS = {m._meta.model_name: a for m, a in admin.site._registry.items() if m._meta.app_label == "events"}


def form_data(response) -> dict:
    """The POST a browser would send for the admin change (or revert) form in `response`, as rendered:
    the object's fields and, for a change page, every inline's management form and rows."""
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets") or ():
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = "on" if value is True else str(value)
    return data


@pytest.fixture
def one_of_each(crisis):
    actor = factories.ActorFactory(name="Yanez Rodriguez")
    event = factories.EventFactory(crisis=crisis)
    factories.EventActorFactory(event=event, actor=actor)
    source = factories.SourceFactory()
    factories.evidence_for(source, "Protesters marched", event=event)
    claim = factories.ClaimFactory(crisis=crisis, claimant=actor, event=event, statement="The vote was fair")
    tolls = [
        factories.ClaimFactory(crisis=crisis, event=event, figure_measure="killed", figure_low=n, figure_high=n)
        for n in (12, 40)
    ]
    (contradiction,) = find_contradictions(tolls)
    contradiction.note = "First look."
    contradiction.save()
    contradiction.history.order_by("history_id").first().delete()  # the revert test goes back to the note
    return {
        "crisis": crisis,
        "source": source,
        "actor": actor,
        "actoralias": actor.aliases.get(),
        "event": event,
        "claim": claim,
        "contradictiongroup": contradiction,
    }


def text_fields(model_name: str) -> list[str]:
    model = ADMINS[model_name].model
    return [f.name for f in model._meta.get_fields() if isinstance(f, CharField | TextField)]


@pytest.mark.parametrize("model_name", sorted(ADMINS))
@pytest.mark.parametrize("lookup", ["regex", "iregex"])
def test_a_regex_lookup_on_any_text_field_is_refused_not_run(editor_client, analyst, model_name, lookup, client):
    # PostgreSQL: "invalid regular expression"; SQLite: re.error. Both were a 500 before.
    url = reverse(f"admin:events_{model_name}_changelist")
    for field in text_fields(model_name):
        for pattern in ("(", "*", "[", "a{99999}"):
            response = editor_client.get(url, {f"{field}__{lookup}": pattern})
            assert response.status_code == 400, (url, field, pattern, response.status_code)


@pytest.mark.parametrize(
    "params",
    [
        {"id__in": "1,2"},
        {"pk__gt": "0"},
        {"crisis__id__in": "1,x"},
        {"date_start__gte": "2019-01-01"},
        {"status__exact": "draft", "headline__startswith": "E"},
    ],
)
def test_lookups_the_event_list_does_not_offer_are_refused(editor_client, one_of_each, params):
    assert editor_client.get(reverse("admin:events_event_changelist"), params).status_code == 400


def test_offered_filters_and_the_date_hierarchy_still_work(editor_client, one_of_each):
    url = reverse("admin:events_event_changelist")
    event = one_of_each["event"]
    for params in (
        {"status__exact": "published", "crisis__id__exact": event.crisis_id},
        {"date_start__year": "2019", "date_start__month": "2", "date_start__day": "2"},
        {"actors__id__exact": one_of_each["actor"].pk, "q": "Event"},
    ):
        response = editor_client.get(url, params)
        assert response.status_code == 200, params
        assert list(response.context["cl"].result_list) == [event], params
    # A name that is no field at all is still Django's "?e=1" page, not a refusal.
    assert editor_client.get(url, {"nonsense": "1"})["Location"].endswith("?e=1")


def autocompletes() -> list[tuple[str, str, str]]:
    """(app_label, model_name, field_name) for every autocomplete field of every admin and its inlines."""
    found = []
    for model, model_admin in admin.site._registry.items():
        for owner in [model_admin, *model_admin.inlines]:
            for field in owner.autocomplete_fields:
                source = owner.model if owner is not model_admin else model
                found.append((source._meta.app_label, source._meta.model_name, field))
    return found


def test_every_autocomplete_is_covered():
    # The claim's claimant/about/event, the event's actors (inline), the inline claim's claimant, the alias's actor.
    assert len(autocompletes()) >= 6


@pytest.mark.parametrize(("app_label", "model_name", "field_name"), autocompletes())
@pytest.mark.parametrize("term", ["\x00", "Yan\x00ez", "%00", "x" * 5000])
def test_autocomplete_terms_with_nul_are_answered(editor_client, one_of_each, app_label, model_name, field_name, term):
    params = {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term}
    response = editor_client.get(reverse("admin:autocomplete"), params)
    assert response.status_code == 200, params


CHANGES = {
    "crisis": "name",
    "source": "title",
    "actor": "description",
    "actoralias": "alias",
    "event": "headline",
    "claim": "statement",
    "contradictiongroup": "note",
}


def test_every_model_with_history_has_a_revert_test():
    assert set(CHANGES) == {name for name, a in ADMINS.items() if isinstance(a, HistoryAdmin)}


@pytest.mark.parametrize("model_name", sorted(CHANGES))
def test_editor_reverts_any_model_from_its_history(editor_client, one_of_each, model_name):
    obj, field = one_of_each[model_name], CHANGES[model_name]
    before = getattr(obj, field)
    first = obj.history.order_by("history_id").first()
    edited = type(obj).objects.get(pk=obj.pk)
    setattr(edited, field, "Changed later")
    if isinstance(edited, VersionedModel):
        edited.version = F("version") + 1
    edited.save()

    url = reverse(f"admin:events_{model_name}_simple_history", args=[obj.pk, first.history_id])
    page = editor_client.get(url)
    assert page.status_code == 200
    response = editor_client.post(url, form_data(page))

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    obj.refresh_from_db()
    assert getattr(obj, field) == before


def test_a_revert_over_a_change_made_since_the_page_opened_is_refused(editor_client, one_of_each):
    event = one_of_each["event"]
    first = event.history.order_by("history_id").first()
    url = reverse("admin:events_event_simple_history", args=[event.pk, first.history_id])
    page = editor_client.get(url)
    type(event).objects.filter(pk=event.pk).update(headline="Omar's", version=F("version") + 1)
    response = editor_client.post(url, form_data(page))
    event.refresh_from_db()
    FIGURES["hostile requests: stale saves"] += 1
    FIGURES["lost updates"] += event.headline != "Omar's"
    assert response.status_code == 200
    assert "Someone else changed this entry" in response.content.decode()
    assert event.headline == "Omar's"


def test_every_inline_of_a_versioned_model_is_version_checked():
    for model_admin in ADMINS.values():
        for inline in model_admin.inlines:
            if issubclass(inline.model, VersionedModel):
                assert "expected_version" in inline.form.base_fields, inline
                assert "expected_version" in inline.fields, inline


def test_a_stale_claim_row_in_the_event_form_saves_nothing(client, editor, other_editor, one_of_each):
    event, claim = one_of_each["event"], one_of_each["claim"]
    url = reverse("admin:events_event_change", args=[event.pk])
    client.force_login(editor)
    stale = form_data(client.get(url)) | {"headline": "Erin's headline"}  # Erin opens the event ...
    client.force_login(other_editor)  # ... Omar edits its claim in the claim admin ...
    claim_url = reverse("admin:events_claim_change", args=[claim.pk])
    omar = form_data(client.get(claim_url)) | {"statement": "Omar's statement", "verification": "confirmed"}
    assert client.post(claim_url, omar).status_code == 302

    client.force_login(editor)  # ... and Erin saves, changing only the headline.
    response = client.post(url, stale)

    claim.refresh_from_db()
    FIGURES["hostile requests: stale saves"] += 1
    FIGURES["lost updates"] += claim.statement != "Omar's statement"
    assert response.status_code == 200
    assert "Someone else changed this entry by omar" in response.content.decode()
    event.refresh_from_db()
    claim.refresh_from_db()
    assert (event.headline, event.version) != ("Erin's headline", 2)
    assert (claim.statement, claim.verification, claim.version) == ("Omar's statement", "confirmed", 2)


def test_analysts_counts_leave_drafts_out(client, analyst, editor, one_of_each):
    crisis, actor, source = one_of_each["crisis"], one_of_each["actor"], one_of_each["source"]
    draft = factories.EventFactory(crisis=crisis, status="draft")
    factories.EventActorFactory(event=draft, actor=actor)
    factories.evidence_for(source, "Protesters marched", event=draft)
    for user, expected in ((analyst, 1), (editor, 2)):
        client.force_login(user)
        for model, obj, column in (
            ("crisis", crisis, "event_count"),
            ("actor", actor, "event_count"),
            ("source", source, "evidence_count"),
        ):
            rows = client.get(reverse(f"admin:events_{model}_changelist")).context["cl"].result_list
            assert getattr(next(r for r in rows if r.pk == obj.pk), column) == expected, (user, model)
