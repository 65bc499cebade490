"""The contradictions of a crisis: groups of claims that disagree, newest first, with the editors' decisions."""

from django import forms
from django.db.models import F, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from events.forms import CursorField, can_edit, cursor_after
from events.models import Claim, ContradictionGroup, ContradictionMember, Evidence
from events.views.access import HtmxHttpRequest, crisis_or_404, event_if_visible, login_unless_public

PAGE_SIZE = 25
ORDER = (F("newest_on").desc(nulls_last=True), "-id")


class ContradictionPageForm(forms.Form):
    """Only a keyset cursor over (newest_on, id): undated groups come last."""

    cursor = CursorField(required=False, allow_undated=True, widget=forms.HiddenInput)

    def after_cursor(self, groups):
        cursor = getattr(self, "cleaned_data", {}).get("cursor")
        if not cursor:
            return groups
        day, pk = cursor
        if day is None:
            return groups.filter(newest_on__isnull=True, pk__lt=pk)
        return groups.filter(Q(newest_on__lt=day) | Q(newest_on=day, pk__lt=pk) | Q(newest_on__isnull=True))


def contradiction_groups(crisis, user):
    """The crisis's groups this user may see (two members at least among the claims they may read), with
    their members' claims, claimants and sources: three queries for a page, whatever its length."""
    claims = Claim.objects.visible_to(user)
    # Editors too: a group left with one claim (the others deleted) disagrees with nobody.
    groups = ContradictionGroup.objects.for_crisis(crisis).seen_by(claims)
    evidence = Evidence.objects.select_related("source").defer("source__text", "source__original").order_by("start")
    members = (
        ContradictionMember.objects.filter(claim__in=claims)
        .select_related("claim__claimant")
        .prefetch_related(Prefetch("claim__evidence", evidence, to_attr="evidence_list"))
        .order_by(F("claim__made_on").asc(nulls_last=True), "claim_id")
    )
    return groups.select_related("event", "holds__claimant").prefetch_related(
        Prefetch("members", members, to_attr="member_list")
    )


@require_GET
@vary_on_headers("HX-Request")
@login_unless_public
def crisis_contradictions(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    crisis = crisis_or_404(slug)
    form = ContradictionPageForm(request.GET)
    form.is_valid()
    broken_cursor = "cursor" in form.errors
    rows = []
    if not broken_cursor:
        rows = list(form.after_cursor(contradiction_groups(crisis, request.user)).order_by(*ORDER)[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    for group in rows:
        group.shown_event = event_if_visible(request.user, group.event)
        group.claims_shown = [m.claim for m in group.member_list]
        group.held = group.holds if group.holds_id in {c.pk for c in group.claims_shown} else None
    url = reverse("events:crisis-contradictions", kwargs={"slug": crisis.slug})
    context = {
        "crisis": crisis,
        "form": form,
        "groups": rows,
        "broken_cursor": broken_cursor,
        "page_url": url,
        "more_query": f"cursor={cursor_after(rows[-1].newest_on, rows[-1].pk)}" if more else None,
        "editor": can_edit(request.user),
        "tab": "contradictions",
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "events/crisis_contradictions.html#page", context)
    return render(request, "events/crisis_contradictions.html", context)
