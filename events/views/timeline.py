"""The crisis list, a crisis's timeline (filters, chart, keyset pages) and the actor finder behind the
actor filter."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Max, Min, Q, Value, When
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from events.exports import EqualsAny
from events.forms import MAX_TEXT, TimelineFilterForm, can_edit, cursor_after, filtered_events
from events.models import (
    ActorAlias,
    Crisis,
    Event,
    EventActor,
    EventQuerySet,
    EventType,
    Evidence,
    ReviewStatus,
    Verification,
    fold,
)
from events.templatetags.timeline import add_query
from events.views.access import HtmxHttpRequest, crisis_or_404, login_unless_public
from events.views.entries import describe, page_of, with_entry_data
from events.views.histogram import histogram

COUNT_CAP = 1000
# Facet counts and the chart look at the newest FACET_SAMPLE matching entries (one index range scan), so a
# page costs the same for a 500-entry crisis and a 500,000-entry one: exact below the cap, like the total.
FACET_SAMPLE = COUNT_CAP
ACTOR_OPTIONS = 12
OUTLET_OPTIONS = 40
SUGGESTIONS = 10


@require_GET
@login_unless_public
def crisis_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every crisis with the span of its entries, how many there are and when one last changed (one query)."""
    visible = Q() if can_edit(request.user) else Q(events__status=ReviewStatus.PUBLISHED)
    crises = Crisis.objects.annotate(
        entry_count=Count("events", filter=visible),
        first_day=Min("events__date_start", filter=visible),
        last_day=Max("events__date_end", filter=visible),
        last_activity=Max("events__updated_at", filter=visible),
    ).order_by("-last_activity", "name")
    return render(request, "events/crisis_list.html", {"crises": crises})


def newest(events: EventQuerySet) -> EventQuerySet:
    """The newest FACET_SAMPLE of `events`, in the keyset order the `(crisis, -date_start, -id)` index serves."""
    ids = events.order_by("-date_start", "-id").values("pk")[:FACET_SAMPLE]
    if connection.vendor == "postgresql":
        # `id = ANY(ARRAY(…))` looks the sample up by primary key; `id IN (…)` let the planner hash a
        # scan of the whole table instead.
        return Event.objects.filter(EqualsAny(F("pk"), ArraySubquery(ids)))
    return Event.objects.filter(pk__in=ids)


def facets(form: TimelineFilterForm, base: EventQuerySet) -> dict:
    """How many entries each option of each filter would leave, given the other filters: one grouped
    query per filter, over the newest FACET_SAMPLE matching entries (exact below that, a capped count
    above it). Options with no entries are left out unless chosen."""
    data = form.data
    chosen_types = set(data.getlist("type"))
    by_type = dict(newest(form.filter(base, skip={"type"})).order_by().values_list("type").annotate(n=Count("id")))
    types = [
        {"value": value, "label": label, "count": by_type.get(value, 0), "checked": value in chosen_types}
        for value, label in EventType.choices
        if by_type.get(value) or value in chosen_types
    ]

    chosen_actors = {a.pk: a for a in (form.cleaned_data.get("actor") or [])}
    rows = (
        EventActor.objects.filter(event__in=newest(form.filter(base, skip={"actor"})).values("pk"))
        .values("actor_id", "actor__name")
        .annotate(
            n=Count("event_id", distinct=True),
            chosen=Case(
                When(actor_id__in=list(chosen_actors), then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
        )
        .order_by("-chosen", "-n", "actor__name")[: ACTOR_OPTIONS + len(chosen_actors)]
    )
    actors = [
        {"pk": r["actor_id"], "name": r["actor__name"], "count": r["n"], "checked": r["actor_id"] in chosen_actors}
        for r in rows
    ]
    listed = {a["pk"] for a in actors}
    actors[:0] = [
        {"pk": pk, "name": a.name, "count": 0, "checked": True} for pk, a in chosen_actors.items() if pk not in listed
    ]

    chosen_outlet = (data.get("outlet") or "").strip()
    outlet_rows = (
        Evidence.objects.filter(event__in=newest(form.filter(base, skip={"outlet"})).values("pk"))
        .exclude(source__outlet="")
        .values_list("source__outlet")
        .annotate(n=Count("event_id", distinct=True))
        .order_by("-n", "source__outlet")[:OUTLET_OPTIONS]
    )
    outlets = [
        {"value": name, "count": n, "selected": name.casefold() == chosen_outlet.casefold()} for name, n in outlet_rows
    ]
    if chosen_outlet and not any(o["selected"] for o in outlets):
        outlets.insert(0, {"value": chosen_outlet, "count": 0, "selected": True})

    by_claim = dict(
        form.visible_claims()
        .filter(event__in=newest(form.filter(base, skip={"claim_status"})).values("pk"))
        .order_by()
        .values_list("verification")
        .annotate(n=Count("event_id", distinct=True))
    )
    claim_statuses = [
        {"value": v, "label": label, "count": by_claim.get(v, 0), "selected": data.get("claim_status") == v}
        for v, label in Verification.choices
    ]

    statuses = []
    if "status" in form.fields:
        by_status = dict(
            newest(form.filter(base, skip={"status"})).order_by().values_list("status").annotate(n=Count("id"))
        )
        statuses = [
            {"value": v, "label": label, "count": by_status.get(v, 0), "selected": data.get("status") == v}
            for v, label in ReviewStatus.choices
        ]
    return {
        "types": types,
        "actors": actors,
        "outlets": outlets,
        "claim_statuses": claim_statuses,
        "statuses": statuses,
    }


def active_filters(form: TimelineFilterForm, facet_data: dict) -> list[dict]:
    """Chips for the filters in force, each with the query that removes it."""
    data, chips = form.data, []
    names = {a["pk"]: a["name"] for a in facet_data["actors"]}
    if q := (data.get("q") or "").strip():
        chips.append({"label": f"“{q[:60]}”", "query": form.params(q=None)})
    actors = [str(a.pk) for a in form.cleaned_data.get("actor") or []]
    for pk in actors:
        rest = [a for a in actors if a != pk] or None
        chips.append({"label": names.get(int(pk), "Actor"), "query": form.params(actor=rest)})
    types = [t for t in data.getlist("type") if t in EventType.values]
    for value in types:
        rest = [t for t in types if t != value] or None
        chips.append({"label": EventType(value).label, "query": form.params(type=rest)})
    start, end = form.cleaned_data.get("date_from"), form.cleaned_data.get("date_to")
    if start or end:
        label = (
            f"{day(start)} – {day(end)}" if start and end else (f"from {day(start)}" if start else f"until {day(end)}")
        )
        chips.append({"label": label, "query": form.params(date_from=None, date_to=None)})
    if outlet := form.cleaned_data.get("outlet"):
        chips.append({"label": f"Outlet: {outlet}", "query": form.params(outlet=None)})
    if claim_status := form.cleaned_data.get("claim_status"):
        chips.append(
            {"label": f"Claims {Verification(claim_status).label.lower()}", "query": form.params(claim_status=None)}
        )
    if status := form.cleaned_data.get("status"):
        chips.append({"label": ReviewStatus(status).label, "query": form.params(status=None)})
    return chips


def day(value) -> str:
    return f"{value.day} {value:%b %Y}"


def has_blank_params(request: HtmxHttpRequest) -> bool:
    return any(not value.strip() for _, values in request.GET.lists() for value in values)


@require_GET
@vary_on_headers("HX-Request")
@login_unless_public
def crisis_timeline(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    crisis = crisis_or_404(slug)
    form, events = filtered_events(params=request.GET, crisis=crisis, user=request.user)
    url = reverse("events:crisis-timeline", kwargs={"slug": crisis.slug})
    partial = request.htmx and not request.htmx.history_restore_request
    cursor = form.cleaned_data.get("cursor")
    if not request.htmx and has_blank_params(request):
        # A plain form submission sends every field: keep the shareable URL short.
        return HttpResponseRedirect(add_query(url, form.params(cursor=request.GET.get("cursor") or None)))

    broken_cursor = "cursor" in form.errors
    rows, more = [], False
    if not broken_cursor:
        rows, more = page_of(with_entry_data(form.after_cursor(events), request.user))
    entries = describe(rows)
    context = {
        "crisis": crisis,
        "form": form,
        "entries": entries,
        "broken_cursor": broken_cursor,
        "timeline_url": url,
        # The cursor comes from the last row in keyset order (`rows`), whatever order `describe` displays.
        "more_query": form.params(cursor=cursor_after(rows[-1].date_start, rows[-1].pk)).urlencode() if more else None,
        "page_url": url,
        "editor": can_edit(request.user),
        "on_timeline": True,
        "tab": "timeline",
    }
    if partial and (cursor or broken_cursor):
        # "Load more": only the next entries, appended in place of the button.
        return render(request, "events/crisis_timeline.html#page", context)

    facet_data = facets(form, Event.objects.for_crisis(crisis).visible_to(request.user))
    total = events.order_by()[: COUNT_CAP + 1].count()
    chart = histogram(newest(events), form.cleaned_data.get("date_from"), form.cleaned_data.get("date_to"))
    if chart:
        for bar in chart.bars:
            bar.query = form.params(date_from=bar.start.isoformat(), date_to=bar.end.isoformat()).urlencode()
    context |= {
        "facets": facet_data,
        "chips": active_filters(form, facet_data),
        "chosen_actors": list(form.cleaned_data.get("actor") or []),
        "total": total,
        "total_capped": total > COUNT_CAP,
        "chart": chart,
        # Without JavaScript "load more" is a link to the next page: offer the way back to the newest.
        "newest_url": add_query(url, form.params()) if cursor else None,
    }
    if partial:
        response = render(request, "events/crisis_timeline.html#swap", context)
        return push_url(response, add_query(url, form.params()))
    return render(request, "events/crisis_timeline.html", context)


@require_GET
@vary_on_headers("HX-Request")
@login_unless_public
def crisis_actors(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Actors of a crisis whose name or an alias contains `name`, with how many entries each would leave
    given the other filters. htmx gets the suggestion checkboxes for the actor filter; without JavaScript
    this is a page of links."""
    crisis = crisis_or_404(slug)
    name = request.GET.get("name", "")
    error = ""
    if len(name) > MAX_TEXT or "\x00" in name:
        error, name = f"Type at most {MAX_TEXT} characters.", ""
    folded = fold(name)
    form, _ = filtered_events(params=request.GET, crisis=crisis, user=request.user)
    events = form.filter(Event.objects.for_crisis(crisis).visible_to(request.user), skip={"actor"})
    matches = []
    if folded:
        chosen = {str(a.pk) for a in form.cleaned_data.get("actor") or []}
        matched = ActorAlias.objects.filter(folded__contains=folded).values("actor_id")
        rows = (
            EventActor.objects.filter(event__in=events.values("pk"), actor_id__in=matched)
            .values("actor_id", "actor__name")
            .annotate(n=Count("event_id", distinct=True))
            .order_by("-n", "actor__name")[:SUGGESTIONS]
        )
        aliases = {}
        for actor_id, alias in ActorAlias.objects.filter(
            folded__contains=folded, actor_id__in=[r["actor_id"] for r in rows]
        ).values_list("actor_id", "alias"):
            aliases.setdefault(actor_id, alias)
        matches = [
            {
                "pk": r["actor_id"],
                "name": r["actor__name"],
                "count": r["n"],
                "alias": aliases.get(r["actor_id"])
                if fold(aliases.get(r["actor_id"], "")) != fold(r["actor__name"])
                else "",
                "checked": str(r["actor_id"]) in chosen,
            }
            for r in rows
        ]
    context = {
        "crisis": crisis,
        "name": name,
        "error": error,
        "matches": matches,
        "timeline_url": reverse("events:crisis-timeline", kwargs={"slug": crisis.slug}),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "events/crisis_actors.html#suggestions", context)
    return render(request, "events/crisis_actors.html", context)
