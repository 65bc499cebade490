import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from events.models import ActorAlias, Evidence, Source
from tests import factories


def test_same_cleaned_text_cannot_be_stored_twice(db):
    factories.SourceFactory(text="One article.")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.SourceFactory(text="One article.")


def test_empty_url_is_stored_as_null_so_many_sources_may_lack_one(db):
    factories.SourceFactory(url="")
    factories.SourceFactory(url="")
    assert Source.objects.filter(url__isnull=True).count() == 2


def test_folded_alias_is_unique_across_actors(db):
    guaido = factories.ActorFactory(name="Juan Guaidó")
    other = factories.ActorFactory(name="Someone else")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorAlias.objects.create(actor=other, alias="JUAN GUAIDO")
    assert ActorAlias.objects.get(folded="juan guaido").actor == guaido


def test_actor_name_is_its_own_alias(db):
    actor = factories.ActorFactory(name="Nicolás Maduro")
    assert list(actor.aliases.values_list("folded", flat=True)) == ["nicolas maduro"]


def test_event_start_after_end_is_refused_by_the_database(crisis):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.EventFactory(crisis=crisis, date_start=dt.date(2019, 2, 3), date_end=dt.date(2019, 2, 2))


def test_evidence_span_must_lie_within_the_source_text(event):
    source = factories.SourceFactory(text="Short text.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(source=source, event=event, start=6, end=50, quote="text.")


def test_evidence_quote_must_match_its_span(event):
    source = factories.SourceFactory(text="Protesters marched on Saturday.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(source=source, event=event, start=0, end=10, quote="Soldiers m")
    good = factories.evidence_for(source, "marched on Saturday", event=event)
    assert good.start == 11


def test_evidence_offsets_count_characters_not_bytes(event):
    source = factories.SourceFactory(text="Guaidó spoke. Maduro said no.")
    evidence = factories.evidence_for(source, "Maduro said no", event=event)
    assert (evidence.start, evidence.end) == (14, 28)


def test_source_text_is_immutable_in_the_database(db):
    source = factories.SourceFactory(text="Original words.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(text="Rewritten words.")
    source.refresh_from_db()
    assert source.text == "Original words."


def test_evidence_needs_an_event_or_a_claim(db):
    source = factories.SourceFactory(text="Some words.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(source=source, start=0, end=4, quote="Some")


def test_between_matches_overlapping_spans(crisis):
    month = factories.EventFactory(
        crisis=crisis, date_start=dt.date(2019, 2, 1), date_end=dt.date(2019, 2, 28), precision="month"
    )
    day = factories.EventFactory(crisis=crisis, date_start=dt.date(2019, 3, 5), date_end=dt.date(2019, 3, 5))
    from events.models import Event

    assert list(Event.objects.between(dt.date(2019, 2, 20), dt.date(2019, 3, 1))) == [month]
    assert set(Event.objects.between(dt.date(2019, 2, 28), None)) == {month, day}
