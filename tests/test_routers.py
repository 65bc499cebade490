import pytest
from django.test import override_settings

from crisis_tracker.routers import ReplicaRouter
from events.models import Event
from tests import factories

# The router only looks at which aliases exist; no connection to them is opened here.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
SQLITE = {"ENGINE": "django.db.backends.sqlite3"}


def test_without_a_replica_every_query_goes_to_default():
    router = ReplicaRouter()
    with override_settings(DATABASES={"default": SQLITE}):
        assert router.db_for_read(Event) is None  # Django's default: "default"
        assert router.db_for_write(Event) == "default"


def test_with_a_replica_reads_go_there_and_writes_to_the_primary():
    router = ReplicaRouter()
    with override_settings(DATABASES={"default": SQLITE, "replica": SQLITE}):
        assert router.db_for_read(Event) == "replica"
        assert router.db_for_write(Event) == "default"
        assert router.allow_migrate("default", "events") is True
        assert router.allow_migrate("replica", "events") is False


def test_related_reads_follow_the_row_they_came_from():
    router = ReplicaRouter()
    just_written = Event()
    just_written._state.db = "default"
    with override_settings(DATABASES={"default": SQLITE, "replica": SQLITE}):
        assert router.db_for_read(Event, instance=just_written) == "default"
        assert router.allow_relation(just_written, Event()) is True


def test_the_router_is_installed_and_harmless_without_a_replica(db, settings):
    assert "crisis_tracker.routers.ReplicaRouter" in settings.DATABASE_ROUTERS
    event = factories.EventFactory()
    assert Event.objects.get(pk=event.pk) == event
