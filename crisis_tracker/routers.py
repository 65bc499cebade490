"""Send reads to a PostgreSQL read replica when one is configured (`DATABASE_REPLICA_URL`).

Off by default: without a `replica` alias in DATABASES every query goes to `default`, as if there were no
router. With one, reads go to the replica and writes to the primary. Two cases stay on the primary:
reads inside a transaction that has written (Django pins them through `instance._state.db` and
`transaction.atomic` uses `default`), and any read made with `.using("default")` explicitly, for pages
that must see their own write at once (an editor's save, then the redirect).
"""

from django.conf import settings

REPLICA = "replica"


class ReplicaRouter:
    """Reads → `replica` when it exists; writes, relations and migrations → `default`."""

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            # Related objects follow the row they came from (a row just written stays on the primary).
            return instance._state.db
        return REPLICA if REPLICA in settings.DATABASES else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica copies the primary's schema by streaming replication; never migrate it directly.
        return db == "default"
