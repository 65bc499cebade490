"""Exports of a crisis (CSV, ACLED CSV, claims CSV, TimelineJS JSON) as downloads of the analysts' pages; the
writers are in `events/exports/`. Every export reads through the timeline's own filter form, so a file holds
exactly the events the same URL shows, with the same access rules as the page."""

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from events.exports.acled import stream_acled_csv
from events.exports.claims import stream_claims_csv
from events.exports.common import CSV, attachment, export_filename
from events.exports.events_csv import stream_events_csv
from events.exports.timelinejs import stream_timelinejs
from events.forms import ClaimFilterForm, can_edit, filtered_events
from events.models import Claim
from events.views.access import crisis_or_404, login_unless_public

PROFILES = ("events", "acled")
# Paging parameters ride along in a copied timeline URL; an export never pages.
IGNORED_FIELDS = {"cursor"}


def bad_request(form: forms.Form) -> HttpResponse:
    """The filter form's errors as plain text: a 400 a person can read, never a 500."""
    lines = [f"{field}: {' '.join(errors)}" for field, errors in form.errors.items() if field not in IGNORED_FIELDS]
    message = "This export's filters are not valid:\n" + "\n".join(lines) + "\n"
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def has_errors(form: forms.Form) -> bool:
    return any(field not in IGNORED_FIELDS for field in form.errors)


def wants_bom(request: HttpRequest) -> bool:
    return request.GET.get("bom") == "1"


@require_GET
@login_unless_public
def crisis_events_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The timeline's events as CSV: `?profile=acled` for ACLED's columns, `?bom=1` for Excel."""
    crisis = crisis_or_404(slug)
    profile = request.GET.get("profile") or "events"
    if profile not in PROFILES:
        return HttpResponseBadRequest(
            f"profile must be one of {', '.join(PROFILES)}.\n", content_type="text/plain; charset=utf-8"
        )
    form, events = filtered_events(params=request.GET, crisis=crisis, user=request.user)
    if has_errors(form):
        return bad_request(form)
    if profile == "acled":
        chunks = stream_acled_csv(events, bom=wants_bom(request))
    else:
        chunks = stream_events_csv(events, include_draft_claims=can_edit(request.user), bom=wants_bom(request))
    filename = export_filename(crisis.slug, "events" if profile == "events" else "acled", "csv")
    return attachment(chunks, content_type=CSV, filename=filename)


@require_GET
@login_unless_public
def crisis_claims_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The crisis's claims as CSV, narrowed by the claims page's filters."""
    crisis = crisis_or_404(slug)
    form = ClaimFilterForm(request.GET)
    form.is_valid()
    if has_errors(form):
        return bad_request(form)
    claims = form.filter(Claim.objects.for_crisis(crisis).visible_to(request.user))
    chunks = stream_claims_csv(claims, include_draft_events=can_edit(request.user), bom=wants_bom(request))
    return attachment(chunks, content_type=CSV, filename=export_filename(crisis.slug, "claims", "csv"))


@require_GET
@login_unless_public
def crisis_timelinejs(request: HttpRequest, slug: str) -> HttpResponse:
    """The timeline's events in TimelineJS3's JSON format."""
    crisis = crisis_or_404(slug)
    form, events = filtered_events(params=request.GET, crisis=crisis, user=request.user)
    if has_errors(form):
        return bad_request(form)
    response = StreamingHttpResponse(stream_timelinejs(crisis, events), content_type="application/json")
    if request.GET.get("download") == "1":
        filename = export_filename(crisis.slug, "timeline", "json")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
