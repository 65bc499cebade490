"""TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html). TimelineJS renders text as HTML,
so every text is escaped; dates carry only the parts their precision allows."""

import datetime as dt
import html
import json
from collections.abc import Iterator
from contextlib import closing

from django.db.models import QuerySet

from events.dates import date_label
from events.exports.common import CHUNK_BYTES, CHUNK_ROWS, Progress, ordered, reading
from events.models import Crisis, EventType, Precision

TIMELINE_FIELDS = ["id", "date_start", "date_end", "precision", "type", "headline", "summary"]
TYPE_LABELS = dict(EventType.choices)


def timeline_date(day: dt.date, precision: str) -> dict:
    """Only the parts the precision allows: (2019-02-13, "month") → {"year": 2019, "month": 2}."""
    if precision == Precision.YEAR:
        return {"year": day.year}
    if precision == Precision.MONTH:
        return {"year": day.year, "month": day.month}
    return {"year": day.year, "month": day.month, "day": day.day}


def timelinejs_event(event: dict) -> dict:
    start = timeline_date(event["date_start"], event["precision"])
    end = timeline_date(event["date_end"], event["precision"])
    slide = {
        "unique_id": f"event-{event['id']}",
        "start_date": start,
        "display_date": date_label(event["date_start"], event["date_end"], event["precision"]),
        "text": {"headline": html.escape(event["headline"]), "text": html.escape(event["summary"])},
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
        for event in rows:
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
