import datetime as dt

import factory

from events.models import Actor, Claim, Crisis, Event, EventActor, Evidence, ReviewStatus, Source


class CrisisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Crisis

    name = factory.Sequence(lambda n: f"Crisis {n}")
    slug = factory.Sequence(lambda n: f"crisis-{n}")
    countries = "Venezuela"
    start_date = dt.date(2019, 1, 10)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Report {n}")
    outlet = "The Daily Ledger"
    text = factory.Sequence(
        lambda n: f"Report {n}. Protesters marched on Saturday. The minister said the vote was fair."
    )
    published_on = dt.date(2019, 2, 2)


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    kind = Actor.Kind.PERSON


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    crisis = factory.SubFactory(CrisisFactory)
    headline = factory.Sequence(lambda n: f"Event {n}")
    type = "protest"
    date_start = dt.date(2019, 2, 2)
    date_end = factory.SelfAttribute("date_start")
    precision = "day"
    status = ReviewStatus.PUBLISHED


class EventActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventActor

    event = factory.SubFactory(EventFactory)
    actor = factory.SubFactory(ActorFactory)
    role = "participant"


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    crisis = factory.SubFactory(CrisisFactory)
    statement = factory.Sequence(lambda n: f"Statement {n}")
    status = ReviewStatus.PUBLISHED


def evidence_for(source: Source, quote: str, **target) -> Evidence:
    """Evidence pointing at the first occurrence of `quote` in the source's text."""
    start = source.text.index(quote)
    return Evidence.objects.create(source=source, start=start, end=start + len(quote), quote=quote, **target)
