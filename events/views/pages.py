"""Analysts' pages. Access is decided here, never only in templates."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from events.models import Actor, Crisis, Event, Source


def login_unless_public(view):
    """Pages need a login unless PUBLIC_TIMELINE makes the published timeline public."""

    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.PUBLIC_TIMELINE and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@require_GET
@login_unless_public
def crisis_list(request: HttpRequest) -> HttpResponse:
    return render(request, "events/crisis_list.html", {"crises": Crisis.objects.all()})


@require_GET
@login_unless_public
def crisis_timeline(request: HttpRequest, slug: str) -> HttpResponse:
    crisis = get_object_or_404(Crisis, slug=slug)
    events = Event.objects.for_crisis(crisis).visible_to(request.user)[:50]
    return render(request, "events/crisis_timeline.html", {"crisis": crisis, "events": events})


@require_GET
@login_unless_public
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    return render(request, "events/event_detail.html", {"event": event})


@require_GET
@login_unless_public
def actor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = get_object_or_404(Actor, pk=pk)
    return render(request, "events/actor_detail.html", {"actor": actor})


@require_GET
@login_unless_public
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    return render(request, "events/source_detail.html", {"source": source})
