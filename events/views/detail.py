"""One event, one actor, one source: the pages an entry links to."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from events.forms import KnownOnForm, PageForm, can_edit, cursor_after
from events.models import Actor, Claim, Event, EventActor, Evidence
from events.views.access import (
    HtmxHttpRequest,
    event_if_visible,
    login_unless_public,
    visible_event_or_404,
    visible_source_or_404,
)
from events.views.entries import (
    THEN_FIELDS,
    as_known_on,
    describe,
    link,
    list_entries,
    published_by,
    with_entry_data,
)
from events.views.exports import claim_export_links, event_export_links
from events.visibility import visible_actors, visible_evidence

CLAIMS_SHOWN = 200


def first_reported(event) -> dt.date:
    """The day an entry could first be known: its first dated source's publication day (stored on it) or,
    with none, the day it was entered (the rule of `EventQuerySet.known_on`)."""
    return event.first_reported_on or timezone.localdate(event.created_at)


def narrow_to(event, day: dt.date) -> None:
    """The entry as known on `day` (first reported by then): its evidence from sources published by then,
    and its own fields as they stood at the end of that day where they changed since (its history, one
    query); `corrected_since` and `now_headline` tell the page. Its claims were narrowed when loaded."""
    event.evidence_list = [item for item in event.evidence_list if published_by(item.source.published_on, day)]
    then = as_known_on([event.pk], day).get(event.pk)
    event.now_headline = event.headline
    event.corrected_since = then is not None and any(getattr(then, f) != getattr(event, f) for f in THEN_FIELDS)
    if event.corrected_since:
        for field in THEN_FIELDS:
            setattr(event, field, getattr(then, field))


@require_GET
@vary_on_headers("HX-Request")
@login_unless_public
def event_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The event's page; for htmx, its panel expanded in place in a list of entries. With `known_on` (a day,
    as the timeline takes it), the entry as it could be known then, or a page saying it was not reported
    yet; a malformed day is a message above today's entry."""
    form = KnownOnForm(request.GET)
    form.is_valid()
    day = form.as_known_on()
    event = visible_event_or_404(request, pk, with_entry_data(Event.objects.all(), request.user, known_on=day))
    context = {"event": event, "editor": can_edit(request.user), "known_on": day, "form": form}
    partial = request.htmx and not request.htmx.history_restore_request
    if day and first_reported(event) > day:
        link(event, known_on=day)
        context |= {"first_reported": first_reported(event), "timeline_url": timeline_as_known_on(event, day)}
        return render(request, "events/event_detail.html#not_yet" if partial else "events/event_detail.html", context)
    if day:
        narrow_to(event, day)
    describe([event], known_on=day)
    if partial:
        return render(request, "events/event_detail.html#expand", context)
    return render(request, "events/event_detail.html", context)


def timeline_as_known_on(event, day: dt.date) -> str:
    return f"{reverse('events:crisis-timeline', kwargs={'slug': event.crisis.slug})}?known_on={day.isoformat()}"


@require_GET
@vary_on_headers("HX-Request")
@login_unless_public
def event_brief(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Folds an expanded entry back (htmx); without htmx there is nothing to fold, so go to the event. The
    toggle it leaves opens the entry as known on the day it was opened on, if any."""
    event = visible_event_or_404(request, pk)
    form = KnownOnForm(request.GET)
    form.is_valid()
    if request.htmx and not request.htmx.history_restore_request:
        link(event, known_on=form.as_known_on())
        return render(request, "events/event_detail.html#collapse", {"event": event})
    return HttpResponseRedirect(event.get_absolute_url())


@require_GET
@vary_on_headers("HX-Request")
@login_unless_public
def actor_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """An actor's aliases, the events they took part in over time and the claims they made."""
    actor = get_object_or_404(visible_actors(request.user, Actor.objects.prefetch_related("aliases")), pk=pk)
    user = request.user
    form = PageForm(request.GET)
    form.is_valid()
    events = Event.objects.visible_to(user).filter(Exists(EventActor.objects.filter(event=OuterRef("pk"), actor=actor)))
    broken_cursor = "cursor" in form.errors
    rows, more = ([], False) if broken_cursor else list_entries(form.after_cursor(events), user)
    cursor = form.cleaned_data.get("cursor")
    context = {
        "actor": actor,
        "entries": describe(rows, current_actor=actor.pk),
        "broken_cursor": broken_cursor,
        "more_query": urlencode({"cursor": cursor_after(rows[-1].date_start, rows[-1].pk)}) if more else None,
        "page_url": reverse("events:actor-detail", kwargs={"pk": actor.pk}),
        "editor": can_edit(user),
    }
    if request.htmx and not request.htmx.history_restore_request and cursor:
        return render(request, "events/actor_detail.html#page", context)
    claims = list(
        Claim.objects.visible_to(user)
        .filter(claimant=actor)
        .select_related("event", "crisis")
        .prefetch_related(
            Prefetch("evidence", Evidence.objects.select_related("source").defer("source__text", "source__original"))
        )
        .order_by("-made_on", "-id")[:CLAIMS_SHOWN]
    )
    for claim in claims:
        claim.shown_event = event_if_visible(user, claim.event)
    crises = list(
        events.order_by().values("crisis__slug", "crisis__name").annotate(n=Count("id")).order_by("-n", "crisis__name")
    )
    for crisis in crises:
        # Each crisis's downloads narrowed to this actor: their events, and the claims they made.
        slug = crisis["crisis__slug"]
        crisis["export_links"] = event_export_links(slug, QueryDict(f"actor={actor.pk}")) + claim_export_links(
            slug, QueryDict(f"claimant={actor.pk}")
        )
    context |= {"claims": claims, "crises": crises}
    return render(request, "events/actor_detail.html", context)


def highlight(text: str, evidence: list[Evidence]) -> list[dict]:
    """Cut `text` at every evidence boundary: [{"text", "evidence": [spans covering it], "first": [spans
    that start here]}]. Overlapping spans are handled: a piece lists every span covering it."""
    cuts = sorted({0, len(text), *(e.start for e in evidence), *(e.end for e in evidence)})
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [e for e in evidence if e.start <= start and end <= e.end]
        pieces.append(
            {
                "text": text[start:end],
                "evidence": covering,
                "first": [e for e in covering if e.start == start],
            }
        )
    return pieces


@require_GET
@login_unless_public
def source_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The cleaned text, every evidence span the user may see highlighted and linked to its entry."""
    source = visible_source_or_404(request, pk)
    evidence = list(
        Evidence.objects.filter(visible_evidence(request.user), source=source)
        .select_related("event", "claim", "claim__claimant", "claim__crisis", "claim__event")
        .order_by("start", "end")
    )
    for item in evidence:
        claim_event = event_if_visible(request.user, item.claim.event) if item.claim_id else None
        if item.event_id:
            item.target_url, item.target_label = item.event.get_absolute_url(), item.event.headline
        elif claim_event:
            item.target_url, item.target_label = claim_event.get_absolute_url(), f"Claim: {item.claim.statement}"
        else:
            url = reverse("events:crisis-claims", kwargs={"slug": item.claim.crisis.slug})
            item.target_url, item.target_label = f"{url}#claim-{item.claim_id}", f"Claim: {item.claim.statement}"
    context = {
        "source": source,
        "evidence": evidence,
        "pieces": highlight(source.text, evidence),
        "editor": can_edit(request.user),
    }
    return render(request, "events/source_detail.html", context)
