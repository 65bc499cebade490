"""The timeline's covering index also carries `precision`: the page's "newest 1,000" sample reads it so the
histogram can draw roughly dated entries lighter, and stays an index-only scan on PostgreSQL (INCLUDE;
SQLite builds the plain index, as in 0009)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("events", "0011_search_unaccent_claims_actors")]

    operations = [
        migrations.RemoveIndex(model_name="event", name="event_crisis_date_id"),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                fields=["crisis", "-date_start", "-id"],
                include=("status", "type", "date_end", "precision"),
                name="event_crisis_date_id",
            ),
        ),
    ]
