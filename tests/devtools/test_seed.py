from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from events.models import Actor, ActorAlias, Claim, Crisis, Event, EventActor, Evidence, Source


def seed(**options):
    call_command("seed_synthetic", stdout=StringIO(), verbosity=0, **options)


def test_seed_loads_realistic_linked_rows(db):
    seed(events=600, crises=3, actors=60, seed=7)
    assert Crisis.objects.filter(slug__startswith="synthetic-").count() == 3
    assert Event.objects.count() == 600
    per_event = EventActor.objects.values("event").annotate(n=Count("id")).values_list("n", flat=True)
    assert set(per_event) <= {1, 2, 3, 4, 5} and len(per_event) == 600
    precisions = dict(Event.objects.values_list("precision").annotate(n=Count("id")))
    assert precisions["day"] > 400 and {"week", "month"} <= set(precisions)
    assert Event.objects.filter(status="draft").exists()
    assert {"unverified", "disputed"} <= set(Claim.objects.values_list("verification", flat=True))
    assert Actor.objects.annotate(n=Count("aliases")).filter(n__gte=2).exists()
    # Places as ingest resolves them: the crisis country's big cities (precision 1) or the country (3).
    venezuela = Event.objects.filter(crisis__countries="Venezuela")
    assert set(venezuela.values_list("country_code", flat=True)) == {"VE"}
    assert set(venezuela.values_list("geo_precision", flat=True)) == {1, 3}
    assert venezuela.filter(location_name="Caracas", latitude__isnull=False).exists()
    # Evidence quotes are exact spans of their source (the database trigger checks it too).
    for ev in Evidence.objects.select_related("source")[:50]:
        assert ev.source.text[ev.start : ev.end] == ev.quote


def test_seed_is_deterministic(db):
    seed(events=50, crises=2, actors=20, seed=3)
    first = list(Event.objects.order_by("id").values_list("headline", "date_start", "precision"))
    for model in (Evidence, Claim, EventActor, Event, Source, ActorAlias, Actor, Crisis):
        model.objects.all().delete()
    seed(events=50, crises=2, actors=20, seed=3)
    assert list(Event.objects.order_by("id").values_list("headline", "date_start", "precision")) == first


def test_seed_refuses_to_load_twice(db):
    seed(events=10, crises=1, actors=10)
    with pytest.raises(CommandError, match="already loaded"):
        seed(events=10, crises=1, actors=10)
