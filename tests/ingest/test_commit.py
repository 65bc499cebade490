import dataclasses
import datetime as dt

import pytest
from django.db import DatabaseError

from events.gazetteer import places_named
from events.ingest import commit as commit_module
from events.ingest.commit import ReviewedActor, ReviewedClaim, ReviewedDraft, ReviewedEvent, commit_ingest
from events.models import Actor, Claim, Event, Evidence, Source
from tests import factories

BODY = (
    "Opposition leader Juan Guaido spoke to tens of thousands of supporters on Saturday. "
    "Air force general Yanez Rodriguez said 90 percent of the armed forces have lost faith in Maduro."
)
SATURDAY = dt.date(2019, 2, 2)


def span(text: str) -> tuple[int, int]:
    start = BODY.index(text)
    return start, start + len(text)


def make_draft(**changes) -> ReviewedDraft:
    rally = span("spoke to tens of thousands of supporters on Saturday")
    claim = span("90 percent of the armed forces have lost faith in Maduro")
    draft = ReviewedDraft(
        title="Rally",
        body=BODY,
        original=BODY,
        original_format="text",
        url=None,
        outlet="Daily",
        authors="",
        published=SATURDAY,
        published_source="given",
        actors=(
            ReviewedActor(key="Juan Guaidó", name="Juan Guaidó", kind="person", mentions=("Juan Guaido", "Guaido")),
            ReviewedActor(key="Yanez Rodriguez", name="Yanez Rodriguez", kind="military"),
        ),
        events=(
            ReviewedEvent(
                headline="Guaidó addresses a rally",
                type="protest",
                date_start=SATURDAY,
                date_end=SATURDAY,
                precision="day",
                date_text="Saturday",
                spans=(rally,),
                actors=(("Juan Guaidó", "initiator"),),
            ),
        ),
        claims=(
            ReviewedClaim(
                claimant="Yanez Rodriguez",
                claimant_text="Air force general Yanez Rodriguez",
                statement=BODY[claim[0] : claim[1]],
                speech_act="stated",
                start=claim[0],
                end=claim[1],
                figure_value=90,
                figure_unit="percent",
                event_index=0,
            ),
        ),
    )
    return ReviewedDraft(**{**draft.__dict__, **changes})


def test_commit_saves_source_actors_events_claims_and_evidence(crisis, editor):
    outcome = commit_ingest(draft=make_draft(), crisis=crisis, user=editor)

    assert not outcome.duplicate
    event = Event.objects.get()
    assert event.evidence.get().quote == "spoke to tens of thousands of supporters on Saturday"
    assert [p.actor.name for p in event.participations.all()] == ["Juan Guaidó"]
    claim = Claim.objects.get()
    assert (claim.claimant.name, claim.figure_value, claim.event) == ("Yanez Rodriguez", 90, event)
    assert claim.evidence.get().quote.startswith("90 percent")
    guaido = Actor.objects.get(name="Juan Guaidó")
    # "Juan Guaido" folds to the name itself; "Guaido" is a new key.
    assert set(guaido.aliases.values_list("alias", flat=True)) == {"Juan Guaidó", "Guaido"}
    # Every row has its history, naming the editor.
    assert Source.history.get().history_user == editor
    assert event.history.get().history_user == editor


def test_known_actor_is_reused_through_its_alias(crisis, editor):
    known = factories.ActorFactory(name="Juan Guaidó")
    outcome = commit_ingest(draft=make_draft(), crisis=crisis, user=editor)
    assert known not in outcome.actors_created
    assert Actor.objects.filter(name="Juan Guaidó").count() == 1


def test_same_article_twice_is_recognised_and_nothing_is_duplicated(crisis, editor):
    first = commit_ingest(draft=make_draft(), crisis=crisis, user=editor)
    second = commit_ingest(draft=make_draft(), crisis=crisis, user=editor)
    assert second.duplicate and second.source == first.source
    assert (Source.objects.count(), Event.objects.count(), Claim.objects.count()) == (1, 1, 1)


def test_same_url_with_other_text_is_recognised(crisis, editor):
    first = commit_ingest(draft=make_draft(url="https://news.example/a"), crisis=crisis, user=editor)
    other_body = BODY + " Updated."
    second = commit_ingest(
        draft=make_draft(url="https://news.example/a", body=other_body, original=other_body), crisis=crisis, user=editor
    )
    assert second.duplicate and second.source == first.source


def test_same_as_adds_evidence_to_the_existing_event_instead_of_a_duplicate(crisis, editor):
    existing = factories.EventFactory(crisis=crisis)
    draft = make_draft()
    draft = ReviewedDraft(
        **{**draft.__dict__, "events": (ReviewedEvent(**{**draft.events[0].__dict__, "same_as": existing.pk}),)}
    )
    outcome = commit_ingest(draft=draft, crisis=crisis, user=editor)
    assert outcome.events_corroborated == [existing] and outcome.events_created == []
    assert existing.evidence.count() == 1
    assert Event.objects.count() == 1


def test_a_database_error_mid_commit_saves_nothing(crisis, editor, monkeypatch):
    real = commit_module._evidence

    def failing(source, start, end, user, **target):
        if "claim" in target:
            raise DatabaseError("disk full")
        return real(source, start, end, user, **target)

    monkeypatch.setattr(commit_module, "_evidence", failing)
    with pytest.raises(DatabaseError):
        commit_ingest(draft=make_draft(), crisis=crisis, user=editor)
    assert (Source.objects.count(), Event.objects.count(), Claim.objects.count(), Actor.objects.count()) == (0, 0, 0, 0)
    assert Evidence.objects.count() == 0


def test_the_reviewed_role_is_the_one_saved(crisis):
    draft = make_draft()
    (event,) = draft.events
    edited = dataclasses.replace(event, actors=(("Juan Guaidó", "target"), ("Yanez Rodriguez", "mentioned")))
    commit_ingest(draft=dataclasses.replace(draft, events=(edited,)), crisis=crisis)
    assert sorted(Event.objects.get().participations.values_list("actor__name", "role")) == [
        ("Juan Guaidó", "target"),
        ("Yanez Rodriguez", "mentioned"),
    ]


@pytest.mark.parametrize(
    ("location", "parsed", "expected"),
    [
        # The editor kept the parser's place: saved as it came.
        ("Caracas", "Caracas", ("Caracas", "VE", 1, "10.48801")),
        # The editor typed another location in the review: resolved again, the parser's place dropped.
        ("Maracaibo", "Caracas", ("Maracaibo", "VE", 1, "10.64232")),
        # No place anywhere: the crisis's country, and no location name.
        ("", None, ("", "VE", 3, "10.48801")),
    ],
)
def test_commit_saves_the_events_place(crisis, editor, location, parsed, expected):
    draft = make_draft()
    place = places_named(parsed)[0] if parsed else None
    reviewed = ReviewedEvent(**{**draft.events[0].__dict__, "location": location, "place": place})
    commit_ingest(draft=ReviewedDraft(**{**draft.__dict__, "events": (reviewed,)}), crisis=crisis, user=editor)
    event = Event.objects.get()
    assert (event.location_name, event.country_code, event.geo_precision, str(event.latitude)) == expected
    assert event.country == "Venezuela"
