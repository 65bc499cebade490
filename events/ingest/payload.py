"""The parser's draft as a plain dict: what the preview shows and what a queued article stores.

`preview_payload(result, …)` turns an `IngestResult` into JSON-ready values (dates as ISO strings,
decimals as strings); the preview signs it into its form, the review queue keeps it in
`PendingArticle.payload`. Both give it back to the same review forms.

    preview_payload(result=r, original="<html>…", original_format="html", crisis_id=3)
    → {"crisis": 3, "title": "…", "body": "…", "events": [{"spans": [[10, 42]], …}], "claims": […], …}
    result_from_payload(payload) → IngestResult(...)   # back, for accepting a queued draft as it stands
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from events.ingest.figures import Figure, figure_fields
from events.ingest.types import (
    ActorCandidate,
    ClaimCandidate,
    DateResolution,
    EventCandidate,
    IngestResult,
)


def _jsonable(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def _decimal(value) -> Decimal | None:
    return Decimal(value) if value not in (None, "") else None


def _figure(claim: dict) -> Figure | None:
    """The structured figure a payload's claim carries (see `figure_fields`), or None."""
    if not claim.get("figure_measure"):
        return None
    return Figure(
        measure=claim["figure_measure"],
        value=_decimal(claim.get("figure_value")),
        low=_decimal(claim.get("figure_low")),
        high=_decimal(claim.get("figure_high")),
        text=claim.get("figure_text", ""),
        unit=claim.get("figure_unit", ""),
        pollster=claim.get("poll_pollster", ""),
        base=claim.get("poll_base"),
    )


def preview_payload(*, result: IngestResult, original: str, original_format: str, crisis_id: int) -> dict:
    """The parser's draft → the dict the review forms read (see the module docstring)."""
    payload = {
        "crisis": crisis_id,
        "original": original,
        "original_format": original_format,
        "title": result.title,
        "body": result.body,
        "published": _jsonable(result.published),
        "published_source": result.published_source,
        "outlet": result.outlet,
        "authors": list(result.authors),
        "url": result.url,
        "language": result.language,
        "unreported": [
            {"spans": _jsonable(e.spans), "summary": e.summary, "status": e.status, "type": e.type}
            for e in result.unreported
        ],
        "actors": [
            {"name": a.name, "kind": a.kind, "mentions": list(a.mentions), "known_id": a.known_id}
            for a in result.actors
        ],
        "events": [
            {
                "spans": _jsonable(e.spans),
                "summary": e.summary,
                "type": e.type,
                "actors": _jsonable(e.actors),
                "location": e.location,
                "tense": e.tense,
                "date_start": _jsonable(e.date.start),
                "date_end": _jsonable(e.date.end),
                "precision": e.date.precision,
                "date_text": e.date.text,
                "date_from_context": e.date.source == "context",
            }
            for e in result.events
        ],
        "claims": [
            {
                "start": c.start,
                "end": c.end,
                "text": c.text,
                "claimant": c.claimant,
                "claimant_text": c.claimant_text,
                "speech_act": c.speech_act,
                "figure_value": _jsonable(c.figure_value),
                "figure_unit": c.figure_unit,
                **{k: _jsonable(v) for k, v in figure_fields(c.figure).items()},
                "event_index": c.event_index,
                "about": list(c.about),
            }
            for c in result.claims
        ],
    }
    return payload


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _spans(value) -> tuple[tuple[int, int], ...]:
    return tuple((int(start), int(end)) for start, end in value)


def result_from_payload(payload: dict) -> IngestResult:
    """The stored draft back as the parser's `IngestResult` (evidence quotes re-read from the body), so a
    queued article can be accepted whole through `commit.draft_from_result`.

    result_from_payload(preview_payload(result=r, …)).events == r.events  # up to the evidence text
    """
    body = payload["body"]

    def event(e: dict) -> EventCandidate:
        spans = _spans(e["spans"])
        return EventCandidate(
            summary=e["summary"],
            type=e["type"],
            date=DateResolution(
                _date(e.get("date_start")),
                _date(e.get("date_end")),
                e.get("precision") or "approximate",
                e.get("date_text"),
                "context" if e.get("date_from_context") else "explicit",
            ),
            actors=tuple((name, role) for name, role in e.get("actors", ())),
            location=e.get("location"),
            spans=spans,
            evidence=" … ".join(body[start:end] for start, end in spans),
            tense=e.get("tense", "now"),
        )

    return IngestResult(
        title=payload.get("title"),
        body=body,
        published=_date(payload.get("published")),
        published_source=payload.get("published_source"),
        outlet=payload.get("outlet"),
        authors=tuple(payload.get("authors", ())),
        url=payload.get("url"),
        actors=tuple(
            ActorCandidate(name=a["name"], kind=a["kind"], mentions=tuple(a["mentions"]), known_id=a.get("known_id"))
            for a in payload.get("actors", ())
        ),
        events=tuple(event(e) for e in payload.get("events", ())),
        claims=tuple(
            ClaimCandidate(
                claimant=c["claimant"],
                claimant_text=c["claimant_text"],
                text=c["text"],
                speech_act=c["speech_act"],
                figure_value=Decimal(c["figure_value"]) if c.get("figure_value") is not None else None,
                figure_unit=c.get("figure_unit", ""),
                figure=_figure(c),
                start=c["start"],
                end=c["end"],
                evidence=body[c["start"] : c["end"]],
                event_index=c.get("event_index"),
                about=tuple(c.get("about", ())),
            )
            for c in payload.get("claims", ())
        ),
        warnings=tuple(payload.get("warnings", ())),
        language=payload.get("language") or "en",
    )
