"""Stage 7: the whole pipeline, from raw input to an `IngestResult`, and its JSON contract.

`parse_article` is the one entry point the admin, the management commands and the tests call. It reads
nothing from the database itself: known actors come in as plain `KnownActor` values.
"""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from events.gazetteer import places_named

from . import dates as dates_stage
from . import nlp, syntax
from .actors import find_actors
from .claims import find_claims
from .events import find_events
from .extract import extract_article, split_sentences
from .lexicon import gazetteer
from .places import resolve_places
from .types import EventCandidate, IngestResult, KnownActor

NO_PUBLICATION_DATE = (
    "No publication date was given or found, so relative dates (weekdays, yesterday) are left unresolved."
)
LINK_LOOKBACK = 12  # event spans before a claim that may contain it (several events share a sentence)
# Below this confidence the identifier's guess is not trusted and the article is parsed as English.
MIN_LANGUAGE_CONFIDENCE = 0.9
LANGUAGE_NAMES = {
    "fr": "French", "es": "Spanish", "pt": "Portuguese", "de": "German", "it": "Italian", "nl": "Dutch",
    "ru": "Russian", "uk": "Ukrainian", "ar": "Arabic", "fa": "Persian", "tr": "Turkish", "zh": "Chinese",
    "ja": "Japanese", "ko": "Korean", "pl": "Polish", "ro": "Romanian", "ca": "Catalan", "id": "Indonesian",
}  # fmt: skip


def warm_up(nlp_pipeline: str = nlp.DEFAULT_PIPELINE) -> None:
    """Load what every parse reads (models, tables, the gazetteer) once, at worker start.

    warm_up() → None; the next parse_article call skips ~2 s of first-call cost.
    """
    dates_stage.warm_up()
    gazetteer()
    places_named("Caracas")  # the place table events are resolved against (~0.4 s to build)
    nlp.warm_up(nlp_pipeline)
    syntax.warm_up()  # lemminflect's verb tables
    # What warming up loaded (the parser's model, the gazetteer and place table, dateparser's and lemminflect's
    # tables) lives as long as the process: moved out of the garbage collector's reach, a long article's many
    # short-lived objects no longer make every collection walk it again (200k characters: ~3.9 s → ~3.6 s here).
    gc.freeze()


def parse_article(
    raw: str | bytes,
    *,
    is_html: bool | None = None,
    published: date | None = None,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    known_actors: Sequence[KnownActor] = (),
    today: date | None = None,
    nlp_pipeline: str = nlp.DEFAULT_PIPELINE,
    countries: Sequence[str] = (),
) -> IngestResult:
    """Raw article (pasted text or a saved page) → everything the ingest review shows.

    parse_article("Rally held\\n\\nThousands marched in Caracas on Saturday.", published=date(2019, 2, 3))
      → IngestResult(title="Rally held", published=2019-02-03, published_source="given",
                     events=(EventCandidate(type="protest", date=2019-02-02 …),), …)
    parse_article(b"\\x89PNG…") → raises IngestError("This file is a PNG image, not an article. …")

    `today` is the day of reference when no publication date is known (the stages never read the clock);
    `nlp_pipeline` names the spaCy pipeline to parse with (the entry point passes the configured one);
    `countries` are the crisis's, where an event whose text names no place is put.
    """
    article = extract_article(raw, is_html=is_html, title=title, url=url)
    warnings = list(article.warnings)
    if published is not None:
        source = "given"
    elif article.published is not None:
        published, source = article.published, "metadata"
    elif (inferred := dates_stage.infer_published(article.body)) is not None:
        published, source = inferred, "text"
    else:
        source = None
        warnings.append(
            "No publication date was given or found, so relative dates (weekdays, yesterday) are left unresolved."
        )
    body = article.body
    language, confidence = nlp.detect_language(body)
    if language != "en" and confidence >= MIN_LANGUAGE_CONFIDENCE:
        name = LANGUAGE_NAMES.get(language, f"not English (detected: {language})")
        warnings.append(
            f"This article is in {name}. Only English articles are parsed: no events, actors or claims were "
            "proposed. The text can still be saved as a source."
        )
        return IngestResult(
            title=article.title, body=body, published=published, published_source=source,
            outlet=outlet or article.outlet, authors=article.authors, url=url, actors=(), events=(), claims=(),
            warnings=tuple(warnings), language=language,
        )  # fmt: skip
    sentences = split_sentences(body)
    docs = nlp.parse_sentences([sentence.text for sentence in sentences], nlp_pipeline)
    anchor = published
    if published is not None and article.live_updated is not None and article.live_updated > published:
        anchor = article.live_updated  # a live page's "today" is the day of its latest posts
        warnings.append(
            f"This is a live page last updated on {anchor:%-d %B %Y}: its “today”, “tonight” and weekdays are "
            "read as of that day."
        )
    mentions = dates_stage.find_date_mentions(body, anchor, today=today)
    if len(mentions) >= dates_stage.MAX_MENTIONS:
        warnings.append(f"Only the first {dates_stage.MAX_MENTIONS:,} date phrases were read.")
    tags = {
        sentence.start + token.idx: token.pos_ for sentence, doc in zip(sentences, docs, strict=True) for token in doc
    }
    actors = find_actors(body, known_actors, outlet=outlet or article.outlet, authors=article.authors, tags=tags)
    candidates = find_events(sentences, mentions, actors, published=anchor, places=gazetteer()[0], docs=docs)
    events = resolve_places([event for event in candidates if event.status == "asserted"], countries)
    unreported = tuple(event for event in candidates if event.status != "asserted")
    claims = find_claims(sentences, actors)
    claims = _link_claims(claims, events, body)
    events = _claimants_take_part(events, claims)
    return IngestResult(
        title=article.title,
        body=body,
        published=published,
        published_source=source,
        outlet=outlet or article.outlet,
        authors=article.authors,
        url=url,
        actors=tuple(actors),
        events=tuple(events),
        claims=claims,
        warnings=tuple(warnings),
        language="en",
        unreported=unreported,
    )


def _link_claims(claims, events, body: str) -> tuple:
    """Point each claim at the event it is about (its index in `events`), if any.

    A claim inside an event's evidence belongs to that event; so does a claim in the sentence right after
    an event in the same paragraph, as when a report names the event and then quotes who did it
    ("The first defection came Saturday. General X said he is backing Y."). (claim at 120-190, event at
    120-190) → claim with event_index=0. Spans are looked up by position, so a long article costs
    the same per claim as a short one.
    """
    spans = sorted((start, end, index) for index, event in enumerate(events) for start, end in event.spans)
    starts = [start for start, _end, _index in spans]
    linked = []
    for claim in claims:
        last = bisect_right(starts, claim.start)
        nearby = spans[max(0, last - LINK_LOOKBACK) : last]
        inside = [index for start, end, index in nearby if start <= claim.start < end]
        before = [
            (claim.start - end, index)
            for _start, end, index in nearby
            if end <= claim.start and claim.start - end < 200 and _same_paragraph_next(body[end : claim.start])
        ]
        if inside:
            claim = replace(claim, event_index=min(inside))
        elif before:
            claim = replace(claim, event_index=min(before)[1])
        linked.append(claim)
    return tuple(linked)


def _same_paragraph_next(between: str) -> bool:
    """Text between an event's sentence and a claim that keeps them together: no paragraph break, at most
    one sentence end."""
    return "\n" not in between and between.count(". ") <= 1


def _claimants_take_part(events, claims):
    """A claimant whose claim is about an event is one of its actors ("mentioned" unless already there)."""
    extra: dict[int, list[str]] = {}
    for claim in claims:
        if claim.event_index is not None and claim.claimant:
            extra.setdefault(claim.event_index, []).append(claim.claimant)
    updated = list(events)
    for index, names in extra.items():
        present = {name for name, _role in updated[index].actors}
        added = tuple((name, "mentioned") for name in dict.fromkeys(names) if name not in present)
        if added:
            updated[index] = replace(updated[index], actors=updated[index].actors + added)
    return updated


def result_to_contract(result: IngestResult) -> dict:
    """The JSON contract of corpus/README.md (every event; `tense` stays on the IngestResult for the review).

    result_to_contract(parse_article("…")) → {"title": …, "published": "2019-02-02", "published_source": "text",
      "outlet": None, "body": …, "actors": [...], "events": [...], "claims": [...]}
    """
    events = result.events
    return {
        "title": result.title,
        "published": result.published.isoformat() if result.published else None,
        "published_source": result.published_source,
        "language": result.language,
        "outlet": result.outlet,
        "body": result.body,
        "actors": [
            {"name": a.name, "kind": a.kind, "mentions": list(a.mentions), "known_id": a.known_id}
            for a in result.actors
        ],
        "events": [_event_contract(e, result.body) for e in events],
        # Mentioned but not reported as done ("did not arrest", "if any arrests were made"): never events.
        "unreported_events": [_event_contract(e, result.body) for e in result.unreported],
        "claims": [
            {
                "claimant": c.claimant,
                "claimant_text": c.claimant_text,
                "text": c.text,
                "evidence": c.evidence,
                "start": c.start,
                "end": c.end,
                "event": c.event_index,
            }
            for c in result.claims
        ],
    }


def _event_contract(event: EventCandidate, body: str) -> dict:
    """One event of the JSON contract: the first span is its evidence, the others its `mentions`."""
    (start, end), *others = event.spans
    return {
        "date": event.date.start.isoformat() if event.date.start else None,
        "date_end": event.date.end.isoformat() if event.date.end else None,
        "precision": event.date.precision,
        "date_text": event.date.text,
        "type": event.type,
        "summary": event.summary,
        "evidence": event.evidence,
        "start": start,
        "end": end,
        "actors": [name for name, _role in event.actors],
        "roles": {name: role for name, role in event.actors},
        "location": event.location,
        "place": event.place.label if event.place else None,
        "tense": event.tense,
        "status": event.status,
        "mentions": [{"evidence": body[s:e], "start": s, "end": e} for s, e in others],
    }
