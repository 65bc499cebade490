"""Contradictions found from small articles written for these tests, and editors' decisions on them."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from events.contradictions import find_contradictions, ranges_apart
from events.ingest.commit import commit_ingest, draft_from_result
from events.ingest.pipeline import parse_article
from events.models import Claim, ContradictionGroup, SpeechAct
from tests import factories

SATURDAY = dt.date(2019, 2, 3)
RALLY_BY_ORGANISERS = (
    "Opposition rally fills Caracas avenue\n\n"
    "Supporters of opposition leader Ana Ruiz marched through eastern Caracas on Saturday. "
    "Organisers said tens of thousands of people joined the march.\n\n"
    "The rally ended peacefully in the afternoon."
)
RALLY_BY_MINISTER = (
    "Government plays down Caracas march\n\n"
    "Opposition supporters marched in eastern Caracas on Saturday. "
    "Interior minister Carlos Diaz said only a few thousand people took part in the march.\n\n"
    "Police reported no incidents."
)
RALLY_BY_OBSERVERS = (
    "Observers count the Caracas march\n\n"
    "Opposition supporters marched in eastern Caracas on Saturday. "
    "Independent observers said between 30,000 and 50,000 people joined the march.\n\n"
    "The crowd dispersed by evening."
)
DEFECTION = (
    "General announces defection\n\n"
    "General Tomas Vera announced on Monday that he no longer recognises the government. "
    "The army denied that General Vera had defected, calling the video a fake."
)


def ingest(text: str, crisis, user, *, same_as=None):
    """Parse and save an article as bulk ingest does; `same_as` joins its march to an entry already
    stored, as an editor does in the review."""
    result = parse_article(text, published=SATURDAY)
    draft = draft_from_result(result, original=text)
    if same_as is not None:
        events = tuple(replace(e, same_as=same_as.pk) if "march" in e.headline else e for e in draft.events)
        draft = replace(draft, events=events)
    return commit_ingest(draft=draft, crisis=crisis, user=user)


def march(outcome):
    return next(e for e in outcome.events_created if "march" in e.headline)


def test_two_reports_of_one_rally_with_figures_apart_form_one_group(crisis, editor):
    first = ingest(RALLY_BY_ORGANISERS, crisis, editor)
    ingest(RALLY_BY_MINISTER, crisis, editor, same_as=march(first))
    (group,) = ContradictionGroup.objects.all()
    assert (group.kind, group.measure, group.event) == ("figure", "crowd_size", march(first))
    figures = sorted(group.claims.values_list("figure_text", flat=True))
    assert figures == ["a few thousand", "tens of thousands"]
    assert group.newest_on == SATURDAY


def test_overlapping_ranges_are_no_contradiction(crisis, editor):
    first = ingest(RALLY_BY_ORGANISERS, crisis, editor)
    ingest(RALLY_BY_OBSERVERS, crisis, editor, same_as=march(first))
    assert not ContradictionGroup.objects.exists()


def test_a_denial_of_an_announced_defection_is_found(crisis, editor):
    ingest(DEFECTION, crisis, editor)
    (group,) = ContradictionGroup.objects.all()
    assert group.kind == "stance"
    acts = sorted(group.claims.values_list("speech_act", flat=True))
    assert acts == [SpeechAct.ANNOUNCED, SpeechAct.DENIED]


def test_not_a_contradiction_stays_after_the_claims_are_edited_again(crisis, editor):
    first = ingest(RALLY_BY_ORGANISERS, crisis, editor)
    ingest(RALLY_BY_MINISTER, crisis, editor, same_as=march(first))
    group = ContradictionGroup.objects.get()
    group.decision, group.note = ContradictionGroup.Decision.NOT_CONTRADICTION, "Different parts of the route."
    group.save()
    minister = Claim.objects.get(figure_text="a few thousand")
    minister.figure_text, minister.figure_low, minister.figure_high = "3,000", Decimal(3000), Decimal(3000)
    minister.save()
    find_contradictions([minister])
    group.refresh_from_db()
    assert group.decision == "not_contradiction" and group.note == "Different parts of the route."
    assert minister in group.claims.all()
    # Even when the figures come to agree, the decided group stays with its decision.
    minister.figure_low, minister.figure_high = Decimal(20000), Decimal(30000)
    minister.save()
    find_contradictions([minister])
    assert ContradictionGroup.objects.get().decision == "not_contradiction"


def test_an_open_group_goes_when_its_disagreement_does(crisis):
    event = factories.EventFactory(crisis=crisis)
    low = factories.ClaimFactory(crisis=crisis, event=event, figure_measure="killed", figure_low=12, figure_high=12)
    high = factories.ClaimFactory(crisis=crisis, event=event, figure_measure="killed", figure_low=40)
    assert [g.key for g in find_contradictions([low, high])] == [f"event:{event.pk}:killed"]
    high.event = factories.EventFactory(crisis=crisis)  # moved to another entry
    high.save()
    assert find_contradictions([high]) == []
    assert not ContradictionGroup.objects.exists()


def test_a_stance_needs_two_claimants(crisis):
    event = factories.EventFactory(crisis=crisis)
    actor = factories.ActorFactory()
    said = factories.ClaimFactory(crisis=crisis, event=event, claimant=actor, speech_act=SpeechAct.STATED)
    denied = factories.ClaimFactory(crisis=crisis, event=event, claimant=actor, speech_act=SpeechAct.DENIED)
    assert find_contradictions([said, denied]) == []


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        ((12, 12), (40, None), True),
        ((10000, 20000), (15000, 15000), False),
        ((None, 5), (5, None), False),
        ((None, None), (1, 1), False),
        ((0, 300), (301, 301), True),
    ],
)
def test_ranges_apart(a, b, apart):
    assert ranges_apart(a, b) is apart
