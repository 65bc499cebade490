"""The crisis list and a crisis's timeline (filters, chart, keyset pages)."""

from collections import Counter

from django.db.models import Case, Count, IntegerField, Max, Min, Q, Value, When
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from events.forms import TimelineFilterForm, can_edit, cursor_after, filtered_events
from events.models import (
    Crisis,
    Event,
    EventActor,
    EventQuerySet,
    EventType,
    Evidence,
    Precision,
    ReviewStatus,
    Verification,
)
from events.sql import among
from events.templatetags.timeline import add_query
from events.views.access import HtmxHttpRequest, crisis_or_404, login_unless_public
from events.views.entries import PAGE_SIZE, describe, list_entries
from events.views.exports import event_export_links
from events.views.histogram import histogram
from events.views.pagecache import cached_fragment

# The total, the facet counts and the chart look at the newest FACET_SAMPLE matching entries (one index
# range scan), so a page costs the same for a 500-entry crisis and a 500,000-entry one: exact below the
# cap, "1,000+" above it.
FACET_SAMPLE = 1000
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


class Samples:
    """The newest FACET_SAMPLE (+1, to tell "more") entries matching the filters, with what the facets,
    the total and the chart need: one query per distinct set of filters, read once per request.

    Each facet counts over the filters minus its own; when that filter is not in use, that is the same
    set of entries, so an unfiltered page reads one sample for everything.
    """

    COLUMNS = ("pk", "type", "status", "date_start", "date_end", "precision")

    def __init__(self, form: TimelineFilterForm, base: EventQuerySet):
        self.form, self.base, self.read = form, base, {}
        cleaned = getattr(form, "cleaned_data", {})
        self.in_use = {name for name in form.FILTERS if cleaned.get(name)}

    def __call__(self, skip: frozenset = frozenset()) -> list[tuple]:
        key = frozenset(skip) & self.in_use
        if key not in self.read:
            events = self.form.filter(self.base, skip=key).order_by("-date_start", "-id")
            self.read[key] = list(events.values_list(*self.COLUMNS)[: FACET_SAMPLE + 1])
        return self.read[key]

    def ids(self, skip: frozenset = frozenset()) -> list[int]:
        return [row[0] for row in self(skip)[:FACET_SAMPLE]]


def counted(rows: list[tuple], column: int) -> Counter:
    return Counter(row[column] for row in rows[:FACET_SAMPLE])


def facets(form: TimelineFilterForm, samples: Samples) -> dict:
    """How many entries each option of each filter would leave, given the other filters, over the newest
    FACET_SAMPLE matching entries (exact below that, a capped count above it): the type and review-status
    counts from the sample itself, one grouped query each for actors, outlets and claim statuses. Options
    with no entries are left out unless chosen."""
    data = form.data
    chosen_types = set(data.getlist("type"))
    by_type = counted(samples(frozenset({"type"})), 1)
    types = [
        {"value": value, "label": label, "count": by_type.get(value, 0), "checked": value in chosen_types}
        for value, label in EventType.choices
        if by_type.get(value) or value in chosen_types
    ]

    chosen_actors = {a.pk: a for a in (form.cleaned_data.get("actor") or [])}
    rows = (
        EventActor.objects.filter(among("event_id", samples.ids(frozenset({"actor"}))))
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
        Evidence.objects.filter(among("event_id", samples.ids(frozenset({"outlet"}))))
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
        .filter(among("event_id", samples.ids(frozenset({"claim_status"}))))
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
        by_status = counted(samples(frozenset({"status"})), 2)
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
    if form.cleaned_data.get("bbox"):
        chips.append({"label": "In a map area", "query": form.params(bbox=None)})
    if form.cleaned_data.get("contradicted"):
        chips.append({"label": "With a contradiction", "query": form.params(contradicted=None)})
    if known_on := form.cleaned_data.get("known_on"):
        chips.append({"label": f"As known on {day(known_on)}", "query": form.params(known_on=None)})
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
    url = reverse("events:crisis-timeline", kwargs={"slug": crisis.slug})
    partial = request.htmx and not request.htmx.history_restore_request
    if not request.htmx and has_blank_params(request):
        # A plain form submission sends every field: keep the shareable URL short.
        form = TimelineFilterForm(request.GET, user=request.user)
        return HttpResponseRedirect(add_query(url, form.params(cursor=request.GET.get("cursor") or None)))
    # A cursor, valid or broken, asks for the next entries only (htmx "load more"). Decided from the query
    # alone, like the cache key: a cached answer costs no form validation.
    more_only = partial and bool((request.GET.get("cursor") or "").strip())

    def render_fragment(name: str) -> str:
        form, events = filtered_events(params=request.GET, crisis=crisis, user=request.user)
        context = timeline_context(request, crisis, form, events, url, with_facets=not more_only)
        return render_to_string(f"events/crisis_timeline.html#{name}", context, request)

    scope = (crisis.pk,)
    if more_only:
        # "Load more": only the next entries, appended in place of the button.
        return HttpResponse(cached_fragment(request, "timeline-page", scope, lambda: render_fragment("page")))
    if partial:
        # A filter change: the results, and every filter's counts out of band.
        html = cached_fragment(request, "timeline-swap", scope, lambda: render_fragment("swap"))
        shared = TimelineFilterForm(request.GET, user=request.user).params()  # the filters as given
        return push_url(HttpResponse(html), add_query(url, shared))
    body = cached_fragment(request, "timeline-body", scope, lambda: render_fragment("body"))
    return render(request, "events/crisis_timeline_page.html", {"crisis": crisis, "body": mark_safe(body)})


def timeline_context(request, crisis, form: TimelineFilterForm, events: EventQuerySet, url: str, *, with_facets):
    """What the timeline's fragments show: a page of entries and, `with_facets`, the total, the facet
    counts, the active filter chips and the chart."""
    cursor = form.cleaned_data.get("cursor")
    broken_cursor = "cursor" in form.errors
    samples = Samples(form, Event.objects.for_crisis(crisis).visible_to(request.user))
    rows, more = [], False
    shown = {"known_on": form.as_known_on(), "contradictions": form.visible_contradictions()}
    if cursor and not broken_cursor:
        rows, more = list_entries(form.after_cursor(events), request.user, **shown)
    elif not broken_cursor:
        # The first page is the head of the sample the facets read anyway: fetch it by primary key
        # instead of running the filters (a search, say) a second time.
        first = [row[0] for row in samples()[: PAGE_SIZE + 1]]
        rows, more = list_entries(Event.objects.filter(among("pk", first)), request.user, **shown)
    context = {
        "crisis": crisis,
        "form": form,
        "entries": describe(rows, on_timeline=True, known_on=form.as_known_on()),
        "broken_cursor": broken_cursor,
        "timeline_url": url,
        # The cursor comes from the last row in keyset order (`rows`), whatever order `describe` displays.
        "more_query": form.params(cursor=cursor_after(rows[-1].date_start, rows[-1].pk)).urlencode() if more else None,
        "page_url": url,
        "editor": can_edit(request.user),
        "on_timeline": True,
        "tab": "timeline",
        "known_on": form.as_known_on(),
    }
    if not with_facets:
        return context
    facet_data = facets(form, samples)
    matching = samples()
    spans = Counter(
        (start, end, precision == Precision.APPROXIMATE) for _, _, _, start, end, precision in matching[:FACET_SAMPLE]
    )
    chart = histogram(
        [(start, end, n, rough) for (start, end, rough), n in spans.items()],
        form.cleaned_data.get("date_from"),
        form.cleaned_data.get("date_to"),
    )
    if chart:
        for bar in chart.bars:
            bar.query = form.params(date_from=bar.start.isoformat(), date_to=bar.end.isoformat()).urlencode()
        chart.draw(url)
    return context | {
        "facets": facet_data,
        "chips": active_filters(form, facet_data),
        "chosen_actors": list(form.cleaned_data.get("actor") or []),
        "total": len(matching),
        "total_capped": len(matching) > FACET_SAMPLE,
        "chart": chart,
        "export_links": event_export_links(crisis.slug, form.params()),
        "export_scope": "these entries" if form.is_filtered() else "every entry",
        # Without JavaScript "load more" is a link to the next page: offer the way back to the newest.
        "newest_url": add_query(url, form.params()) if cursor else None,
    }
