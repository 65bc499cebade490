"""The story's own dates: what a clause without a date of its own borrows, and how it counts from them.

In news writing an undated past-tense report right after a dated one happened on that day ("Police fired
tear gas on Saturday. Two people were killed." → both Saturday), the lede's day is the day of the news,
and "the following day" or "two days later" count from the last day the text named.
"""

from __future__ import annotations

import re
from datetime import date

from .clauses import trigger_matches
from .types import DateMention, DateResolution, Sentence

# "two days after the vote" counts from the vote, not from the last day named: only later/earlier count here.
RELATIVE_DAY = re.compile(
    r"\b(?:(?P<next>the (?:following|next) (?:day|morning)|a day later)|(?P<previous>the (?:previous|preceding) day"
    r"|a day earlier)|(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven|ten) (?P<unit>days?|weeks?)"
    r" (?:later|earlier)\b)",
    re.I,
)
NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}
# Aspect and modality that make a clause something other than a one-off act on a given day.
NOT_ONE_OFF = re.compile(
    r"\b(?:had|has|have|since|used to|would|will|could|might|may|every|often|usually|always|continue[sd]?|"
    r"still|for (?:days|weeks|months|years|decades))\b|['’](?:ve|d)\b",
    re.I,
)
# A report of something done has a past-tense or perfect verb ("marched", "have been detained") or a date.
PAST = re.compile(
    r"\b(?:\w{3,}ed|began|took|fled|met|fired|shot|held|made|fell|went|came|sent|told|threw|broke|led|won|lost|struck|"
    r"fought|drove|gave|saw|left|rose|ran|set|hit|spoke|stood|swore|sought|brought|withdrew|became|tore|stole|"
    r"(?:has|have|had|was|were) been \w+|is (?:urging|holding|calling)|are (?:demanding|calling))\b"
)

PRESENT_PASSIVE = re.compile(r"\b(?:is|are|am|being)\s+(?:\w+ly\s+)?$", re.I)


def told_past(clause: str) -> bool:
    """A past-tense or perfect verb that is not a present passive's participle ("is based", "are expected").

    "Crowds marched" → True;  "This is based on the basic law" → False;  "Two were killed" → True
    """
    return any(not PRESENT_PASSIVE.search(clause, max(0, m.start() - 20), m.start()) for m in PAST.finditer(clause))


def day_shift(clause: str) -> tuple[int, str] | None:
    """Days from the last day the text named, for a clause that counts from it, and the phrase.

    "The following day, police cleared the square" → (1, "The following day");  "Two days earlier, …" → (-2, …);
    "a week later" → (7, …);  "Police cleared the square" → None
    """
    match = RELATIVE_DAY.search(clause)
    if match is None:
        return None
    words = match.group(0).lower()
    if match.group("next"):
        return 1, match.group(0)
    if match.group("previous"):
        return -1, match.group(0)
    count = NUMBER_WORDS.get(match.group("n").lower()) or int(match.group("n"))
    days = count * (7 if match.group("unit").lower().startswith("week") else 1)
    return (-days if words.endswith("earlier") else days), match.group(0)


def date_modifier(mention: DateMention, sentence: Sentence) -> bool:
    """A date used as a noun modifier does not date the clause.

    ("Tuesday's protests were large", "Tuesday") → True;  ("Crowds marched on Tuesday", "on Tuesday") → False
    """
    tail = sentence.text[mention.end - sentence.start : mention.end - sentence.start + 2]
    return tail[:2] in ("'s", "’s") and not mention.date.text.lower().endswith(("'s", "’s"))


def quoted(mention: DateMention, sentence: Sentence) -> bool:
    """Whether the date stands inside a quotation.

    ('She said: "Join us from 6pm today."', "6pm today") → True;  ("Police fired on Saturday.", …) → False
    """
    before = sentence.text[: mention.start - sentence.start]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def aside(mention: DateMention, sentence: Sentence) -> bool:
    """A date in a "since …" aside, or in a trailing subordinate clause, dates that clause, not the sentence.

    ("…, the second death since the protests began last week", "last week") → True;
    ("Crowds marched, as opposition to the decrees issued last week turned …", "last week") → True;
    ("… on Friday") → False
    """
    before = sentence.text[max(0, mention.start - sentence.start - 80) : mention.start - sentence.start]
    return bool(
        re.search(r"\bsince\b[^,;]*$|,\s+(?:as|while|when|whereas|which|who|whose|where|including)\s[^,;]*$", before)
    )


class StoryContext:
    """The dates a sentence without its own date can borrow: the nearest one before it, and the story's day.

    In news writing an undated past-tense report right after a dated one happened on that day ("Police fired
    tear gas on Saturday. Two people were killed." → both Saturday), and the lede's day is the day of the news.
    """

    LEDE_PARAGRAPHS = 3  # the story's day is the first explicit day in the headline and the first paragraphs
    NEAR_SENTENCES = 2  # across a paragraph break, a date carries over this many sentences

    def __init__(self, published: date | None):
        """Start with no dates seen.

        StoryContext(date(2019, 2, 3)).date_for("Crowds marched", None) → 2019-02-03 approximate
        """
        self.published = published
        self.last: tuple[int, int, DateResolution] | None = None  # (sentence index, paragraph, date)
        self.story_day: DateResolution | None = None
        self.last_day: DateResolution | None = None  # what "that day" refers to, however long ago

    def saw(self, index: int, sentence: Sentence, own_dates: list[DateMention]) -> None:
        """Remember the last recent day or week the sentence names (not "Tuesday's protests").

        ("Police fired tear gas on Saturday.") → last = Saturday, and the story's day if still in the lede
        """
        usable = [
            m
            for m in own_dates
            if m.date.precision in ("day", "week")
            and recent(m.date, self.published)
            and not date_modifier(m, sentence)
            and not quoted(m, sentence)  # a speaker's "last week" dates what they say, not the story that follows
            and not aside(m, sentence)  # nor does an aside's ("…, as the decrees issued last week …")
        ]
        days = [m.date for m in own_dates if m.date.precision == "day" and not date_modifier(m, sentence)]
        self.last_day = days[-1] if days else self.last_day
        if not usable:
            return
        self.last = (index, sentence.paragraph, usable[-1].date)
        if self.story_day is None and sentence.paragraph <= self.LEDE_PARAGRAPHS:
            self.story_day = next((m.date for m in usable if m.date.precision == "day"), None)

    def near(self, index: int, paragraph: int) -> DateResolution | None:
        """The last date seen, if it is in this paragraph or at most two sentences back.

        (sentence 5, last date in sentence 4 of another paragraph) → that date;  (sentence 9, same) → None
        """
        if self.last is None:
            return None
        last_index, last_paragraph, when = self.last
        return when if last_paragraph == paragraph or index - last_index <= self.NEAR_SENTENCES else None

    def date_for(self, clause: str, near: DateResolution | None) -> DateResolution:
        """A date for a clause that names none: the near day for a plain past report, else approximate.

        ("Two people were killed", near=Saturday) → Saturday "day";  ("Protests have grown", near=Saturday)
          → Saturday "approximate";  ("Crowds gathered", near=None, story day Tuesday) → Tuesday "day";
          (no context at all) → the publication day, "approximate"
        """
        plain = _plain_past(clause)
        if near is not None:
            precision = "day" if plain and near.precision == "day" else "approximate"
            return DateResolution(near.start, near.end, precision, near.text, "context")
        if self.story_day is not None and plain:
            day = self.story_day
            return DateResolution(day.start, day.end, "day", day.text, "context")
        if self.published:
            return DateResolution(self.published, self.published, "approximate", None, "context")
        return DateResolution(None, None, "approximate", None, "context")


def _plain_past(clause: str) -> bool:
    """A main clause in the simple past reports a one-off act; perfect, pluperfect and habits do not.

    "Two people were killed in the clashes" → True;  "Clashes have been taking place for days" → False;
    "He had appointed Islamists" → False;  "Protesters are angry" → False
    """
    trigger = next((m for m, _k in trigger_matches(clause)), None)
    head = clause[: trigger.end() + 20] if trigger else clause
    return told_past(clause) and not NOT_ONE_OFF.search(head)


def recent(when: DateResolution, published: date | None) -> bool:
    """A date close enough to publication to carry over to the next sentences (the story's own days).

    (Saturday 2019-02-02, published 2019-02-03) → True;  (June 2012, published 2012-11-22) → False
    """
    return published is None or (when.start is not None and abs((published - when.start).days) <= 10)
