"""Fixtures shared by the page tests: a small crisis (`world`) and sixty entries to page through (`many`)."""

import datetime as dt

import pytest
from django.urls import reverse

from events.models import ActorAlias, Precision, ReviewStatus, Verification
from tests import factories

FEB_2 = dt.date(2019, 2, 2)


@pytest.fixture
def world(crisis):
    """A small crisis an analyst would recognise: a defection reported by two outlets with a disputed claim,
    a rally dated only roughly, a month-precision law, an older statement, and one draft."""
    yanez = factories.ActorFactory(name="Yanez Rodriguez")
    ActorAlias.objects.create(actor=yanez, alias="General Yanez")
    maduro = factories.ActorFactory(name="Nicolás Maduro")
    guaido = factories.ActorFactory(name="Juan Guaidó")
    reuters = factories.SourceFactory(
        outlet="Reuters",
        text="Air force general Yanez Rodriguez said he backs Guaidó. "
        "He claimed 90 percent of the armed forces have lost faith in Maduro.",
    )
    ap = factories.SourceFactory(outlet="AP", text="A general of the air force defected on Saturday morning.")
    bbc = factories.SourceFactory(outlet="BBC", text="Lawmakers drafted an amnesty law. Maduro spoke in January.")

    defection = factories.EventFactory(
        crisis=crisis,
        headline="Air force general defects",
        type="defection",
        date_start=FEB_2,
        precision=Precision.DAY,
        location_name="Caracas",
    )
    factories.EventActorFactory(event=defection, actor=yanez, role="initiator")
    factories.EventActorFactory(event=defection, actor=maduro, role="target")
    factories.evidence_for(reuters, "Air force general Yanez Rodriguez said he backs Guaidó", event=defection)
    factories.evidence_for(ap, "A general of the air force defected on Saturday morning", event=defection)
    claim = factories.ClaimFactory(
        crisis=crisis,
        event=defection,
        claimant=yanez,
        made_on=FEB_2,
        statement="90 percent of the armed forces have lost faith in Maduro",
        verification=Verification.DISPUTED,
    )
    factories.evidence_for(reuters, "90 percent of the armed forces have lost faith in Maduro", claim=claim)
    factories.ClaimFactory(
        crisis=crisis,
        event=defection,
        claimant=maduro,
        statement="A secret draft claim",
        status=ReviewStatus.DRAFT,
        verification=Verification.CONFIRMED,
    )

    rally = factories.EventFactory(
        crisis=crisis,
        headline="Rally in the capital",
        type="protest",
        date_start=FEB_2,
        precision=Precision.APPROXIMATE,
    )
    factories.EventActorFactory(event=rally, actor=guaido, role="initiator")
    law = factories.EventFactory(
        crisis=crisis,
        headline="Amnesty law drafted",
        type="legislation",
        summary="Lawmakers offer the military immunity.",
        date_start=dt.date(2019, 2, 1),
        date_end=dt.date(2019, 2, 28),
        precision=Precision.MONTH,
    )
    factories.EventActorFactory(event=law, actor=guaido, role="initiator")
    factories.evidence_for(bbc, "Lawmakers drafted an amnesty law", event=law)
    january = factories.EventFactory(
        crisis=crisis, headline="Maduro speaks", type="statement", date_start=dt.date(2019, 1, 15)
    )
    factories.EventActorFactory(event=january, actor=maduro, role="initiator")
    factories.evidence_for(bbc, "Maduro spoke in January", event=january)
    draft = factories.EventFactory(
        crisis=crisis,
        headline="Unreviewed sighting",
        type="protest",
        date_start=dt.date(2019, 2, 3),
        status=ReviewStatus.DRAFT,
    )
    factories.EventActorFactory(event=draft, actor=yanez, role="participant")
    elsewhere = factories.EventFactory(headline="Another crisis entirely")
    return {
        "crisis": crisis,
        "yanez": yanez,
        "maduro": maduro,
        "guaido": guaido,
        "defection": defection,
        "rally": rally,
        "law": law,
        "january": january,
        "draft": draft,
        "elsewhere": elsewhere,
        "url": reverse("events:crisis-timeline", kwargs={"slug": crisis.slug}),
    }


@pytest.fixture
def many(crisis):
    actor = factories.ActorFactory(name="Busy actor")
    source = factories.SourceFactory(outlet="Wire")
    events = []
    for i in range(60):
        event = factories.EventFactory(crisis=crisis, date_start=dt.date(2019, 1, 1) + dt.timedelta(days=i // 3))
        factories.EventActorFactory(event=event, actor=actor)
        factories.evidence_for(source, "Protesters marched", event=event)
        factories.ClaimFactory(crisis=crisis, event=event, claimant=actor)
        events.append(event)
    return events
