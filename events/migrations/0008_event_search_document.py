"""A stored full-text document per event, PostgreSQL only (SQLite searches with LIKE and needs none).

`events_event.search_document` holds the headline (weight A), the summary and every evidence quote of the
event, as one `tsvector` with a GIN index. Triggers keep it true whoever writes (admin, ingest, import,
COPY, psql): a row trigger on the event's own text, and statement triggers on evidence that recompute the
events whose quotes changed (one UPDATE per statement, so a COPY of 20,000 evidence rows is one pass).

A stored document replaces 0004's expression indexes: the search no longer recomputes `to_tsvector` for
each row it tests along the date index, and PostgreSQL keeps statistics on the column's words, so the
planner itself tells a rare term (GIN index, then sort) from a common one (walk the date index). The
column lives outside the model state (it cannot exist on SQLite, and no Python code writes it), so
`makemigrations` never sees it; `events.search.DocumentMatches` queries it.

The SQL is written out here, not imported, so this migration never changes.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS event_search_gin",
    "DROP INDEX IF EXISTS evidence_search_gin",
    "ALTER TABLE events_event ADD COLUMN search_document tsvector",
    """
    CREATE FUNCTION events_event_document(event_id bigint, headline text, summary text) RETURNS tsvector AS $$
        SELECT setweight(to_tsvector('english', coalesce(headline, '')), 'A')
            || to_tsvector('english', coalesce(summary, ''))
            || coalesce(
                (SELECT to_tsvector('english', string_agg(ev.quote, ' ' ORDER BY ev.id))
                 FROM events_evidence ev WHERE ev.event_id = $1),
                ''::tsvector)
    $$ LANGUAGE sql STABLE
    """,
    """
    CREATE FUNCTION events_event_search() RETURNS trigger AS $$
    BEGIN
        NEW.search_document := events_event_document(NEW.id, NEW.headline, NEW.summary);
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER events_event_search BEFORE INSERT OR UPDATE OF headline, summary ON events_event
    FOR EACH ROW EXECUTE FUNCTION events_event_search()
    """,
    # Evidence changes: recompute the events whose quotes were added, removed or moved, once per statement.
    """
    CREATE FUNCTION events_evidence_search() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            UPDATE events_event e SET search_document = events_event_document(e.id, e.headline, e.summary)
            WHERE e.id IN (SELECT event_id FROM new_rows WHERE event_id IS NOT NULL);
        ELSIF TG_OP = 'DELETE' THEN
            UPDATE events_event e SET search_document = events_event_document(e.id, e.headline, e.summary)
            WHERE e.id IN (SELECT event_id FROM old_rows WHERE event_id IS NOT NULL);
        ELSE
            UPDATE events_event e SET search_document = events_event_document(e.id, e.headline, e.summary)
            WHERE e.id IN (
                SELECT n.event_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE n.event_id IS DISTINCT FROM o.event_id OR n.quote IS DISTINCT FROM o.quote
                UNION SELECT o.event_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE n.event_id IS DISTINCT FROM o.event_id OR n.quote IS DISTINCT FROM o.quote
            );
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER events_evidence_search_insert AFTER INSERT ON events_evidence
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION events_evidence_search()
    """,
    """
    CREATE TRIGGER events_evidence_search_update AFTER UPDATE ON events_evidence
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION events_evidence_search()
    """,
    """
    CREATE TRIGGER events_evidence_search_delete AFTER DELETE ON events_evidence
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION events_evidence_search()
    """,
    # Existing events, in one pass: every event's quotes aggregated once, not looked up row by row.
    """
    UPDATE events_event e
    SET search_document = setweight(to_tsvector('english', coalesce(e.headline, '')), 'A')
        || to_tsvector('english', coalesce(e.summary, ''))
        || coalesce(q.document, ''::tsvector)
    FROM events_event e2
    LEFT JOIN (
        SELECT ev.event_id, to_tsvector('english', string_agg(ev.quote, ' ' ORDER BY ev.id)) AS document
        FROM events_evidence ev WHERE ev.event_id IS NOT NULL GROUP BY ev.event_id
    ) q ON q.event_id = e2.id
    WHERE e2.id = e.id
    """,
    "CREATE INDEX event_search_document_gin ON events_event USING gin (search_document)",
    "ANALYZE events_event",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS events_evidence_search_delete ON events_evidence",
    "DROP TRIGGER IF EXISTS events_evidence_search_update ON events_evidence",
    "DROP TRIGGER IF EXISTS events_evidence_search_insert ON events_evidence",
    "DROP FUNCTION IF EXISTS events_evidence_search()",
    "DROP TRIGGER IF EXISTS events_event_search ON events_event",
    "DROP FUNCTION IF EXISTS events_event_search()",
    "DROP FUNCTION IF EXISTS events_event_document(bigint, text, text)",
    "ALTER TABLE events_event DROP COLUMN IF EXISTS search_document",
]
# 0004's expression indexes, as 0004 builds them.
OLD_INDEXES = [
    ("Event", GinIndex(SearchVector("headline", "summary", config="english"), name="event_search_gin")),
    ("Evidence", GinIndex(SearchVector("quote", config="english"), name="evidence_search_gin")),
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
    for model_name, index in OLD_INDEXES:
        schema_editor.add_index(apps.get_model("events", model_name), index)


class Migration(migrations.Migration):
    dependencies = [("events", "0007_data_revision")]
    operations = [migrations.RunPython(forward, backward)]
