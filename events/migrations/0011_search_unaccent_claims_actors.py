"""Search that finds what an analyst types, PostgreSQL only (SQLite folds text at query time, see
events/search.py).

- `unaccent` in a text-search configuration of our own, `crisis_search` (a copy of `english` whose word
  mappings run `unaccent` before the English stemmer): "Guaido" finds "Guaidó", "Nicolas" "Nicolás".
- The stored document (0008) also holds the statements of the event's published claims and the names and
  aliases of its actors (weight B). Draft claims stay out: a reader who may not see a draft must not find
  an event through its words.
- Statement triggers keep it true on every table whose text it holds: claims, an event's actors, aliases
  and actor names (besides 0008's on events and evidence), then every document is rebuilt in one pass.

The SQL is written out here, not imported, so this migration never changes.
"""

from django.db import migrations

DOCUMENT = """
CREATE OR REPLACE FUNCTION events_event_document(event_id bigint, headline text, summary text) RETURNS tsvector AS $$
    SELECT setweight(to_tsvector('crisis_search', coalesce(headline, '')), 'A')
        || to_tsvector('crisis_search', coalesce(summary, ''))
        || coalesce(
            (SELECT to_tsvector('crisis_search', string_agg(ev.quote, ' ' ORDER BY ev.id))
             FROM events_evidence ev WHERE ev.event_id = $1),
            ''::tsvector)
        || coalesce(
            (SELECT to_tsvector('crisis_search', string_agg(c.statement, ' ' ORDER BY c.id))
             FROM events_claim c WHERE c.event_id = $1 AND c.status = 'published'),
            ''::tsvector)
        || coalesce(
            (SELECT setweight(to_tsvector('crisis_search', string_agg(names.name, ' . ')), 'B') FROM (
                SELECT a.name FROM events_eventactor ea JOIN events_actor a ON a.id = ea.actor_id
                WHERE ea.event_id = $1
                UNION
                SELECT al.alias FROM events_eventactor ea JOIN events_actoralias al ON al.actor_id = ea.actor_id
                WHERE ea.event_id = $1
            ) names),
            ''::tsvector)
$$ LANGUAGE sql STABLE
"""

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS crisis_search",
    "CREATE TEXT SEARCH CONFIGURATION crisis_search (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION crisis_search "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
    DOCUMENT,
    """
    CREATE FUNCTION events_refresh_search(ids bigint[]) RETURNS void AS $$
        UPDATE events_event e SET search_document = events_event_document(e.id, e.headline, e.summary)
        WHERE e.id = ANY(ids)
    $$ LANGUAGE sql
    """,
    # Claims: the events a claim joined or left, or whose statement or review status changed.
    """
    CREATE FUNCTION events_claim_search() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM events_refresh_search(array(SELECT event_id FROM new_rows WHERE event_id IS NOT NULL));
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM events_refresh_search(array(SELECT event_id FROM old_rows WHERE event_id IS NOT NULL));
        ELSE
            PERFORM events_refresh_search(array(
                SELECT unnest(array[n.event_id, o.event_id]) FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE n.event_id IS DISTINCT FROM o.event_id OR n.statement IS DISTINCT FROM o.statement
                    OR n.status IS DISTINCT FROM o.status
            ));
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    # An event's actors: the events that gained or lost one.
    """
    CREATE FUNCTION events_eventactor_search() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM events_refresh_search(array(SELECT event_id FROM new_rows));
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            PERFORM events_refresh_search(array(SELECT event_id FROM old_rows));
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    # Aliases (added, removed, respelled) and actor names: every event of those actors.
    """
    CREATE FUNCTION events_actor_names_search() RETURNS trigger AS $$
    BEGIN
        IF TG_TABLE_NAME = 'events_actor' THEN
            PERFORM events_refresh_search(array(
                SELECT ea.event_id FROM events_eventactor ea WHERE ea.actor_id IN (
                    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.name IS DISTINCT FROM o.name
                )
            ));
            RETURN NULL;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM events_refresh_search(array(
                SELECT ea.event_id FROM events_eventactor ea WHERE ea.actor_id IN (SELECT actor_id FROM new_rows)
            ));
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            PERFORM events_refresh_search(array(
                SELECT ea.event_id FROM events_eventactor ea WHERE ea.actor_id IN (SELECT actor_id FROM old_rows)
            ));
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
]
for table, function in [
    ("events_claim", "events_claim_search"),
    ("events_eventactor", "events_eventactor_search"),
    ("events_actoralias", "events_actor_names_search"),
]:
    FORWARD += [
        f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} "
        f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table} "
        f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} "
        f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    ]
FORWARD += [
    "CREATE TRIGGER events_actor_search_update AFTER UPDATE ON events_actor "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION events_actor_names_search()",
    # Every document again, now with claims and names, through the new configuration.
    "UPDATE events_event e SET search_document = events_event_document(e.id, e.headline, e.summary)",
    "ANALYZE events_event",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS events_actor_search_update ON events_actor",
    *(
        f"DROP TRIGGER IF EXISTS {table}_search_{op} ON {table}"
        for table in ("events_claim", "events_eventactor", "events_actoralias")
        for op in ("insert", "update", "delete")
    ),
    "DROP FUNCTION IF EXISTS events_actor_names_search()",
    "DROP FUNCTION IF EXISTS events_eventactor_search()",
    "DROP FUNCTION IF EXISTS events_claim_search()",
    "DROP FUNCTION IF EXISTS events_refresh_search(bigint[])",
    # 0008's document, as 0008 wrote it.
    """
    CREATE OR REPLACE FUNCTION events_event_document(event_id bigint, headline text, summary text) RETURNS tsvector AS $$
        SELECT setweight(to_tsvector('english', coalesce(headline, '')), 'A')
            || to_tsvector('english', coalesce(summary, ''))
            || coalesce(
                (SELECT to_tsvector('english', string_agg(ev.quote, ' ' ORDER BY ev.id))
                 FROM events_evidence ev WHERE ev.event_id = $1),
                ''::tsvector)
    $$ LANGUAGE sql STABLE
    """,
    "UPDATE events_event e SET search_document = events_event_document(e.id, e.headline, e.summary)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS crisis_search",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("events", "0010_refold_actor_aliases")]
    operations = [migrations.RunPython(forward, backward)]
