"""The review page's form handling: roles, the known-actor default, merge, split, and accept/reject as
plain form posts (no script involved)."""

import re

import pytest
from django.urls import reverse

from events.ingest.web.forms import sign_payload
from events.ingest.web.preview import review_forms
from events.models import Actor, Claim, Event, EventActor, Evidence, PendingArticle, Source
from tests import factories

INGEST = reverse("admin:events_source_ingest")
CONFIRM = reverse("admin:events_source_ingest_confirm")
REVISE = reverse("admin:events_source_ingest_revise")
# Our own small articles. TWO: a march Guaidó leads (Guaidó the initiator) and an arrest, two events.
TWO = (
    "Protests in Caracas\n\n"
    "Opposition leader Juan Guaidó led a march through Caracas on Saturday, witnesses said.\n\n"
    "Police arrested a journalist in Caracas on Monday.\n"
)
# ONE_TOLD_TWICE: one rally told in two sentences, which the parser merges into one event with two spans.
ONE_TOLD_TWICE = (
    "Rally in Valencia\n\n"
    "Thousands of opposition supporters rallied in Valencia on Saturday. "
    "The rally in Valencia drew students and unions on Saturday, organisers said.\n"
)


@pytest.fixture(autouse=True)
def worker(run_tasks):
    global _run_tasks
    _run_tasks = run_tasks


def preview(client, crisis, text):
    """Post the ingest form, let the worker parse the queued article, and open its review page."""
    queued = client.post(INGEST, {"crisis": crisis.pk, "text": text, "published": "2019-03-12"})
    assert queued.status_code == 302 and "/review/" in queued.url
    _run_tasks()
    response = client.get(queued.url)
    assert response.status_code == 200
    return response


def posted(response) -> dict:
    """What the browser would post from the page as shown: every field's current value, ticked boxes "on"."""
    data = {"payload": re.search(r'name="payload" value="([^"]+)"', response.content.decode()).group(1)}
    context = response.context
    forms = [*context["actor_forms"], *(f for f, _ in context["event_rows"]), *(f for f, _ in context["claim_rows"])]
    for form in forms:
        for name in form.fields:
            value, key = form[name].value(), f"{form.prefix}-{name}"
            if name == "accept":
                if value:
                    data[key] = "on"
            elif value not in (None, ""):
                data[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def event_index(response, words: str) -> int:
    return next(i for i, (_, data) in enumerate(response.context["event_rows"]) if words in data["summary"])


def only(data: dict, *, events: set[int]) -> dict:
    """Untick every event but `events`."""
    unticked = {f"event-{i}-accept" for i in range(100)} - {f"event-{i}-accept" for i in events}
    return {k: v for k, v in data.items() if k not in unticked}


def test_an_edited_role_is_saved(editor_client, crisis):
    response = preview(editor_client, crisis, TWO)
    march = event_index(response, "march")
    form = response.context["event_rows"][march][0]
    assert [key for key, _ in form.roles()] == ["Juan Guaidó"] and form["role_0"].value() == "initiator"
    data = only(posted(response), events={march})
    data[f"event-{march}-role_0"] = "target"
    assert editor_client.post(CONFIRM, data).status_code == 302
    assert list(EventActor.objects.values_list("actor__name", "role")) == [("Juan Guaidó", "target")]


def test_not_in_this_event_drops_the_actor_from_it_only(editor_client, crisis):
    response = preview(editor_client, crisis, TWO)
    march = event_index(response, "march")
    data = only(posted(response), events={march})
    data[f"event-{march}-role_0"] = ""
    editor_client.post(CONFIRM, data)
    assert Event.objects.count() == 1 and not EventActor.objects.exists()
    assert Actor.objects.filter(name="Juan Guaidó").exists()  # still accepted as an actor of the article


def test_a_role_not_offered_is_a_form_error_and_nothing_is_saved(editor_client, crisis):
    response = preview(editor_client, crisis, TWO)
    march = event_index(response, "march")
    data = posted(response)
    data[f"event-{march}-role_0"] = "overlord"
    result = editor_client.post(CONFIRM, data)
    assert result.status_code == 400 and b"Select a valid choice" in result.content
    assert not Source.objects.exists() and not Event.objects.exists()


def test_known_actor_defaults_to_an_exact_or_folded_name_match(crisis):
    # Guaidó exists under a spelling without the accent; Maduro exactly; "Nobody New" not at all.
    guaido = factories.ActorFactory(name="Juan Guaido")
    maduro = factories.ActorFactory(name="Nicolás Maduro")
    payload = {
        "body": "x",
        "published": "2019-03-12",
        "actors": [
            {"name": "Juan Guaidó", "kind": "person", "mentions": [], "known_id": None},
            {"name": "Nicolás Maduro", "kind": "person", "mentions": [], "known_id": None},
            {"name": "Nobody New", "kind": "person", "mentions": [], "known_id": None},
        ],
        "events": [],
        "claims": [],
    }
    actor_forms = review_forms(payload, crisis)[0]
    assert [f["link"].value() for f in actor_forms] == [guaido.pk, maduro.pk, None]
    html = str(actor_forms[0]["link"])
    assert re.search(rf'<option value="{guaido.pk}" selected>', html)


def test_an_actor_added_since_the_parse_is_the_default_and_is_linked(editor_client, crisis):
    response = preview(editor_client, crisis, TWO)
    assert response.context["actor_forms"][0]["link"].value() is None  # an empty registry at parse time
    guaido = factories.ActorFactory(name="Juan Guaido")  # a colleague adds him while the preview is open
    payload = response.context["payload"]
    assert review_forms(payload, crisis)[0][0]["link"].value() == guaido.pk  # a re-shown preview offers him
    data = posted(response)
    data["actor-0-link"] = guaido.pk
    editor_client.post(CONFIRM, data)
    assert Actor.objects.count() == 1 and EventActor.objects.get().actor == guaido


def test_merge_makes_one_entry_with_both_passages_and_saves_it(editor_client, crisis):
    response = preview(editor_client, crisis, TWO)
    march, arrest = event_index(response, "march"), event_index(response, "arrest")
    count = len(response.context["event_rows"])
    data = posted(response)
    data[f"event-{march}-merge_with"] = arrest + 1  # the number the page shows
    merged = editor_client.post(REVISE, {**data, "op": f"merge:{march}"})
    assert merged.status_code == 200
    rows = merged.context["event_rows"]
    assert len(rows) == count - 1
    entry = rows[min(march, arrest)][1]
    assert len(entry["spans"]) == 2 and [k for k, _ in entry["actors"]] == ["Juan Guaidó"]
    assert not Source.objects.exists()  # merging saves nothing
    saved = editor_client.post(CONFIRM, only(posted(merged), events={min(march, arrest)}))
    assert saved.status_code == 302
    event = Event.objects.get()
    assert Evidence.objects.filter(event=event).count() == 2
    assert event.participations.get().actor.name == "Juan Guaidó"
    # the queued article the draft came from is closed, though the merged draft was signed anew
    assert PendingArticle.objects.get().state == PendingArticle.State.ACCEPTED
    again = editor_client.post(CONFIRM, only(posted(merged), events={min(march, arrest)}))
    assert again.status_code == 302 and Event.objects.count() == 1  # no second save from the same draft


def test_split_gives_each_passage_its_own_entry(editor_client, crisis):
    response = preview(editor_client, crisis, ONE_TOLD_TWICE)
    rally = next(i for i, (_, d) in enumerate(response.context["event_rows"]) if len(d["spans"]) == 2)
    count = len(response.context["event_rows"])
    split = editor_client.post(REVISE, {**posted(response), "op": f"split:{rally}"})
    assert split.status_code == 200
    rows = split.context["event_rows"]
    assert len(rows) == count + 1
    first, second = rows[rally][1], rows[rally + 1][1]
    assert len(first["spans"]) == len(second["spans"]) == 1
    assert rows[rally + 1][0]["headline"].value().startswith("The rally in Valencia drew students")
    editor_client.post(CONFIRM, only(posted(split), events={rally, rally + 1}))
    assert Event.objects.count() == 2
    assert sorted(Evidence.objects.filter(event__isnull=False).values_list("event", flat=True)) == sorted(
        Event.objects.values_list("pk", flat=True)
    )


def test_split_keeps_the_editors_other_changes_and_renumbers_claims(editor_client, crisis):
    response = preview(editor_client, crisis, ONE_TOLD_TWICE)
    rally = next(i for i, (_, d) in enumerate(response.context["event_rows"]) if len(d["spans"]) == 2)
    data = posted(response)
    others = [i for i in range(len(response.context["event_rows"])) if i != rally]
    for i in others:
        data[f"event-{i}-headline"] = f"Edited {i}"
    data["claim-0-statement"] = "Edited claim"
    claim_event = response.context["claim_rows"][0][1]["event_index"]
    split = editor_client.post(REVISE, {**data, "op": f"split:{rally}"})
    rows = split.context["event_rows"]
    for i in others:
        moved = i if i < rally else i + 1
        assert rows[moved][0]["headline"].value() == f"Edited {i}"
    claim_form, claim = split.context["claim_rows"][0]
    assert claim_form["statement"].value() == "Edited claim"
    expected = claim_event if claim_event is None or claim_event <= rally else claim_event + 1
    assert claim["event_index"] == expected and str(claim_form["event"].value() or "") == str(expected or "")


@pytest.mark.parametrize(
    ("op", "extra", "message"),
    [
        ("split:abc", {}, b"not one this page offers"),
        ("delete:0", {}, b"not one this page offers"),
        ("split:" + "9" * 5000, {}, b"not one this page offers"),
        ("split:99", {}, b"There is no event 100"),
        ("merge:0", {}, b"Give the number of the event to merge with event 1"),
        ("merge:0", {"event-0-merge_with": "9" * 40}, b"Give the number of the event"),
        ("merge:0", {"event-0-merge_with": "-2"}, b"Give the number of the event"),
        ("merge:0", {"event-0-merge_with": "\u0661"}, b"Give the number of the event"),  # an Arabic-Indic one
        ("merge:0", {"event-0-merge_with": "1"}, b"Pick another event"),
        ("merge:0", {"event-0-merge_with": "0"}, b"There is no event 0"),
        ("merge:1", {"event-1-merge_with": "999"}, b"There is no event 999"),
    ],
)
def test_impossible_changes_get_a_message_not_a_500(editor_client, crisis, op, extra, message):
    response = preview(editor_client, crisis, TWO)
    result = editor_client.post(REVISE, {**posted(response), "op": op, **extra})
    assert result.status_code == 400 and message in result.content
    assert len(result.context["event_rows"]) == len(response.context["event_rows"])
    assert not Source.objects.exists()


def test_splitting_a_one_passage_event_says_there_is_nothing_to_split(editor_client, crisis):
    response = preview(editor_client, crisis, TWO)
    march = event_index(response, "march")
    result = editor_client.post(REVISE, {**posted(response), "op": f"split:{march}"})
    assert result.status_code == 400 and b"rests on one passage only" in result.content


def test_revise_refuses_a_changed_payload_and_get_goes_back_to_the_form(editor_client, crisis):
    response = preview(editor_client, crisis, TWO)
    data = posted(response)
    data["payload"] = sign_payload({"crisis": crisis.pk})[:-4] + "AAAA"
    result = editor_client.post(REVISE, {**data, "op": "split:0"}, follow=True)
    assert b"The preview was changed or has expired" in result.content
    assert editor_client.get(REVISE).url == INGEST
    assert not Source.objects.exists()


def test_rejecting_without_script_leaves_out_the_event_the_actor_and_the_claim(editor_client, crisis):
    response = preview(editor_client, crisis, TWO)
    data = posted(response)
    march = event_index(response, "march")
    assert response.context["claim_rows"], "the march sentence is a claim too"
    for key in ["actor-0-accept", "claim-0-accept"] + [f"event-{i}-accept" for i in range(march)]:
        data.pop(key, None)
    assert editor_client.post(CONFIRM, data).status_code == 302
    kept = [response.context["event_rows"][i][1]["summary"] for i in range(march, len(response.context["event_rows"]))]
    assert sorted(Event.objects.values_list("headline", flat=True)) == sorted(kept)
    assert not Actor.objects.exists() and not EventActor.objects.exists() and not Claim.objects.exists()


def test_the_page_places_each_candidate_beside_its_passage(editor_client, crisis):
    response = preview(editor_client, crisis, TWO)
    html = response.content.decode()
    march = event_index(response, "march")
    row = next(r for r in response.context["rows"] if any(i == march for i, _, _ in r.events))
    assert "led a march through Caracas" in "".join(run.text for run in row.runs)
    assert f'href="#event-{march}"' in html and f'id="ev{march}-s0"' in html and f'id="event-{march}"' in html
    assert 'class="pv-default-submit"' in html.split('name="op"')[0]  # Enter saves, never merges or splits


@pytest.mark.parametrize("actors", [2, 40])
def test_the_actor_forms_read_the_registry_in_three_queries_however_many(crisis, django_assert_num_queries, actors):
    factories.ActorFactory.create_batch(25)
    payload = {
        "body": "x",
        "published": None,
        "actors": [{"name": f"Person {n}", "kind": "person", "mentions": [], "known_id": None} for n in range(actors)],
        "events": [],
        "claims": [],
    }
    # The registry's choices once, then the exact names and the folded aliases: rendering adds none.
    with django_assert_num_queries(3):
        actor_forms = review_forms(payload, crisis)[0]
        html = "".join(str(form) for form in actor_forms)
    assert html.count("<option") == actors * (26 + len(Actor.Kind.choices))  # "New actor" and 25, and the kinds
