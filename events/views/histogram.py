"""The small chart above the timeline: entries per day, week, month or year, drawn as server-side SVG.

Honest about uncertainty: an entry whose possible span fits in one bar counts in that bar ("certain");
one whose span is wider (a month-precision entry on a daily chart) is drawn lighter on every bar it may
fall in ("possible"), never piled onto an invented day.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

from events.models import EventQuerySet

WIDTH, HEIGHT = 720, 96
GAP = 2
MIN_DAYS = 15


@dataclass
class Bar:
    start: dt.date
    end: dt.date
    label: str
    certain: int = 0
    possible: int = 0
    x: float = 0
    width: float = 0
    certain_y: float = HEIGHT
    certain_height: float = 0
    possible_y: float = HEIGHT
    possible_height: float = 0
    query: str = ""


@dataclass
class Histogram:
    unit: str
    bars: list[Bar]
    peak: int
    width: int = WIDTH
    height: int = HEIGHT


def unit_for(days: int) -> str:
    """The bar size that keeps the chart between a handful and ~60 bars: 30 days → "day", 300 → "week"."""
    if days <= 62:
        return "day"
    if days <= 370:
        return "week"
    if days <= 366 * 5:
        return "month"
    return "year"


def bins(start: dt.date, end: dt.date, unit: str) -> list[tuple[dt.date, dt.date, str]]:
    """Consecutive (first day, last day, label) covering start..end, aligned to calendar units."""
    if unit == "day":
        first = start
    elif unit == "week":
        first = start - dt.timedelta(days=start.weekday())
    elif unit == "month":
        first = start.replace(day=1)
    else:
        first = dt.date(start.year, 1, 1)
    out = []
    while first <= end:
        if unit == "day":
            last, label = first, f"{first.day} {first:%b %Y}"
        elif unit == "week":
            last, label = first + dt.timedelta(days=6), f"week of {first.day} {first:%b %Y}"
        elif unit == "month":
            last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
            label = f"{first:%b %Y}"
        else:
            last, label = dt.date(first.year, 12, 31), str(first.year)
        out.append((first, last, label))
        if last >= dt.date.max - dt.timedelta(days=1):
            break
        first = last + dt.timedelta(days=1)
    return out


def histogram(events: EventQuerySet, date_from: dt.date | None, date_to: dt.date | None) -> Histogram | None:
    """Bars for `events` (one grouped query over their date spans), between the filter's dates if given."""
    spans = list(events.order_by().values_list("date_start", "date_end").annotate(n=Count("id")))
    if not spans:
        return None
    # The data's own extent, inside the filter's range when one is given.
    low = max(min(s for s, _, _ in spans), date_from or dt.date.min)
    high = min(max(e for _, e, _ in spans), date_to or dt.date.max)
    if (short := MIN_DAYS - ((high - low).days + 1)) > 0:
        # A few days of entries: show them among their neighbours rather than as one wall-wide bar.
        low, high = low - dt.timedelta(days=short // 2), high + dt.timedelta(days=short - short // 2)
    unit = unit_for((high - low).days + 1)
    bars = [Bar(start=max(a, low), end=min(b, high), label=label) for a, b, label in bins(low, high, unit)]
    for start, end, n in spans:
        touched = [bar for bar in bars if bar.start <= end and start <= bar.end]
        if len(touched) == 1 and touched[0].start <= start and end <= touched[0].end:
            touched[0].certain += n
        else:
            for bar in touched:
                bar.possible += n
    peak = max(bar.certain + bar.possible for bar in bars) or 1
    step = WIDTH / len(bars)
    gap = GAP if step > 6 else 0
    for i, bar in enumerate(bars):
        bar.x, bar.width = round(i * step + gap / 2, 2), round(step - gap, 2)
        bar.certain_height = round(HEIGHT * bar.certain / peak, 2)
        bar.certain_y = round(HEIGHT - bar.certain_height, 2)
        bar.possible_height = round(HEIGHT * bar.possible / peak, 2)
        bar.possible_y = round(bar.certain_y - bar.possible_height, 2)
    return Histogram(unit=unit, bars=bars, peak=peak)
