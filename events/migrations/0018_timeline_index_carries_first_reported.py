"""The timeline's index also carries `first_reported_on` and `created_at` (PostgreSQL; SQLite has no INCLUDE),
so the newest-1,000 sample as known on a day is an index-only scan like every other sample.

Its own migration, after 0017 has committed: built in 0017's transaction, the index would also hold every row
version the backfill replaced (twice the size, half of it dead). A few seconds at 1M events.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("events", "0017_first_reported_on")]

    operations = [
        migrations.RemoveIndex(model_name="event", name="event_crisis_date_id"),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                fields=["crisis", "-date_start", "-id"],
                include=("status", "type", "date_end", "precision", "first_reported_on", "created_at"),
                name="event_crisis_date_id",
            ),
        ),
    ]
