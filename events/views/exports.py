"""Exports of a crisis (CSV, ACLED CSV, claims CSV, TimelineJS JSON) and the admin's export action and
import page. Every export reads through the timeline's own filter form, so a file holds exactly the
events the same URL shows, with the same access rules as the page."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from events import exports
from events.forms import ClaimFilterForm, can_edit, filtered_events
from events.importing import ImportReport, import_events
from events.models import Claim, Crisis, Event
from events.views.access import crisis_or_404, login_unless_public

CSV = "text/csv; charset=utf-8"
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


def attachment(chunks, *, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


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
        chunks = exports.stream_acled_csv(events, bom=wants_bom(request))
    else:
        chunks = exports.stream_events_csv(events, include_draft_claims=can_edit(request.user), bom=wants_bom(request))
    filename = exports.export_filename(crisis.slug, "events" if profile == "events" else "acled", "csv")
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
    chunks = exports.stream_claims_csv(claims, include_draft_events=can_edit(request.user), bom=wants_bom(request))
    return attachment(chunks, content_type=CSV, filename=exports.export_filename(crisis.slug, "claims", "csv"))


@require_GET
@login_unless_public
def crisis_timelinejs(request: HttpRequest, slug: str) -> HttpResponse:
    """The timeline's events in TimelineJS3's JSON format."""
    crisis = crisis_or_404(slug)
    form, events = filtered_events(params=request.GET, crisis=crisis, user=request.user)
    if has_errors(form):
        return bad_request(form)
    response = StreamingHttpResponse(exports.stream_timelinejs(crisis, events), content_type="application/json")
    if request.GET.get("download") == "1":
        filename = exports.export_filename(crisis.slug, "timeline", "json")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def selected_events_csv(request: HttpRequest, queryset) -> HttpResponse:
    """The admin action: the selected events as our CSV. Drafts only for editors, as on the pages."""
    events = Event.objects.filter(pk__in=queryset.values("pk")).visible_to(request.user)
    slugs = list(Crisis.objects.filter(events__in=events).values_list("slug", flat=True).distinct()[:2])
    filename = exports.export_filename(slugs[0] if len(slugs) == 1 else "selected", "events", "csv")
    chunks = exports.stream_events_csv(events, include_draft_claims=can_edit(request.user))
    return attachment(chunks, content_type=CSV, filename=filename)


class ImportForm(forms.Form):
    file = forms.FileField(help_text="A Crisis Tracker events CSV or an ACLED-profile CSV, UTF-8.")
    crisis = forms.ModelChoiceField(queryset=Crisis.objects.all(), help_text="The crisis the events join.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.INGEST_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size:,} bytes; the largest accepted is {settings.INGEST_MAX_BYTES:,} bytes."
            )
        return upload


def admin_import(request: HttpRequest, *, model_admin) -> HttpResponse:
    """EventAdmin's import page: a file and a crisis in, a report out (errors by row and column)."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    report: ImportReport | None = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_events(data=upload.read(), crisis=form.cleaned_data["crisis"], user=request.user)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Import events",
        "opts": model_admin.model._meta,
        "form": form,
        "report": report,
        "errors_shown": report.errors[:200] if report else [],
    }
    return TemplateResponse(request, "admin/events/event/import.html", context)
