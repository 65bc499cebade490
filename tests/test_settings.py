import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_settings(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; settings.DATABASES"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "crisis_tracker.settings", **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    "env, variable",
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "0", "SECRET_KEY": ""}, "SECRET_KEY"),
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"TIME_ZONE": "Mars/Olympus"}, "TIME_ZONE"),
        ({"INGEST_MAX_BYTES": "lots"}, "INGEST_MAX_BYTES"),
        ({"CACHE_URL": "memcached://127.0.0.1:11211"}, "CACHE_URL"),
        ({"PAGE_CACHE_SECONDS": "-5"}, "PAGE_CACHE_SECONDS"),
        ({"INGEST_NLP_PIPELINE": "/nowhere/pipeline"}, "INGEST_NLP_PIPELINE"),
        ({"TASKS_QUEUE": "celery"}, "TASKS_QUEUE"),
        ({"TASKS_QUEUE": "redis", "TASKS_REDIS_URL": ""}, "TASKS_REDIS_URL"),
        ({"INGEST_PARSE_BUDGET_SECONDS": "0"}, "INGEST_PARSE_BUDGET_SECONDS"),
        ({"INGEST_TASK_ATTEMPTS": "many"}, "INGEST_TASK_ATTEMPTS"),
    ],
)
def test_malformed_settings_stop_start_up_naming_the_variable(env, variable):
    result = load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and variable in result.stderr


def test_a_redis_cache_url_selects_django_redis_cache():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'], settings.PAGE_CACHE_SECONDS)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "crisis_tracker.settings", "CACHE_URL": "redis://cache:6379/1",
             "PAGE_CACHE_SECONDS": "0"},
    )  # fmt: skip
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "0"]


def test_production_settings_load_with_a_secret_key():
    assert load_settings(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org").returncode == 0


def test_migrations_are_complete(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize(
    "env, installed",
    [
        ({"DEBUG": "1"}, True),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 50}, False),  # production: no benchmarks, no synthetic data
        ({"DEBUG": "0", "SECRET_KEY": "x" * 50, "DEVTOOLS": "1"}, True),
        ({"DEBUG": "1", "DEVTOOLS": "0"}, False),
    ],
)
def test_the_development_tools_are_installed_only_in_development_or_on_request(env, installed):
    code = "from django.conf import settings; print('devtools' in settings.INSTALLED_APPS)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "crisis_tracker.settings", **env},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == str(installed), result.stderr
