from decimal import Decimal

import pytest

from events.models import ReviewStatus
from tests import factories


@pytest.fixture
def rich_event(crisis):
    # One event with everything a row can hold: two actors with roles, two sources from two outlets,
    # a published and a draft claim.
    event = factories.EventFactory(
        crisis=crisis,
        headline='Guaidó rallies, Maduro "responds"',
        summary="Line one\nline two",
        location_name="Caracas",
        country="Venezuela",
        latitude=Decimal("10.48801"),
        longitude=Decimal("-66.87919"),
        date_text="Saturday",
        fatalities=2,
    )
    guaido = factories.ActorFactory(name="Juan Guaidó")
    maduro = factories.ActorFactory(name="Nicolás Maduro", kind="state")
    factories.EventActorFactory(event=event, actor=guaido, role="initiator")
    factories.EventActorFactory(event=event, actor=maduro, role="target")
    first = factories.SourceFactory(outlet="Reuters", url="https://example.org/a", scale="international")
    second = factories.SourceFactory(outlet="El Nacional", url=None, scale="national")
    factories.evidence_for(first, "Protesters marched", event=event)
    factories.evidence_for(second, "The minister said", event=event)
    factories.ClaimFactory(crisis=crisis, event=event)
    factories.ClaimFactory(crisis=crisis, event=event, status=ReviewStatus.DRAFT)
    return event
