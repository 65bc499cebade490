"""The admin index's line about the review queue."""

from django import template

from events.models import PendingArticle

register = template.Library()


@register.simple_tag
def pending_review_count() -> int:
    """How many queued articles are parsed and waiting for an editor (all crises)."""
    return PendingArticle.objects.awaiting_review().count()
