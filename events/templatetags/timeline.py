"""Template filters for the analysts' pages: honest date labels (from `events.dates`) and small formats.

A date is shown at the precision it is known to: a month-precision event reads "Feb 2019", never an
invented day.
"""

from django import template

from events import dates

register = template.Library()


@register.filter
def date_label(event) -> str:
    """An entry's date at its precision (`events.dates.date_label`): "c. 2–5 Feb 2019", "Feb 2019"."""
    return dates.date_label(event.date_start, event.date_end, event.precision)


@register.filter
def date_span(event) -> str:
    """Earliest and latest possible day, for the detail view: "1–28 Feb 2019"."""
    return dates.span_label(event.date_start, event.date_end)


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
