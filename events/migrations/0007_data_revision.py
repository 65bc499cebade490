"""A database-wide data revision: one number that changes whenever content a reader page shows changes.

Reader pages are cached under this number (`events.revision.current_revision`), so it must change
however the content was written: the admin, ORM saves and deletes, `queryset.update()`, `bulk_create`,
COPY, raw SQL, psql. Only the database sees all of those, so triggers keep it:

- table `events_datarevision` holds exactly one row (id = 1) and its counter `n`;
- on PostgreSQL, one shared plpgsql function bumps `n` BEFORE each INSERT, UPDATE, DELETE or TRUNCATE
  *statement* on a content table (one bump per statement: a COPY of 20,000 rows bumps once);
- on SQLite, which has no statement triggers, AFTER each inserted, updated or deleted *row*.

The content tables are listed here, not derived from the models, so this migration never changes; a new
table a reader page shows needs a new migration adding it. The table is outside the model state (like
0004 and 0005), so `makemigrations` never sees it.

Why a cached page is never keyed to a revision older than the data it holds. A reader reads `n` first
and then the data, each in a later (or the same) snapshot. A writer's bump is an UPDATE in the writer's
own transaction, so it becomes visible at the writer's commit, atomically with the writer's data, never
before and never without it. Writers that bump are ordered by the row lock on `n`: the second one waits
for the first to commit (READ COMMITTED then re-reads the row), so `n` takes a new, larger value at each
committing writer, in commit order. Hence if the reader's snapshot shows `n = R`, it shows every writer
that set `n ≤ R`, and every later snapshot (the page's data queries) shows at least those. A writer the
reader did not see commits later with `n > R`, so from its commit on no reader reads `R` and the page
cached under `R` is never looked up again: it can be out of date only for requests that read `R` before
that commit, exactly as an uncached page rendered at that moment would be. (A page whose queries
straddle a commit can mix two states, cached or not; only a REPEATABLE READ transaction around the whole
page avoids that.) The revision must be read from the database the page's data is read from: with a
lagging read replica, a revision read on the primary could be newer than the replica's data.
`current_revision` reads where reads are routed. Two things the triggers cannot see: writes made with
triggers off (`session_replication_role = replica`, `pg_restore --disable-triggers`), and a restore of
an older backup, which winds `n` back to numbers already used for other data. Clear the page cache
after either.

The cost, PostgreSQL: the one row serialises writing transactions from their first content write to
their commit (an ingest or an import waits for the one before it to commit; a seed or an import of a
million rows holds every editor's save until it commits). Under REPEATABLE READ or SERIALIZABLE a
second writer would fail with a serialisation error instead of waiting; the project runs at READ
COMMITTED. The bump runs BEFORE the statement, not after, so that a transaction's first write waits for
the row before it locks any row of its own: otherwise a rename of an actor would lock the actor, then
wait for `n` held by a merge that then saves the same actor, a deadlock (tests/test_revision.py). What
can still deadlock is a transaction that locks a content row with SELECT … FOR UPDATE *before* its first
write (the admin's version check, publishing) while another that has already written then needs that
row; see tests/test_revision.py for the known case.

SQLite takes one database-wide write lock per writing transaction anyway: the row triggers add no
waiting there, only one single-row UPDATE per written row.
"""

from django.db import migrations

CONTENT_TABLES = [
    "events_crisis",
    "events_event",
    "events_eventactor",
    "events_actor",
    "events_actoralias",
    "events_source",
    "events_evidence",
    "events_claim",
    "events_claim_about",
]
BUMP = "UPDATE events_datarevision SET n = n + 1 WHERE id = 1"

TABLE = "CREATE TABLE events_datarevision (id integer NOT NULL PRIMARY KEY CHECK (id = 1), n bigint NOT NULL)"
FIRST_ROW = "INSERT INTO events_datarevision (id, n) VALUES (1, 1)"

SQLITE_FORWARD = [
    TABLE,
    FIRST_ROW,
    *(
        f"CREATE TRIGGER {table}_revision_{op.lower()} AFTER {op} ON {table} BEGIN {BUMP}; END"
        for table in CONTENT_TABLES
        for op in ("INSERT", "UPDATE", "DELETE")
    ),
]
SQLITE_BACKWARD = [
    *(
        f"DROP TRIGGER IF EXISTS {table}_revision_{op.lower()}"
        for table in CONTENT_TABLES
        for op in ("INSERT", "UPDATE", "DELETE")
    ),
    "DROP TABLE IF EXISTS events_datarevision",
]

POSTGRES_FORWARD = [
    TABLE,
    FIRST_ROW,
    f"""
    CREATE FUNCTION events_bump_data_revision() RETURNS trigger AS $$
    BEGIN
      {BUMP};
      RETURN NULL;
    END $$ LANGUAGE plpgsql;
    """,
    *(
        f"""
        CREATE TRIGGER {table}_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION events_bump_data_revision();
        """
        for table in CONTENT_TABLES
    ),
]
POSTGRES_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {table}_revision ON {table}" for table in CONTENT_TABLES),
    "DROP FUNCTION IF EXISTS events_bump_data_revision()",
    "DROP TABLE IF EXISTS events_datarevision",
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
    dependencies = [("events", "0006_event_summary")]
    operations = [migrations.RunPython(forward, backward)]
