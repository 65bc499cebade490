"""Covering indexes for the timeline's hot queries.

- `event_crisis_date_id` also carries status, type and date_end (PostgreSQL INCLUDE; SQLite builds the
  plain index), so the "newest 1,000" sample of a page is an index-only scan.
- Participation loses its own index on `event_id`: `eventactor_unique_role (event, actor, role)` leads
  with the event and holds what lists and facets read, so the planner scans it index-only instead of
  fetching ~3,000 scattered rows for a page's facets.

The second change drops the index directly rather than through AlterField: on SQLite, AlterField
rebuilds the table, which would silently drop the triggers migration 0007 put on it.
"""

import django.db.models.deletion
from django.db import migrations, models


def drop_event_index(apps, schema_editor):
    model = apps.get_model("events", "EventActor")
    names = schema_editor._constraint_names(model, ["event_id"], index=True, unique=False, primary_key=False)
    for name in names:
        schema_editor.execute(schema_editor._delete_index_sql(model, name))


def restore_event_index(apps, schema_editor):
    model = apps.get_model("events", "EventActor")
    schema_editor.execute(schema_editor._create_index_sql(model, fields=[model._meta.get_field("event")]))


class Migration(migrations.Migration):
    dependencies = [("events", "0008_event_search_document")]

    operations = [
        migrations.RemoveIndex(model_name="event", name="event_crisis_date_id"),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                fields=["crisis", "-date_start", "-id"],
                include=("status", "type", "date_end"),
                name="event_crisis_date_id",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="eventactor",
                    name="event",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participations",
                        to="events.event",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_event_index, restore_event_index)],
        ),
    ]
