"""Days of a running story: "Day 20", "day 19 of the coup", counted from the day the lede numbers."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .types import DateMention, DateResolution

# "Day 20", "day 19 of the coup", "night 7 of the blackout": the numbered days of a running story.
STORY_DAY = re.compile(r"\b(?P<unit>[Dd]ay|[Nn]ight)\s+(?P<n>\d{1,3})\b(?:\s+of\s+(?:the\s+)?(?P<of>[#\w]+))?")


def story_day_mentions(text: str, published: date) -> list[DateMention]:
    """Days of a running story ("Day 20", "day 19 of the coup") counted from the one its lede numbers.

    Daily round-ups number their days; the first "Day N" in the headline or lede is the publication day
    (or the explicit date beside it), and every other "Day M" of the same count is M - N days from it.
    ("Coup - Day 21\n\nDay 20 saw more marches.", 2021-02-22) → [DateMention(…, "Day 20" → 2021-02-21 day)]
    ("He spoke on day 3 of the trial.", …) → []  (no numbered day in the lede)
    """
    anchor = STORY_DAY.search(text, 0, 400)
    if anchor is None:
        return []
    number = int(anchor.group("n"))
    # "Day 21" in a headline takes its noun from the lede's "day 21 of the coup"
    same = (m for m in STORY_DAY.finditer(text, anchor.end()) if int(m.group("n")) == number and m.group("of"))
    counted = (anchor.group("of") or next((m.group("of") for m in same), "")).lower()
    found = []
    for match in STORY_DAY.finditer(text, anchor.end()):
        of = (match.group("of") or "").lower()
        if (of and counted and of != counted) or (of and not counted) or match.group("unit").lower() != "day":
            continue  # "day 15 of protests" counts something else than "Day 21 of the coup"
        day = published - timedelta(days=number - int(match.group("n")))
        if abs((published - day).days) <= 366:
            phrase = match.group(0)
            found.append(DateMention(match.start(), match.end(), DateResolution(day, day, "day", phrase)))
    return found
