from events import curation
from events.models import Actor, ActorAlias, Claim, Event, EventActor, ReviewStatus
from tests import factories


def test_merge_moves_aliases_roles_and_claims_and_loses_nothing(crisis, editor):
    keep = factories.ActorFactory(name="Nicolás Maduro")
    dupe = factories.ActorFactory(name="Nicholas Maduro")
    ActorAlias.objects.create(actor=dupe, alias="President Maduro")
    shared = factories.EventFactory(crisis=crisis)
    only_dupe = factories.EventFactory(crisis=crisis)
    EventActor.objects.create(event=shared, actor=keep, role="target")
    EventActor.objects.create(event=shared, actor=dupe, role="target")
    EventActor.objects.create(event=only_dupe, actor=dupe, role="initiator")
    made = factories.ClaimFactory(crisis=crisis, claimant=dupe)
    about = factories.ClaimFactory(crisis=crisis)
    about.about.add(dupe)

    dupe_id = dupe.pk
    curation.merge_actors(survivor=keep, others=[keep, dupe], user=editor)

    assert not Actor.objects.filter(pk=dupe_id).exists()
    assert set(keep.aliases.values_list("alias", flat=True)) == {
        "Nicolás Maduro",
        "Nicholas Maduro",
        "President Maduro",
    }
    assert list(EventActor.objects.filter(event=shared).values_list("actor_id", "role")) == [(keep.pk, "target")]
    assert list(EventActor.objects.filter(event=only_dupe).values_list("actor_id", "role")) == [(keep.pk, "initiator")]
    assert Claim.objects.get(pk=made.pk).claimant == keep
    assert list(about.about.all()) == [keep]
    # The absorbed actor's deletion is in the history, by the editor who merged.
    deleted = Actor.history.filter(id=dupe_id, history_type="-").get()
    assert deleted.history_user == editor


def test_publish_records_history_for_every_row_even_in_bulk(crisis, editor):
    drafts = [factories.EventFactory(crisis=crisis, status=ReviewStatus.DRAFT) for _ in range(3)]
    before = Event.history.count()

    changed = curation.publish(queryset=Event.objects.filter(crisis=crisis), user=editor)

    assert changed == 3
    assert Event.history.count() == before + 3
    for event in drafts:
        event.refresh_from_db()
        assert event.status == ReviewStatus.PUBLISHED
        assert event.version == 2
        latest = event.history.latest()
        assert (latest.status, latest.history_user) == (ReviewStatus.PUBLISHED, editor)


def test_publish_leaves_already_published_rows_alone(crisis, editor):
    factories.EventFactory(crisis=crisis, status=ReviewStatus.PUBLISHED)
    assert curation.publish(queryset=Event.objects.all(), user=editor) == 0


def test_every_save_is_recorded_with_what_changed(crisis):
    event = factories.EventFactory(crisis=crisis, headline="Before")
    event.headline = "After"
    event.save()
    newest, older = event.history.all()[:2]
    delta = newest.diff_against(older)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("headline", "Before", "After")]
