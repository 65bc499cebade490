"""Turning one CSV row's cells into a checked `EventRow`, for our events CSV and for an ACLED CSV.

Each parser collects every error of its row ("row 17, date_start: '2019-02-30' is not a date", counting the
header as row 1 as a spreadsheet does) instead of stopping at the first. Nothing here touches the database.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from events.dates import MAX_DATE, MIN_DATE, Precision, date_bounds
from events.exports import acled
from events.exports.acled import TAG_PRECISION, TAG_TYPE
from events.exports.common import FORMAT_VERSION, unneutralise
from events.models import Event, EventActor, EventType, ReviewStatus
from events.text import fold

ROLES = {r.value for r in EventActor.Role}
ACTOR = re.compile(r"^(?P<name>.+?)\s*\((?P<role>[a-z]+)\)$")
TYPES_BY_LABEL = {fold(label): value for value, label in EventType.choices} | {v: v for v in EventType.values}
# The export's tables read backwards: ACLED's event type → ours, and a sub-event type that only one of our
# types exports to → that type ("Arrests" → arrest; "Other" is shared, so it says nothing).
ACLED_EVENT_TYPES = {fold(acled_type): kind for kind, (_, acled_type, _) in acled.ACLED_OWN_TYPES.items()}
ACLED_SUB_TYPES = {
    fold(sub): kind
    for kind, sub in acled.ACLED_SUB_TYPES.items()
    if list(acled.ACLED_SUB_TYPES.values()).count(sub) == 1
}
ACLED_PRECISIONS = {"1": Precision.DAY, "2": Precision.WEEK, "3": Precision.MONTH}
LIMITS = {"headline": 300, "date_text": 200, "location": 200, "country": 100, "name": 200}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"


@dataclass(frozen=True)
class EventRow:
    row: int
    date_start: dt.date
    date_end: dt.date
    precision: str
    date_text: str
    type: str
    headline: str
    summary: str
    location_name: str
    country: str
    latitude: Decimal | None
    longitude: Decimal | None
    fatalities: int | None
    timeframe: str
    status: str
    actors: tuple[tuple[str, str], ...]
    crisis: str = ""  # the crisis column as written (our format): must name the crisis imported into
    event_id: int | None = None  # the id column: never trusted for matching, but it must not be another crisis's

    @property
    def key(self) -> tuple:
        return self.date_start, self.date_end, self.headline


class RowParser:
    """Collects a row's errors while turning its cells into typed values."""

    def __init__(self, number: int, cells: dict):
        self.number, self.cells, self.errors = number, cells, []

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def text(self, column: str, *, limit: int | None = None, required: bool = False) -> str:
        value = unneutralise(self.cells.get(column) or "").strip()
        if required and not value:
            self.error(column, "is empty, but every event needs one")
        if limit and len(value) > limit:
            self.error(column, f"is {len(value)} characters long; at most {limit} fit")
        return value

    def date(self, column: str, value: str) -> dt.date | None:
        for parse in (dt.date.fromisoformat, lambda v: dt.datetime.strptime(v, "%d %B %Y").date()):
            try:
                day = parse(value)
            except ValueError:
                continue
            if not MIN_DATE <= day <= MAX_DATE:
                # The timeline shows these years only; and a week or month past 9999-12-31 has no last day.
                self.error(column, f"{value!r} is outside the years {MIN_DATE.year}-{MAX_DATE.year}")
                return None
            return day
        self.error(
            column, f"{value!r} is not a date (write YYYY-MM-DD)" if value else "is empty, but every event needs one"
        )
        return None

    def choice(self, column: str, value: str, choices, default: str) -> str:
        if not value:
            return default
        if value not in choices:
            self.error(column, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def decimal(self, column: str, bound: int) -> Decimal | None:
        value = self.text(column)
        if not value:
            return None
        try:
            number = Decimal(value).quantize(Decimal("0.00001"))
        except InvalidOperation:
            self.error(column, f"{value!r} is not a number")
            return None
        if not number.is_finite():  # NaN and Infinity parse, but compare with nothing
            self.error(column, f"{value!r} is not a number")
            return None
        if not -bound <= number <= bound:
            self.error(column, f"{value} is outside -{bound}..{bound}")
        return number

    def count(self, column: str) -> int | None:
        value = self.text(column)
        if not value:
            return None
        # ASCII digits only: "²" and "٣" are digits to str.isdigit() but not to int().
        if not (value.isascii() and value.isdigit()) or int(value) > 2**31 - 1:
            self.error(column, f"{value!r} is not a whole number of people")
            return None
        return int(value)

    def actor(self, column: str, cell: str, role: str) -> list[tuple[str, str]]:
        names = [n.strip() for n in unneutralise(cell).split(";") if n.strip()]
        for name in names:
            self.check_name(column, name)
        return [(name, role) for name in names]

    def check_name(self, column: str, name: str) -> bool:
        """An actor name fits the actor and its folded alias key (folding can lengthen it: "ﷺ")."""
        folded = fold(name)
        if len(name) > LIMITS["name"] or len(folded) > LIMITS["name"]:
            self.error(column, f"the actor name {name[:40]!r}… is longer than {LIMITS['name']} characters")
        elif not folded:
            self.error(column, f"the actor name {name!r} has no letters or digits to match it by")
        else:
            return True
        return False

    def actors(self, column: str) -> list[tuple[str, str]]:
        found = []
        for part in unneutralise(self.cells.get(column) or "").split(";"):
            if not (part := part.strip()):
                continue
            match = ACTOR.match(part)
            name, role = (match["name"], match["role"]) if match else (part, EventActor.Role.PARTICIPANT)
            if role not in ROLES:
                self.error(column, f"{role!r} in {part!r} is not a role ({', '.join(sorted(ROLES))})")
            elif self.check_name(column, name):
                found.append((name, role))
        return found

    def event_id(self, column: str) -> int | None:
        value = self.text(column)
        if not value:
            return None
        if not (value.isascii() and value.isdigit() and len(value) <= 18):
            self.error(column, f"{value[:40]!r} is not an event id")
            return None
        return int(value)

    def bounds(self, start: dt.date | None, end: dt.date | None) -> None:
        if start and end and end < start:
            self.error("date_end", f"{end.isoformat()} is before date_start {start.isoformat()}")


def parse_ours(number: int, cells: dict) -> tuple[EventRow | None, list[RowError]]:
    p = RowParser(number, cells)
    version = p.text("format_version")
    if version and version != FORMAT_VERSION:
        p.error("format_version", f"{version!r}: this importer reads version {FORMAT_VERSION}")
    precision = p.choice("precision", p.text("precision"), Precision.values, Precision.DAY)
    start = p.date("date_start", p.text("date_start"))
    end_text = p.text("date_end")
    end = p.date("date_end", end_text) if end_text else None
    if start and not end_text and precision in Precision.values:
        start, end = date_bounds(start, precision)
    p.bounds(start, end)
    kind = p.text("type")
    if kind and fold(kind) not in TYPES_BY_LABEL:
        p.error("type", f"{kind!r} is not an event type ({', '.join(EventType.values)})")
    row = dict(
        date_text=p.text("date_text", limit=LIMITS["date_text"]),
        type=TYPES_BY_LABEL.get(fold(kind), EventType.OTHER),
        headline=p.text("headline", limit=LIMITS["headline"], required=True),
        summary=p.text("summary"),
        location_name=p.text("location", limit=LIMITS["location"]),
        country=p.text("country", limit=LIMITS["country"]),
        latitude=p.decimal("latitude", 90),
        longitude=p.decimal("longitude", 180),
        fatalities=p.count("fatalities"),
        timeframe=p.choice("timeframe", p.text("timeframe"), Event.Timeframe.values, Event.Timeframe.CURRENT),
        status=p.choice("status", p.text("status"), ReviewStatus.values, ReviewStatus.DRAFT),
        actors=tuple(p.actors("actors")),
        crisis=p.text("crisis"),
        event_id=p.event_id("id"),
    )
    if p.errors:
        return None, p.errors
    return EventRow(number, start, end, precision, **row), []


def parse_acled(number: int, cells: dict) -> tuple[EventRow | None, list[RowError]]:
    p = RowParser(number, cells)
    tags = [t.strip() for t in p.text("tags").split(";")]
    tagged = {t.split("=", 1)[0] + "=": t.split("=", 1)[1] for t in tags if "=" in t}
    time_precision = p.text("time_precision") or "1"
    precision = tagged.get(TAG_PRECISION) or ACLED_PRECISIONS.get(time_precision)
    if precision not in Precision.values:
        p.error("time_precision", f"{time_precision!r} is not 1, 2 or 3")
        precision = Precision.DAY
    day = p.date("event_date", p.text("event_date"))
    start, end = date_bounds(day, precision) if day else (None, None)
    kind = tagged.get(TAG_TYPE) or ACLED_SUB_TYPES.get(fold(p.text("sub_event_type")))
    kind = kind or ACLED_EVENT_TYPES.get(fold(p.text("event_type")))
    if kind not in EventType.values:
        p.error("event_type", f"{p.text('event_type')!r} is not an ACLED event type")
    notes = p.text("notes", required=True)
    headline = re.split(r"(?<=[.!?])\s|\n", notes, maxsplit=1)[0][: LIMITS["headline"]].strip()
    actors = (
        p.actor("actor1", p.text("actor1"), EventActor.Role.INITIATOR)
        + p.actor("assoc_actor_1", p.text("assoc_actor_1"), EventActor.Role.PARTICIPANT)
        + p.actor("actor2", p.text("actor2"), EventActor.Role.TARGET)
        + p.actor("assoc_actor_2", p.text("assoc_actor_2"), EventActor.Role.TARGET)
    )
    row = dict(
        date_text="",
        type=kind,
        headline=headline,
        summary=notes if notes != headline else "",
        location_name=p.text("location", limit=LIMITS["location"]),
        country=p.text("country", limit=LIMITS["country"]),
        latitude=p.decimal("latitude", 90),
        longitude=p.decimal("longitude", 180),
        fatalities=p.count("fatalities"),
        timeframe=Event.Timeframe.CURRENT,
        status=ReviewStatus.DRAFT,
        actors=tuple(actors),
    )
    if p.errors:
        return None, p.errors
    return EventRow(number, start, end, precision, **row), []
