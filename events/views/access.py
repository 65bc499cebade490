"""Who may see what. Every view fetches its objects through these helpers, so a partial requested on its
own is checked exactly like the page around it."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django_htmx.middleware import HtmxDetails

from events.forms import can_edit
from events.models import Crisis, Event, EventQuerySet, ReviewStatus, Source
from events.visibility import readable_sources


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def login_unless_public(view):
    """Pages need a login unless PUBLIC_TIMELINE makes the published timeline public."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.PUBLIC_TIMELINE and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def crisis_or_404(slug: str) -> Crisis:
    return get_object_or_404(Crisis, slug=slug)


def visible_event_or_404(request: HttpRequest, pk: int, events: EventQuerySet | None = None) -> Event:
    """The event if this user may see it: drafts are a 404 for anyone who cannot edit. `events` may add
    the related data the page needs."""
    events = Event.objects.all() if events is None else events
    return get_object_or_404(events.visible_to(request.user).select_related("crisis"), pk=pk)


def event_if_visible(user, event: Event | None) -> Event | None:
    """A published claim may point at a draft event: show the link only to those who may open it."""
    if event is None or can_edit(user) or event.status == ReviewStatus.PUBLISHED:
        return event
    return None


def visible_source_or_404(request: HttpRequest, pk: int) -> Source:
    """A source is readable once something published rests on it (editors read any): a source that only
    drafts rest on is part of those drafts (events/visibility.py)."""
    return get_object_or_404(readable_sources(request.user, Source.objects.defer("original")), pk=pk)
