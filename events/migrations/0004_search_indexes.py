"""Full-text search indexes, PostgreSQL only (SQLite searches with LIKE and needs none).

GIN indexes over the expressions `events.search` queries: headline + summary of an event, and the quote
of an evidence span (copied here, not imported, so this migration never changes; tests/test_search.py
checks the planner uses them). They live outside the model state, since an expression GIN index cannot
exist on SQLite, so `makemigrations` never sees them.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = [
    ("Event", GinIndex(SearchVector("headline", "summary", config="english"), name="event_search_gin")),
    ("Evidence", GinIndex(SearchVector("quote", config="english"), name="evidence_search_gin")),
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in INDEXES:
        schema_editor.add_index(apps.get_model("events", model_name), index)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in INDEXES:
        schema_editor.remove_index(apps.get_model("events", model_name), index)


class Migration(migrations.Migration):
    dependencies = [("events", "0003_groups")]
    operations = [migrations.RunPython(forward, backward)]
