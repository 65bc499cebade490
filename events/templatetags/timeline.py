"""Honest date labels and small formatting filters for the analysts' pages.

A date is shown at the precision it is known to: a month-precision event reads "Feb 2019", never an
invented day.
"""

import datetime as dt

from django import template

from events.models import Precision

register = template.Library()


def _span(start: dt.date, end: dt.date, month: str) -> str:
    """(1 Feb 2019, 5 Feb 2019) → "1–5 Feb 2019"; across months or years the full dates are kept."""
    if start == end:
        return f"{start.day} {start.strftime(month)} {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {start.strftime(month)} {start.year}"
    if start.year == end.year:
        return f"{start.day} {start.strftime(month)} – {end.day} {end.strftime(month)} {start.year}"
    return f"{_span(start, start, month)} – {_span(end, end, month)}"


@register.filter
def date_label(event) -> str:
    """The short label of an entry's date at its precision.

    day → "2 Feb 2019"; approximate → "c. 2 Feb 2019"; week → "week of 28 Jan 2019"; month → "Feb 2019";
    year → "2019".
    """
    start, end, precision = event.date_start, event.date_end, event.precision
    if precision == Precision.YEAR:
        return str(start.year)
    if precision == Precision.MONTH:
        return start.strftime("%b %Y")
    if precision == Precision.WEEK:
        return f"week of {_span(start, start, '%b')}"
    if precision == Precision.APPROXIMATE:
        return f"c. {_span(start, end, '%b')}"
    return _span(start, end, "%b")


def date_heading(event) -> tuple[tuple, str]:
    """The group an entry sits under on the timeline, and that group's heading.

    day → "Saturday 2 February 2019"; approximate → "c. 2 February 2019"; week → "Week of 28 January 2019";
    month → "February 2019"; year → "2019".
    """
    start, end, precision = event.date_start, event.date_end, event.precision
    key = (precision, start, end)
    if precision == Precision.YEAR:
        return key, str(start.year)
    if precision == Precision.MONTH:
        return key, start.strftime("%B %Y")
    if precision == Precision.WEEK:
        return key, f"Week of {_span(start, start, '%B')}"
    if precision == Precision.APPROXIMATE:
        return key, f"c. {_span(start, end, '%B')}"
    if start == end:
        return key, f"{start.strftime('%A')} {_span(start, start, '%B')}"
    return key, _span(start, end, "%B")


@register.filter
def date_span(event) -> str:
    """Earliest and latest possible day, for the detail view: "1–28 Feb 2019"."""
    return _span(event.date_start, event.date_end, "%b")


@register.filter
def compact(number) -> str:
    """A count that stays short: 7 → "7", 1234 → "1.2k", 25000 → "25k"."""
    if number is None:
        return ""
    if number < 1000:
        return str(number)
    if number < 10_000:
        return f"{number / 1000:.1f}k".replace(".0k", "k")
    return f"{number // 1000}k"


@register.filter
def plural(number, words: str) -> str:
    """`3|plural:"source,sources"` → "3 sources"."""
    one, many = words.split(",")
    return f"{number} {one if number == 1 else many}"


@register.filter
def add_query(url: str, query) -> str:
    """`url|add_query:params` → "/crises/x/?actor=3", or the bare url when there is nothing to add."""
    encoded = query.urlencode() if hasattr(query, "urlencode") else str(query or "")
    return f"{url}?{encoded}" if encoded else url
