"""Argument lookups shared by the management commands, each failing with a CommandError a person can read."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from events.models import Crisis


def crisis_by_slug(slug: str) -> Crisis:
    try:
        return Crisis.objects.get(slug=slug)
    except Crisis.DoesNotExist:
        raise CommandError(f"No crisis with slug {slug!r}.") from None


def user_by_name(username: str | None):
    """The user recorded in the history, or None when no --user was given."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user named {username!r}.")
    return user
