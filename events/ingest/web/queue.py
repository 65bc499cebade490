"""The review queue's own pages: one queued article (its task's state, then its draft for review), the
live counts on the queue, and the buttons that act on rows (try again, reject, accept all).

They hang off `PendingArticleAdmin.get_urls()` (events/ingest/web/queue_admin.py); only users who may add
sources and events reach them. The parse itself runs in a worker (events/ingest/tasks.py): these pages
only read rows and enqueue work. The review of a ready draft is the ingest preview itself
(`views._render_preview`), whose token names the row (`pending.pending_token`).
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRefresh

from events.ingest.payload import result_from_payload
from events.ingest.tasks import enqueue_accept, reject, retry
from events.ingest.web.pending import pending_token
from events.ingest.web.views import _highlight, _render_preview, require_ingest_permission
from events.models import Crisis, PendingArticle

State = PendingArticle.State
POLL_SECONDS = 2


def _partial(request: HttpRequest) -> bool:
    return bool(request.htmx and not request.htmx.history_restore_request)


def changelist_url(crisis_id: int | None = None, state: str | None = None) -> str:
    query = "&".join(
        f"{key}={value}" for key, value in (("crisis__id__exact", crisis_id), ("state__exact", state)) if value
    )
    return reverse("admin:events_pendingarticle_changelist") + (f"?{query}" if query else "")


@require_GET
@vary_on_headers("HX-Request")
def review(request: HttpRequest, admin_site, pk: int) -> HttpResponse:
    """A queued article: while its task runs, its state (polled); once parsed, the review of its draft."""
    require_ingest_permission(request)
    pending = get_object_or_404(PendingArticle.objects.select_related("crisis", "feed"), pk=pk)
    if pending.state == State.READY and pending.payload:
        if _partial(request):
            return HttpResponseClientRefresh()  # the poll saw it ready: load the whole review page
        payload = pending.payload
        parsed = result_from_payload(payload)
        return _render_preview(
            request,
            admin_site,
            payload=payload,
            token=pending_token(pending),
            crisis=pending.crisis,
            result=parsed,
            runs=_highlight(payload["body"], parsed),
        )
    context = {
        **admin_site.each_context(request),
        "title": f"Queued article: {pending}",
        "opts": PendingArticle._meta,
        "pending": pending,
        "polling": pending.state in PendingArticle.ACTIVE_STATES,
        "poll_seconds": POLL_SECONDS,
        "queue_url": changelist_url(pending.crisis_id),
    }
    template = "admin/events/pendingarticle/review_status.html"
    return TemplateResponse(request, f"{template}#state" if _partial(request) else template, context)


def queue_counts(crisis_id: int | None) -> dict[str, int]:
    """{state: rows} for one crisis (or all), every state present even at 0."""
    rows = PendingArticle.objects.all()
    if crisis_id:
        rows = rows.filter(crisis_id=crisis_id)
    found = dict(rows.values_list("state").annotate(n=Count("id")).order_by())
    return {state: found.get(state, 0) for state in State.values}


def _crisis_id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


@require_GET
@vary_on_headers("HX-Request")
def counts(request: HttpRequest, admin_site) -> HttpResponse:
    """The queue's counts by state, polled while tasks run so the numbers move without a reload."""
    require_ingest_permission(request)
    crisis_id = _crisis_id(request.GET.get("crisis__id__exact"))
    numbers = queue_counts(crisis_id)
    context = {
        **admin_site.each_context(request),
        "title": "Review queue counts",
        "opts": PendingArticle._meta,
        "counts": [(State(state).label, state, n) for state, n in numbers.items()],
        "active": sum(numbers[s] for s in PendingArticle.ACTIVE_STATES),
        "crisis_id": crisis_id,
        "poll_seconds": POLL_SECONDS,
        "counts_url": request.get_full_path(),
    }
    template = "admin/events/pendingarticle/queue_counts.html"
    return TemplateResponse(request, f"{template}#counts" if _partial(request) else template, context)


@require_POST
def retry_view(request: HttpRequest, admin_site, pk: int) -> HttpResponse:
    require_ingest_permission(request)
    pending = get_object_or_404(PendingArticle, pk=pk)
    if retry(pending):
        messages.success(request, "Queued again.")
    else:
        messages.info(request, f"Only a failed article can be tried again; this one is {pending.get_state_display()}.")
    return redirect(reverse("admin:events_pendingarticle_review", args=[pending.pk]))


@require_POST
def reject_view(request: HttpRequest, admin_site, pk: int) -> HttpResponse:
    require_ingest_permission(request)
    pending = get_object_or_404(PendingArticle, pk=pk)
    if reject(PendingArticle.objects.filter(pk=pending.pk)):
        messages.success(request, "Rejected: this article will not enter the crisis's queue again.")
    else:
        messages.info(request, f"This article is {pending.get_state_display().lower()}; nothing was rejected.")
    return redirect(changelist_url(pending.crisis_id, State.READY))


@require_POST
def accept_all(request: HttpRequest, admin_site, crisis_id: int) -> HttpResponse:
    """Accept every draft of the crisis that is ready, each whole, in the background."""
    require_ingest_permission(request)
    crisis = get_object_or_404(Crisis, pk=crisis_id)
    ready = list(PendingArticle.objects.for_crisis(crisis).awaiting_review())
    for pending in ready:
        enqueue_accept(pending, user=request.user)
    messages.success(request, f"{len(ready)} article(s) of {crisis} are being saved as drafts.")
    return redirect(changelist_url(crisis.pk))
