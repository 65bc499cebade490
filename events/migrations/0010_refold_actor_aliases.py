"""Recompute every stored alias key with the one folding key (`events.text.fold`).

Aliases used to be stored under a key that kept punctuation ("U.S." → "u.s."), while the ingest lexicon
looked names up by one that drops it ("U.S." → "us"). Both now use `events.text.fold`. The function is
copied here, not imported, so this migration never changes.

Two aliases of the same actor that now share a key (say "U.S." and "US") collapse into one: the oldest row
stays. Two aliases of different actors that now share a key cannot be resolved by a migration (which actor
does "us" mean?): it stops, naming them, and nothing is changed; merge or rename those actors in the admin
(on the previous release) and migrate again. History rows keep the key they were written with.
"""

import re
import unicodedata

from django.db import migrations

FOLD_TABLE = str.maketrans({"’": "'", "‘": "'", "-": " ", ".": ""})


def fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", plain.translate(FOLD_TABLE)).strip().lower()


class AliasCollision(Exception):
    pass


def refold(apps, schema_editor):
    ActorAlias = apps.get_model("events", "ActorAlias")
    groups: dict[str, list] = {}
    for alias in ActorAlias.objects.order_by("id").only("id", "actor_id", "alias", "folded"):
        groups.setdefault(fold(alias.alias), []).append(alias)
    clashes = [rows for rows in groups.values() if len({row.actor_id for row in rows}) > 1]
    if clashes:
        described = "; ".join(
            " / ".join(f"{row.alias!r} (actor #{row.actor_id})" for row in rows) for rows in clashes[:20]
        )
        raise AliasCollision(
            f"{len(clashes)} key(s) would be shared by different actors: {described}. "
            "Merge or rename those actors, then migrate again."
        )
    duplicates = [row.id for rows in groups.values() for row in rows[1:]]
    ActorAlias.objects.filter(id__in=duplicates).delete()
    # Two passes, so that no row takes a key another row still holds (the key is unique).
    changed = [rows[0] for key, rows in groups.items() if rows[0].folded != key]
    for row in changed:
        ActorAlias.objects.filter(id=row.id).update(folded=f" refold {row.id}")  # fold() never starts with a space
    for row in changed:
        ActorAlias.objects.filter(id=row.id).update(folded=fold(row.alias))


class Migration(migrations.Migration):
    dependencies = [("events", "0009_covering_indexes")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
