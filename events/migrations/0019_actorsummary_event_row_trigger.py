"""On PostgreSQL, an entry's change of crisis or review status moves the actor summary (0016) from a row
trigger that fires only for such a change, instead of a statement trigger that ran after every UPDATE of
events_event.

The search document trigger updates its entry's row once per participation written, each UPDATE a statement
of its own inside the INSERT; the statement trigger ran for each, and its transition tables grew with every
row updated so far, so writing 4,000 participations in one INSERT took 3.6 s and 20,000 about a minute and a
half (4,000: 0.5 s now). A row trigger cannot read transition tables but needs none: it sees OLD and NEW.

SQLite's summary triggers are per row already (0016) and stay as they are.
"""

from django.db import migrations

ROW_FUNCTION = """
CREATE FUNCTION events_event_actorsummary_row() RETURNS trigger AS $$
BEGIN
    PERFORM events_actorsummary_apply(
        array_agg(c.crisis_id), array_agg(a.actor_id),
        array_agg(CASE WHEN c.status = 'published' THEN c.sign ELSE 0 END), array_agg(c.sign),
        array_agg(0), array_agg(0))
    FROM (
        SELECT OLD.id AS id, OLD.crisis_id AS crisis_id, OLD.status AS status, -1 AS sign
        UNION ALL
        SELECT NEW.id, NEW.crisis_id, NEW.status, 1
    ) c
    CROSS JOIN LATERAL (SELECT DISTINCT ea.actor_id FROM events_eventactor ea WHERE ea.event_id = c.id) a;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""
ROW_TRIGGER = (
    "CREATE TRIGGER events_event_actorsummary_update AFTER UPDATE ON events_event FOR EACH ROW "
    "WHEN ((OLD.crisis_id, OLD.status) IS DISTINCT FROM (NEW.crisis_id, NEW.status)) "
    "EXECUTE FUNCTION events_event_actorsummary_row()"
)
STATEMENT_TRIGGER = (
    "CREATE TRIGGER events_event_actorsummary_update AFTER UPDATE ON events_event "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION events_event_actorsummary()"
)
DROP = "DROP TRIGGER IF EXISTS events_event_actorsummary_update ON events_event"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(ROW_FUNCTION)
    schema_editor.execute(DROP)
    schema_editor.execute(ROW_TRIGGER)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DROP)
    schema_editor.execute(STATEMENT_TRIGGER)
    schema_editor.execute("DROP FUNCTION IF EXISTS events_event_actorsummary_row()")


class Migration(migrations.Migration):
    dependencies = [("events", "0018_timeline_index_carries_first_reported")]

    operations = [migrations.RunPython(forward, backward)]
