"""Stage 3: date phrases in the body → dates with bounds and precision, relative to publication.

One compiled regex finds candidate phrases (so "may", "now" and "the march on" never reach a parser);
each distinct phrase is resolved once. Weekdays and "last week"-style phrases are counted from the
publication date here, because dateparser's rules for them are wrong for news ("Thursday" in a Thursday
article is that day). Calendar phrases ("Feb. 11, 2011", "22.2.2021", "June 30") go to one reused
`DateDataParser(languages=["en"])` with an explicit RELATIVE_BASE: this is the only module that calls
dateparser, and it never resolves against "now".
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from datetime import date, datetime, timedelta
from functools import lru_cache

from .story_days import story_day_mentions
from .types import DateMention, DateResolution

MAX_MENTIONS = 2000  # a pathological text (12,000 date-like tokens) is cut here, not parsed forever
MAX_DISTINCT = 400

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
    | {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
    | {"sept": 9}
)
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3}  # fmt: skip

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_NOT_TIME = r"(?![\d:]|\s*(?:GMT|UTC|BST|CET|EST|EDT|PST|ET|hours|hrs|h\b|local\b|a\.?m\b|p\.?m\b))"
DATE_PHRASE = re.compile(
    rf"""
    (?P<iso>\b{_YEAR}-[01]\d-[0-3]\d\b)
  | (?P<numeric>\b[0-3]?\d[./][01]?\d[./]{_YEAR}\b)
  | (?P<mdy>\b{_MONTH}\s+[0-3]?\d(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?(?![:\d]))
  | (?P<dmy>\b[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?:{_YEAR}|\d\d)\b)?)
  | (?P<monthyear>\b(?:(?i:in|since|by|until|till|from|during|through|
      of|early|late|mid|last|next|this)[\s-]+)?{_MONTH}\s+{_YEAR}\b)
  | (?P<month>\b(?i:in|since|by|until|till|from|during|through|early|late|
      mid|last|next|this)(?:\s+|-)(?:early\s+|late\s+|mid-?)?
        (?:January|February|March|April|May|June|July|August|September|October|November|December)\b(?!\.?\s+[0-3]?\d\b))
  | (?P<weekday>\b(?:(?i:last|next|this|early|late|on)\s+)?{_WEEKDAY}(?:'s|’s)?{_PART}\b)
  | (?P<relative>\b(?i:yesterday|today|tonight|tomorrow|overnight|last\s+night
        |(?:earlier\s+|later\s+)?(?:this|last|next|past)\s+(?:week(?:end)?|month|year|morning|afternoon|evening)
        |(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|
            several|few)\s+(?:days?|weeks?|months?|years?)\s+ago)\b)
  | (?P<year>\b(?i:in|since|by|until|till|from|during|of|early|late|mid|
      before|after)[\s-]+(?:the\s+(?:end|start|beginning)\s+of\s+)?{_YEAR}\b{_NOT_TIME})
    """,
    re.X,
)
# Phrases before a date that say it lies ahead ("will meet on Friday", "due on Nov. 24").
AHEAD = re.compile(
    r"\b(?:will|would|plans?|planned|planning|scheduled|due|expected|set to|to be held|"
    r"next|upcoming|until)\b[^.]{0,60}$",
    re.I,
)


PAGE_STAMP = re.compile(r"^(?:(?:last\s+)?updated|published|posted|first published)\b", re.I)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
STAMP_REACH = 120  # a page's time stamp is a short line of its own
CALENDAR_WORD = re.compile(_MONTH.removesuffix(r"\.?"), re.I)
FOUR_DIGIT_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def warm_up() -> None:
    """Pay dateparser's first-call cost (~1.5 s of locale loading) now, e.g. at worker start.

    warm_up() → None (afterwards resolve_date("Feb. 11, 2011", None) takes milliseconds)
    """
    _parser(None).get_date_data("February 2, 2019")


@lru_cache(maxsize=16)
def _parser(published: date | None):
    """One DateDataParser per publication date, reused for every phrase of the article.

    _parser(date(2019, 2, 3)).get_date_data("June 30").date_obj → datetime(2019, 6, 30)
    """
    from dateparser.date import DateDataParser  # heavy import, only needed when dates are resolved

    base = datetime.combine(published or date(2000, 1, 1), datetime.min.time())
    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DAY_OF_MONTH": "first", "RETURN_TIME_AS_PERIOD": False},
    )


def find_date_mentions(text: str, published: date | None, *, today: date | None = None) -> list[DateMention]:
    """Every resolvable date phrase in `text`, in order, each phrase parsed once.

    ("On Saturday, crowds marched.", date(2019, 2, 3)) → [DateMention(3, 11, DateResolution(2019-02-02, …, "day"))]
    ("He may go now.", date(2019, 2, 3)) → []
    """
    names_pub_weekday = published is not None and WEEKDAYS[published.weekday()] in text.lower()
    cache: dict[tuple[str, bool], DateResolution | None] = {}
    mentions: list[DateMention] = []
    for match in DATE_PHRASE.finditer(text):
        if len(mentions) >= MAX_MENTIONS:
            break
        phrase = match.group(0)
        ahead = bool(AHEAD.search(text[max(0, match.start() - 80) : match.start()]))
        key = (phrase, ahead)
        if key not in cache:
            if len(cache) >= MAX_DISTINCT:
                continue
            cache[key] = resolve_date(phrase, published, ahead=ahead, names_pub_weekday=names_pub_weekday, today=today)
        if cache[key] is not None and not _page_stamp(text, match):
            mentions.append(DateMention(match.start(), match.end(), cache[key]))
    mentions = carry_years(text, mentions, published or today)
    if published is not None:
        mentions = sorted(mentions + story_day_mentions(text, published), key=lambda m: m.start)
    return mentions


def _page_stamp(text: str, match: re.Match) -> bool:
    """A page's own time stamp ("Updated 3 days ago", "Published: 2 hours ago") dates the page, not an event.

    ("Updated 3 days ago\n…", "3 days ago") → True;  ("Police fired tear gas 3 days ago.", …) → False
    """
    # A stamp is a short line of its own: look no further than STAMP_REACH either side (a paragraph of
    # thousands of dated sentences would otherwise be sliced whole for each of them).
    line_start = text.rfind("\n", max(0, match.start() - STAMP_REACH), match.start())
    line_end = text.find("\n", match.end(), match.end() + STAMP_REACH)
    if line_start == -1 and match.start() > STAMP_REACH or line_end == -1 and len(text) - match.end() > STAMP_REACH:
        return False
    line = text[line_start + 1 : line_end if line_end != -1 else len(text)].strip()
    return bool(PAGE_STAMP.match(line)) or (match.lastgroup == "relative" and len(line) <= len(match.group()) + 12)


def carry_years(text: str, mentions: list[DateMention], reference: date | None) -> list[DateMention]:
    """Give a yearless date the year the text itself is about, before falling back on the publication year.

    A month and day written with a year earlier in the text keep that year when repeated without it
    ("the Jan. 6, 2021 attack … since Jan. 6" → 2021-01-06); a yearless date in the same or the next paragraph
    after a dated one of an earlier year takes that year ("In July 2024 riots spread … On July 30, …" in a 2025
    report → 2024-07-30). Dates with a year, weekdays and relative phrases are left as they are.
    (text, [Jan. 6, 2021 → 2021-01-06; Jan. 6 → 2023-01-06], 2023-05-01) → [2021-01-06; 2021-01-06]
    """
    if reference is None:
        return mentions
    paragraph_starts = [0] + [m.end() for m in PARAGRAPH_BREAK.finditer(text)]
    seen: dict[tuple[int, int], int] = {}
    context: tuple[int, int] | None = None  # (year, paragraph) of the last dated phrase of an earlier year
    carried = []
    for mention in mentions:
        when = mention.date
        paragraph = bisect_right(paragraph_starts, mention.start)
        phrase = when.text or ""
        if when.start is None or when.precision not in ("day", "month") or not CALENDAR_WORD.search(phrase):
            carried.append(mention)
            continue
        if FOUR_DIGIT_YEAR.search(phrase):
            seen[(when.start.month, when.start.day)] = when.start.year
            context = (when.start.year, paragraph) if when.start.year < reference.year else None
            carried.append(mention)
            continue
        year = seen.get((when.start.month, when.start.day))
        if year is None and context is not None and paragraph - context[1] <= 1:
            year = context[0]
        carried.append(_in_year(mention, year) if year and year != when.start.year else mention)
    return carried


def _in_year(mention: DateMention, year: int) -> DateMention:
    """The same mention moved to `year`: (July 30 → 2025-07-30, 2024) → 2024-07-30 (Feb. 29 stays put)."""
    when = mention.date
    try:
        start, end = when.start.replace(year=year), when.end.replace(year=year)
    except ValueError:
        return mention
    if when.precision == "month":
        end = date(year, end.month, calendar.monthrange(year, end.month)[1])
    return DateMention(mention.start, mention.end, DateResolution(start, end, when.precision, when.text, when.source))


def resolve_date(
    phrase: str,
    published: date | None,
    *,
    ahead: bool = False,
    names_pub_weekday: bool = False,
    today: date | None = None,
) -> DateResolution | None:
    """One date phrase → bounds and precision relative to the publication date, or None.

    ("Saturday", date(2019, 2, 3)) → 2019-02-02 day;  ("Thursday", date(2012, 11, 22)) → 2012-11-22 day
    ("last week", date(2014, 2, 24)) → 2014-02-17..2014-02-23 week;  ("in March", date(2019, 10, 10)) → 2019-03 month
    ("2000 GMT", …) → None;  ("February 30, 2024", …) → None
    """
    words = phrase.lower().replace("’s", "").replace("'s", "")
    match = DATE_PHRASE.fullmatch(phrase)
    kind = match.lastgroup if match else None
    if kind == "weekday":
        return _weekday(words, phrase, published, ahead=ahead, names_pub_weekday=names_pub_weekday)
    if kind == "relative":
        return _relative(words, phrase, published)
    if kind == "year":
        year = int(re.search(r"\d{4}", words).group())
        return _plausible(DateResolution(date(year, 1, 1), date(year, 12, 31), "year", phrase), published or today)
    if kind == "month":
        name = re.search(r"(?:" + "|".join(m.lower() for m in calendar.month_name if m) + r")\b", words).group()
        month = MONTHS[name]
        year = _year_for(month, 1, published or today, ahead=ahead or words.startswith("next"))
        if year is None:
            return None
        return _month(year, month, phrase)
    if kind is None or not _numbers_valid(words):
        return None
    return _calendar(phrase, kind, published, ahead=ahead, today=today)


def _weekday(words: str, phrase: str, published: date | None, *, ahead: bool, names_pub_weekday: bool):
    """A weekday counted from publication: back up to six days, forward only for the next day.

    ("Saturday", Sunday 2019-02-03) → 2019-02-02;  ("Wednesday", Tuesday article that also says
    "Tuesday") → the next day, since the piece was written or updated a day on, or ahead in time zone.
    """
    if published is None:
        return None
    target = next(i for i, name in enumerate(WEEKDAYS) if name in words)
    back = (published.weekday() - target) % 7
    if words.startswith("last "):
        back = back or 7
        day = published - timedelta(days=back)
    elif words.startswith("next ") or (ahead and back):
        day = published + timedelta(days=(7 - back) % 7 or 7)
    elif back == 6 and names_pub_weekday:
        day = published + timedelta(days=1)
    else:
        day = published - timedelta(days=back)
    return DateResolution(day, day, "day", phrase)


def _relative(words: str, phrase: str, published: date | None) -> DateResolution | None:
    """Relative words from the publication day: yesterday, last week, two months ago, this weekend.

    ("yesterday", 2019-02-03) → 2019-02-02 day;  ("this week", 2019-11-10) → 2019-11-04..10 week
    """
    if published is None:
        return None
    if words in ("today", "tonight") or re.fullmatch(r"(?:earlier |later )?this (?:morning|afternoon|evening)", words):
        return DateResolution(published, published, "day", phrase)
    if words in ("yesterday", "last night"):
        day = published - timedelta(days=1)
        return DateResolution(day, day, "day", phrase)
    if words == "overnight":  # the night before the report
        return DateResolution(published - timedelta(days=1), published, "approximate", phrase)
    if words == "tomorrow":
        day = published + timedelta(days=1)
        return DateResolution(day, day, "day", phrase)
    if ago := re.fullmatch(r"(\w+) (day|week|month|year)s? ago", words):
        count = int(ago.group(1)) if ago.group(1).isdigit() else NUMBER_WORDS[ago.group(1)]
        unit = ago.group(2)
        if unit == "day":
            day = published - timedelta(days=count)
            return DateResolution(day, day, "day", phrase)
        if unit == "week":
            return _week(published - timedelta(weeks=count), phrase)
        if unit == "month":
            month_index = published.year * 12 + published.month - 1 - count
            return _month(month_index // 12, month_index % 12 + 1, phrase)
        return _plausible(
            DateResolution(date(published.year - count, 1, 1), date(published.year - count, 12, 31), "year", phrase),
            published,
        )
    shift = -1 if re.search(r"\b(?:last|past)\b", words) else 1 if "next" in words else 0
    if words.endswith("weekend"):
        saturday = published - timedelta(days=(published.weekday() - 5) % 7) + timedelta(weeks=max(shift, 0))
        if shift < 0 and published.weekday() >= 5:
            saturday -= timedelta(weeks=1)
        return DateResolution(saturday, saturday + timedelta(days=1), "approximate", phrase)
    if words.endswith("week"):
        return _week(published + timedelta(weeks=shift), phrase)
    if words.endswith("month"):
        month_index = published.year * 12 + published.month - 1 + shift
        return _month(month_index // 12, month_index % 12 + 1, phrase)
    if words.endswith("year"):
        year = published.year + shift
        return DateResolution(date(year, 1, 1), date(year, 12, 31), "year", phrase)
    return None


def _calendar(
    phrase: str, kind: str, published: date | None, *, ahead: bool, today: date | None = None
) -> DateResolution | None:
    """Calendar dates through dateparser; yearless ones get the publication year, or the one before.

    ("Feb. 11, 2011", …) → 2011-02-11 day;  ("June 30", 2012-11-22) → 2012-06-30;  ("Dec. 30", 2019-02-03) → 2018-12-30
    """
    cleaned = re.sub(
        r"^(?:in|since|by|until|till|from|during|through|of|early|late|mid|last|next|this)[\s-]+",
        "",
        phrase,
        flags=re.I,
    )
    data = _parser(published).get_date_data(cleaned)
    if data.date_obj is None:
        return None
    found = data.date_obj.date()
    if kind == "monthyear":
        return _plausible(_month(found.year, found.month, phrase), published or today)
    has_year = bool(re.search(r"\d{4}", cleaned)) or (
        kind == "dmy" and bool(re.search(r"[a-z.],?\s+\d\d$", cleaned, re.I))
    )
    if not has_year:
        year = _year_for(found.month, found.day, published or today, ahead=ahead)
        if year is None:
            return None
        found = found.replace(year=year)
    return _plausible(DateResolution(found, found, "day", phrase), published or today)


def _year_for(month: int, day: int, published: date | None, *, ahead: bool) -> int | None:
    """The year of a yearless date: the latest one not well after publication (or the next if ahead).

    (6, 30, 2012-11-22) → 2012;  (12, 30, 2019-02-03) → 2018;  (11, 24, 2019-11-10, ahead=True) → 2019
    """
    if published is None:
        return None  # no publication date and no day of reference: the year is unknown
    year = published.year
    try:
        candidate = date(year, month, min(day, 28) if month == 2 else day)
    except ValueError:
        return year
    if candidate > published + timedelta(days=7) and not ahead:
        return year - 1
    if ahead and candidate < published - timedelta(days=7):
        return year + 1
    return year


def _numbers_valid(words: str) -> bool:
    """Reject day numbers no month has before dateparser guesses around them.

    "32 dec 10" → False;  "feb. 11, 2011" → True
    """
    for number in re.findall(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", words):
        if not 1 <= int(number) <= 31:
            return False
    return True


def _plausible(resolution: DateResolution | None, published: date | None) -> DateResolution | None:
    """Drop dates no news report means: before 1800 or years after publication (or the day of reference).

    (DateResolution(2032-12-10 …), 2019-02-03) → None
    """
    if resolution is None:
        return None
    latest = published + timedelta(days=3 * 366) if published else date.max
    if resolution.start.year < 1800 or resolution.start > latest:
        return None
    return resolution


def _week(day: date, phrase: str) -> DateResolution:
    """The Monday-to-Sunday week holding `day`: (2014-02-19, "last week") → 2014-02-17..2014-02-23 week."""
    monday = day - timedelta(days=day.weekday())
    return DateResolution(monday, monday + timedelta(days=6), "week", phrase)


def _month(year: int, month: int, phrase: str) -> DateResolution:
    """A whole month: (2019, 3, "in March") → 2019-03-01..2019-03-31 month (never a made-up day)."""
    return DateResolution(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month", phrase)


def infer_published(text: str) -> date | None:
    """The publication date a text implies: its latest full date that falls on a weekday it names.

    "… February 2, 2019 … on Saturday …" → date(2019, 2, 2) (a Saturday);  "no dates here" → None
    """
    lowered = text.lower()
    named = {i for i, name in enumerate(WEEKDAYS) if re.search(rf"\b{name}\b", lowered)}
    best = None
    for match in DATE_PHRASE.finditer(text[:50_000]):
        if match.lastgroup not in ("iso", "numeric", "mdy", "dmy") or not re.search(r"\d{4}", match.group(0)):
            continue
        resolution = resolve_date(match.group(0), None)
        if resolution and resolution.precision == "day" and resolution.start.weekday() in named:
            best = max(best or resolution.start, resolution.start)
    return best
