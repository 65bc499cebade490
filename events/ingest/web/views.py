"""The admin's "Ingest article" pages: form → preview (nothing saved) → confirm (one transaction) → summary.

They hang off `SourceAdmin.get_urls()`. Only users who may add sources and events reach them.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from events.ingest.commit import commit_ingest, find_existing_source
from events.ingest.pipeline import NO_PUBLICATION_DATE
from events.ingest.registry import find_same_events
from events.ingest.service import ArticleInput, parse_input, read_text, read_upload, read_url
from events.ingest.types import IngestError, IngestResult
from events.ingest.web.forms import (
    ActorReviewForm,
    ClaimReviewForm,
    EventReviewForm,
    IngestForm,
    build_reviewed_draft,
    sign_preview,
    unsign_preview,
)
from events.models import Actor, Claim, Crisis, Event, Source
from events.visibility import readable_sources, visible_actors

logger = logging.getLogger(__name__)


def require_ingest_permission(request: HttpRequest) -> None:
    if not (request.user.has_perm("events.add_source") and request.user.has_perm("events.add_event")):
        raise PermissionDenied


def read_article(form: IngestForm) -> ArticleInput:
    """The article the form gives: fetched from its URL, read from its file, or pasted."""
    data = form.cleaned_data
    if data.get("url"):
        return read_url(data["url"])
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


def _review_forms(payload: dict, crisis: Crisis, data=None):
    """The three lists of review forms, bound to `data` on confirm or filled from the payload on preview."""
    actor_forms = []
    for i, actor in enumerate(payload["actors"]):
        initial = {"accept": True, "name": actor["name"], "kind": actor["kind"], "link": actor["known_id"]}
        actor_forms.append(ActorReviewForm(data, prefix=f"actor-{i}", initial=initial))
    known = {a["name"]: a.get("known_id") for a in payload["actors"]}
    published = dt.date.fromisoformat(payload["published"]) if payload.get("published") else None
    event_forms, warnings = [], []
    for i, event in enumerate(payload["events"]):
        start = dt.date.fromisoformat(event["date_start"]) if event["date_start"] else published
        end = dt.date.fromisoformat(event["date_end"]) if event["date_end"] else published
        if not event["date_start"]:
            warnings.append(f"Event {i + 1}: no date found; set one or leave it out.")
        same = []
        if start and end:
            actor_ids = {known[k] for k, _ in event["actors"] if known.get(k)}
            same = find_same_events(
                crisis=crisis, date_start=start, date_end=end, actor_ids=actor_ids, text=event["summary"]
            )
            if same:
                warnings.append(f"Event {i + 1} may be the same as #{same[0][0].pk} “{same[0][0].headline}”.")
        initial = {
            "accept": True,
            "headline": event["summary"][:300],
            "type": event["type"],
            "date_start": start,
            "date_end": end,
            "precision": event["precision"] if event["date_start"] else "approximate",
            "date_text": event["date_text"] or "",
            "timeframe": {"now": "current"}.get(event["tense"], event["tense"]),
            "same_as": same[0][0].pk if same and same[0][1] >= 0.6 else None,
        }
        choices = [(e.pk, f"#{e.pk} {e.headline[:60]} ({e.date_start}, match {score:.0%})") for e, score in same]
        event_forms.append(EventReviewForm(data, prefix=f"event-{i}", initial=initial, same_choices=choices))
    actor_choices = [(a["name"], a["name"]) for a in payload["actors"]]
    event_choices = [(i, f"Event {i + 1}: {e['summary'][:50]}") for i, e in enumerate(payload["events"])]
    claim_forms = []
    for i, claim in enumerate(payload["claims"]):
        initial = {
            "accept": True,
            "claimant": claim["claimant"] or "",
            "claimant_text": claim["claimant_text"],
            "statement": claim["text"],
            "speech_act": claim["speech_act"],
            "figure_value": claim["figure_value"],
            "figure_unit": claim["figure_unit"],
            **{name: claim.get(name) for name in ClaimReviewForm.FIGURE_FIELDS},
            "event": claim["event_index"],
        }
        claim_forms.append(
            ClaimReviewForm(
                data, prefix=f"claim-{i}", initial=initial, actor_choices=actor_choices, event_choices=event_choices
            )
        )
    return actor_forms, event_forms, claim_forms, warnings


def _render_preview(request, admin_site, *, payload, token, crisis, result=None, runs=None, forms=None, status=200):
    actor_forms, event_forms, claim_forms, warnings = forms or _review_forms(payload, crisis)
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
        try:
            article = read_article(form)
            result = parse_input(
                article,
                published=form.cleaned_data["published"],
                title=form.cleaned_data["title"],
                outlet=form.cleaned_data["outlet"],
            )
        except IngestError as exc:
            form.add_error(None, str(exc))
        else:
            existing = find_existing_source(body=result.body, url=result.url)
            if existing is not None:
                messages.info(request, "This article is already stored; here it is. Nothing new was saved.")
                return redirect(reverse("admin:events_source_ingested", args=[existing.pk]))
            crisis = form.cleaned_data["crisis"]
            token = sign_preview(
                result=result, original=article.text, original_format=article.original_format, crisis_id=crisis.pk
            )
            payload = unsign_preview(token)
            return _render_preview(
                request,
                admin_site,
                payload=payload,
                token=token,
                crisis=crisis,
                result=result,
                runs=_highlight(result.body, result),
            )
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
    try:
        payload = unsign_preview(token)
    except signing.BadSignature:
        messages.error(
            request, "The preview was changed or has expired, so nothing was saved. Parse the article again."
        )
        return redirect(reverse("admin:events_source_ingest"))
    crisis = get_object_or_404(Crisis, pk=payload["crisis"])
    forms = _review_forms(payload, crisis, data=request.POST)
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
    if outcome.duplicate:
        messages.info(
            request, "This article was already stored (perhaps by a colleague just now). Nothing new was saved."
        )
    else:
        messages.success(
            request,
            f"Saved: {len(outcome.events_created)} new event(s), {len(outcome.events_corroborated)} corroborated, "
            f"{len(outcome.claims_created)} claim(s), {len(outcome.actors_created)} new actor(s), all as drafts.",
        )
    return redirect(reverse("admin:events_source_ingested", args=[outcome.source.pk]))


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
