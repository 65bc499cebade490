import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache

from tests import factories, figures


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    # A worker process a test starts (tests/ingest/test_worker_kill.py) must see the test database: on
    # SQLite that means a file rather than memory (unsynced: a test database need not survive a crash).
    db = django_settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test.sqlite3")
        db.setdefault("OPTIONS", {})["init_command"] = "PRAGMA synchronous=OFF"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The personas' passwords would otherwise be hashed with the production hasher: ~1 s a test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    # Cached fragments are keyed by the data revision, which a rolled-back test returns to where it was.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db) -> User:
    # Erin edits: she ingests articles, corrects drafts and publishes them.
    user = User.objects.create_user("erin", password="erin-pass-1234", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def other_editor(db) -> User:
    # Omar edits too: he is the colleague whose save races Erin's.
    user = User.objects.create_user("omar", password="omar-pass-1234", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def analyst(db) -> User:
    # Ana only reads: she may see everything published and change nothing.
    user = User.objects.create_user("ana", password="ana-pass-1234", is_staff=True)
    user.groups.add(Group.objects.get(name="Analysts"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def crisis(db):
    return factories.CrisisFactory()


@pytest.fixture
def event(crisis):
    return factories.EventFactory(crisis=crisis)


def pytest_terminal_summary(terminalreporter):
    lines = figures.summary()
    if lines:
        terminalreporter.section("hardening figures")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture
def run_tasks(monkeypatch):
    """Run every queued task that is due, as `manage.py db_worker --batch` would, in this process (inside the
    test's transaction, so the worker must not close the connection between tasks). → how many ran."""
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> int:
        before = DBTaskResult.objects.finished().count()
        worker = db_worker.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        worker.run()
        return DBTaskResult.objects.finished().count() - before

    return run


@pytest.fixture
def parsed(run_tasks):
    """The ingest form's answer followed through the queue: run the parse, open the article's review page."""

    def follow(client, response):
        assert response.status_code == 302 and "/review/" in response.url, response
        run_tasks()
        return client.get(response.url)

    return follow
