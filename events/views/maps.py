"""A crisis's map: the entries the timeline's filters leave, as points on a world outline drawn server-side.

The same filter form and the same newest-FACET_SAMPLE sample as the timeline, so the two agree on counts;
points are grouped per grid cell (`events.geo.group_points`), and each group links to the timeline narrowed
to its box (the `bbox` filter), which lists exactly its entries.
"""

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from events.forms import TimelineFilterForm, filtered_events
from events.geo import HEIGHT, WIDTH, group_points, project
from events.templatetags.timeline import add_query
from events.views.access import HtmxHttpRequest, crisis_or_404, login_unless_public
from events.views.timeline import FACET_SAMPLE, active_filters

# The view zooms to the drawn points with this margin (SVG units) and never narrower than MIN_SPAN.
MARGIN, MIN_SPAN = 12, 48
CELLS_ACROSS = 40  # markers closer than 1/40 of the map's width are one
# Filters the map's own small form does not show, carried along as hidden fields when it is submitted.
KEPT_FILTERS = ("actor", "type", "outlet", "claim_status", "status", "bbox")


@dataclass
class Frame:
    """The part of the world outline shown: an SVG viewBox and how much to grow markers to stay legible."""

    x: float
    y: float
    width: float
    height: float

    @property
    def view_box(self) -> str:
        return f"{self.x:g} {self.y:g} {self.width:g} {self.height:g}"

    @property
    def scale(self) -> float:
        return self.width / WIDTH


def frame_for(points: list[tuple[float, float]]) -> Frame:
    """The whole world without points; else the points' (x, y) extent, padded, in the outline's proportions."""
    if not points:
        return Frame(0, 0, WIDTH, HEIGHT)
    left, right = min(x for x, _ in points) - MARGIN, max(x for x, _ in points) + MARGIN
    top, bottom = min(y for _, y in points) - MARGIN, max(y for _, y in points) + MARGIN
    width = max(right - left, (bottom - top) * WIDTH / HEIGHT, MIN_SPAN)
    height = width * HEIGHT / WIDTH
    x = min(max((left + right - width) / 2, 0), WIDTH - width) if width < WIDTH else 0
    y = min(max((top + bottom - height) / 2, 0), HEIGHT - height) if height < HEIGHT else 0
    return Frame(round(x, 1), round(y, 1), round(min(width, WIDTH), 1), round(min(height, HEIGHT), 1))


def map_context(crisis, form: TimelineFilterForm, events, url: str) -> dict:
    """Everything the map's results show, from one query: the newest FACET_SAMPLE (+1) matching entries'
    coordinates, in the timeline's keyset order."""
    rows = list(
        events.order_by("-date_start", "-id").values_list(
            "latitude", "longitude", "location_name", "country", "geo_precision"
        )[: FACET_SAMPLE + 1]
    )
    capped = len(rows) > FACET_SAMPLE
    rows = rows[:FACET_SAMPLE]
    placed = [
        (lat, lon, name or country, precision)
        for lat, lon, name, country, precision in rows
        if lat is not None and lon is not None
    ]
    # Zoom to the points first, then group in cells a fixed share of what is shown: places a few degrees
    # apart stay apart on a one-country map and merge on a world map.
    frame = frame_for([project(lat, lon) for lat, lon, *_ in placed])
    groups = group_points(placed, cell=frame.width / CELLS_ACROSS)
    timeline_url = reverse("events:crisis-timeline", kwargs={"slug": crisis.slug})
    for group in groups:
        box = ",".join(str(v) for v in (group.south, group.west, group.north, group.east))
        group.url = add_query(timeline_url, form.params(bbox=box))
        group.r = round(max(group.radius, 5) * frame.scale * 2.2, 2)
        group.label = ", ".join(group.names[:3]) + (" …" if len(group.names) > 3 else "")
    actors = [{"pk": a.pk, "name": a.name} for a in form.cleaned_data.get("actor") or []]
    return {
        "crisis": crisis,
        "form": form,
        "groups": groups,
        "frame": frame,
        "stroke": round(frame.scale * 0.6, 3),
        "font": round(frame.scale * 12, 2),
        "total": len(rows),
        "total_capped": capped,
        "placed": len(placed),
        "unplaced": len(rows) - len(placed),
        # The timeline's chips; the map knows chosen actors' names from the form (no facet query).
        "chips": active_filters(form, {"actors": actors}),
        "kept": [(name, value) for name in KEPT_FILTERS for value in form.params().getlist(name)],
        "map_url": url,
        "list_url": add_query(timeline_url, form.params()),
        "tab": "map",
    }


@require_GET
@vary_on_headers("HX-Request")
@login_unless_public
def crisis_map(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The map page; htmx (a filter change) gets the results alone, with the URL pushed."""
    crisis = crisis_or_404(slug)
    url = reverse("events:crisis-map", kwargs={"slug": crisis.slug})
    form, events = filtered_events(params=request.GET, crisis=crisis, user=request.user)
    context = map_context(crisis, form, events, url)
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "events/crisis_map.html#results", context)
        return push_url(response, add_query(url, form.params()))
    return render(request, "events/crisis_map.html", context)
