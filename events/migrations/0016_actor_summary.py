"""A per-crisis actor summary, kept by database triggers on PostgreSQL and SQLite alike.

`events_actorsummary` holds one row per (crisis, actor) that has an entry or a claim there: how many
entries the actor takes part in (distinct events, whatever the number of roles) and how many claims they
made, published and all. The actors index reads a page of these rows in the order of an index instead of
counting every participation of the crisis on every request.

Whoever writes (admin, ingest, import, curation, COPY, psql), triggers move the counts by the change:

- an event's actors (events_eventactor): a pair (event, actor) counts once, from its first role to its last;
- events (insert, delete, and a change of crisis or review status): every actor of the event moves;
- claims (insert, delete, and a change of crisis, claimant or review status): the claimant's counts move.

A count moves only while the event exists: a participation written before its event (the foreign keys
are deferred; `seed_synthetic` writes events last) is counted by the event's own insert, and one deleted
after its event was counted out by the event's delete. A row whose counts all reach zero is deleted.
On PostgreSQL the triggers are per statement (transition tables), so a COPY of 20,000 rows moves each
(crisis, actor) once; `events_actorsummary_apply` adds the changes in key order. Writers never interleave
here: every content write first takes the data revision's row lock (0007), so a trigger's reads see every
committed change. A TRUNCATE of any of the three tables rebuilds the summary (`events_actorsummary_rebuild`).
On SQLite the triggers are per row, with the same rules.

The table is in the model state (`events.models.ActorSummary`, read-only to Python); its functions and
triggers are written out here, not imported, so this migration never changes. On SQLite a later migration
that rebuilds events_event, events_eventactor or events_claim drops their triggers and must restore them
(as 0013 and 0015 restore the data revision's); tests/test_actor_summary.py checks they are all there.
"""

import django.db.models.deletion
import django.db.models.expressions
from django.db import migrations, models

COLUMNS = "crisis_id, actor_id, entries_published, entries_all, claims_published, claims_all"

# Every count from the rows themselves: the backfill, the PostgreSQL rebuild, and the tests' reference.
# Portable SQL (CASE rather than a boolean cast).
BACKFILL = f"""
INSERT INTO events_actorsummary ({COLUMNS})
SELECT d.crisis_id, d.actor_id, sum(d.ep), sum(d.ea), sum(d.cp), sum(d.ca)
FROM (
    SELECT e.crisis_id AS crisis_id, p.actor_id AS actor_id,
        CASE WHEN e.status = 'published' THEN 1 ELSE 0 END AS ep, 1 AS ea, 0 AS cp, 0 AS ca
    FROM (SELECT DISTINCT event_id, actor_id FROM events_eventactor) p
    JOIN events_event e ON e.id = p.event_id
    UNION ALL
    SELECT c.crisis_id, c.claimant_id, 0, 0, CASE WHEN c.status = 'published' THEN 1 ELSE 0 END, 1
    FROM events_claim c
    WHERE c.claimant_id IS NOT NULL
) d
GROUP BY d.crisis_id, d.actor_id
"""

# -- PostgreSQL ----------------------------------------------------------------------------------------

APPLY = f"""
CREATE FUNCTION events_actorsummary_apply(
    crises bigint[], actors bigint[], ep integer[], ea integer[], cp integer[], ca integer[]
) RETURNS void AS $$
DECLARE
    emptied bigint[];
BEGIN
    IF crises IS NULL OR cardinality(crises) = 0 THEN
        RETURN;
    END IF;
    WITH changed AS (
        INSERT INTO events_actorsummary AS s ({COLUMNS})
        SELECT d.crisis_id, d.actor_id, sum(d.ep), sum(d.ea), sum(d.cp), sum(d.ca)
        FROM unnest(crises, actors, ep, ea, cp, ca) AS d(crisis_id, actor_id, ep, ea, cp, ca)
        GROUP BY d.crisis_id, d.actor_id
        HAVING sum(d.ep) <> 0 OR sum(d.ea) <> 0 OR sum(d.cp) <> 0 OR sum(d.ca) <> 0
        ORDER BY d.crisis_id, d.actor_id
        ON CONFLICT (crisis_id, actor_id) DO UPDATE SET
            entries_published = s.entries_published + EXCLUDED.entries_published,
            entries_all = s.entries_all + EXCLUDED.entries_all,
            claims_published = s.claims_published + EXCLUDED.claims_published,
            claims_all = s.claims_all + EXCLUDED.claims_all
        RETURNING s.id, s.entries_all, s.claims_all
    )
    SELECT array_agg(id) INTO emptied FROM changed WHERE entries_all = 0 AND claims_all = 0;
    IF emptied IS NOT NULL THEN
        DELETE FROM events_actorsummary WHERE id = ANY(emptied);
    END IF;
END
$$ LANGUAGE plpgsql
"""

REBUILD = f"""
CREATE FUNCTION events_actorsummary_rebuild() RETURNS void AS $$
BEGIN
    DELETE FROM events_actorsummary;
    {BACKFILL};
END
$$ LANGUAGE plpgsql
"""


def participations(rows: str) -> str:
    """Counts moved by participation rows (`rows`: event_id, actor_id, added, removed): a pair with no
    row left was counted out, a pair whose rows are all new is counted in."""
    return f"""
        PERFORM events_actorsummary_apply(
            array_agg(p.crisis_id), array_agg(p.actor_id),
            array_agg(CASE WHEN p.published THEN p.delta ELSE 0 END), array_agg(p.delta),
            array_agg(0), array_agg(0))
        FROM (
            SELECT t.crisis_id, t.actor_id, t.published,
                (t.now > 0)::integer - (t.now - t.added + t.removed > 0)::integer AS delta
            FROM (
                SELECT e.crisis_id, r.actor_id, e.status = 'published' AS published, r.added, r.removed,
                    (SELECT count(*) FROM events_eventactor ea
                     WHERE ea.event_id = r.event_id AND ea.actor_id = r.actor_id) AS now
                FROM (
                    SELECT event_id, actor_id, sum(added) AS added, sum(removed) AS removed
                    FROM ({rows}) x GROUP BY event_id, actor_id
                ) r
                JOIN events_event e ON e.id = r.event_id
            ) t
        ) p
        WHERE p.delta <> 0;"""


def entries(events: str) -> str:
    """Counts moved by events (`events`: id, crisis_id, status, sign): each of their actors, once."""
    return f"""
        PERFORM events_actorsummary_apply(
            array_agg(c.crisis_id), array_agg(a.actor_id),
            array_agg(CASE WHEN c.status = 'published' THEN c.sign ELSE 0 END), array_agg(c.sign),
            array_agg(0), array_agg(0))
        FROM ({events}) c
        CROSS JOIN LATERAL (SELECT DISTINCT ea.actor_id FROM events_eventactor ea WHERE ea.event_id = c.id) a;"""


def claims(rows: str) -> str:
    """Counts moved by claims (`rows`: crisis_id, claimant_id, status, sign)."""
    return f"""
        PERFORM events_actorsummary_apply(
            array_agg(c.crisis_id), array_agg(c.claimant_id), array_agg(0), array_agg(0),
            array_agg(CASE WHEN c.status = 'published' THEN c.sign ELSE 0 END), array_agg(c.sign))
        FROM ({rows}) c
        WHERE c.claimant_id IS NOT NULL;"""


def changed(columns: str, key: str, where: str) -> str:
    """Rows an UPDATE changed in `where`'s columns: the new version counted in, the old one out."""
    both = "FROM new_rows n JOIN old_rows o ON o.{key} = n.{key} WHERE {where}".format(key=key, where=where)
    new = ", ".join(f"n.{c}" for c in columns.split(", "))
    old = ", ".join(f"o.{c}" for c in columns.split(", "))
    return f"SELECT {new}, 1 AS sign {both} UNION ALL SELECT {old}, -1 AS sign {both}"


def trigger_function(table: str, insert: str, update: str, delete: str) -> str:
    return f"""
CREATE FUNCTION {table}_actorsummary() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM events_actorsummary_rebuild();
    ELSIF TG_OP = 'INSERT' THEN{insert}
    ELSIF TG_OP = 'DELETE' THEN{delete}
    ELSE{update}
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


NEW_PARTS = "SELECT event_id, actor_id, 1 AS added, 0 AS removed FROM new_rows"
OLD_PARTS = "SELECT event_id, actor_id, 0 AS added, 1 AS removed FROM old_rows"
FUNCTIONS = [
    APPLY,
    REBUILD,
    trigger_function(
        "events_eventactor",
        insert=participations(NEW_PARTS),
        delete=participations(OLD_PARTS),
        update=participations(f"{NEW_PARTS} UNION ALL {OLD_PARTS}"),
    ),
    trigger_function(
        "events_event",
        insert=entries("SELECT id, crisis_id, status, 1 AS sign FROM new_rows"),
        delete=entries("SELECT id, crisis_id, status, -1 AS sign FROM old_rows"),
        update=entries(
            changed("id, crisis_id, status", "id", "(n.crisis_id, n.status) IS DISTINCT FROM (o.crisis_id, o.status)")
        ),
    ),
    trigger_function(
        "events_claim",
        insert=claims("SELECT crisis_id, claimant_id, status, 1 AS sign FROM new_rows"),
        delete=claims("SELECT crisis_id, claimant_id, status, -1 AS sign FROM old_rows"),
        update=claims(
            changed(
                "crisis_id, claimant_id, status",
                "id",
                "(n.crisis_id, n.claimant_id, n.status) IS DISTINCT FROM (o.crisis_id, o.claimant_id, o.status)",
            )
        ),
    ),
]
TABLES = ["events_eventactor", "events_event", "events_claim"]
TRANSITIONS = {"INSERT": "NEW TABLE AS new_rows", "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
               "DELETE": "OLD TABLE AS old_rows"}  # fmt: skip


def postgres_forward(schema_editor):
    for function in FUNCTIONS:
        schema_editor.execute(function)
    # PostgreSQL allows transition tables on a trigger for one event only: one trigger per event.
    for table in TABLES:
        for event, transition in TRANSITIONS.items():
            schema_editor.execute(
                f"CREATE TRIGGER {table}_actorsummary_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {table}_actorsummary()"
            )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_actorsummary_truncate AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_actorsummary()"
        )
    # After the triggers, in the same transaction: no write slips in between the backfill and them.
    schema_editor.execute(BACKFILL)
    schema_editor.execute("ANALYZE events_actorsummary")


def postgres_backward(schema_editor):
    for table in TABLES:
        for event in [*TRANSITIONS, "TRUNCATE"]:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_actorsummary_{event.lower()} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_actorsummary()")
    schema_editor.execute("DROP FUNCTION IF EXISTS events_actorsummary_rebuild()")
    schema_editor.execute(
        "DROP FUNCTION IF EXISTS events_actorsummary_apply(bigint[], bigint[], integer[], integer[], integer[], integer[])"
    )


# -- SQLite: row triggers ----------------------------------------------------------------------------------


def upsert(select: str) -> str:
    """Add the counts `select` gives (crisis_id, actor_id, then the four counts) to their rows. The SELECT
    always has a WHERE: SQLite needs one before ON CONFLICT to parse it as an upsert."""
    return (
        f"INSERT INTO events_actorsummary ({COLUMNS}) {select} "
        "ON CONFLICT (crisis_id, actor_id) DO UPDATE SET "
        "entries_published = entries_published + excluded.entries_published, "
        "entries_all = entries_all + excluded.entries_all, "
        "claims_published = claims_published + excluded.claims_published, "
        "claims_all = claims_all + excluded.claims_all;"
    )


def prune(crisis: str, actor: str = "") -> str:
    """Delete the rows of `crisis` (and `actor`) whose counts all reached zero."""
    of_actor = f" AND actor_id = {actor}" if actor else ""
    return f"DELETE FROM events_actorsummary WHERE crisis_id = {crisis}{of_actor} AND entries_all = 0 AND claims_all = 0;"


def published(row: str) -> str:
    return f"CASE WHEN {row}.status = 'published' THEN 1 ELSE 0 END"


def pair_left(row: str, other: str = "") -> str:
    """No participation row (other than `other`) holds the pair (event, actor) of `row` now."""
    but = f" AND o.id <> {other}.id" if other else ""
    return (
        f"NOT EXISTS (SELECT 1 FROM events_eventactor o WHERE o.event_id = {row}.event_id "
        f"AND o.actor_id = {row}.actor_id{but})"
    )


def pair_in(row: str) -> str:
    return upsert(
        f"SELECT e.crisis_id, {row}.actor_id, {published('e')}, 1, 0, 0 FROM events_event e "
        f"WHERE e.id = {row}.event_id AND {pair_left(row, other=row)}"
    )


def pair_out(row: str) -> str:
    return upsert(
        f"SELECT e.crisis_id, {row}.actor_id, -{published('e')}, -1, 0, 0 FROM events_event e "
        f"WHERE e.id = {row}.event_id AND {pair_left(row)}"
    ) + prune(f"(SELECT crisis_id FROM events_event WHERE id = {row}.event_id)", f"{row}.actor_id")


def event_actors(row: str, sign: str) -> str:
    return upsert(
        f"SELECT {row}.crisis_id, a.actor_id, {sign}{published(row)}, {sign}1, 0, 0 "
        f"FROM (SELECT DISTINCT actor_id FROM events_eventactor WHERE event_id = {row}.id) a WHERE true"
    )


def claimant(row: str, sign: str) -> str:
    return upsert(
        f"SELECT {row}.crisis_id, {row}.claimant_id, 0, 0, {sign}{published(row)}, {sign}1 "
        f"WHERE {row}.claimant_id IS NOT NULL"
    )


SQLITE_TRIGGERS = {
    "events_eventactor_actorsummary_insert": ("AFTER INSERT ON events_eventactor", pair_in("NEW")),
    "events_eventactor_actorsummary_delete": ("AFTER DELETE ON events_eventactor", pair_out("OLD")),
    "events_eventactor_actorsummary_update": (
        "AFTER UPDATE OF event_id, actor_id ON events_eventactor "
        "WHEN OLD.event_id IS NOT NEW.event_id OR OLD.actor_id IS NOT NEW.actor_id",
        pair_out("OLD") + pair_in("NEW"),
    ),
    "events_event_actorsummary_insert": ("AFTER INSERT ON events_event", event_actors("NEW", "")),
    "events_event_actorsummary_delete": ("AFTER DELETE ON events_event", event_actors("OLD", "-") + prune("OLD.crisis_id")),
    "events_event_actorsummary_update": (
        "AFTER UPDATE OF crisis_id, status ON events_event "
        "WHEN OLD.crisis_id IS NOT NEW.crisis_id OR OLD.status IS NOT NEW.status",
        event_actors("OLD", "-") + event_actors("NEW", "") + prune("OLD.crisis_id"),
    ),
    "events_claim_actorsummary_insert": ("AFTER INSERT ON events_claim", claimant("NEW", "")),
    "events_claim_actorsummary_delete": (
        "AFTER DELETE ON events_claim",
        claimant("OLD", "-") + prune("OLD.crisis_id", "OLD.claimant_id"),
    ),
    "events_claim_actorsummary_update": (
        "AFTER UPDATE OF crisis_id, claimant_id, status ON events_claim "
        "WHEN OLD.crisis_id IS NOT NEW.crisis_id OR OLD.claimant_id IS NOT NEW.claimant_id "
        "OR OLD.status IS NOT NEW.status",
        claimant("OLD", "-") + claimant("NEW", "") + prune("OLD.crisis_id", "OLD.claimant_id"),
    ),
}


def sqlite_forward(schema_editor):
    for name, (when, body) in SQLITE_TRIGGERS.items():
        schema_editor.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")
    schema_editor.execute(BACKFILL)


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
    dependencies = [("events", "0015_figures_contradictions")]

    operations = [
        migrations.CreateModel(
            name="ActorSummary",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("entries_published", models.IntegerField(default=0)),
                ("entries_all", models.IntegerField(default=0)),
                ("claims_published", models.IntegerField(default=0)),
                ("claims_all", models.IntegerField(default=0)),
                (
                    "activity_published",
                    models.GeneratedField(
                        db_persist=True,
                        expression=django.db.models.expressions.CombinedExpression(
                            models.F("entries_published"), "+", models.F("claims_published")
                        ),
                        output_field=models.IntegerField(),
                    ),
                ),
                (
                    "activity_all",
                    models.GeneratedField(
                        db_persist=True,
                        expression=django.db.models.expressions.CombinedExpression(
                            models.F("entries_all"), "+", models.F("claims_all")
                        ),
                        output_field=models.IntegerField(),
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.actor",
                    ),
                ),
                (
                    "crisis",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.crisis",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["crisis", "-activity_published"],
                        include=("actor", "entries_published", "claims_published"),
                        name="actorsummary_published",
                    ),
                    models.Index(
                        fields=["crisis", "-activity_all"],
                        include=("actor", "entries_all", "claims_all"),
                        name="actorsummary_all",
                    ),
                ],
                "constraints": [models.UniqueConstraint(fields=("crisis", "actor"), name="actorsummary_crisis_actor")],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
