"""Exports of a crisis (CSV, ACLED CSV, claims CSV, TimelineJS JSON) as downloads of the analysts' pages; the
writers are in `events/exports/`. Every export reads through the timeline's own filter form, so a file holds
exactly the events the same URL shows, with the same access rules as the page."""

from django import forms
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    QueryDict,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.views.decorators.http import require_GET

from events.exports.acled import stream_acled_csv
from events.exports.claims import stream_claims_csv
from events.exports.common import CSV, attachment, export_filename
from events.exports.events_csv import stream_events_csv
from events.exports.spreadsheet import XLSX, claims_xlsx, events_xlsx
from events.exports.timelinejs import stream_timelinejs
from events.forms import ClaimFilterForm, can_edit, filtered_events
from events.models import Claim, ClaimQuerySet
from events.views.access import crisis_or_404, login_unless_public

PROFILES = ("events", "acled")
# Paging parameters ride along in a copied timeline URL; an export never pages.
IGNORED_FIELDS = {"cursor"}


def bad_request(form: forms.Form) -> HttpResponse:
    """The filter form's errors as plain text: a 400 a person can read, never a 500."""
    lines = [f"{field}: {' '.join(errors)}" for field, errors in form.errors.items() if field not in IGNORED_FIELDS]
    message = "This export's filters are not valid:\n" + "\n".join(lines) + "\n"
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def link(name: str, slug: str, query: QueryDict, **extra) -> str:
    """The download URL for `query` (the filters on screen), `extra` first: ("acled" profile, …)."""
    params = QueryDict(mutable=True)
    params.update(extra)
    for key, values in query.lists():
        params.setlist(key, values)
    url = reverse(name, kwargs={"slug": slug})
    return f"{url}?{params.urlencode()}" if params else url


def event_export_links(slug: str, query: QueryDict) -> list[dict]:
    """The timeline's downloads for the filters in `query` (a `TimelineFilterForm.params()`), spreadsheet
    first because that is what most readers want."""
    return [
        {
            "label": "Spreadsheet (.xlsx)",
            "hint": "opens in Excel, LibreOffice and Numbers with accents intact",
            "url": link("events:crisis-events-xlsx", slug, query),
            "kind": "events-xlsx",
        },
        {
            "label": "Events CSV",
            "hint": "UTF-8, our columns (docs/exports.md)",
            "url": link("events:crisis-events-csv", slug, query),
            "kind": "events-csv",
        },
        {
            "label": "ACLED CSV",
            "hint": "ACLED's columns",
            "url": link("events:crisis-events-csv", slug, query, profile="acled"),
            "kind": "acled-csv",
        },
        {
            "label": "TimelineJS JSON",
            "hint": "for a Knight Lab timeline",
            "url": link("events:crisis-timelinejs", slug, query, download="1"),
            "kind": "timelinejs",
        },
    ]


def claim_export_links(slug: str, query: QueryDict) -> list[dict]:
    """The claims page's downloads for the claim filters in `query`."""
    return [
        {
            "label": "Claims spreadsheet (.xlsx)",
            "hint": "opens in Excel, LibreOffice and Numbers with accents intact",
            "url": link("events:crisis-claims-xlsx", slug, query),
            "kind": "claims-xlsx",
        },
        {
            "label": "Claims CSV",
            "hint": "UTF-8, our columns",
            "url": link("events:crisis-claims-csv", slug, query),
            "kind": "claims-csv",
        },
    ]


def has_errors(form: forms.Form) -> bool:
    return any(field not in IGNORED_FIELDS for field in form.errors)


def wants_bom(request: HttpRequest) -> bool:
    return request.GET.get("bom") == "1"


def bad_profile() -> HttpResponse:
    return HttpResponseBadRequest(
        f"profile must be one of {', '.join(PROFILES)}.\n", content_type="text/plain; charset=utf-8"
    )


def workbook(file, filename: str) -> FileResponse:
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_unless_public
def crisis_events_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The timeline's events as CSV: `?profile=acled` for ACLED's columns, `?bom=1` for Excel."""
    crisis = crisis_or_404(slug)
    profile = request.GET.get("profile") or "events"
    if profile not in PROFILES:
        return bad_profile()
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
def crisis_events_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    """The events CSV (or `?profile=acled`) as a spreadsheet: accents intact in Excel and LibreOffice alike."""
    crisis = crisis_or_404(slug)
    profile = request.GET.get("profile") or "events"
    if profile not in PROFILES:
        return bad_profile()
    form, events = filtered_events(params=request.GET, crisis=crisis, user=request.user)
    if has_errors(form):
        return bad_request(form)
    file = events_xlsx(events, profile=profile, include_draft_claims=can_edit(request.user))
    return workbook(file, export_filename(crisis.slug, "events" if profile == "events" else "acled", "xlsx"))


def filtered_claims(request: HttpRequest, crisis) -> tuple[ClaimFilterForm, ClaimQuerySet]:
    form = ClaimFilterForm(request.GET)
    form.is_valid()
    return form, form.filter(Claim.objects.for_crisis(crisis).visible_to(request.user))


@require_GET
@login_unless_public
def crisis_claims_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The crisis's claims as CSV, narrowed by the claims page's filters."""
    crisis = crisis_or_404(slug)
    form, claims = filtered_claims(request, crisis)
    if has_errors(form):
        return bad_request(form)
    chunks = stream_claims_csv(
        claims, include_draft_events=can_edit(request.user), known_on=form.as_known_on(), bom=wants_bom(request)
    )
    return attachment(chunks, content_type=CSV, filename=export_filename(crisis.slug, "claims", "csv"))


@require_GET
@login_unless_public
def crisis_claims_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    """The claims CSV as a spreadsheet."""
    crisis = crisis_or_404(slug)
    form, claims = filtered_claims(request, crisis)
    if has_errors(form):
        return bad_request(form)
    file = claims_xlsx(claims, include_draft_events=can_edit(request.user), known_on=form.as_known_on())
    return workbook(file, export_filename(crisis.slug, "claims", "xlsx"))


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
