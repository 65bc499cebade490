"""Stage 7: the whole pipeline, from raw input to an `IngestResult`, and its JSON contract.

`parse_article` is the one entry point the admin, the management commands and the tests call. It reads
nothing from the database itself: known actors come in as plain `KnownActor` values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from . import dates as dates_stage
from .actors import find_actors
from .claims import find_claims
from .events import find_events
from .extract import extract_article, split_sentences
from .lexicon import gazetteer
from .types import IngestResult, KnownActor


def warm_up() -> None:
    """Load dateparser's locale data and the gazetteer once, at worker start.

    warm_up() → None; the next parse_article call skips ~1.5 s of first-call cost.
    """
    dates_stage.warm_up()
    gazetteer()


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
) -> IngestResult:
    """Raw article (pasted text or a saved page) → everything the ingest review shows.

    parse_article("Rally held\\n\\nThousands marched in Caracas on Saturday.", published=date(2019, 2, 3))
      → IngestResult(title="Rally held", published=2019-02-03, published_source="given",
                     events=(EventCandidate(type="protest", date=2019-02-02 …),), …)
    parse_article(b"\\x89PNG…") → raises IngestError("This file is a PNG image, not an article. …")

    `today` is the day of reference when no publication date is known (the stages never read the clock).
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
        warnings.append('No publication date was given or found; relative dates ("Saturday") are left unresolved.')
    body = article.body
    sentences = split_sentences(body)
    mentions = dates_stage.find_date_mentions(body, published, today=today)
    if len(mentions) >= dates_stage.MAX_MENTIONS:
        warnings.append(f"Only the first {dates_stage.MAX_MENTIONS:,} date phrases were read.")
    actors = find_actors(body, known_actors, outlet=outlet or article.outlet, authors=article.authors)
    events = find_events(sentences, mentions, actors, published=published, places=gazetteer()[0])
    claims = find_claims(sentences, actors)
    claims = tuple(_link_claim(claim, events, body) for claim in claims)
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
    )


def _link_claim(claim, events, body: str):
    """Point a claim at the event it is about (its index in `events`), if any.

    A claim inside an event's evidence belongs to that event; so does a claim in the sentence right after
    an event in the same paragraph, as when a report names the event and then quotes who did it
    ("The first defection came Saturday. General X said he is backing Y."). (claim at 120-190, event at
    120-190) → claim with event_index=0.
    """
    for index, event in enumerate(events):
        if any(start <= claim.start < end for start, end in event.spans):
            return replace(claim, event_index=index)
    for index, event in enumerate(events):
        for _start, end in event.spans:
            between = body[end:claim.start]
            if end <= claim.start and "\n" not in between and between.count(". ") <= 1 and len(between) < 200:
                return replace(claim, event_index=index)
    return claim


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
        "outlet": result.outlet,
        "body": result.body,
        "actors": [
            {"name": a.name, "kind": a.kind, "mentions": list(a.mentions), "known_id": a.known_id}
            for a in result.actors
        ],
        "events": [
            {
                "date": e.date.start.isoformat() if e.date.start else None,
                "date_end": e.date.end.isoformat() if e.date.end else None,
                "precision": e.date.precision,
                "date_text": e.date.text,
                "type": e.type,
                "summary": e.summary,
                "evidence": e.evidence,
                "start": e.spans[0][0],
                "end": e.spans[0][1],
                "actors": [name for name, _role in e.actors],
                "location": e.location,
            }
            for e in events
        ],
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
