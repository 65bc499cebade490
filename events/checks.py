"""Our own system checks: a deployment without its Content-Security-Policy must not look healthy."""

from django.conf import settings
from django.core import checks

REQUIRED_DIRECTIVES = {
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}


@checks.register(checks.Tags.security, deploy=False)
def check_content_security_policy(app_configs, **kwargs):
    errors = []
    if "django.middleware.csp.ContentSecurityPolicyMiddleware" not in settings.MIDDLEWARE:
        errors.append(
            checks.Error(
                "The Content-Security-Policy middleware is not installed.",
                hint="Add django.middleware.csp.ContentSecurityPolicyMiddleware to MIDDLEWARE.",
                id="events.E001",
            )
        )
    policy = getattr(settings, "SECURE_CSP", None) or {}
    if not policy:
        errors.append(
            checks.Error(
                "SECURE_CSP is empty: pages would be served without a Content-Security-Policy.", id="events.E002"
            )
        )
        return errors
    for directive, value in REQUIRED_DIRECTIVES.items():
        if value not in [str(v) for v in policy.get(directive, [])]:
            errors.append(checks.Error(f"SECURE_CSP must set {directive} {value}.", id="events.E003"))
    scripts = [str(v) for v in policy.get("script-src", policy.get("default-src", []))]
    if "'unsafe-eval'" in scripts or "'unsafe-inline'" in scripts or not scripts:
        errors.append(
            checks.Error(
                "SECURE_CSP script-src must be set and allow neither eval nor inline scripts.", id="events.E004"
            )
        )
    return errors
