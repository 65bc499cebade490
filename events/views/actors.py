"""A crisis's actors: the index (every actor with kind and counts, most active first, filtered as one types)
and, for the timeline's actor filter, the suggestions it shows as one types a name."""

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from events.forms import MAX_TEXT, filtered_events
from events.models import Actor, ActorAlias, Claim, Crisis, Event, EventActor
from events.text import fold
from events.views.access import HtmxHttpRequest, crisis_or_404, login_unless_public

SUGGESTIONS = 10
# The index's own htmx box swaps this element; the timeline's actor box swaps "actor-suggestions".
INDEX_TARGET = "actor-index"


def clean_name(raw: str) -> tuple[str, str]:
    """The typed name and an error: ("yan", "") or ("", "Type at most 200 characters.")."""
    if len(raw) > MAX_TEXT or "\x00" in raw:
        return "", f"Type at most {MAX_TEXT} characters."
    return raw, ""


def actor_index(crisis: Crisis, user, folded: str) -> list[dict]:
    """Every actor of `crisis` with an entry or a claim `user` may see, most active first (entries and
    claims together, then name), narrowed to those whose name or an alias contains `folded`. Four queries
    (five with a name): entry counts, claim counts, the actors, and the aliases that matched."""
    events = Event.objects.for_crisis(crisis).visible_to(user)
    entry_counts = dict(
        EventActor.objects.filter(event__in=events.values("pk"))
        .order_by()
        .values_list("actor_id")
        .annotate(n=Count("event_id", distinct=True))
    )
    claim_counts = dict(
        Claim.objects.for_crisis(crisis)
        .visible_to(user)
        .exclude(claimant=None)
        .order_by()
        .values_list("claimant_id")
        .annotate(n=Count("id"))
    )
    ids = set(entry_counts) | set(claim_counts)
    aliases: dict[int, str] = {}
    if folded:
        for actor_id, alias in (
            ActorAlias.objects.filter(folded__contains=folded, actor_id__in=ids)
            .order_by("actor_id", "id")
            .values_list("actor_id", "alias")
        ):
            aliases.setdefault(actor_id, alias)
        ids &= set(aliases)
    rows = []
    for pk, name, kind in Actor.objects.filter(pk__in=ids).values_list("pk", "name", "kind"):
        alias = aliases.get(pk, "")
        rows.append(
            {
                "pk": pk,
                "name": name,
                "kind": Actor.Kind(kind).label if kind in Actor.Kind.values else kind,
                "events": entry_counts.get(pk, 0),
                "claims": claim_counts.get(pk, 0),
                "alias": alias if alias and fold(alias) != fold(name) and folded not in fold(name) else "",
            }
        )
    rows.sort(key=lambda row: (-(row["events"] + row["claims"]), row["name"].casefold()))
    return rows


def suggestions(request: HtmxHttpRequest, crisis: Crisis, name: str) -> list[dict]:
    """Actors whose name or an alias contains `name`, with how many entries each would leave given the
    timeline's other filters (sent along by the filter form)."""
    folded = fold(name)
    if not folded:
        return []
    form, _ = filtered_events(params=request.GET, crisis=crisis, user=request.user)
    events = form.filter(Event.objects.for_crisis(crisis).visible_to(request.user), skip={"actor"})
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
    matches = []
    for r in rows:
        alias = aliases.get(r["actor_id"], "")
        matches.append(
            {
                "pk": r["actor_id"],
                "name": r["actor__name"],
                "count": r["n"],
                "alias": alias if fold(alias) != fold(r["actor__name"]) else "",
                "checked": str(r["actor_id"]) in chosen,
            }
        )
    return matches


@require_GET
@vary_on_headers("HX-Request", "HX-Target")
@login_unless_public
def crisis_actors(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The actors index. htmx from the index's own box gets the table (and the URL pushed); htmx from the
    timeline's actor box gets suggestion checkboxes for the actor filter; anything else, the whole page."""
    crisis = crisis_or_404(slug)
    name, error = clean_name(request.GET.get("name", ""))
    url = reverse("events:crisis-actors", kwargs={"slug": crisis.slug})
    context = {
        "crisis": crisis,
        "name": name,
        "error": error,
        "page_url": url,
        "timeline_url": reverse("events:crisis-timeline", kwargs={"slug": crisis.slug}),
        "claims_url": reverse("events:crisis-claims", kwargs={"slug": crisis.slug}),
        "tab": "actors",
    }
    partial = request.htmx and not request.htmx.history_restore_request
    if partial and request.htmx.target != INDEX_TARGET:
        context["matches"] = suggestions(request, crisis, name)
        return render(request, "events/crisis_actors.html#suggestions", context)
    context["actors"] = actor_index(crisis, request.user, fold(name))
    if partial:
        response = render(request, "events/crisis_actors.html#index", context)
        return push_url(response, f"{url}?{urlencode({'name': name})}" if name.strip() else url)
    return render(request, "events/crisis_actors.html", context)
