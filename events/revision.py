"""The data revision: one number for the whole database that changes whenever content a reader page shows
changes, however it was written. Database triggers keep it (migration 0007 explains them and why a page
cached under it is never older than its key)."""

from django.db import connections, router

from events.models import Event


def current_revision(using: str | None = None) -> int:
    """The data revision as of now, in one query; read it *before* the data a cached page shows.

    Reads from `using`, by default from the database reader pages' queries are routed to (the replica,
    when one is configured): the revision and the data must come from the same database, or a lagging
    replica would hold data older than a revision read on the primary. Pass "default" for a page that
    reads the primary. Two reads return the same number only if no content write committed in between.

    Inside a transaction that has written, the number counts the transaction's own uncommitted writes:
    don't fill a cache from there, since after a rollback the next writer takes the same number for
    different data.
    """
    alias = using or router.db_for_read(Event)
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT n FROM events_datarevision WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        raise LookupError("events_datarevision has no row: migration 0007 creates it; nothing may delete it")
    return row[0]


def lock_for_writing(using: str = "default") -> None:
    """Take the revision row's lock now, inside the current transaction, before locking any content row.

    Every content write takes this lock (migration 0007's triggers), so a transaction that locks a
    content row first (`SELECT … FOR UPDATE` for a version check) and writes later could deadlock with
    one that has already written and then needs that row. Taking this lock first orders them. A no-op
    on SQLite, where a writing transaction holds the whole database anyway.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM events_datarevision WHERE id = 1 FOR UPDATE")
