"""Database-enforced integrity that a CHECK constraint can't express, on both databases:

- an evidence span lies within its source's cleaned text and its quote is exactly those characters;
- a source's cleaned text never changes once saved (every span points into it).
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE TRIGGER events_evidence_span_insert BEFORE INSERT ON events_evidence
    WHEN NEW."end" > (SELECT length(text) FROM events_source WHERE id = NEW.source_id)
      OR NEW.quote != (SELECT substr(text, NEW.start + 1, NEW."end" - NEW.start) FROM events_source WHERE id = NEW.source_id)
    BEGIN SELECT RAISE(ABORT, 'evidence span is outside the source text or does not match its quote'); END;
    """,
    """
    CREATE TRIGGER events_evidence_span_update BEFORE UPDATE ON events_evidence
    WHEN NEW."end" > (SELECT length(text) FROM events_source WHERE id = NEW.source_id)
      OR NEW.quote != (SELECT substr(text, NEW.start + 1, NEW."end" - NEW.start) FROM events_source WHERE id = NEW.source_id)
    BEGIN SELECT RAISE(ABORT, 'evidence span is outside the source text or does not match its quote'); END;
    """,
    """
    CREATE TRIGGER events_source_text_immutable BEFORE UPDATE OF text ON events_source
    WHEN NEW.text IS NOT OLD.text
    BEGIN SELECT RAISE(ABORT, 'a source''s cleaned text is immutable once saved'); END;
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS events_evidence_span_insert;",
    "DROP TRIGGER IF EXISTS events_evidence_span_update;",
    "DROP TRIGGER IF EXISTS events_source_text_immutable;",
]

POSTGRES_FORWARD = [
    """
    CREATE FUNCTION events_evidence_span_check() RETURNS trigger AS $$
    DECLARE source_text text;
    BEGIN
      SELECT text INTO source_text FROM events_source WHERE id = NEW.source_id;
      IF NEW."end" > length(source_text)
         OR NEW.quote IS DISTINCT FROM substr(source_text, NEW.start + 1, NEW."end" - NEW.start) THEN
        RAISE EXCEPTION 'evidence span is outside the source text or does not match its quote'
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER events_evidence_span BEFORE INSERT OR UPDATE ON events_evidence
    FOR EACH ROW EXECUTE FUNCTION events_evidence_span_check();
    """,
    """
    CREATE FUNCTION events_source_text_immutable() RETURNS trigger AS $$
    BEGIN
      IF NEW.text IS DISTINCT FROM OLD.text THEN
        RAISE EXCEPTION 'a source''s cleaned text is immutable once saved' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER events_source_text_immutable BEFORE UPDATE ON events_source
    FOR EACH ROW EXECUTE FUNCTION events_source_text_immutable();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS events_evidence_span ON events_evidence;",
    "DROP FUNCTION IF EXISTS events_evidence_span_check();",
    "DROP TRIGGER IF EXISTS events_source_text_immutable ON events_source;",
    "DROP FUNCTION IF EXISTS events_source_text_immutable();",
]


def forward(apps, schema_editor):
    statements = POSTGRES_FORWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARD
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = POSTGRES_BACKWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_BACKWARD
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
