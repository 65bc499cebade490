"""Who may see what. Every view fetches its objects through these helpers, so a partial requested on its
own is checked exactly like the page around it."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django_htmx.middleware import HtmxDetails

from events.forms import can_edit
from events.models import Claim, Crisis, Event, EventQuerySet, Evidence, ReviewStatus, Source
from events.permissions import holds


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


def visible_evidence(user) -> Q:
    """Evidence whose event or claim the user may see (a draft's evidence is part of the draft)."""
    if can_edit(user):
        return Q()
    events = Event.objects.published().filter(pk=OuterRef("event_id"))
    claims = Claim.objects.published().filter(pk=OuterRef("claim_id"))
    return Q(Exists(events)) | Q(Exists(claims))


def visible_source_or_404(request: HttpRequest, pk: int) -> Source:
    """A source is readable once something published rests on it; people who can view sources in the
    admin (editors, analysts) may read any source."""
    sources = Source.objects.defer("original")
    if not holds(request.user, "view_source"):
        sources = sources.filter(Exists(Evidence.objects.filter(visible_evidence(request.user), source=OuterRef("pk"))))
    return get_object_or_404(sources, pk=pk)
