"""The small chart above the timeline: entries per day, week, month or year, drawn as server-side SVG.

Honest about uncertainty: an entry whose possible span fits in one bar counts in that bar ("certain");
one whose span is wider (a month-precision entry on a daily chart) is drawn lighter on every bar it may
fall in ("possible"), never piled onto an invented day.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe

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
    svg: str = ""  # the bars, drawn by `draw` once their links are known

    def draw(self, url: str) -> None:
        """Draw each bar with entries as an SVG link to `url?<bar.query>` into `svg`: its hit area, then
        the lighter "possible" part and the "certain" part. Built here with the standard library's
        escaping: a chart has up to ~60 bars of ~15 values each, too many for template lookups."""
        out = []
        for bar in self.bars:
            if not (bar.certain or bar.possible):
                continue
            href, label = escape(f"{url}?{bar.query}"), escape(bar.label)
            noun = "entry" if bar.certain == 1 else "entries"
            more = f", {bar.possible} more possibly" if bar.possible else ""
            extra = f" (+{bar.possible} possibly)" if bar.possible else ""
            rects = f'<rect class="hit" x="{bar.x}" y="0" width="{bar.width}" height="{self.height}"></rect>'
            if bar.possible:
                rects += (
                    f'<rect class="possible" x="{bar.x}" y="{bar.possible_y}" width="{bar.width}" '
                    f'height="{bar.possible_height}"></rect>'
                )
            if bar.certain:
                rects += (
                    f'<rect class="certain" x="{bar.x}" y="{bar.certain_y}" width="{bar.width}" '
                    f'height="{bar.certain_height}"></rect>'
                )
            out.append(
                f'<a href="{href}" hx-get="{href}" hx-target="#results" hx-swap="outerHTML" hx-push-url="true" '
                f'hx-indicator="#results" class="bar" aria-label="{label}: {bar.certain} {noun}{more}">'
                f"<title>{label}: {bar.certain}{extra}</title>{rects}</a>"
            )
        self.svg = mark_safe("\n".join(out))  # labels and links escaped; the rest are numbers


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


def histogram(spans: list[tuple[dt.date, dt.date, int, bool]], date_from: dt.date | None, date_to: dt.date | None):
    """Bars for entries given as (date_start, date_end, how many, dated only roughly), between the filter's
    dates if given; None when there are none. Returns a Histogram. A roughly dated entry ("c. 2 Feb") is
    always "possible", drawn lighter as the legend says, even when its span fits in one bar."""
    if not spans:
        return None
    # The data's own extent, inside the filter's range when one is given.
    low = max(min(s for s, *_ in spans), date_from or dt.date.min)
    high = min(max(e for _, e, *_ in spans), date_to or dt.date.max)
    if (short := MIN_DAYS - ((high - low).days + 1)) > 0:
        # A few days of entries: show them among their neighbours rather than as one wall-wide bar.
        low, high = low - dt.timedelta(days=short // 2), high + dt.timedelta(days=short - short // 2)
    unit = unit_for((high - low).days + 1)
    bars = [Bar(start=max(a, low), end=min(b, high), label=label) for a, b, label in bins(low, high, unit)]
    for start, end, n, rough in spans:
        touched = [bar for bar in bars if bar.start <= end and start <= bar.end]
        if not rough and len(touched) == 1 and touched[0].start <= start and end <= touched[0].end:
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
