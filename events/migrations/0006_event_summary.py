"""A per-event summary for the events CSV, kept up to date by triggers, PostgreSQL only.

`events_eventsummary` holds, for every event, the cells of the events CSV that come from other tables
(actors, evidence and its sources, claims), exactly as `events.exports.event_row` writes them before
formula escaping, so the COPY export reads one row per event instead of aggregating on the fly.
`events_refresh_summary(ids)` recomputes the rows of some events; statement-level triggers call it
with the event ids a statement touched, read from its transition tables, so a COPY or a bulk_create
of 20,000 rows refreshes once, set-based. SQLite exports with the Python writer and needs none of it.

Like 0004 and 0005 this lives outside the model state, so `makemigrations` never sees it. There is no
foreign key to events_event on purpose: Django's flush (and so every transactional test) truncates
the model tables only, and PostgreSQL refuses to truncate a table another one references. Instead a
trigger deletes the summaries of deleted events and another truncates them with events_event.
The SQL is copied here, not imported, so this migration never changes; docs/exports.md describes it.
"""

from django.db import migrations

# The summary of the events in `target` (a query returning their ids). The actor label and its order
# are `actors_cell`'s; source_count and outlet_count are `event_row`'s set sizes (outlet "" not
# counted); the first source and quote come from the event's first evidence by id.
SUMMARY_SELECT = """
WITH target AS ({target}),
act AS (
    SELECT ea.event_id, string_agg(a.name || ' (' || ea.role || ')', '; ' ORDER BY ea.id) AS actors
    FROM target t
    JOIN events_eventactor ea ON ea.event_id = t.id
    JOIN events_actor a ON a.id = ea.actor_id
    GROUP BY ea.event_id
),
src AS (
    SELECT ev.event_id, count(DISTINCT ev.source_id) AS sources, count(DISTINCT nullif(s.outlet, '')) AS outlets,
        min(ev.id) AS first_id
    FROM target t
    JOIN events_evidence ev ON ev.event_id = t.id
    JOIN events_source s ON s.id = ev.source_id
    GROUP BY ev.event_id
),
cl AS (
    SELECT c.event_id, count(*) FILTER (WHERE c.status = 'published') AS published, count(*) AS total
    FROM target t
    JOIN events_claim c ON c.event_id = t.id
    GROUP BY c.event_id
)
SELECT t.id, coalesce(act.actors, ''), coalesce(src.sources, 0), coalesce(src.outlets, 0),
    coalesce(fs.url, ''), coalesce(fs.outlet, ''), coalesce(fe.quote, ''),
    coalesce(cl.published, 0), coalesce(cl.total, 0)
FROM target t
LEFT JOIN act ON act.event_id = t.id
LEFT JOIN src ON src.event_id = t.id
LEFT JOIN events_evidence fe ON fe.id = src.first_id
LEFT JOIN events_source fs ON fs.id = fe.source_id
LEFT JOIN cl ON cl.event_id = t.id
"""
COLUMNS = [
    "actors",
    "source_count",
    "outlet_count",
    "first_source_url",
    "first_source_outlet",
    "evidence_quote",
    "claims_published",
    "claims_all",
]
NAMES = ", ".join(COLUMNS)
STORED = ", ".join(f"events_eventsummary.{c}" for c in COLUMNS)
EXCLUDED = ", ".join(f"EXCLUDED.{c}" for c in COLUMNS)

CREATE_TABLE = """
CREATE TABLE events_eventsummary (
    event_id bigint PRIMARY KEY,
    actors text NOT NULL,
    source_count integer NOT NULL,
    outlet_count integer NOT NULL,
    first_source_url text NOT NULL,
    first_source_outlet text NOT NULL,
    evidence_quote text NOT NULL,
    claims_published integer NOT NULL,
    claims_all integer NOT NULL
)
"""

# Existing events (and only those: a child row may be written before its event, the foreign keys being
# deferred; the event's own insert trigger then fills it in). The summary rows are locked first, in id
# order, so that a concurrent refresh of the same event waits for this transaction and then, reading
# in a new statement, sees its changes instead of overwriting them with an older count.
REFRESH_FUNCTION = f"""
CREATE FUNCTION events_refresh_summary(ids bigint[]) RETURNS void AS $$
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    PERFORM 1 FROM events_eventsummary WHERE event_id = ANY(ids) ORDER BY event_id FOR UPDATE;
    INSERT INTO events_eventsummary (event_id, {NAMES})
    {SUMMARY_SELECT.format(target="SELECT id FROM events_event WHERE id = ANY(ids)")}
    ON CONFLICT (event_id) DO UPDATE SET ({NAMES}) = ({EXCLUDED})
    -- an unchanged row is left alone: no dead tuple for every unrelated edit
    WHERE ({STORED}) IS DISTINCT FROM ({EXCLUDED});
END
$$ LANGUAGE plpgsql
"""


def changed_events(columns: str) -> str:
    """The event ids of the rows an UPDATE changed in `columns` (id included), before and after."""
    return f"""array(
        SELECT event_id FROM (SELECT {columns} FROM new_rows EXCEPT SELECT {columns} FROM old_rows) n
        UNION
        SELECT event_id FROM (SELECT {columns} FROM old_rows EXCEPT SELECT {columns} FROM new_rows) o
    )"""


def child_trigger_function(table: str, columns: str) -> str:
    """A trigger function for a table whose rows belong to an event through `event_id`."""
    return f"""
CREATE FUNCTION {table}_summary() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM events_refresh_summary(array(SELECT DISTINCT event_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM events_refresh_summary(array(SELECT DISTINCT event_id FROM old_rows));
    ELSE
        PERFORM events_refresh_summary({changed_events(columns)});
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


# (table, the columns the summary reads from it)
CHILDREN = [
    ("events_eventactor", "id, event_id, actor_id, role"),
    # Evidence of a claim has no event: the NULL id it adds to the array matches nothing in `= ANY`.
    ("events_evidence", "id, event_id, source_id, quote"),
    ("events_claim", "id, event_id, status"),
]

FUNCTIONS = [
    REFRESH_FUNCTION,
    *(child_trigger_function(table, columns) for table, columns in CHILDREN),
    """
CREATE FUNCTION events_actor_summary() RETURNS trigger AS $$
BEGIN
    PERFORM events_refresh_summary(array(
        SELECT DISTINCT ea.event_id
        FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN events_eventactor ea ON ea.actor_id = n.id
        WHERE n.name IS DISTINCT FROM o.name
    ));
    RETURN NULL;
END
$$ LANGUAGE plpgsql
""",
    """
CREATE FUNCTION events_source_summary() RETURNS trigger AS $$
BEGIN
    PERFORM events_refresh_summary(array(
        SELECT DISTINCT ev.event_id
        FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN events_evidence ev ON ev.source_id = n.id
        WHERE ev.event_id IS NOT NULL AND (n.url, n.outlet) IS DISTINCT FROM (o.url, o.outlet)
    ));
    RETURN NULL;
END
$$ LANGUAGE plpgsql
""",
    """
CREATE FUNCTION events_event_summary() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM events_refresh_summary(array(SELECT id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM events_eventsummary s USING old_rows o WHERE s.event_id = o.id;
    ELSE
        TRUNCATE events_eventsummary;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
""",
]

# PostgreSQL allows transition tables on a trigger for one event only: one trigger per event.
TRIGGERS = [
    (table, event)
    for table in ("events_eventactor", "events_evidence", "events_claim")
    for event in ("INSERT", "UPDATE", "DELETE")
] + [("events_actor", "UPDATE"), ("events_source", "UPDATE"), ("events_event", "INSERT"), ("events_event", "DELETE")]
TRANSITIONS = {"INSERT": "NEW TABLE AS new_rows", "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
               "DELETE": "OLD TABLE AS old_rows"}  # fmt: skip


def trigger_name(table: str, event: str) -> str:
    return f"{table}_summary_{event.lower()}"


def create_trigger(table: str, event: str) -> str:
    return (
        f"CREATE TRIGGER {trigger_name(table, event)} AFTER {event} ON {table} "
        f"REFERENCING {TRANSITIONS[event]} FOR EACH STATEMENT EXECUTE FUNCTION {table}_summary()"
    )


BACKFILL = f"INSERT INTO events_eventsummary (event_id, {NAMES}) " + SUMMARY_SELECT.format(
    target="SELECT id FROM events_event"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_TABLE)
    for function in FUNCTIONS:
        schema_editor.execute(function)
    for table, event in TRIGGERS:
        schema_editor.execute(create_trigger(table, event))
    schema_editor.execute(
        "CREATE TRIGGER events_event_summary_truncate AFTER TRUNCATE ON events_event "
        "FOR EACH STATEMENT EXECUTE FUNCTION events_event_summary()"
    )
    # After the triggers, in the same transaction: no write can slip in between the backfill and them.
    schema_editor.execute(BACKFILL)
    schema_editor.execute("ANALYZE events_eventsummary")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS events_event_summary_truncate ON events_event")
    for table, event in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger_name(table, event)} ON {table}")
    for table in [*(table for table, _ in CHILDREN), "events_actor", "events_source", "events_event"]:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_summary()")
    schema_editor.execute("DROP FUNCTION IF EXISTS events_refresh_summary(bigint[])")
    schema_editor.execute("DROP TABLE IF EXISTS events_eventsummary")


class Migration(migrations.Migration):
    dependencies = [("events", "0005_actor_alias_trigram")]
    operations = [migrations.RunPython(forward, backward)]
