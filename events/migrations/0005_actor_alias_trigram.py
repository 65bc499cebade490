"""A trigram index for the actor finder, PostgreSQL only (SQLite scans its few aliases and needs none).

`crisis_actors` looks aliases up with `folded LIKE '%…%'`, which a B-tree cannot serve; pg_trgm's GIN
operator class can, so the finder stays fast with hundreds of thousands of aliases. Like 0004, the index
lives outside the model state (it cannot exist on SQLite), so `makemigrations` never sees it.
"""

from django.db import migrations

INDEX = "actoralias_folded_trgm"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("events", "ActorAlias")._meta.db_table
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {INDEX} ON "{table}" USING gin (folded gin_trgm_ops)')


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("events", "0004_search_indexes")]
    operations = [migrations.RunPython(forward, backward)]
