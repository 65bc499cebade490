"""Stage 5b: the figure a claim states, as a measure, a range with the words kept, a unit and, for polls,
who polled and how many.

A figure is a range so that claims can be compared: "12 dead" is [12, 12], "more than 40 killed" is
[40, open], "between 10,000 and 20,000 people" is [10000, 20000] and "tens of thousands marched" is
[20000, 99999] with "tens of thousands" kept as written. Number words ("twelve", "two million") are read
by text2num; vague amounts, qualifiers and ranges by the patterns below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from text_to_num import alpha2digit

MEASURES = (
    "crowd_size", "killed", "injured", "arrested", "displaced", "percent", "votes", "money", "other",
)  # fmt: skip

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALE = r"(?:\s+(?P<{}>million|billion|thousand))?"
# "tens of thousands" → [20000, 99999]: at least two of the step named, fewer than ten of the next one.
VAGUE = {
    "a handful of": (2, 9),
    "dozens of": (24, 99),
    "scores of": (40, 199),
    "a few hundred": (200, 500),
    "several hundred": (300, 999),
    "hundreds of thousands of": (200_000, 999_999),
    "hundreds of thousands": (200_000, 999_999),
    "hundreds of": (200, 999),
    "a few thousand": (2_000, 5_000),
    "several thousand": (3_000, 9_999),
    "tens of thousands of": (20_000, 99_999),
    "tens of thousands": (20_000, 99_999),
    "thousands of": (2_000, 9_999),
    "millions of": (2_000_000, 999_999_999),
}
VAGUE_RE = re.compile(r"\b(?P<words>" + "|".join(sorted(map(re.escape, VAGUE), key=len, reverse=True)) + r")", re.I)
QUALIFIED = re.compile(
    r"(?<![\w.$])(?:(?P<between>between|from)\s+(?P<cur1>\$|US\$|€|£)?(?P<a>" + NUMBER + ")" + SCALE.format("sa")
    + r"\s*(?:%|percent|per cent)?\s+(?:and|to)\s+)?"
    r"(?:(?P<qual>no fewer than|no less than|not less than|more than|over|at least|upwards of|in excess of|"
    r"fewer than|less than|under|up to|at most|"
    r"about|around|some|roughly|approximately|nearly|almost|close to|an estimated)\s+)?"
    r"(?P<cur>\$|US\$|€|£)?(?P<b>" + NUMBER + ")" + SCALE.format("sb")
    + r"(?:\s*(?:-|–|to)\s*(?P<c>" + NUMBER + ")" + SCALE.format("sc") + r")?",
    re.I,
)  # fmt: skip
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, None: 1}
AT_LEAST = {
    "no fewer than",
    "no less than",
    "not less than",
    "more than",
    "over",
    "at least",
    "upwards of",
    "in excess of",
}
AT_MOST = {"fewer than", "less than", "under", "up to", "at most"}
ABOUT = {"about", "around", "some", "roughly", "approximately", "close to", "an estimated"}
BELOW = {"nearly", "almost"}

# What a figure counts, from the words right after it (or, failing those, anywhere in the claim).
MEASURE_WORDS = (
    ("percent", r"%|percent|per cent|percentage points?"),
    ("killed", r"(?:people\s+|civilians\s+|protesters\s+|soldiers\s+)?"
               r"(?:dead|deaths?|killed|died|fatalities|bodies|lives)"),
    ("injured", r"(?:people\s+)?(?:injured|wounded|hurt|injuries)"),
    ("arrested", r"(?:people\s+)?(?:arrests?|arrested|detained|detentions?|detainees|political prisoners|prisoners)"),
    ("displaced", r"(?:people\s+)?(?:displaced|refugees|fled|migrants|evacuated)"),
    ("votes", r"votes?|ballots"),
    ("money", r"dollars|euros|pounds|bolívares|bolivares|usd"),
    ("crowd_size", r"people|protesters|demonstrators|supporters|marchers|opponents|participants|strikers|"
                   r"students|workers|residents"),
)  # fmt: skip
MEASURE_AFTER = [(m, re.compile(rf"^\s*(?:[a-z]+\s+){{0,2}}?(?:{w})\b", re.I)) for m, w in MEASURE_WORDS[:-1]]
MEASURE_AFTER.append(("crowd_size", re.compile(rf"^\s*(?:[a-z]+\s+)?(?:{MEASURE_WORDS[-1][1]})\b", re.I)))
MEASURE_CONTEXT = (
    ("killed", re.compile(r"\b(?:killed|dead|died|deaths|death toll)\b", re.I)),
    ("injured", re.compile(r"\b(?:injured|wounded)\b", re.I)),
    ("arrested", re.compile(r"\b(?:arrested|detained|arrests)\b", re.I)),
    ("displaced", re.compile(r"\b(?:displaced|fled)\b", re.I)),
    ("crowd_size", re.compile(
        r"\b(?:marched|rall(?:y|ied)|gathered|crowd|protest(?:ed|ers)?|turned out|streets)\b", re.I
    )),
)  # fmt: skip
UNITS = {
    "percent": "percent", "killed": "people", "injured": "people", "arrested": "people", "displaced": "people",
    "crowd_size": "people", "votes": "votes",
}  # fmt: skip
CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "dollars": "USD", "euros": "EUR", "pounds": "GBP",
              "bolívares": "VES", "bolivares": "VES", "usd": "USD"}  # fmt: skip
POLLSTER_AFTER = re.compile(
    r"\b(?:poll|survey)\s+(?:by|from|conducted by|carried out by|for)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w.&'’\-]*(?:\s+(?:(?:de|del|of)\s+)?[A-Z][\w.&'’\-]*)*)"
)
POLLSTER_BEFORE = re.compile(r"(?P<name>[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,3})\s+(?:poll|survey)\b")
POLL_BASE = re.compile(
    r"\b(?:of|among|surveyed|polled|interviewed|questioned|sample of)\s+(?P<n>" + NUMBER + r")\s+"
    r"(?:[a-z]+\s+){0,2}?(?:people|adults|voters|respondents|Venezuelans|residents|citizens|households|[A-Z]\w+ans)\b"
    r"|\b(?P<m>" + NUMBER + r")\s+respondents\b"
)
NOT_A_POLLSTER = {"A", "An", "The", "New", "Latest", "Recent", "This", "That", "One", "Another", "Its"}


@dataclass(frozen=True)
class Figure:
    """A claim's figure. `low`/`high` bound it (None: open on that side); `value` is the number as stated
    (the first one of a range); `text` keeps the words ("more than 40", "tens of thousands").

    Figure(measure="killed", value=Decimal("12"), low=Decimal("12"), high=Decimal("12"), text="12",
           unit="people")
    """

    measure: str
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    text: str
    unit: str
    pollster: str = ""
    base: int | None = None


def read_figure(text: str, *, context: str = "") -> Figure | None:
    """The first figure a claim states, or None. `context` is the claim's whole sentence (where a poll
    names its pollster and base).

    "12 people were killed" → Figure(measure="killed", value=12, low=12, high=12, text="12", unit="people")
    "tens of thousands marched" → Figure("crowd_size", value=20000, low=20000, high=99999, text="tens of thousands")
    "between 10,000 and 20,000 people" → low=10000, high=20000;  "more than 40 dead" → low=40, high=None
    "no numbers here" → None
    """
    found = _vague(text) or _numeric(text) or _numeric_words(text)
    if found is None:
        return None
    low, high, value, words, after, currency = found
    measure = _measure(after, text, currency)
    unit = currency or UNITS.get(measure, _unit_word(after))
    pollster, base = _poll(context or text) if measure == "percent" else ("", None)
    return Figure(measure, value, low, high, words.strip()[:200], unit[:50], pollster[:200], base)


def _vague(text: str):
    match = VAGUE_RE.search(text)
    first = QUALIFIED.search(text)
    if not match or (first and first.start() < match.start()):
        return None
    low, high = VAGUE[match["words"].lower()]
    words = re.sub(r"\s+of$", "", match["words"], flags=re.I)
    return Decimal(low), Decimal(high), Decimal(low), words, text[match.end() :], ""


def _number(digits: str | None, scale: str | None) -> Decimal | None:
    if not digits:
        return None
    try:
        return Decimal(digits.replace(",", "")) * SCALES[scale.lower() if scale else None]
    except InvalidOperation:
        return None


def _numeric(text: str):
    for match in QUALIFIED.finditer(text):
        b = _number(match["b"], match["sb"])
        if b is None or _is_date_or_ordinal(text, match):
            continue
        a, c = _number(match["a"], match["sa"]), _number(match["c"], match["sc"])
        qual = (match["qual"] or "").lower()
        currency = CURRENCIES.get((match["cur"] or match["cur1"] or "").lower(), "")
        if a is not None:
            low, high, value = min(a, b), max(a, b), a
        elif c is not None:
            low, high, value = min(b, c), max(b, c), b
        elif qual in AT_LEAST:
            low, high, value = b, None, b
        elif qual in AT_MOST:
            low, high, value = Decimal(0), b, b
        elif qual in ABOUT:
            # "about 5,000" and "5,200" agree: a rounded figure stands for a tenth either side.
            low, high, value = (b * Decimal("0.9")).quantize(Decimal(1)), (b * Decimal("1.1")).quantize(Decimal(1)), b
        elif qual in BELOW:
            low, high, value = (b * Decimal("0.9")).quantize(Decimal(1)), b, b
        else:
            low, high, value = b, b, b
        after = text[match.end() :]
        words = match.group(0)
        if unit := re.match(r"\s*(?:%|percent\b|per cent\b)", after):
            words, after = words + unit.group(0), after[unit.end() :]
            after = " percent" + after  # still read as a percentage
        return low, high, value, words, after, currency
    return None


def _numeric_words(text: str):
    """Number words ("twelve", "two million"): text2num writes them as digits, then the patterns read them;
    the words kept are the original ones between the same neighbours."""
    converted = alpha2digit(text, "en")
    if converted == text:
        return None
    found = _numeric(converted)
    if found is None:
        return None
    low, high, value, words, after, currency = found
    head = converted[: converted.find(words)].split()[-1:] if words in converted else []
    tail = after.split()[:1]
    pattern = (
        (re.escape(head[0]) + r"\s+" if head else "")
        + r"(?P<w>.{1,80}?)"
        + (r"\s*" + re.escape(tail[0]) if tail else "$")
    )
    original = re.search(pattern, text)
    return low, high, value, original["w"] if original else words, after, currency


def _is_date_or_ordinal(text: str, match: re.Match) -> bool:
    """Years, clock times and days of a month are not figures: "in 2019", "at 3 p.m.", "on May 1"."""
    after = text[match.end() : match.end() + 12]
    before = text[max(0, match.start() - 12) : match.start()]
    if re.match(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|:\d|st\b|nd\b|rd\b|th\b|years? old|-year)", after, re.I):
        return True
    if re.search(
        r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s*$", before
    ):
        return True
    if re.fullmatch(r"(?:19|20)\d\d", match["b"]) and not match["qual"] and not match["sb"]:
        return not re.match(r"\s*(?:%|percent|people|protesters|dead|votes|killed|arrest)", after, re.I)
    return False


def _measure(after: str, text: str, currency: str) -> str:
    if currency:
        return "money"
    for measure, pattern in MEASURE_AFTER:
        if pattern.match(after):
            return measure
    for measure, pattern in MEASURE_CONTEXT:
        if pattern.search(text):
            return measure
    return "other"


def _unit_word(after: str) -> str:
    word = re.match(r"\s*([a-z]+)", after, re.I)
    return word.group(1).lower() if word and word.group(1).lower() not in {"of", "and", "the", "to", "in"} else ""


def _poll(context: str) -> tuple[str, int | None]:
    """The pollster and base a poll's sentence names: "A Datanálisis poll of 1,000 adults" → ("Datanálisis", 1000)."""
    pollster = ""
    if match := POLLSTER_AFTER.search(context) or POLLSTER_BEFORE.search(context):
        words = match["name"].split()
        while words and words[0] in NOT_A_POLLSTER:
            words.pop(0)
        pollster = " ".join(words)
    base = None
    if match := POLL_BASE.search(context):
        digits = (match["n"] or match["m"]).replace(",", "")
        base = int(Decimal(digits)) if len(digits) <= 12 else None
    return pollster, base


FIGURE_FIELDS = ("figure_measure", "figure_low", "figure_high", "figure_text", "poll_pollster", "poll_base")


def figure_fields(found: Figure | None) -> dict:
    """A parsed figure as ReviewedClaim's (and Claim's) structured figure fields; {} without one."""
    if found is None:
        return {}
    return {
        "figure_measure": found.measure,
        "figure_low": found.low,
        "figure_high": found.high,
        "figure_text": found.text,
        "poll_pollster": found.pollster,
        "poll_base": found.base,
    }
