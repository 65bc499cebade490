"""The one home of honest dates: precisions, the span a precision allows, and every label we print.

Models, pages, templates and exports all import from here, so the same event reads the same everywhere:
"2 Feb 2019", "c. 2–5 Feb 2019", "week of 28 Jan 2019", "Feb 2019", "2019". No day is ever invented.
Labels are built from fixed English month names, never from the process locale.
"""

import calendar
import datetime as dt

from django.db import models

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Precision(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    APPROXIMATE = "approximate", "Approximate"


# The years the product can mean, and the timeline show: filters, cursors and imports refuse dates outside.
MIN_DATE = dt.date(1800, 1, 1)
MAX_DATE = dt.date(2200, 12, 31)


def date_bounds(day: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """Earliest and latest possible day of a date known to `precision`.

    (2019-02-13, "month") → (2019-02-01, 2019-02-28); (2019-02-13, "week") → Monday..Sunday of that week.
    "approximate" keeps the given day: the caller widens the span if it knows more.
    """
    if precision == Precision.WEEK:
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if precision == Precision.MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    if precision == Precision.YEAR:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return day, day


def _month(day: dt.date, *, short: bool) -> str:
    name = MONTHS[day.month - 1]
    return name[:3] if short else name


def span_label(start: dt.date, end: dt.date, *, short: bool = True) -> str:
    """(1 Feb 2019, 5 Feb 2019) → "1–5 Feb 2019"; across months or years the full dates are kept:
    (30 Jan 2019, 2 Feb 2019) → "30 Jan – 2 Feb 2019"; short=False spells the month out."""
    if start == end:
        return f"{start.day} {_month(start, short=short)} {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {_month(start, short=short)} {start.year}"
    if start.year == end.year:
        return f"{start.day} {_month(start, short=short)} – {end.day} {_month(end, short=short)} {start.year}"
    return f"{span_label(start, start, short=short)} – {span_label(end, end, short=short)}"


def date_label(start: dt.date, end: dt.date, precision: str) -> str:
    """The short label of a date at its precision, on pages and in every export.

    day → "2 Feb 2019"; approximate → "c. 2 Feb 2019" or "c. 1–5 Feb 2019"; week → "week of 28 Jan 2019";
    month → "Feb 2019"; year → "2019".
    """
    if precision == Precision.YEAR:
        return str(start.year)
    if precision == Precision.MONTH:
        return f"{_month(start, short=True)} {start.year}"
    if precision == Precision.WEEK:
        return f"week of {span_label(start, start)}"
    if precision == Precision.APPROXIMATE:
        return f"c. {span_label(start, end)}"
    return span_label(start, end)


def date_heading(start: dt.date, end: dt.date, precision: str) -> tuple[tuple, str]:
    """The group a date sits under on the timeline, and that group's heading.

    day → "Saturday 2 February 2019"; approximate → "c. 2 February 2019"; week → "Week of 28 January 2019";
    month → "February 2019"; year → "2019".
    """
    key = (precision, start, end)
    if precision == Precision.YEAR:
        return key, str(start.year)
    if precision == Precision.MONTH:
        return key, f"{_month(start, short=False)} {start.year}"
    if precision == Precision.WEEK:
        return key, f"Week of {span_label(start, start, short=False)}"
    if precision == Precision.APPROXIMATE:
        return key, f"c. {span_label(start, end, short=False)}"
    if start == end:
        return key, f"{WEEKDAYS[start.weekday()]} {span_label(start, start, short=False)}"
    return key, span_label(start, end, short=False)
