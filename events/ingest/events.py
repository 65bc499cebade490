"""Stage 6: sentences that report something happening → typed, dated events with evidence spans.

A clause is an event when it holds a trigger word for one of the event types (protest, arrest, …). Its
date is the date phrase in the clause, else the sentence's, else the context (an earlier date in the same
paragraph, or the news day) with precision "approximate". Future plans and old background are flagged
with `tense`; the same event told in the headline and the lede becomes one event with two spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from .types import ActorCandidate, DateMention, DateResolution, EventCandidate, Sentence

# Trigger stems per type; checked in this order, so the more specific types come first.
TRIGGERS: tuple[tuple[str, str], ...] = (
    ("poll", r"poll(?:s|ed)? (?:showed|shows|found|said)|survey (?:showed|found)"),
    ("defection", r"defect(?:ed|ion|ions|ing|s)?\b|switch(?:ed)? sides|swore allegiance|(?:is|was|he's|she's) backing"),
    ("recognition", r"recogni[sz](?:es|ed|e|ing) (?:him|her|\w+ as)"),
    (
        "court_ruling",
        r"sentenc(?:ed|ing)|convicted|acquitted|verdict|court (?:ruled|ordered|upheld|rejected|"
        r"dissolved)|ruled that|found (?:not )?guilty|fined",
    ),
    (
        "arrest",
        r"arrest(?:ed|s|ing)?\b|arrest warrant|detain(?:ed|s|ing)|detention of|jailed|taken into custody|rounded up",
    ),
    (
        "appointment_resignation",
        r"\bappoint(?:ed|s|ing|ment)|resign(?:ed|s|ation)|sworn in|fired (?:the|his|her)|replaced \w+ with|"
        r"dismiss(?:ed|al)|ousted|step(?:ped)? down",
    ),
    ("sanctions", r"sanction(?:s|ed)|embargo|froze (?:the )?assets|\baid\b"),
    ("election", r"\belection\b|\bvoted?\b|\bballot|referendum|won the presidency"),
    (
        "legislation",
        r"\bbill\b|legislation|amendments?|\bdecree[sd]?\b|(?<!martial )(?<!security )\blaw\b(?! enforcement)|"
        r"constitution(?:al)? (?:declaration|amendment)",
    ),
    (
        "negotiation_agreement",
        r"sign(?:ed|ing) (?:an? )?(?:agreement|deal|accord)|agreement|\bdeal\b|negotiat|peace talks|"
        r"\bmet with\b|\bmeets? with\b|ceasefire",
    ),
    (
        "explosion_remote_violence",
        r"air ?strikes?|missiles?|\bdrones?\b|bomb(?:s|ed|ing|ings)?\b|explo(?:ded|sion)|shell(?:ed|"
        r"ing)|artillery|rockets?",
    ),
    (
        "battle",
        r"\boffensive\b|fighting|battle|fought|attacked|\bclashes with (?:troops|rebels|militants|"
        r"fighters)|ground operation|military operation|shot down|downing",
    ),
    (
        "violence_against_civilians",
        r"\bkill(?:ed|ing|s)\b|shot dead|opened fire|fired (?:on|at|live)|massacre|\bdied\b|"
        r"death of|wounded|injured|\bbeat(?:en|ing)?\b|tear ?gas|water cannon|rubber bullets|"
        r"beanbag|pepper spray|crackdown|brutality",
    ),
    (
        "riot",
        r"\briot(?:s|ed|ing)?\b|clash(?:ed|es)?\b|storm(?:ed|ing)\b|ransack|vandali[sz]|smash(?:ed)?|"
        r"set (?:on )?fire|torch(?:ed)?|loot(?:ed|ing)|threw (?:stones|rocks|petrol|bricks)|"
        r"petrol bombs|broke into",
    ),
    (
        "protest",
        r"protest(?:ed|ing|s)?\b|\brall(?:y|ied|ies)\b|march(?:ed|es|ing)?\b|demonstrat(?:ed|"
        r"ion|ions|ors)|gathered|took to the streets|sit-ins?\b|\bstrike\b|chant(?:ed|ing)|"
        r"occup(?:ied|y)|vigil|turned their backs|\bspoke to (?:tens of )?(?:thousands|hundreds|"
        r"crowds|supporters)",
    ),
    (
        "strategic_development",
        r"martial law|state of emergency|curfew|\bcoup\b|blocked|shut down|seized|took control|"
        r"taken over|deploy(?:ed|s)|impos(?:ed|es)|decreed|issued|extended|lifted|suspend(?:ed|"
        r"s)|captured|fled|escape[ds]?\b|freed|returned to|banned|withdr(?:ew|awn)|launched|"
        r"ordered|barred|established|guarding|removed|took power|dissolved|called for|went to|"
        r"flew to|arrived in|travel(?:l)?ed to|left for|was stopped|sought refuge|quelled",
    ),
    (
        "statement",
        r"in a statement|\bsaid (?:on|late|early|in an?|at a)\b|(?:on|late|early) (?:Mon|Tues|"
        r"Wednes|Thurs|Fri|Satur|Sun)day,? (?:said|announced)|\badmitted\b|news conference|"
        r"press conference|\bapologi[sz]ed|\bvowed\b|\bcondemned\b|\bwarned\b|\burged\b|\bdenied\b|"
        r"questioned|\bcalled (?:the|for|on|it)|blamed|accused|told (?:the )?(?:media|reporters)|"
        r"tweeted|weighed in|op-ed",
    ),
)
TRIGGER_RES = tuple((kind, re.compile(pattern)) for kind, pattern in TRIGGERS)
FUTURE = re.compile(
    r"\b(?:will|plans? to|planning to|(?:is|are) (?:expected|set|due|scheduled|going) to|"
    r"would|to be held)\s+(?:\w+\s+){0,2}$",
    re.I,
)
NOT_EVENT = re.compile(r"^(?:what|why|how|who|when|where)\b.*\?$|\?$", re.I)
LEADING_SUBCLAUSE = re.compile(
    r"^(?:After|Before|Following|Hours after|Days after|Shortly before|Shortly after)\b(?=[^,]*\b\w+(?:ing|"
    r"ed)\b)[^,]{10,120},\s"
)
CLAUSE_SPLIT = re.compile(
    r";\s+|,\s+(?:and|while|but|after|before|as)\s+(?=[a-z\s]{0,40}\b(?:\w+ed|began|took|"
    r"fled|met|fired|shot|held|made|fell|went|came|sent|said)\b)|\s+(?:and then|after which)\s+"
)
WORD = re.compile(r"[a-z]{4,}")
# A report of something done has a past-tense or perfect verb ("marched", "have been detained") or a date.
PAST = re.compile(
    r"\b(?:\w{3,}ed|began|took|fled|met|fired|shot|held|made|fell|went|came|sent|told|threw|broke|led|won|lost|struck|"
    r"fought|drove|gave|saw|left|rose|ran|set|hit|spoke|stood|swore|sought|brought|withdrew|became|tore|stole|"
    r"(?:has|have|had|was|were) been \w+|is (?:urging|holding|calling)|are (?:demanding|calling))\b"
)


def find_events(
    sentences: Sequence[Sentence],
    dates: Sequence[DateMention],
    actors: Sequence[ActorCandidate],
    *,
    published: date | None,
    places: frozenset[str] = frozenset(),
) -> list[EventCandidate]:
    """Events reported in the body, one per event (headline and lede merged), in body order.

    ["Crowds marched in Caracas on Saturday."] with published 2019-02-03
      → [EventCandidate(type="protest", date=2019-02-02 day "on Saturday", location="Caracas", tense="now", …)]
    ["Analysts expect more of the same."] → []
    """
    mentions = sorted(((s, e, a) for a in actors for s, e in a.spans), key=lambda m: m[0])
    found: list[EventCandidate] = []
    paragraph_date: tuple[int, DateResolution] | None = None
    for sentence in sentences:
        if paragraph_date and paragraph_date[0] != sentence.paragraph:
            paragraph_date = None
        own_dates = [m for m in dates if sentence.start <= m.start < sentence.end]
        headline = sentence.paragraph == 0 and sentence.start == 0
        quoted = sentence.text.lstrip()[:1] in '“"‘'
        for clause_start, clause_end in _clauses(sentence):
            clause = sentence.text[clause_start - sentence.start : clause_end - sentence.start]
            kind = classify(clause)
            if kind is None or NOT_EVENT.search(clause.strip()):
                continue
            clause_dates = [m for m in own_dates if clause_start <= m.start < clause_end and not _modifier(m, sentence)]
            clause_dates = _own_dates(clause, clause_start, clause_dates)
            if not (clause_dates or headline or (PAST.search(clause) and not quoted)):
                continue  # analysis, quotations and generic statements are not reports of events
            if kind == "statement" and not clause_dates:
                continue
            for when, kind_here in _dated_kinds(clause, clause_start, clause_dates, kind, paragraph_date, published):
                found.append(
                    EventCandidate(
                        summary=_summary(clause),
                        type=kind_here,
                        date=when,
                        actors=_event_actors(clause_start, clause_end, clause, mentions),
                        location=_location(clause, places),
                        spans=((sentence.start, sentence.end),),
                        evidence=sentence.text,
                        tense=_tense(clause, when, published),
                    )
                )
        usable = [m for m in own_dates if m.date.precision in ("day", "week") and _recent(m.date, published)]
        if usable:
            paragraph_date = (sentence.paragraph, usable[-1].date)
    return merge_retold(found)


def _modifier(mention: DateMention, sentence: Sentence) -> bool:
    """A date used as a noun modifier ("last year's uprising", "Tuesday's protests") does not date the clause."""
    tail = sentence.text[mention.end - sentence.start : mention.end - sentence.start + 2]
    return tail[:2] in ("'s", "’s") and not mention.date.text.lower().endswith(("'s", "’s"))


def _dated_kinds(
    clause: str, offset: int, clause_dates: list[DateMention], kind: str, paragraph_date, published: date | None
) -> list[tuple[DateResolution, str]]:
    """One (date, type) per distinct date the clause gives to its own trigger words, else one undated-by-context.

    "protests that began Thursday killed two on Saturday" → [(Thursday, "protest"), (Saturday, "violence_…")]
    """
    if len(clause_dates) < 2:
        return [(_pick_date(clause_dates, paragraph_date, published), kind)]
    triggers = [(m.start() + offset, k) for k, pattern in TRIGGER_RES for m in pattern.finditer(_lower_first(clause))]
    picked: dict[tuple, tuple[DateResolution, str]] = {}
    for mention in clause_dates:
        near = min(triggers, key=lambda t: abs(t[0] - mention.start), default=None)
        if near is None or abs(near[0] - mention.start) > 80:
            continue
        key = (mention.date.start, mention.date.precision)
        picked.setdefault(key, (mention.date, near[1]))
    return list(picked.values()) or [(_pick_date(clause_dates, paragraph_date, published), kind)]


def _lower_first(text: str) -> str:
    """Lower-case only the first letter, so triggers match sentence-initial words but not "Law School"."""
    return text[:1].lower() + text[1:]


def classify(clause: str) -> str | None:
    """The event type a clause reports: the family of its earliest trigger word.

    "Police arrested 80 protesters" → "arrest";  "Thousands rallied in the capital" → "protest";  "It was sunny" → None
    """
    text = _lower_first(clause)
    hits = [
        (m.start(), order, kind) for order, (kind, pattern) in enumerate(TRIGGER_RES) if (m := pattern.search(text))
    ]
    # The earliest trigger is usually the clause's main action; list order breaks ties.
    return min(hits)[2] if hits else None


def _clauses(sentence: Sentence) -> list[tuple[int, int]]:
    """Body offsets of a sentence's clauses, split where a new finite verb starts a new action.

    "Morsi fired the prosecutor; he also extended the deadline." → [(0, 26), (28, 58)]
    """
    spans, cut = [], 0
    if lead := LEADING_SUBCLAUSE.match(sentence.text):  # "After signing a deal Friday, he fled": two actions
        spans.append((sentence.start, sentence.start + lead.end() - 2))
        cut = lead.end()
    for match in CLAUSE_SPLIT.finditer(sentence.text, cut):
        spans.append((sentence.start + cut, sentence.start + match.start()))
        cut = match.end()
    spans.append((sentence.start + cut, sentence.end))
    return [(s, e) for s, e in spans if e - s > 15] or [(sentence.start, sentence.end)]


def _own_dates(clause: str, offset: int, clause_dates: list[DateMention]) -> list[DateMention]:
    """Drop dates that belong to a "since …" aside after the trigger ("died, … since the protests began last week")."""
    trigger = next((m.start() + offset for _k, p in TRIGGER_RES for m in [p.search(_lower_first(clause))] if m), None)
    if trigger is None:
        return clause_dates
    kept = [
        m
        for m in clause_dates
        if not (m.start > trigger and re.search(r"\bsince\b", clause[trigger - offset : m.start - offset]))
    ]
    return kept


def _pick_date(clause_dates: list[DateMention], paragraph_date, published: date | None) -> DateResolution:
    """The clause's own date if it has one, else the paragraph's, else the news day (approximate).

    ([], None, 2019-02-03) → DateResolution(2019-02-03, 2019-02-03, "approximate", None, "context")
    """
    if clause_dates:
        best = min(clause_dates, key=lambda m: ("day", "week", "approximate", "month", "year").index(m.date.precision))
        return best.date
    if paragraph_date:
        base = paragraph_date[1]
        return DateResolution(base.start, base.end, "approximate", base.text, "context")
    if published:
        return DateResolution(published, published, "approximate", None, "context")
    return DateResolution(None, None, "approximate", None, "context")


def _recent(when: DateResolution, published: date | None) -> bool:
    """A date close enough to publication to carry over to the next sentences (the story's own days)."""
    return published is None or (when.start is not None and abs((published - when.start).days) <= 10)


def _tense(clause: str, when: DateResolution, published: date | None) -> str:
    """ "future" for plans, "background" for things well before the news, else "now".

    ("They will march on Friday", …) → "future";  ("He took office in 2012", published 2017) → "background"
    """
    trigger = next((m for _k, p in TRIGGER_RES for m in [p.search(_lower_first(clause))] if m), None)
    if trigger and FUTURE.search(clause[: trigger.start()]):  # "will march", "plans to sign"
        return "future"
    if when.start and published and when.start > published + timedelta(days=1):
        return "future"
    if published and when.source == "explicit" and when.end and when.end < published - timedelta(days=14):
        return "background"
    return "now"


def _event_actors(start: int, end: int, clause: str, mentions: list) -> tuple[tuple[str, str], ...]:
    """Actors named in the clause with a rough role: the first is the initiator, the rest targets/participants."""
    roles: dict[str, str] = {}
    for s, _e, actor in mentions:
        if start <= s < end and actor.name not in roles:
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
    """One line: the clause, trimmed to 200 characters at a word boundary."""
    clause = " ".join(clause.split()).strip(" ,;")
    return clause if len(clause) <= 200 else clause[:197].rsplit(" ", 1)[0] + "…"


def merge_retold(events: list[EventCandidate]) -> list[EventCandidate]:
    """Join an event told twice (headline and lede, or a caption repeated) into one with both spans.

    [protest "holds huge rally" (headline), protest "tens of thousands … rally" (lede), same day] → one event
    """
    merged: list[EventCandidate] = []
    for event in events:
        words = set(WORD.findall(event.summary.lower()))
        twin = None
        for index, other in enumerate(merged):
            same_day = other.date.start == event.date.start or "context" in (other.date.source, event.date.source)
            if other.type != event.type or not same_day:
                continue
            other_words = set(WORD.findall(other.summary.lower()))
            overlap = len(words & other_words) / max(1, min(len(words), len(other_words)))
            if overlap >= 0.6 or event.evidence == other.evidence:
                twin = index
                break
        if twin is None:
            merged.append(event)
            continue
        other = merged[twin]
        better = event.date if other.date.source == "context" and event.date.source == "explicit" else other.date
        merged[twin] = EventCandidate(
            summary=other.summary,
            type=other.type,
            date=better,
            actors=tuple(dict.fromkeys(other.actors + event.actors)),
            location=other.location or event.location,
            spans=other.spans + event.spans,
            evidence=other.evidence + " … " + event.evidence,
            tense=other.tense,
        )
    return merged
