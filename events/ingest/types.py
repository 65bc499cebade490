"""Plain values passed between the ingest stages.

Every stage takes plain Python values and returns the frozen dataclasses below, so the stages can be
tested, benchmarked and cached without Django. Offsets (`start`, `end`, `spans`) always point into the
cleaned body (`ExtractedArticle.body` / `IngestResult.body`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from events.gazetteer import Place

from .figures import Figure

EVENT_TYPES = (
    "protest", "riot", "battle", "violence_against_civilians", "explosion_remote_violence",
    "strategic_development", "defection", "recognition", "legislation", "election", "court_ruling",
    "arrest", "appointment_resignation", "negotiation_agreement", "sanctions", "statement", "poll", "other",
)  # fmt: skip
ACTOR_KINDS = ("person", "state", "military", "party", "movement", "armed_group", "igo", "media", "other")
SPEECH_ACTS = ("stated", "alleged", "denied", "announced", "predicted", "poll_finding")
PRECISIONS = ("day", "week", "month", "year", "approximate")
ROLES = ("initiator", "target", "participant", "mentioned")
TENSES = ("now", "background", "future")
STATUSES = ("asserted", "negated", "hypothetical")


class IngestError(ValueError):
    """Input the pipeline cannot read; the message is shown to editors as is.

    >>> str(IngestError("This file is an image (PNG), not an article."))
    'This file is an image (PNG), not an article.'
    """


@dataclass(frozen=True)
class KnownActor:
    """An actor already in the database, as the registry hands it to the pipeline.

    KnownActor(id=7, name="Nicolás Maduro", kind="person", aliases=("Maduro",))
    """

    id: int
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExtractedArticle:
    """The cleaned article: `body` is what every later offset points into."""

    title: str | None
    body: str
    published: date | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    language: str | None = "en"
    url: str | None = None
    warnings: tuple[str, ...] = ()
    live_updated: date | None = None  # a live page's last update: its "today" and "this evening" are that day


@dataclass(frozen=True)
class Sentence:
    """One sentence of the body with its offsets and paragraph number."""

    start: int
    end: int
    text: str
    paragraph: int


@dataclass(frozen=True)
class DateResolution:
    """A date as bounds plus precision, never a made-up day.

    DateResolution(date(2019, 3, 1), date(2019, 3, 31), "month", "in March", "explicit")
    """

    start: date | None
    end: date | None
    precision: str
    text: str | None
    source: str = "explicit"  # "explicit" (the phrase says it) | "context" (paragraph or news day)


@dataclass(frozen=True)
class DateMention:
    """A date phrase found in the body, resolved against the publication date."""

    start: int
    end: int
    date: DateResolution


@dataclass(frozen=True)
class ActorCandidate:
    """One actor of the article: a known one (`known_id`) or a proposal for the registry."""

    name: str
    kind: str
    mentions: tuple[str, ...]
    known_id: int | None = None
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class ClaimCandidate:
    """An attributed statement; `claimant` is a canonical actor name when resolved."""

    claimant: str | None
    claimant_text: str
    text: str
    speech_act: str
    figure_value: Decimal | None
    figure_unit: str
    start: int
    end: int
    evidence: str
    event_index: int | None = None
    about: tuple[str, ...] = ()
    figure: Figure | None = None  # the structured figure (measure, range, words, poll); value/unit above repeat it


@dataclass(frozen=True)
class EventCandidate:
    """Something that happened (or was done), with its evidence spans in the body."""

    summary: str
    type: str
    date: DateResolution
    actors: tuple[tuple[str, str], ...]
    location: str | None
    spans: tuple[tuple[int, int], ...]
    evidence: str
    tense: str = "now"
    # "asserted" (reported as done), or "negated" / "hypothetical": kept apart, never mixed with events
    status: str = "asserted"
    back_reference: bool = False  # told as "the rally", "the coup": a happening the article already named
    # the subject of its clause, with no day of its own: "The decree also gave Morsi sweeping powers" tells more
    # of the decree already told, whatever day the sentences around it lend
    retold: bool = False
    headline_quality: int = 0  # 2: written from the clause (who did what); 1: a noun phrase; 0: the sentence
    place: Place | None = None  # where, from the gazetteer (`places.resolve_places`); None before that stage


@dataclass(frozen=True)
class IngestResult:
    """What `parse_article` returns; `result_to_contract` turns it into the JSON contract."""

    title: str | None
    body: str
    published: date | None
    published_source: str | None
    outlet: str | None
    authors: tuple[str, ...]
    url: str | None
    actors: tuple[ActorCandidate, ...]
    events: tuple[EventCandidate, ...]
    claims: tuple[ClaimCandidate, ...]
    warnings: tuple[str, ...] = ()
    language: str = "en"  # ISO 639-1; only English articles get candidates
    # Happenings the text mentions but does not report as done (negated, hypothetical), shown apart
    unreported: tuple[EventCandidate, ...] = ()
