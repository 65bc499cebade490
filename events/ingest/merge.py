"""One happening, one entry: mentions of the same happening within an article merge into one candidate.

News tells a happening several times: the headline, the lede, then details ("spoke to tens of
thousands", "the crowd chanted"). Two candidates are the same happening when they have the same type,
compatible dates, and something that ties them: the same wording, a shared actor, the same place, the same
sentence, or a definite back-reference ("the rally", "the coup") to an earlier one. A back-reference that is
its clause's subject and names no day ("The decree also gave him sweeping powers") is the happening told
again even when the sentences around it lend another day, unless it tells what the happening did next
("the protests spread"). The merged candidate
keeps every span as evidence (`mentions` in the JSON contract); the editor can split them in the review.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .types import DateResolution, EventCandidate

WORD = re.compile(r"[a-z]{4,}")
SOURCED_TOLL = re.compile(
    r"\b(?:said|says|reported|according to)\b[^.;]{0,40}?\b(?:\d[\d,]*|dozens|hundreds|thousands)\s+(?:\w+\s+){0,3}?"
    r"(?:had been |have been |were |was )?(?:killed|dead|died|injured|wounded|arrested|detained)\b"
)
SAME_WORDING = 0.6
NEARBY_SENTENCES = 3
TITLE = 3  # headline_quality of a candidate taken from the article's own headline
LOOKBACK = 60  # earlier candidates a mention is compared with, so a long article stays linear
# Types that group many different happenings: told near each other on one day, they are still separate.
DEMONSTRATION = {"protest", "riot"}  # ACLED's demonstrations: peaceful (protest) or violent (riot)
CATCH_ALL_TYPES = frozenset({"strategic_development", "statement", "other"})


def merge_mentions(events: Sequence[EventCandidate], *, sentence_of: Sequence[int] = ()) -> list[EventCandidate]:
    """Merge the candidates that report one happening, keeping body order and the first mention's headline.

    `sentence_of[i]` is the index of the sentence candidate i comes from (to tell what is told nearby).
    [protest "holds huge rally" (headline), protest "tens of thousands rallied" (lede), protest "the crowd
      chanted" (same day, back-reference)] → [one protest with three spans]
    [protest in Caracas on Saturday, protest in Valencia on Saturday (no shared actor)] → both kept
    """
    merged: list[EventCandidate] = []
    last_sentence: list[int] = []  # the latest sentence each merged candidate was told in
    spans: list[dict[tuple[int, int], None]] = []  # each merged candidate's spans, in order (kept here, so a
    # happening told a thousand times costs no more per mention than one told twice)
    for index, event in enumerate(events):
        sentence = sentence_of[index] if index < len(sentence_of) else -1
        twin = next(
            (
                i
                for i in range(len(merged) - 1, max(-1, len(merged) - 1 - LOOKBACK), -1)
                if same_happening(
                    merged[i],
                    event,
                    nearby=sentence >= 0 and sentence - last_sentence[i] <= NEARBY_SENTENCES,
                    same_sentence=event.spans[0] in spans[i],
                )
            ),
            None,
        )
        if twin is None:
            merged.append(event)
            last_sentence.append(sentence)
            spans.append(dict.fromkeys(event.spans))
            continue
        merged[twin] = combine(merged[twin], replace(event, spans=()))
        last_sentence[twin] = max(last_sentence[twin], sentence)
        spans[twin].update(dict.fromkeys(event.spans))
    return [replace(event, spans=tuple(told)) for event, told in zip(merged, spans, strict=True)]


def same_happening(
    first: EventCandidate, later: EventCandidate, *, nearby: bool = False, same_sentence: bool | None = None
) -> bool:
    """Whether `later` reports the happening `first` does (`nearby`: told within a few sentences of it).

    (protest 2019-02-02 "Guaidó … rally", protest context-dated "the rally drew thousands", back-reference)
      → True;  (arrest 2019-02-02 of A, arrest 2019-02-05 of B) → False
    Like ACLED's event row (one type, one day, one place), the same type on the same day told a few
    sentences on is one happening unless a different place tells them apart. `same_sentence`: whether `later`
    is told in a sentence `first` already covers (worked out from `first.spans` when not given).
    """
    if first.status != later.status or not (
        dates_compatible(first.date, later.date) or later.retold and first.tense != "background"
    ):
        return False  # "The decree also gave him …", dated only by the sentences around it, is the decree told
    if first.type != later.type and not (
        {first.type, later.type} == DEMONSTRATION and first.location and first.location == later.location
    ):
        return False  # a protest and a riot in one place on one day are one demonstration that turned violent
    if first.location and later.location and first.location != later.location:
        return False  # told apart by place: "marched in Caracas", "marched in Valencia"
    initiators = [{name for name, role in e.actors if role == "initiator"} for e in (first, later)]
    if all(initiators) and not initiators[0] & initiators[1]:
        return False  # different sides doing the same thing: a rally and its counter-demonstration
    if later.back_reference:
        return True  # "the rally", "the coup": told again
    if same_sentence is None:
        same_sentence = later.spans[0] in first.spans
    if same_sentence and first.type not in CATCH_ALL_TYPES:
        # Two clauses of one sentence reporting the same kind of happening, unless the later names a day of
        # its own ("arrested since Thursday, including 200 in Tehran on Saturday").
        return not (
            later.date.source == "explicit" and later.date.precision == "day" and later.date.start != first.date.start
        )
    if not same_sentence and _wording_overlap(first.summary, later.summary) >= SAME_WORDING:
        return True
    if not (nearby and _exact_days(first.date, later.date)) or first.type in CATCH_ALL_TYPES:
        return False
    # Told again a few sentences on, with a date borrowed on one side: by the same initiator, or as a detail
    # with no doer of its own ("The crowd chanted …"), unless it is a toll a source gives ("The Health Ministry
    # said 235 civilians had been killed"), which is a report of its own.
    # The article's own headline sums up the lede that follows it.
    if first.headline_quality == TITLE:
        return True
    return bool(initiators[0] & initiators[1]) or not initiators[1] and not SOURCED_TOLL.search(later.evidence)


def dates_compatible(a: DateResolution, b: DateResolution) -> bool:
    """Two dates that can be the same day: equal, overlapping bounds, or one borrowed from context nearby.

    (2019-02-02 day, 2019-02-02 day) → True;  (2019-02-02 day, 2019-02-01..02-28 month) → True;
    (2019-02-02 day, 2019-02-05 day) → False;  (unknown, anything) → True
    """
    if a.start is None or b.start is None:
        return True
    if a.start <= (b.end or b.start) and b.start <= (a.end or a.start):
        return True
    if "context" in (a.source, b.source):
        return abs((a.start - b.start).days) <= 1
    return False


def _exact_days(a: DateResolution, b: DateResolution) -> bool:
    """Both dated to the same single day (shared actors alone are not enough across a vague date)."""
    return (
        a.start is not None
        and a.start == b.start
        and a.precision == b.precision == "day"
        or ("context" in (a.source, b.source) and a.start == b.start)
    )


def _wording_overlap(a: str, b: str) -> float:
    """Share of the shorter text's content words found in the other: 0.0 – 1.0."""
    words_a, words_b = set(WORD.findall(a.lower())), set(WORD.findall(b.lower()))
    return len(words_a & words_b) / max(1, min(len(words_a), len(words_b)))


def combine(first: EventCandidate, later: EventCandidate) -> EventCandidate:
    """One candidate with both mentions: the first's headline and evidence, the more exact date, all actors.

    (protest dated from context, protest "on Saturday") → the Saturday date; spans of both, in body order
    """
    better = later.date if first.date.source == "context" and later.date.source == "explicit" else first.date
    if first.date.source == later.date.source and _narrower(later.date, first.date):
        better = later.date  # "last week" (context) and "Friday" (its own sentence's day): the day
    known = set(first.spans)
    roles = dict(first.actors)
    for name, role in later.actors:
        if roles.get(name) in (None, "mentioned", "participant") and role in ("initiator", "target"):
            roles[name] = role
        roles.setdefault(name, role)
    return replace(
        first,
        type="riot" if {first.type, later.type} == DEMONSTRATION else first.type,  # it turned violent
        date=better,
        actors=tuple(roles.items()),
        location=first.location or later.location,
        spans=first.spans + tuple(s for s in later.spans if s not in known),
        summary=first.summary if first.headline_quality >= later.headline_quality else later.summary,
        headline_quality=max(first.headline_quality, later.headline_quality),
    )


def _narrower(a: DateResolution, b: DateResolution) -> bool:
    """`a` pins the happening down more than `b`: a day inside b's month."""
    order = ("day", "week", "approximate", "month", "year")
    return order.index(a.precision) < order.index(b.precision)
