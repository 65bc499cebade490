"""The admin's "Ingest article" pages: form → queued parse (a task; its page is `queue.review`) → preview
(nothing saved) → confirm (one transaction) → summary.

They hang off `SourceAdmin.get_urls()`. Only users who may add sources and events reach them.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from events.ingest.commit import commit_ingest
from events.ingest.pipeline import NO_PUBLICATION_DATE
from events.ingest.service import ArticleInput, read_text, read_upload, vet_url
from events.ingest.tasks import mark_accepted, queue_article
from events.ingest.types import IngestError, IngestResult
from events.ingest.web.forms import IngestForm, build_reviewed_draft, sign_payload, unsign_preview
from events.ingest.web.pending import pending_from_token
from events.ingest.web.preview import initial_as_data, preview_rows, review_forms
from events.ingest.web.restructure import RestructureError, carry_edits, merge_events, parse_operation, split_event
from events.models import Actor, Claim, Crisis, Event, PendingArticle, Source
from events.visibility import readable_sources, visible_actors

logger = logging.getLogger(__name__)


def require_ingest_permission(request: HttpRequest) -> None:
    if not (request.user.has_perm("events.add_source") and request.user.has_perm("events.add_event")):
        raise PermissionDenied


def read_article(form: IngestForm) -> ArticleInput:
    """The article the form gives, read from its file or pasted (a URL is fetched by the worker)."""
    data = form.cleaned_data
    if data.get("file"):
        return read_upload(data["file"])
    return read_text(data["text"])


def _highlight(body: str, result: IngestResult) -> list[tuple[str, str]]:
    """Split the body into (text, css class) runs so every evidence span shows as highlighted."""
    marks = [""] * (len(body) + 1)
    for index, event in enumerate(result.events):
        for start, end in event.spans:
            for i in range(start, min(end, len(body))):
                marks[i] = marks[i] or f"ev ev-{index}"
    for claim in result.claims:
        for i in range(claim.start, min(claim.end, len(body))):
            marks[i] = "cl" if not marks[i] else marks[i] + " cl"
    runs: list[tuple[str, str]] = []
    start = 0
    for i in range(1, len(body) + 1):
        if i == len(body) or marks[i] != marks[start]:
            runs.append((body[start:i], marks[start]))
            start = i
    return runs


# The review forms are built in `preview.py`; the old name stays for callers that import it from here.
_review_forms = review_forms


def _render_preview(request, admin_site, *, payload, token, crisis, result=None, runs=None, forms=None, status=200):
    """The review page for a signed `payload`: the article beside its candidates, nothing saved.

    `forms` (from `review_forms`) re-shows what the editor posted; `runs` is kept for callers that pass
    it, the page itself highlights from the payload's spans."""
    actor_forms, event_forms, claim_forms, warnings = forms or review_forms(payload, crisis)
    if payload.get("published_source") == "text":
        warnings.insert(0, f"The publication date ({payload['published']}) was inferred from the text: check it.")
    elif not payload.get("published") and result is None:  # a re-shown preview; the parser says it the first time
        warnings.insert(0, NO_PUBLICATION_DATE)
    if result is not None:
        warnings.extend(result.warnings)
    context = {
        **admin_site.each_context(request),
        "title": "Review the parsed article",
        "opts": Source._meta,
        "crisis": crisis,
        "payload": payload,
        "token": token,
        "runs": runs if runs is not None else [(payload["body"], "")],
        "rows": preview_rows(payload, event_forms, claim_forms),
        "actor_forms": actor_forms,
        "event_rows": list(zip(event_forms, payload["events"], strict=True)),
        "claim_rows": list(zip(claim_forms, payload["claims"], strict=True)),
        "warnings": warnings,
    }
    return TemplateResponse(request, "admin/events/source/ingest_preview.html", context, status=status)


def ingest(request: HttpRequest, admin_site) -> HttpResponse:
    """GET: the ingest form. POST: parse the article and show the preview; nothing is saved."""
    require_ingest_permission(request)
    if getattr(request, "ingest_too_big", False):
        # The body was over the cap and could not be read (see events/ingest/web/uploads.py): say so on the form.
        form = IngestForm()
        form.full_clean()
        form.cleaned_data = {}
        form.add_error(
            "text",
            f"The pasted text is larger than {settings.INGEST_MAX_BYTES // (1024 * 1024)} MB; paste one article.",
        )
        context = {**admin_site.each_context(request), "title": "Ingest an article", "form": form, "opts": Source._meta}
        return TemplateResponse(request, "admin/events/source/ingest_form.html", context, status=413)
    form = IngestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # The parse (and any fetch) runs in a worker; the editor follows it on the article's queue page.
        data = form.cleaned_data
        crisis = data["crisis"]
        if data.get("url") and (queued := PendingArticle.objects.filter(crisis=crisis, url=data["url"]).first()):
            messages.info(request, f"This link is already in {crisis}'s queue ({queued.get_state_display().lower()}).")
            return redirect(reverse("admin:events_pendingarticle_review", args=[queued.pk]))
        try:
            article = read_article(form) if not data.get("url") else None
            if data.get("url"):
                vet_url(data["url"])
        except IngestError as exc:
            form.add_error(None, str(exc))
        else:
            hints = {"published": data["published"], "title": data["title"], "outlet": data["outlet"]}
            pending = queue_article(
                crisis=crisis, user=request.user, url=data.get("url") or None, article=article, **hints
            )
            return redirect(reverse("admin:events_pendingarticle_review", args=[pending.pk]))
    context = {**admin_site.each_context(request), "title": "Ingest an article", "form": form, "opts": Source._meta}
    return TemplateResponse(
        request, "admin/events/source/ingest_form.html", context, status=400 if form.errors else 200
    )


def confirm(request: HttpRequest, admin_site) -> HttpResponse:
    """Save what the editor accepted, in one transaction, then show the summary."""
    require_ingest_permission(request)
    if request.method != "POST":
        return redirect(reverse("admin:events_source_ingest"))
    token = request.POST.get("payload", "")
    payload, pending, refusal = _draft_for(request, token)
    if refusal is not None:
        return refusal
    crisis = get_object_or_404(Crisis, pk=payload["crisis"])
    forms = review_forms(payload, crisis, data=request.POST)
    actor_forms, event_forms, claim_forms, _ = forms
    valid = True
    for form in (*actor_forms, *event_forms, *claim_forms):
        # An unticked candidate is rejected as a whole: its other fields don't matter.
        if request.POST.get(f"{form.prefix}-accept") and not form.is_valid():
            valid = False
        elif not request.POST.get(f"{form.prefix}-accept"):
            form.cleaned_data = {"accept": False}
    if not valid:
        return _render_preview(
            request, admin_site, payload=payload, token=token, crisis=crisis, forms=forms, status=400
        )
    draft = build_reviewed_draft(payload, actor_forms, event_forms, claim_forms)
    try:
        outcome = commit_ingest(draft=draft, crisis=crisis, user=request.user)
    except DatabaseError:
        logger.exception("ingest commit failed")
        messages.error(request, "The database failed while saving, so nothing was saved. Please confirm again.")
        return _render_preview(
            request, admin_site, payload=payload, token=token, crisis=crisis, forms=forms, status=503
        )
    if pending is not None:
        mark_accepted(pending, outcome.source, duplicate=outcome.duplicate)
    if outcome.duplicate:
        messages.info(
            request, "This article was already stored (perhaps by a colleague just now). Nothing new was saved."
        )
    else:
        messages.success(
            request,
            ("The stored article now serves this crisis too. " if outcome.attached else "")
            + f"Saved: {len(outcome.events_created)} new event(s), {len(outcome.events_corroborated)} corroborated, "
            f"{len(outcome.claims_created)} claim(s), {len(outcome.actors_created)} new actor(s), all as drafts.",
        )
    return redirect(reverse("admin:events_source_ingested", args=[outcome.source.pk]))


def _draft_for(request: HttpRequest, token: str) -> tuple[dict | None, PendingArticle | None, HttpResponse | None]:
    """The draft a review form's token stands for: (payload, the queued row it belongs to or None, None),
    or (None, None, a redirect with the reason) when it cannot be reviewed any more.

    A queued article's first review carries a token naming its row; after a merge or split the revised draft
    is signed whole and names the row inside it (`payload["pending"]`), so accepting it still closes the row.
    """
    pending = pending_from_token(token)
    if pending is not None:
        payload = pending.payload and {**pending.payload, "pending": pending.pk}
    else:
        try:
            payload = unsign_preview(token)
        except signing.BadSignature:
            messages.error(
                request, "The preview was changed or has expired, so nothing was saved. Parse the article again."
            )
            return None, None, redirect(reverse("admin:events_source_ingest"))
        if isinstance(payload.get("pending"), int):
            pending = PendingArticle.objects.filter(pk=payload["pending"]).first()
    if pending is not None and (pending.state != PendingArticle.State.READY or not pending.payload):
        messages.error(request, f"This article is no longer waiting for review ({pending.get_state_display()}).")
        return None, None, redirect(reverse("admin:events_pendingarticle_review", args=[pending.pk]))
    return payload, pending, None


def revise(request: HttpRequest, admin_site) -> HttpResponse:
    """Merge two event candidates or split one (the preview's "Merge" and "Split" buttons), keep every
    other field the editor changed, and show the preview again. Nothing is saved."""
    require_ingest_permission(request)
    if request.method != "POST":
        return redirect(reverse("admin:events_source_ingest"))
    token = request.POST.get("payload", "")
    payload, _pending, refusal = _draft_for(request, token)
    if refusal is not None:
        return refusal
    crisis = get_object_or_404(Crisis, pk=payload["crisis"])
    try:
        operation, index = parse_operation(request.POST.get("op", ""))
        if operation == "split":
            change = split_event(payload, index=index)
        else:
            number = request.POST.get(f"event-{index}-merge_with", "").strip()
            if not re.fullmatch(r"[0-9]{1,6}", number):
                raise RestructureError(f"Give the number of the event to merge with event {index + 1}.")
            other = int(number) - 1
            # The two become one entry where the earlier of them was.
            change = merge_events(payload, into=min(index, other), other=max(index, other))
    except RestructureError as exc:
        messages.error(request, str(exc))
        forms = review_forms(payload, crisis, data=request.POST)
        return _render_preview(
            request, admin_site, payload=payload, token=token, crisis=crisis, forms=forms, status=400
        )
    fresh = review_forms(change.payload, crisis)[1]
    data = carry_edits(
        request.POST, change, {j: initial_as_data(fresh[j]) for j, old in enumerate(change.moved) if old is None}
    )
    new_token = sign_payload(change.payload)
    forms = review_forms(change.payload, crisis, data=data)
    return _render_preview(request, admin_site, payload=change.payload, token=new_token, crisis=crisis, forms=forms)


def summary(request: HttpRequest, admin_site, pk: int) -> HttpResponse:
    """What a source gave the timeline: its events, claims and actors, each linked to its admin page."""
    if not request.user.has_perm("events.view_source"):
        raise PermissionDenied
    # Analysts read it too: only what they may see elsewhere (no drafts, no actors only drafts involve).
    user = request.user
    source = get_object_or_404(readable_sources(user), pk=pk)
    events = Event.objects.visible_to(user).filter(evidence__source=source).distinct().order_by("-date_start", "-id")
    claims = Claim.objects.visible_to(user).filter(evidence__source=source).distinct().select_related("claimant")
    actors = visible_actors(user, Actor.objects.filter(participations__event__in=events).distinct())
    context = {
        **admin_site.each_context(request),
        "title": f"Ingested: {source.title}",
        "opts": Source._meta,
        "source": source,
        "events": events,
        "claims": claims,
        "actors": actors,
    }
    return TemplateResponse(request, "admin/events/source/ingest_summary.html", context)
