import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache

from tests import factories, figures


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
