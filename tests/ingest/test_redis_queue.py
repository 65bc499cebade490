"""The Redis queue (TASKS_QUEUE=redis: django-tasks-redis) against the Redis on 127.0.0.1:6379 (database
5, or TEST_TASKS_REDIS_URL): the same tasks, enqueued there and run by its worker command, give the same
rows."""

import os
import uuid

import pytest
import redis
from django.core.management import call_command
from django_tasks_redis.management.commands.run_redis_tasks import Command as RunRedisTasks

from events.ingest import tasks
from events.ingest.service import read_text
from events.models import PendingArticle

# CI's Redis; another database number (or host) by TEST_TASKS_REDIS_URL.
REDIS_URL = os.environ.get("TEST_TASKS_REDIS_URL") or "redis://127.0.0.1:6379/5"


@pytest.fixture
def redis_queue(settings):
    prefix = f"ct-test-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail(f"The Redis queue tests need Redis at {REDIS_URL}.")
    settings.TASKS_QUEUE = "redis"
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_redis.RedisTaskBackend",
            "OPTIONS": {"REDIS_URL": REDIS_URL, "REDIS_KEY_PREFIX": prefix, "REDIS_MAX_DELIVERIES": 2},
        }
    }
    yield client
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)


def test_an_article_queued_on_redis_is_parsed_by_its_worker(crisis, editor, redis_queue):
    text = "Rally in Caracas\n\nThousands of opposition supporters marched in Caracas on Saturday, witnesses said.\n"
    pending = tasks.queue_article(crisis=crisis, user=editor, article=read_text(text))
    assert PendingArticle.objects.get(pk=pending.pk).task_id  # the Redis backend's id, kept on the row
    call_command(RunRedisTasks(), verbosity=0)
    row = PendingArticle.objects.get(pk=pending.pk)
    assert row.state == PendingArticle.State.READY and row.payload["events"] and row.attempts == 1
