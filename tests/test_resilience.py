"""Faults and concurrency: nothing partial, nothing lost, nothing duplicated, and recovery after a restart."""

import os
import shutil
import sqlite3
import subprocess
import threading
import uuid
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import DatabaseError, connection
from django.test import Client, RequestFactory
from django.urls import reverse

from events.ingest import commit as commit_module
from events.ingest.commit import commit_ingest, draft_from_result
from events.ingest.pipeline import parse_article
from events.models import Actor, ActorAlias, Claim, Event, EventActor, Evidence, Source
from events.revision import current_revision
from tests import factories
from tests.test_admin import event_form

DEMO = (Path(__file__).resolve().parents[1] / "events" / "demo" / "venezuela.txt").read_text(encoding="utf-8")
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers: PostgreSQL, the production database"
)


def row_counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Source, Event, EventActor, Evidence, Claim, Actor, ActorAlias))


@pytest.fixture(scope="module")
def demo_result():
    return parse_article(DEMO)


def test_a_database_error_at_any_point_of_a_commit_leaves_nothing_behind(crisis, editor, monkeypatch, demo_result):
    draft = draft_from_result(demo_result, original=DEMO)
    real = commit_module._saved
    calls = []
    monkeypatch.setattr(commit_module, "_saved", lambda obj, user: (calls.append(1), real(obj, user))[1])
    commit_ingest(draft=draft, crisis=crisis, user=editor)
    writes = len(calls)
    assert writes > 20
    for model in (Evidence, Claim, EventActor, Event, ActorAlias, Actor, Source):
        model.objects.all().delete()
    before = row_counts()

    for failing_write in range(1, writes + 1):
        count = iter(range(1, writes + 2))

        def flaky(obj, user, failing_write=failing_write, count=count):
            if next(count) == failing_write:
                raise DatabaseError(f"injected failure at write {failing_write}")
            return real(obj, user)

        monkeypatch.setattr(commit_module, "_saved", flaky)
        with pytest.raises(DatabaseError):
            commit_ingest(draft=draft, crisis=crisis, user=editor)
        assert row_counts() == before, f"partial commit after failure at write {failing_write}"


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_simultaneous_ingests_of_one_article_store_one_source(demo_result):
    crisis = factories.CrisisFactory()
    draft = draft_from_result(demo_result, original=DEMO)
    barrier = threading.Barrier(10)
    outcomes, errors = [], []

    def ingest():
        try:
            barrier.wait()
            outcomes.append(commit_ingest(draft=draft, crisis=crisis))
        except Exception as exc:  # noqa: BLE001 - the test reports any failure below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ingest) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Source.objects.count() == 1
    assert sum(not o.duplicate for o in outcomes) == 1
    assert {o.source.pk for o in outcomes} == {Source.objects.get().pk}


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_saving_the_same_event_at_once_get_one_save_and_one_conflict(django_user_model):
    from django.contrib.auth.models import Group

    editors = []
    for name in ("erin", "omar"):
        user = django_user_model.objects.create_user(name, password="x-pass-1234", is_staff=True)
        user.groups.add(Group.objects.get(name="Editors"))
        editors.append(user)
    event = factories.EventFactory()
    url = reverse("admin:events_event_change", args=[event.pk])
    before = current_revision()
    barrier = threading.Barrier(2)
    statuses = {}

    def save(user):
        client = Client()
        client.force_login(user)
        barrier.wait()
        statuses[user.username] = client.post(
            url, event_form(event, headline=f"{user.username}'s headline")
        ).status_code
        connection.close()

    threads = [threading.Thread(target=save, args=(u,)) for u in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses.values()) == [200, 302]  # one saved (redirect), one shown the conflict
    event.refresh_from_db()
    winner = next(name for name, status in statuses.items() if status == 302)
    assert event.headline == f"{winner}'s headline" and event.version == 2
    # Both queued on the data revision row (migration 0007) without deadlocking; the save moved it.
    assert current_revision() > before


def wsgi_get(path: str) -> int:
    """A request through Django's real WSGI handler (the test client skips the connection health check)."""
    statuses = []
    environ = RequestFactory().get(path).environ
    b"".join(WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status)))
    return int(statuses[0].split()[0])


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_next_request_works_after_the_database_drops_every_connection(settings):
    import psycopg

    settings.PUBLIC_TIMELINE = True
    factories.CrisisFactory()
    assert wsgi_get("/") == 200
    assert connection.connection is not None  # kept open between requests (CONN_MAX_AGE)
    params = connection.get_connection_params()
    with psycopg.connect(
        **{k: v for k, v in params.items() if k in ("dbname", "host", "port", "user")}, autocommit=True
    ) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    assert wsgi_get("/") == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_into_an_empty_database_with_the_same_rows(tmp_path):
    crisis = factories.CrisisFactory()
    event = factories.EventFactory(crisis=crisis, headline="Backed up")
    source = factories.SourceFactory(text="Protesters marched on Saturday in the capital.")
    factories.evidence_for(source, "marched on Saturday", event=event)
    queries = {
        "events": "SELECT id, headline, date_start FROM events_event ORDER BY id",
        "evidence": 'SELECT id, source_id, start, "end", quote FROM events_evidence ORDER BY id',
        "sources": "SELECT id, content_hash FROM events_source ORDER BY id",
    }
    restore = restore_postgres if connection.vendor == "postgresql" else restore_sqlite
    restored = restore(tmp_path, queries)
    with connection.cursor() as cursor:
        for name, sql in queries.items():
            cursor.execute(sql)
            assert restored[name] == as_text(cursor.fetchall()), name
    assert restored["events"][0][1] == "Backed up"


def as_text(rows) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in rows]


def restore_postgres(tmp_path, queries: dict[str, str]) -> dict[str, list]:
    """pg_dump -Fc the database, pg_restore it into a new one (the README's procedure), and query it."""
    import psycopg

    if not shutil.which("pg_dump"):
        pytest.fail("pg_dump is not installed: PostgreSQL's client tools are needed for backups")
    params = connection.get_connection_params()
    env = {
        **os.environ,
        "PGHOST": params.get("host") or "127.0.0.1",
        "PGPORT": str(params.get("port") or 5432),
        "PGUSER": params.get("user") or "postgres",
    }
    target = f"restore_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "backup.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), params["dbname"]], env=env, check=True)
    subprocess.run(["createdb", target], env=env, check=True)
    try:
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "-d", target, str(dump)], env=env, check=True)
        with psycopg.connect(dbname=target, host=env["PGHOST"], port=env["PGPORT"], user=env["PGUSER"]) as conn:
            return {name: as_text(conn.execute(sql).fetchall()) for name, sql in queries.items()}
    finally:
        subprocess.run(["dropdb", "--if-exists", target], env=env, check=False)


def restore_sqlite(tmp_path, queries: dict[str, str]) -> dict[str, list]:
    """SQLite's online backup API (the README's one-liner), then query the copy."""
    connection.ensure_connection()
    backup = tmp_path / "backup.sqlite3"
    target = sqlite3.connect(backup)
    connection.connection.backup(target)
    target.close()
    restored = sqlite3.connect(backup)
    try:
        return {name: as_text(restored.execute(sql).fetchall()) for name, sql in queries.items()}
    finally:
        restored.close()
