"""The claims of a crisis: who said what, how they said it, and how far it has been verified; all of it as
known on a day, if asked."""

from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from events.forms import CLAIM_ORDER, ClaimFilterForm, can_edit, cursor_after
from events.models import Claim, Evidence, SpeechAct, Verification
from events.views.access import HtmxHttpRequest, crisis_or_404, event_if_visible, login_unless_public
from events.views.entries import link
from events.views.exports import claim_export_links

PAGE_SIZE = 50


def claim_facets(form: ClaimFilterForm, base) -> dict:
    """How many claims each option leaves given the other filters: one grouped query per filter."""
    data = form.data
    claimants = (
        form.filter(base, skip={"claimant"})
        .exclude(claimant=None)
        .values_list("claimant_id", "claimant__name")
        .annotate(n=Count("id"))
        .order_by("-n", "claimant__name")
    )
    by_status = dict(
        form.filter(base, skip={"verification"}).order_by().values_list("verification").annotate(n=Count("id"))
    )
    by_act = dict(form.filter(base, skip={"speech_act"}).order_by().values_list("speech_act").annotate(n=Count("id")))
    return {
        "claimants": [
            {"value": str(pk), "label": name, "count": n, "selected": data.get("claimant") == str(pk)}
            for pk, name, n in claimants
        ],
        "statuses": [
            {"value": v, "label": label, "count": by_status.get(v, 0), "selected": data.get("verification") == v}
            for v, label in Verification.choices
        ],
        "acts": [
            {"value": v, "label": label, "count": by_act.get(v, 0), "selected": data.get("speech_act") == v}
            for v, label in SpeechAct.choices
        ],
    }


@require_GET
@vary_on_headers("HX-Request")
@login_unless_public
def crisis_claims(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    crisis = crisis_or_404(slug)
    user = request.user
    form = ClaimFilterForm(request.GET)
    form.is_valid()
    base = Claim.objects.for_crisis(crisis).visible_to(user)
    claims = form.filter(base)
    broken_cursor = "cursor" in form.errors
    day = form.as_known_on()
    evidence = Evidence.objects.select_related("source").defer("source__text", "source__original")
    if day:
        # As known on a day: only the sources published by then, as on the timeline.
        evidence = evidence.filter(source__published_on__lte=day)
    rows = []
    if not broken_cursor:
        rows = list(
            form.after_cursor(claims)
            .select_related("claimant", "event")
            .prefetch_related("about", Prefetch("evidence", evidence))
            .order_by(*CLAIM_ORDER)[: PAGE_SIZE + 1]
        )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    for claim in rows:
        claim.shown_event = event_if_visible(user, claim.event)
        if claim.shown_event:
            # The entry as known on the same day as the claims.
            link(claim.shown_event, known_on=day)
    url = reverse("events:crisis-claims", kwargs={"slug": crisis.slug})
    context = {
        "crisis": crisis,
        "form": form,
        "claims": rows,
        "broken_cursor": broken_cursor,
        "page_url": url,
        "more_query": form.params(cursor=cursor_after(rows[-1].made_on, rows[-1].pk)).urlencode() if more else None,
        "editor": can_edit(user),
        "tab": "claims",
        "known_on": day,
    }
    partial = request.htmx and not request.htmx.history_restore_request
    if partial and form.cleaned_data.get("cursor"):
        return render(request, "events/crisis_claims.html#page", context)
    today = form.params(known_on=None).urlencode()
    context |= {
        "today_url": f"{url}?{today}" if today else url,
        "facets": claim_facets(form, base),
        "total": claims.count(),
        "export_links": claim_export_links(crisis.slug, form.params()),
        "export_scope": "these claims",
    }
    if partial:
        query = form.params().urlencode()
        return push_url(
            render(request, "events/crisis_claims.html#results", context), f"{url}?{query}" if query else url
        )
    return render(request, "events/crisis_claims.html", context)
