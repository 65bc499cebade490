"""The admin's side of exports: EventAdmin's "Export selected as CSV" action and its import page."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from events.exports.common import CSV, attachment, export_filename
from events.exports.events_csv import stream_events_csv
from events.exports.importer import ImportReport, import_events
from events.models import Crisis, Event
from events.permissions import can_edit


def selected_events_csv(request: HttpRequest, queryset) -> HttpResponse:
    """The admin action: the selected events as our CSV. Drafts only for editors, as on the pages."""
    events = Event.objects.filter(pk__in=queryset.values("pk")).visible_to(request.user)
    slugs = list(Crisis.objects.filter(events__in=events).values_list("slug", flat=True).distinct()[:2])
    filename = export_filename(slugs[0] if len(slugs) == 1 else "selected", "events", "csv")
    chunks = stream_events_csv(events, include_draft_claims=can_edit(request.user))
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
