"""Security settings and checks that hold on every page."""

import os
import subprocess
import sys

import pytest
from django.core import checks
from django.urls import reverse

from events.checks import check_content_security_policy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_our_csp_check_passes_with_the_shipped_settings():
    assert check_content_security_policy(None) == []


def test_our_csp_check_fails_when_the_policy_is_missing(settings):
    settings.SECURE_CSP = {}
    assert [e.id for e in check_content_security_policy(None)] == ["events.E002"]


def test_our_csp_check_fails_when_the_middleware_is_missing(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "csp" not in m]
    assert "events.E001" in [e.id for e in check_content_security_policy(None)]


def test_our_csp_check_fails_on_unsafe_eval(settings):
    settings.SECURE_CSP = {**settings.SECURE_CSP, "script-src": ["'self'", "'unsafe-eval'"]}
    assert "events.E004" in [e.id for e in check_content_security_policy(None)]


def test_csp_check_is_registered():
    assert check_content_security_policy in checks.registry.registry.get_checks()


def test_deploy_check_is_clean_with_production_settings():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "k" * 60 + "-Prod-Secret-1234567890",
        "ALLOWED_HOSTS": "crisis.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("url", ["/admin/login/", "/admin/"])
def test_html_responses_carry_the_security_headers(client, url):
    response = client.get(url, follow=True)
    csp = response.headers["Content-Security-Policy"]
    for part in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self' 'nonce-"):
        assert part in csp
    assert "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_login_is_throttled_after_repeated_failures(client, editor):
    login = reverse("admin:login")
    statuses = [client.post(login, {"username": "erin", "password": "wrong"}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks the account out
    locked = client.post(login, {"username": "erin", "password": "erin-pass-1234"})
    assert locked.status_code == 429
    assert b"Too many failed log-in attempts" in locked.content
    assert "_auth_user_id" not in client.session


def test_a_successful_login_is_not_throttled(client, editor):
    response = client.post(reverse("admin:login"), {"username": "erin", "password": "erin-pass-1234"})
    assert response.status_code == 302
