"""Data migrations, run against the real tables through the same function the migration calls."""

import importlib

import pytest
from django.apps import apps

from events.models import ActorAlias
from events.text import fold
from tests import factories

refold_migration = importlib.import_module("events.migrations.0010_refold_actor_aliases")


def stale(actor, alias: str, key: str) -> ActorAlias:
    """An alias stored under the key the old folding wrote (save() would recompute it)."""
    ActorAlias.objects.bulk_create([ActorAlias(actor=actor, alias=alias, folded=key)])
    return ActorAlias.objects.get(folded=key)


def test_the_migration_folds_exactly_as_the_app_does():
    for name in ["U.S.", "Guaidó", "Al-Sisi", "O’Brien", " the  E.U. "]:
        assert refold_migration.fold(name) == fold(name)


def test_stored_keys_are_recomputed_and_same_actor_duplicates_collapse(db):
    us = factories.ActorFactory(name="United States")
    dotted = stale(us, "U.S.", "u.s.")
    plain = ActorAlias.objects.create(actor=us, alias="USA")
    twin = stale(us, "U.S.A.", "u.s.a.")
    refold_migration.refold(apps, None)
    assert ActorAlias.objects.get(pk=dotted.pk).folded == "us"
    assert ActorAlias.objects.get(pk=plain.pk).folded == "usa"
    assert not ActorAlias.objects.filter(pk=twin.pk).exists()  # "U.S.A." now means "USA": one row is kept
    assert ActorAlias.objects.get(folded="usa").actor == us


def test_keys_shared_by_different_actors_stop_the_migration_and_change_nothing(db):
    us = factories.ActorFactory(name="United States")
    dotted = stale(us, "U.S.", "u.s.")
    factories.ActorFactory(name="US")  # someone else stored under "us"
    with pytest.raises(refold_migration.AliasCollision, match="'U.S.' \\(actor #"):
        refold_migration.refold(apps, None)
    assert ActorAlias.objects.get(pk=dotted.pk).folded == "u.s."
