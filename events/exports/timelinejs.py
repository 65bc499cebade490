"""TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html). TimelineJS renders text as HTML,
so every text is escaped; dates carry only the parts their precision allows. A slide's text is the summary,
the first evidence quote, the source it comes from (title, outlet, date) as a credit line, and the actors,
so every slide says something and where it comes from even when no editor wrote a summary."""

import datetime as dt
import html
import itertools
import json
from collections.abc import Iterator
from contextlib import closing

from django.db.models import QuerySet

from events.dates import date_label
from events.exports.common import CHUNK_BYTES, CHUNK_ROWS, Progress, ordered, reading
from events.models import Crisis, EventActor, EventType, Evidence, Precision
from events.sql import among

TIMELINE_FIELDS = ["id", "date_start", "date_end", "precision", "type", "headline", "summary"]
TYPE_LABELS = dict(EventType.choices)


def timeline_date(day: dt.date, precision: str) -> dict:
    """Only the parts the precision allows: (2019-02-13, "month") → {"year": 2019, "month": 2}."""
    if precision == Precision.YEAR:
        return {"year": day.year}
    if precision == Precision.MONTH:
        return {"year": day.year, "month": day.month}
    return {"year": day.year, "month": day.month, "day": day.day}


def slide_text(event: dict) -> str:
    """The slide's HTML, every value escaped: the summary, the first evidence quote, its source as a credit
    and the actors. {"summary": "", "quote": "He defected", "source": ("Army split", "Reuters",
    date(2019, 2, 2)), "actors": ["Yanez"]} → '<blockquote>He defected</blockquote><p class="credit">
    Source: <cite>Army split</cite>, Reuters, 2 Feb 2019</p><p class="actors">Actors: Yanez</p>'."""
    parts = []
    if event["summary"]:
        parts.append(f"<p>{html.escape(event['summary'])}</p>" if event.get("quote") else html.escape(event["summary"]))
    if quote := event.get("quote"):
        parts.append(f"<blockquote>{html.escape(quote)}</blockquote>")
    if source := event.get("source"):
        title, outlet, published = source
        cells = [f"<cite>{html.escape(title)}</cite>" if title else "", html.escape(outlet or "")]
        cells.append(f"{published.day} {published:%b %Y}" if published else "")
        parts.append(f'<p class="credit">Source: {", ".join(c for c in cells if c)}</p>')
    if actors := event.get("actors"):
        parts.append(f'<p class="actors">Actors: {html.escape(", ".join(actors))}</p>')
    return "".join(parts)


def with_slide_sources(rows: Iterator[dict]) -> Iterator[dict]:
    """Event dicts with `quote` and `source` (title, outlet, published_on) of their first evidence and their
    `actors`' names in the order they were added: two queries per chunk of CHUNK_ROWS events."""
    for chunk in itertools.batched(rows, CHUNK_ROWS):
        ids = [row["id"] for row in chunk]
        first = {}
        for event_id, quote, *source in (
            Evidence.objects.filter(among("event_id", ids))
            .order_by("-id")
            .values_list("event_id", "quote", "source__title", "source__outlet", "source__published_on")
        ):
            first[event_id] = (quote, tuple(source))  # ordered by -id: the lowest id is kept last
        actors: dict[int, list[str]] = {}
        for event_id, name in (
            EventActor.objects.filter(among("event_id", ids))
            .order_by("event_id", "id")
            .values_list("event_id", "actor__name")
        ):
            actors.setdefault(event_id, []).append(name)
        for row in chunk:
            row["quote"], row["source"] = first.get(row["id"], ("", None))
            row["actors"] = list(dict.fromkeys(actors.get(row["id"], [])))
            yield row


def timelinejs_event(event: dict) -> dict:
    start = timeline_date(event["date_start"], event["precision"])
    end = timeline_date(event["date_end"], event["precision"])
    slide = {
        "unique_id": f"event-{event['id']}",
        "start_date": start,
        "display_date": date_label(event["date_start"], event["date_end"], event["precision"]),
        "text": {"headline": html.escape(event["headline"]), "text": slide_text(event)},
        "group": TYPE_LABELS.get(event["type"], event["type"]),
    }
    if end != start:
        slide["end_date"] = end
    return slide


def timelinejs_title(crisis: Crisis) -> dict:
    return {"text": {"headline": html.escape(crisis.name), "text": html.escape(crisis.summary)}}


def stream_timelinejs(crisis: Crisis, events: QuerySet, *, progress: Progress = None) -> Iterator[bytes]:
    """`{"title": …, "events": […]}` in chunks of about CHUNK_BYTES."""
    parts = ['{"title": ', json.dumps(timelinejs_title(crisis), ensure_ascii=False), ', "events": [']
    size, count, separator = 0, 0, ""
    with reading(events.db), closing(ordered(events).values(*TIMELINE_FIELDS).iterator(chunk_size=CHUNK_ROWS)) as rows:
        for event in with_slide_sources(rows):
            part = separator + json.dumps(timelinejs_event(event), ensure_ascii=False)
            parts.append(part)
            separator = ", "
            size += len(part)
            count += 1
            if size >= CHUNK_BYTES:
                yield "".join(parts).encode()
                parts, size = [], 0
                if progress:
                    progress(count)
                count = 0
    parts.append("]}\n")
    yield "".join(parts).encode()
    if progress and count:
        progress(count)
