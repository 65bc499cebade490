"""Stage 6: sentences that report something happening → typed, dated events with evidence spans.

A clause is an event when it holds a trigger word for one of the event types (protest, arrest, …). Its
date is the date phrase in the clause; else its sentence's other date ("After signing a deal Friday, he
fled"); else the nearest date before it (same paragraph, or up to two sentences back); else the story's
day (the lede's first explicit day). A borrowed date keeps precision "day" for a plain past report ("Two
people were killed.") and becomes "approximate" for perfects, habits and plans, or when only the news day
is known. Future plans and old background are flagged with `tense`; the same event told in the headline
and the lede becomes one event with two spans.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from datetime import date, timedelta

from .clauses import first_trigger, lemma_trigger, read_clause, trigger_matches
from .merge import merge_mentions
from .spans import starting_within
from .story_dates import StoryContext, aside, date_modifier, day_shift, recent, told_past
from .types import ActorCandidate, DateMention, DateResolution, EventCandidate, Sentence

FUTURE = re.compile(
    r"\b(?:will|plans? to|planning to|(?:is|are) (?:expected|set|due|scheduled|going) to|"
    r"would|to be held)\s+(?:\w+\s+){0,2}$",
    re.I,
)
LEADING_PRONOUN = re.compile(r"^(?:and |but |then )?(?:he|she|they|it|we)\s+(?=[a-z])", re.I)
MAX_TITLE = 100  # an article's own headline this short is the event's headline as it stands
NOT_EVENT = re.compile(r"^(?:what|why|how|who|when|where)\b.*\?$|\?$", re.I)
LEADING_SUBCLAUSE = re.compile(
    r"^(?:After|Before|Following|Hours after|Days after|Shortly before|Shortly after)\b(?=[^,]*\b\w+(?:ing|"
    r"ed)\b)[^,]{10,120},\s"
)
CLAUSE_SPLIT = re.compile(
    r",\s+(?=including\s+(?:at\s+least\s+)?(?:\d[\d,]*|dozens|scores|hundreds|thousands)\b[^,;.]{0,60}?\b(?:on|last)\s+"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)|;\s+|,\s+(?:and|while|but|after|before|as)\s+(?=[a-z\s]{0,40}\b(?:\w+ed|began|took|"
    r"fled|met|fired|shot|held|made|fell|went|came|sent|said)\b)|\s+(?:and then|after which)\s+"
    r"|\s+and\s+(?:also\s+)?(?=(?:ordered|decreed|issued|arrested|detained|sentenced|fired|appointed|banned|"
    r"imposed|declared|announced|killed|wounded|injured|stormed|seized|launched|suspended|dissolved|"
    r"extended|removed|freed|released)\s+(?:the|a|an|his|her|their|its|\d|[A-Z]))"
)
RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|whose)\s[^,;“”\"]{8,150},(?=\s)")
ANAPHORIC_DAY = re.compile(r"\b(?:that|the same|later that) (?:day|night|evening|morning|afternoon)\b", re.I)
# What a statement says will, should or might happen, or calls for, is no report of a happening.
TOLD_UNREAL = re.compile(r"\b(?:will|would|should|could|must|may|might|can|to be|if|unless|every right)\b", re.I)
HABITUAL = re.compile(r"\b(?:regularly|routinely|repeatedly|usually|often|frequently|(?:is|are) (?:also )?likely to)\b")
FIRST_PERSON = re.compile(r"(?:I|We|Our|My)\b(?!['’]s)")
ASIDE = re.compile(r"\bsince\b|,\s+(?:which|who|whose|where)\b")


def find_events(
    sentences: Sequence[Sentence],
    dates: Sequence[DateMention],
    actors: Sequence[ActorCandidate],
    *,
    published: date | None,
    places: frozenset[str] = frozenset(),
    docs: Sequence | None = None,
) -> list[EventCandidate]:
    """Events reported in the body, one per event (headline and lede merged), in body order.

    ["Crowds marched in Caracas on Saturday."] with published 2019-02-03
      → [EventCandidate(type="protest", date=2019-02-02 day "on Saturday", location="Caracas", tense="now", …)]
    ["Analysts expect more of the same."] → []

    With `docs` (one parsed sentence per sentence), each candidate's predicate is read from the parse: negated
    and hypothetical ones get that status (kept apart from events), roles come from syntax and the summary is
    a headline written from the clause.
    """
    mentions = sorted(((s, e, a) for a in actors for s, e in a.spans), key=lambda m: m[0])
    found: list[EventCandidate] = []
    sentence_of: list[int] = []
    date_starts = [mention.start for mention in dates]  # dates come sorted by position
    context = StoryContext(published)
    for index, sentence in enumerate(sentences):
        own_dates = dates[bisect_left(date_starts, sentence.start) : bisect_left(date_starts, sentence.end)]
        headline = sentence.paragraph == 0 and sentence.start == 0
        # A quotation, or a speaker's words set out without quotation marks ("We understand the right to protest")
        quoted = sentence.text.lstrip()[:1] in '“"‘' or bool(FIRST_PERSON.match(sentence.text.lstrip()))
        near = context.near(index, sentence.paragraph)
        doc = docs[index] if docs else None
        told = None  # the kind of the sentence's last event clause
        for clause_start, clause_end, clause in _clauses(sentence):
            kind, at = classify(clause), None
            if kind is None and told and clause.startswith("including "):
                kind = told  # "… arrested since Thursday, including 200 in Tehran on Saturday": a part, dated apart
            if kind is None and doc is not None:
                at, kind = lemma_trigger(doc, clause_start - sentence.start, clause_end - sentence.start) or (
                    None,
                    None,
                )
                at = None if at is None else at - (clause_start - sentence.start)
            if kind is None or NOT_EVENT.search(clause.strip()):
                continue
            told = kind
            reading = read_clause(doc, sentence, clause, clause_start, mentions, at=at)
            sentence_dates = [m for m in own_dates if not date_modifier(m, sentence)]
            clause_dates = [
                m
                for m in sentence_dates
                if clause_start <= m.start < clause_end and clause[m.start - clause_start] != " "
            ]
            clause_dates = _own_dates(clause, clause_start, clause_dates)
            if not clause_dates and HABITUAL.search(clause):
                continue  # "Beijing has regularly warned …", "Today is likely to see …": habits and forecasts
            if not (clause_dates or headline or (told_past(clause) and not quoted)):
                continue  # analysis, quotations and generic statements are not reports of events
            if kind == "statement" and not (clause_dates or reading.reported):
                # A statement needs its own date, or a named speaker acting in the main clause; else what it
                # reports may be the event ("… and said 30 people had been killed in the action").
                if (happening := _told_happening(clause)) is None:
                    continue
                at, kind = happening
                told = kind
                reading = read_clause(doc, sentence, clause, clause_start, mentions, at=at)
            # A clause without a date of its own is dated by its sentence's other date ("After signing a deal
            # Friday, he fled"), else by the nearest date before it, else by the story's day.
            sibling = [
                m
                for m in sentence_dates
                if m.date.precision in ("day", "week")
                and not clause_start <= m.start < clause_end
                and not aside(m, sentence)
            ]
            here = sibling[-1].date if sibling and recent(sibling[-1].date, published) else near
            if ANAPHORIC_DAY.search(clause) and context.last_day:  # "That day, the riots started."
                here = context.last_day
            elif (shift := day_shift(clause)) and context.last_day and context.last_day.start:
                day = context.last_day.start + timedelta(days=shift[0])  # "The following day, police …"
                here = DateResolution(day, day, "day", shift[1], "context")
            title = sentence.text.strip() if headline and _is_title(sentence.text) else None
            # no day of its own: dated only by the sentences around it
            borrowed = not clause_dates and here is near and not ANAPHORIC_DAY.search(clause)
            for when, kind_here in _dated_kinds(clause, clause_start, clause_dates, kind, here, context, published):
                tense = _tense(clause, when, published)
                found.append(
                    EventCandidate(
                        summary=title if title else reading.headline or _summary(clause),
                        type=kind_here,
                        date=when,
                        actors=reading.actors or _event_actors(clause_start, clause_end, clause, mentions),
                        location=_location(clause, places),
                        spans=((sentence.start, sentence.end),),
                        evidence=sentence.text,
                        tense="future" if reading.status == "future" and tense != "background" else tense,
                        status=reading.status if reading.status in ("negated", "hypothetical") else "asserted",
                        back_reference=reading.back_reference,
                        retold=reading.retold and borrowed,
                        headline_quality=3 if title else 2 if reading.headline else 0,
                    )
                )
                sentence_of.append(index)
        context.saw(index, sentence, own_dates)
    return merge_mentions(found, sentence_of=sentence_of)


def _told_happening(clause: str) -> tuple[int, str] | None:
    """The first happening (not a statement) a statement clause reports, with its offset in the clause.

    "… called it a massacre and said 30 people had been killed" → (offset of "massacre", "violence_against_civilians")
    "He urged calm." → None
    """
    hits = sorted((match.start(), kind) for match, kind in trigger_matches(clause) if kind != "statement")
    if not hits or TOLD_UNREAL.search(clause):
        return None
    return hits[0]


def _is_title(text: str) -> bool:
    """The article's own headline line (short, no closing full stop) already reads like a timeline entry.

    "Venezuelan opposition holds huge rally" → True;  "The president on Saturday issued a decree." → False
    """
    text = text.strip()
    return len(text) <= MAX_TITLE and not text.endswith((".", "?", "!", ":"))


def _dated_kinds(
    clause: str,
    offset: int,
    clause_dates: list[DateMention],
    kind: str,
    near: DateResolution | None,
    context: StoryContext,
    published: date | None,
) -> list[tuple[DateResolution, str]]:
    """One (date, type) per distinct date the clause gives to its own trigger words, else one dated by context.

    "protests that began Thursday killed two on Saturday" → [(Thursday, "protest"), (Saturday, "violence_…")]
    """
    if len(clause_dates) < 2:
        if clause_dates:
            return [(_best(clause_dates), kind)]
        return [(context.date_for(clause, near), kind)]
    triggers = [(m.start() + offset, k) for m, k in trigger_matches(clause)]
    picked: dict[tuple, tuple[DateResolution, str]] = {}
    for mention in clause_dates:
        closest = min(triggers, key=lambda t: abs(t[0] - mention.start), default=None)
        if closest is None or abs(closest[0] - mention.start) > 80:
            continue
        key = (mention.date.start, mention.date.precision)
        picked.setdefault(key, (mention.date, closest[1]))
    return list(picked.values()) or [(_best(clause_dates), kind)]


def classify(clause: str) -> str | None:
    """The event type a clause reports: the family of its earliest trigger word.

    "Police arrested 80 protesters" → "arrest";  "Thousands rallied in the capital" → "protest";  "It was sunny" → None
    """
    found = first_trigger(clause)
    return found[2] if found else None


def _clauses(sentence: Sentence) -> list[tuple[int, int, str]]:
    """Body offsets and text of a sentence's clauses, split where a new finite verb starts a new action.

    A non-restrictive relative clause (", who was arrested Friday,") is a clause of its own and is blanked
    out of the clause around it, so its date and verb do not date or type the main action.
    "Morsi fired the prosecutor; he also extended the deadline." → [(0, 26, …), (28, 58, …)]
    "Wong, who was freed Sunday, led a march." → [(4, 27, ", who …,"), (0, 40, "Wong      …led a march.")]
    """
    text = sentence.text
    clauses = []
    for relative in RELATIVE_CLAUSE.finditer(text):
        clauses.append((sentence.start + relative.start(), sentence.start + relative.end(), relative.group()))
        text = text[: relative.start()] + " " * len(relative.group()) + text[relative.end() :]
    spans, cut = [], 0
    if lead := LEADING_SUBCLAUSE.match(text):  # "After signing a deal Friday, he fled": two actions
        spans.append((0, lead.end() - 2))
        cut = lead.end()
    for match in CLAUSE_SPLIT.finditer(text, cut):
        spans.append((cut, match.start()))
        cut = match.end()
    spans.append((cut, len(text)))
    spans = [(s, e) for s, e in spans if e - s > 15 and text[s:e].strip()] or [(0, len(text))]
    return clauses + [(sentence.start + s, sentence.start + e, text[s:e]) for s, e in spans]


def _own_dates(clause: str, offset: int, clause_dates: list[DateMention]) -> list[DateMention]:
    """Drop dates that belong to an aside after the trigger: "died, … since the protests began last week",
    "announced the campaign, which followed the decision Sunday" → the date is not the announcement's."""
    trigger = next((m.start() + offset for m, _k in trigger_matches(clause)), None)
    if trigger is None:
        return clause_dates
    kept = [
        m for m in clause_dates if not (m.start > trigger and ASIDE.search(clause[trigger - offset : m.start - offset]))
    ]
    return kept


def _best(clause_dates: list[DateMention]) -> DateResolution:
    """The most precise of a clause's own dates: [in June (month), on Saturday (day)] → Saturday."""
    order = ("day", "week", "approximate", "month", "year")
    return min(clause_dates, key=lambda m: order.index(m.date.precision)).date


def _tense(clause: str, when: DateResolution, published: date | None) -> str:
    """ "future" for plans, "background" for things well before the news, else "now".

    ("They will march on Friday", …) → "future";  ("He took office in 2012", published 2017) → "background"
    """
    trigger = next((m for m, _k in trigger_matches(clause)), None)
    if trigger and FUTURE.search(clause[: trigger.start()]):  # "will march", "plans to sign"
        return "future"
    if when.start and published and when.start > published + timedelta(days=1):
        return "future"
    if published and when.source == "explicit" and when.end and when.end < published - timedelta(days=14):
        return "background"
    return "now"


def _event_actors(start: int, end: int, clause: str, mentions: list) -> tuple[tuple[str, str], ...]:
    """Actors named in the clause with a rough role: the first is the initiator, the rest participants.

    "Police detained Ana Ruiz" (both actors) → (("police", "initiator"), ("Ana Ruiz", "participant"))
    """
    roles: dict[str, str] = {}
    for _s, _e, actor in starting_within(mentions, start, end):
        if actor.name not in roles:
            roles[actor.name] = "initiator" if not roles else "participant"
    return tuple(roles.items())


def _location(clause: str, places: frozenset[str]) -> str | None:
    """The first "in/at/near <Place>" of the clause: "Crowds gathered in Tahrir Square" → "Tahrir Square"."""
    for match in re.finditer(
        r"\b(?:in|at|near|outside|across)\s+(?:the\s+)?([A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,3})", clause
    ):
        name = match.group(1)
        if name.lower() not in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"):
            if not places or name.lower() in places or len(name.split()) > 1:
                return name
    return None


def _summary(clause: str) -> str:
    """One line: the clause, trimmed to 100 characters at a word boundary.

    "  Crowds   marched, " → "Crowds marched";  (a 300-character clause) → its first ~99 characters + "…"
    """
    clause = " ".join(clause.split()).strip(" ,;")
    # A pronoun subject has no antecedent in a timeline: "they staged a march" → "Staged a march".
    clause = LEADING_PRONOUN.sub("", clause)
    clause = clause[:1].upper() + clause[1:]
    return clause if len(clause) <= MAX_TITLE else clause[: MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"
