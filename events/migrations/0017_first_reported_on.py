"""The day an entry or a claim was first reported, stored on its row and kept by database triggers, on
PostgreSQL and SQLite alike.

`first_reported_on` (events_event, events_claim) is the earliest `published_on` among the sources of the
row's evidence, NULL when none is dated. "As known on a day" compares it with the day instead of looking
up the first source of every row it passes, and the pages that say "reported 9 days after" or "not yet
reported" read it.

Whoever writes (admin, ingest, import, curation, COPY, psql), triggers keep it true:

- evidence added, removed or re-pointed (another source, entry or claim): the day of each entry and claim
  it belonged to or belongs to now is worked out again from their evidence;
- a source's `published_on` set, changed or cleared, and a dated source written after evidence pointing at
  it (the foreign keys are deferred; only SQLite lets such evidence in, PostgreSQL's span check reads the
  source's text first): the days of the entries and claims its evidence belongs to;
- an entry or a claim written: on insert, and whenever an UPDATE sets this column, the database works the
  day out itself. So an entry written after its evidence (`seed_synthetic` writes events last) gets its
  day, and a stale value that a form, a full `save()` or a bulk update carries never lands.

A source is deleted only after its evidence (PROTECT), whose own triggers have moved the days already.
On PostgreSQL the evidence and source triggers are per statement (transition tables), so a COPY of 40,000
evidence rows works out each entry once, and they write only the days that change; the entry and claim
triggers are BEFORE ROW triggers that set the column. A TRUNCATE of the evidence rebuilds every day
(`events_first_reported_rebuild`). Writers never interleave: every content write first takes the data
revision's row lock (0007). On SQLite the triggers are per row with the same rules; SQLite cannot change
the row being written, so the entry and claim triggers write the true day back after it where it differs.

The backfill writes a new version of every row that has evidence (~1 minute at 1M events, the tables locked
meanwhile); VACUUM events_event afterwards, or index-only scans read the heap until autovacuum has passed.
0018 rebuilds the timeline's index to carry the new column, in a transaction of its own.

The functions and triggers are written out here, not imported, so this migration never changes. On SQLite
a later migration that rebuilds events_event, events_claim, events_evidence or events_source drops their
triggers and must restore them (as 0013 and 0015 restore the data revision's); tests/test_first_reported.py
checks they are all there.
"""

from django.db import migrations, models

# (table, the evidence column pointing at it)
TARGETS = [("events_event", "event_id"), ("events_claim", "claim_id")]


def day_of(column: str, row_id: str) -> str:
    """The earliest publication day of the sources of the evidence whose `column` is `row_id` (NULL: none)."""
    return (
        "(SELECT min(s.published_on) FROM events_evidence v JOIN events_source s ON s.id = v.source_id "
        f"WHERE v.{column} = {row_id})"
    )


def fill(table: str, column: str) -> str:
    """Every row with evidence gets its day, in one statement (the backfill: ~1 minute at 1M events)."""
    return f"""
UPDATE {table} t SET first_reported_on = d.day
FROM (
    SELECT v.{column} AS id, min(s.published_on) AS day
    FROM events_evidence v JOIN events_source s ON s.id = v.source_id
    WHERE v.{column} IS NOT NULL
    GROUP BY v.{column}
) d
WHERE t.id = d.id AND t.first_reported_on IS DISTINCT FROM d.day"""


def clear(table: str, column: str) -> str:
    """Rows with no evidence left have no day (the backfill needs none of this: the new column is empty)."""
    return f"""
UPDATE {table} t SET first_reported_on = NULL
WHERE t.first_reported_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events_evidence v WHERE v.{column} = t.id)"""


def backfill(vendor: str) -> list[str]:
    """The backfill, one statement per table (PostgreSQL aggregates the evidence once; SQLite looks up each
    row with evidence)."""
    if vendor == "postgresql":
        return [fill(table, column) for table, column in TARGETS]
    return [
        f"UPDATE {table} SET first_reported_on = {day_of(column, f'{table}.id')} "
        f"WHERE EXISTS (SELECT 1 FROM events_evidence v WHERE v.{column} = {table}.id)"
        for table, column in TARGETS
    ]


# -- PostgreSQL ----------------------------------------------------------------------------------------


def refresh_rows(table: str, column: str, ids: str) -> str:
    return f"""
    UPDATE {table} t SET first_reported_on = d.day
    FROM (
        SELECT x.id, {day_of(column, "x.id")} AS day
        FROM (SELECT DISTINCT u.id FROM unnest({ids}) AS u(id) WHERE u.id IS NOT NULL) x
    ) d
    WHERE t.id = d.id AND t.first_reported_on IS DISTINCT FROM d.day;"""


REFRESH = f"""
CREATE FUNCTION events_first_reported_refresh(events bigint[], claims bigint[]) RETURNS void AS $$
BEGIN{refresh_rows("events_event", "event_id", "events")}{refresh_rows("events_claim", "claim_id", "claims")}
END
$$ LANGUAGE plpgsql
"""

REBUILD = f"""
CREATE FUNCTION events_first_reported_rebuild() RETURNS void AS $$
BEGIN{"".join(f"{fill(table, column)};{clear(table, column)};" for table, column in TARGETS)}
END
$$ LANGUAGE plpgsql
"""

MOVED = (
    "new_rows n JOIN old_rows o ON o.id = n.id "
    "WHERE (n.source_id, n.event_id, n.claim_id) IS DISTINCT FROM (o.source_id, o.event_id, o.claim_id)"
)

EVIDENCE = f"""
CREATE FUNCTION events_evidence_first_reported() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM events_first_reported_rebuild();
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM events_first_reported_refresh(
            ARRAY(SELECT event_id FROM new_rows), ARRAY(SELECT claim_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM events_first_reported_refresh(
            ARRAY(SELECT event_id FROM old_rows), ARRAY(SELECT claim_id FROM old_rows));
    ELSE
        PERFORM events_first_reported_refresh(
            ARRAY(SELECT unnest(ARRAY[n.event_id, o.event_id]) FROM {MOVED}),
            ARRAY(SELECT unnest(ARRAY[n.claim_id, o.claim_id]) FROM {MOVED}));
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""

SOURCE = """
CREATE FUNCTION events_source_first_reported() RETURNS trigger AS $$
DECLARE
    changed bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        changed := ARRAY(SELECT id FROM new_rows WHERE published_on IS NOT NULL);
    ELSE
        changed := ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.published_on IS DISTINCT FROM o.published_on);
    END IF;
    IF cardinality(changed) > 0 THEN
        PERFORM events_first_reported_refresh(
            ARRAY(SELECT event_id FROM events_evidence WHERE source_id = ANY(changed)),
            ARRAY(SELECT claim_id FROM events_evidence WHERE source_id = ANY(changed)));
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def own_day(table: str, column: str) -> str:
    return f"""
CREATE FUNCTION {table}_first_reported() RETURNS trigger AS $$
BEGIN
    NEW.first_reported_on := {day_of(column, "NEW.id")};
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""


FUNCTIONS = [REFRESH, REBUILD, EVIDENCE, SOURCE, *(own_day(table, column) for table, column in TARGETS)]
TRANSITIONS = {"INSERT": "NEW TABLE AS new_rows", "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
               "DELETE": "OLD TABLE AS old_rows"}  # fmt: skip
# PostgreSQL allows transition tables on a trigger for one event only: one trigger per event.
STATEMENT_TRIGGERS = [(table, event) for table in ("events_evidence", "events_source") for event in TRANSITIONS]
STATEMENT_TRIGGERS.remove(("events_source", "DELETE"))
POSTGRES_TRIGGERS = {
    **{
        (table, f"{table}_first_reported_{event.lower()}"): f"AFTER {event} ON {table} REFERENCING "
        f"{TRANSITIONS[event]} FOR EACH STATEMENT EXECUTE FUNCTION {table}_first_reported()"
        for table, event in STATEMENT_TRIGGERS
    },
    ("events_evidence", "events_evidence_first_reported_truncate"): "AFTER TRUNCATE ON events_evidence "
    "FOR EACH STATEMENT EXECUTE FUNCTION events_evidence_first_reported()",
}
# Created after the backfill: they would work out again, row by row, every day the backfill sets. Nothing
# else writes these two tables meanwhile (adding the column locked them until the migration commits).
POSTGRES_ROW_TRIGGERS = {
    **{
        (table, f"{table}_first_reported_insert"): f"BEFORE INSERT ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_first_reported()"
        for table, _ in TARGETS
    },
    **{
        (table, f"{table}_first_reported_update"): f"BEFORE UPDATE OF first_reported_on ON {table} "
        "FOR EACH ROW WHEN (NEW.first_reported_on IS DISTINCT FROM OLD.first_reported_on) "
        f"EXECUTE FUNCTION {table}_first_reported()"
        for table, _ in TARGETS
    },
}


def postgres_forward(schema_editor):
    for function in FUNCTIONS:
        schema_editor.execute(function)
    # The evidence and source triggers before the backfill, in the same transaction: a write to either waits
    # for the migration, and none slips in between the backfill and them.
    for (_, name), definition in POSTGRES_TRIGGERS.items():
        schema_editor.execute(f"CREATE TRIGGER {name} {definition}")
    # The entries' actor summary trigger (0016) would compare a million old and new rows to find that no
    # crisis or review status changed: off for the backfill, which changes neither.
    schema_editor.execute("ALTER TABLE events_event DISABLE TRIGGER events_event_actorsummary_update")
    for statement in backfill("postgresql"):
        schema_editor.execute(statement)
    schema_editor.execute("ALTER TABLE events_event ENABLE TRIGGER events_event_actorsummary_update")
    schema_editor.execute("ANALYZE events_event, events_claim")  # the planner's view of the new column
    for (_, name), definition in POSTGRES_ROW_TRIGGERS.items():
        schema_editor.execute(f"CREATE TRIGGER {name} {definition}")


def postgres_backward(schema_editor):
    for table, name in [*POSTGRES_TRIGGERS, *POSTGRES_ROW_TRIGGERS]:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    for table in ("events_evidence", "events_source", *(table for table, _ in TARGETS)):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_first_reported()")
    schema_editor.execute("DROP FUNCTION IF EXISTS events_first_reported_rebuild()")
    schema_editor.execute("DROP FUNCTION IF EXISTS events_first_reported_refresh(bigint[], bigint[])")


# -- SQLite: row triggers ----------------------------------------------------------------------------------


def refresh(table: str, column: str, which: str) -> str:
    """Work the day out again for the rows of `table` that `which` (a condition on its `id`) picks."""
    day = day_of(column, f"{table}.id")
    return f"UPDATE {table} SET first_reported_on = {day} WHERE {which} AND first_reported_on IS NOT {day};"


def refresh_targets(row: str) -> str:
    """The entry and the claim that the evidence row `row` (NEW or OLD) belongs to."""
    return "".join(refresh(table, column, f"id = {row}.{column}") for table, column in TARGETS)


def refresh_cited(source: str) -> str:
    """The entries and claims with evidence from the source `source`."""
    return "".join(
        refresh(table, column, f"id IN (SELECT {column} FROM events_evidence WHERE source_id = {source})")
        for table, column in TARGETS
    )


SQLITE_TRIGGERS = {
    "events_evidence_first_reported_insert": ("AFTER INSERT ON events_evidence", refresh_targets("NEW")),
    "events_evidence_first_reported_delete": ("AFTER DELETE ON events_evidence", refresh_targets("OLD")),
    "events_evidence_first_reported_update": (
        "AFTER UPDATE OF source_id, event_id, claim_id ON events_evidence "
        "WHEN OLD.source_id IS NOT NEW.source_id OR OLD.event_id IS NOT NEW.event_id "
        "OR OLD.claim_id IS NOT NEW.claim_id",
        refresh_targets("OLD") + refresh_targets("NEW"),
    ),
    "events_source_first_reported_insert": (
        "AFTER INSERT ON events_source WHEN NEW.published_on IS NOT NULL",
        refresh_cited("NEW.id"),
    ),
    "events_source_first_reported_update": (
        "AFTER UPDATE OF published_on ON events_source WHEN OLD.published_on IS NOT NEW.published_on",
        refresh_cited("NEW.id"),
    ),
    **{
        f"{table}_first_reported_{name}": (
            f"AFTER {event} ON {table} WHEN NEW.first_reported_on IS NOT {day_of(column, 'NEW.id')}",
            refresh(table, column, "id = NEW.id"),
        )
        for table, column in TARGETS
        for name, event in (("insert", "INSERT"), ("update", "UPDATE OF first_reported_on"))
    },
}


def sqlite_forward(schema_editor):
    for statement in backfill("sqlite"):
        schema_editor.execute(statement)
    for name, (when, body) in SQLITE_TRIGGERS.items():
        schema_editor.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")


def sqlite_backward(schema_editor):
    for name in SQLITE_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        postgres_forward(schema_editor)
    else:
        sqlite_forward(schema_editor)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        postgres_backward(schema_editor)
    else:
        sqlite_backward(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("events", "0016_actor_summary")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="first_reported_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="claim",
            name="first_reported_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
