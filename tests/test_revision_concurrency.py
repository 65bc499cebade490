"""The data revision under concurrent writers (PostgreSQL only): an uncommitted bump is invisible, data read
after the revision is never older than it, and writers that lock it first never deadlock."""

import datetime as dt
import threading
import time
from dataclasses import replace

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse

from events import curation
from events.ingest.commit import commit_ingest, draft_from_result
from events.ingest.pipeline import parse_article
from events.models import Actor, ActorAlias, Event, EventActor, Source
from events.revision import current_revision
from tests import factories
from tests.test_admin import event_form

ON_POSTGRES = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="needs concurrent connections: PostgreSQL")
HX = {"HX-Request": "true"}
ARTICLE = (
    "Rally in Caracas\n\n"
    "Opposition leader Juan Guaido spoke to tens of thousands of supporters in Caracas on Saturday. "
    "Air force general Yanez Rodriguez said 90 percent of the armed forces have lost faith in Maduro."
)


def run_in_threads(*targets) -> list[BaseException]:
    """Run each target in its own thread (so on its own database connection); return what they raised."""
    errors = []

    def run(target):
        try:
            target()
        except BaseException as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is still waiting"
    return errors


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def wait_until_waiting_for_a_lock(pid: int) -> None:
    """Return once backend `pid` waits for a lock another backend holds (pg_blocking_pids is live)."""
    deadline = time.monotonic() + 15
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT cardinality(pg_blocking_pids(%s))", [pid])
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError(f"backend {pid} never waited for a lock")


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_connection_does_not_see_an_uncommitted_bump():
    event = factories.EventFactory()
    before = current_revision()
    written, release = threading.Event(), threading.Event()
    seen = {}

    def writer():
        with transaction.atomic():
            Event.objects.filter(pk=event.pk).update(headline="Uncommitted")
            seen["writer"] = current_revision()
            written.set()
            release.wait(timeout=30)

    def reader():
        written.wait(timeout=30)
        seen["reader, writer open"] = (current_revision(), Event.objects.get(pk=event.pk).headline)
        release.set()

    assert run_in_threads(writer, reader) == []
    assert seen == {"writer": before + 1, "reader, writer open": (before, event.headline)}
    assert current_revision() == before + 1


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_data_read_after_the_revision_is_never_older_than_it():
    # A reader reads the revision, then the data, again and again, while a writer commits edit after edit.
    # Each observation must show an edit at least as new as the revision read before it.
    event = factories.EventFactory(headline="0")
    revision_of_edit = {0: current_revision()}
    done = threading.Event()
    observations = []

    def writer():
        for edit in range(1, 301):
            with transaction.atomic():
                Event.objects.filter(pk=event.pk).update(headline=str(edit))
                revision_of_edit[edit] = current_revision()
        done.set()

    def reader():
        while not done.is_set():
            revision = current_revision()
            observations.append((revision, int(Event.objects.values_list("headline", flat=True).get(pk=event.pk))))

    assert run_in_threads(writer, reader) == []
    stale = [(revision, edit) for revision, edit in observations if revision_of_edit[edit] < revision]
    assert stale == []
    assert len({revision for revision, _ in observations}) > 10  # the reader really ran alongside the writer


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_renaming_an_actor_while_a_merge_saves_it_waits_instead_of_deadlocking():
    # The merge has written (it holds the revision row) when the rename starts; the rename must wait for
    # the revision row *before* it locks the actor, or the merge's final save of the actor deadlocks
    # (this is why the PostgreSQL trigger runs BEFORE each statement).
    survivor = factories.ActorFactory(name="Juan Guaidó")
    other = factories.ActorFactory(name="J. Guaido")
    renamer = {}
    renamer_ready, merge_has_written = threading.Event(), threading.Event()

    def pause_merge_after_its_first_write(sender, instance, **kwargs):
        if not merge_has_written.is_set():
            merge_has_written.set()
            renamer_ready.wait(timeout=15)
            wait_until_waiting_for_a_lock(renamer["pid"])

    def merge():
        curation.merge_actors(survivor=Actor.objects.get(pk=survivor.pk), others=[Actor.objects.get(pk=other.pk)])

    def rename():
        renamer["pid"] = backend_pid()
        renamer_ready.set()
        merge_has_written.wait(timeout=15)
        actor = Actor.objects.get(pk=survivor.pk)
        actor.name = "Juan Guaidó Márquez"
        actor.save()

    post_save.connect(pause_merge_after_its_first_write, sender=ActorAlias, dispatch_uid="pause-merge")
    try:
        assert run_in_threads(merge, rename) == []
    finally:
        post_save.disconnect(sender=ActorAlias, dispatch_uid="pause-merge")
    assert list(Actor.objects.values_list("name", flat=True)) == ["Juan Guaidó Márquez"]
    # fold() drops full stops: "J. Guaido" is stored as "j guaido".
    assert set(ActorAlias.objects.values_list("folded", flat=True)) >= {"juan guaido", "j guaido"}


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_saving_an_event_while_an_ingest_corroborates_it_does_not_deadlock(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("erin", password="x-pass-1234", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    event = factories.EventFactory(headline="Guaidó addresses a rally")
    result = parse_article(ARTICLE, published=dt.date(2019, 2, 3))
    draft = draft_from_result(result, original=ARTICLE)
    draft = replace(draft, events=tuple(replace(e, same_as=event.pk) for e in draft.events))  # "same as" X
    editor = {}
    editor_ready, ingest_has_written = threading.Event(), threading.Event()

    def pause_ingest_after_its_first_write(sender, instance, **kwargs):
        if not ingest_has_written.is_set():
            ingest_has_written.set()
            editor_ready.wait(timeout=15)
            wait_until_waiting_for_a_lock(editor["pid"])

    def ingest():
        commit_ingest(draft=draft, crisis=event.crisis)

    def save():
        client = Client()
        client.force_login(user)
        editor["pid"] = backend_pid()
        editor_ready.set()
        ingest_has_written.wait(timeout=15)
        url = reverse("admin:events_event_change", args=[event.pk])
        assert client.post(url, event_form(event, headline="Corrected headline")).status_code == 302

    post_save.connect(pause_ingest_after_its_first_write, sender=Source, dispatch_uid="pause-ingest")
    try:
        errors = run_in_threads(ingest, save)
    finally:
        post_save.disconnect(sender=Source, dispatch_uid="pause-ingest")
    assert errors == []
    assert EventActor.objects.filter(event=event).exists()
