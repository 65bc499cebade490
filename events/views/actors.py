"""A crisis's actors: the index (every actor with kind and counts, most active first, filtered as one types,
a page at a time, read from the trigger-kept actor summary) and, for the timeline's actor filter, the
suggestions it shows as one types a name."""

import re

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from events.forms import MAX_ID, MAX_TEXT, filtered_events
from events.models import Actor, ActorAlias, ActorSummary, ActorSummaryQuerySet, Crisis, Event, EventActor
from events.permissions import holds
from events.text import fold
from events.views.access import HtmxHttpRequest, crisis_or_404, login_unless_public

SUGGESTIONS = 10
PAGE_SIZE = 100
# The total is counted up to here, then shown as "1,000+".
COUNT_CAP = 1000
# The index's own htmx box swaps this element, its "more" row that one; the timeline's actor box swaps
# "actor-suggestions".
INDEX_TARGET = "actor-index"
MORE_TARGET = "actors-more"
CURSOR = re.compile(r"^(\d{1,9})\.(\d{1,19})$")
LINK_MARK = 987654321
KIND_LABELS = {value: str(label) for value, label in Actor.Kind.choices}


def clean_name(raw: str) -> tuple[str, str]:
    """The typed name and an error: ("yan", "") or ("", "Type at most 200 characters.")."""
    if len(raw) > MAX_TEXT or "\x00" in raw:
        return "", f"Type at most {MAX_TEXT} characters."
    return raw, ""


def clean_cursor(raw: str) -> tuple[tuple[int, int] | None, str]:
    """The index's "more" position: "12.345" → ((12, 345), ""): the activity and actor id of the last row
    shown; anything malformed → (None, a message)."""
    if not raw:
        return None, ""
    match = CURSOR.match(raw) if len(raw) <= 40 else None
    if match is None or int(match[2]) > MAX_ID:
        return None, "This “more” link is broken: start again from the most active."
    return (int(match[1]), int(match[2])), ""


def summaries(crisis: Crisis, user, folded: str) -> ActorSummaryQuerySet:
    """The crisis's actors with an entry or a claim `user` may see, with those counts, narrowed to the
    names or aliases containing `folded`: rows of the trigger-kept summary (events.models.ActorSummary)."""
    counted = ActorSummary.objects.for_crisis(crisis).counted_for(
        drafts_of_entries=holds(user, "change_event"), drafts_of_claims=holds(user, "change_claim")
    )
    return counted.named(folded)


def actor_page(rows: ActorSummaryQuerySet, folded: str, after: tuple[int, int] | None) -> tuple[list[dict], str]:
    """One page of the index, most active first (entries and claims together, then name), and the cursor
    that continues it ("" at the end): one query, and one more with a name, for the aliases it matched."""
    columns = ("actor_id", "actor__name", "actor__kind", "entries", "claims", "activity")
    found = list(rows.most_active_first(after).values_list(*columns)[: PAGE_SIZE + 1])
    page = found[:PAGE_SIZE]
    aliases: dict[int, str] = {}
    if folded and page:
        for actor_id, alias in (
            ActorAlias.objects.filter(folded__contains=folded, actor_id__in=[row[0] for row in page])
            .order_by("actor_id", "id")
            .values_list("actor_id", "alias")
        ):
            aliases.setdefault(actor_id, alias)
    detail = reverse("events:actor-detail", kwargs={"pk": LINK_MARK}).replace(str(LINK_MARK), "{}", 1)
    actors = []
    for pk, name, kind, entries, claims, _ in page:
        alias = aliases.get(pk, "")
        actors.append(
            {
                "pk": pk,
                "name": name,
                "url": detail.format(pk),
                "kind": KIND_LABELS.get(kind, kind),
                "events": entries,
                "claims": claims,
                "alias": alias if alias and fold(alias) != fold(name) and folded not in fold(name) else "",
            }
        )
    more = f"{page[-1][5]}.{page[-1][0]}" if len(found) > PAGE_SIZE else ""
    return actors, more


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
    """The actors index, a page of ~100 rows at a time. htmx from the index's own box gets the table (and the
    URL pushed); from its "more" row, the next rows; from the timeline's actor box, suggestion checkboxes
    for the actor filter; anything else, the whole page."""
    crisis = crisis_or_404(slug)
    name, error = clean_name(request.GET.get("name", ""))
    after, cursor_error = clean_cursor(request.GET.get("cursor", ""))
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
    if partial and request.htmx.target not in (INDEX_TARGET, MORE_TARGET):
        context["matches"] = suggestions(request, crisis, name)
        return render(request, "events/crisis_actors.html#suggestions", context)
    # The timeline's actor box sends the timeline's own fields along: a cursor is the index's only here.
    context["error"] = error or cursor_error
    folded = fold(name)
    rows = summaries(crisis, request.user, folded)
    named = {"name": name} if name.strip() else {}
    if partial and request.htmx.target == MORE_TARGET:
        # The next rows in place of the "more" row; a broken link gets a message there, never the first rows again.
        context["actors"], more = ([], "") if cursor_error else actor_page(rows, folded, after)
        context["more_query"] = urlencode(named | {"cursor": more}) if more else ""
        return render(request, "events/crisis_actors.html#rows", context)
    context["actors"], more = actor_page(rows, folded, after)
    context["more_query"] = urlencode(named | {"cursor": more}) if more else ""
    total = rows[: COUNT_CAP + 1].count()
    context |= {
        "total": total,
        "total_label": f"{COUNT_CAP:,}+" if total > COUNT_CAP else str(total),
        "paged": after is not None,
    }
    if partial:
        response = render(request, "events/crisis_actors.html#index", context)
        return push_url(response, f"{url}?{urlencode(named)}" if named else url)
    return render(request, "events/crisis_actors.html", context)
