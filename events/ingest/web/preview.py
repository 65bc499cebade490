"""What the review page shows: the review forms filled from a payload, and the article cut into rows.

Each row is one paragraph of the cleaned text, its evidence spans highlighted as links to their
candidates, beside the event and claim candidates whose first passage lies in it, so a candidate sits
level with its text on a wide screen and right under it on a narrow one, without any script.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from events.ingest.registry import find_same_events, match_known_actors
from events.ingest.web.forms import ActorReviewForm, ClaimReviewForm, EventReviewForm, known_actor_choices
from events.models import Crisis

PARAGRAPH = re.compile(r"[^\n]+")


def _actor_forms(payload: dict, data) -> tuple[list[ActorReviewForm], dict[str, int]]:
    """One form per actor candidate; "same as existing actor" starts on the parser's match, else on the
    actor whose name or folded alias is exactly the candidate's name."""
    choices = known_actor_choices()
    valid = {pk for pk, _ in choices}
    matched = match_known_actors([a["name"] for a in payload["actors"]])
    forms, links = [], {}
    for i, actor in enumerate(payload["actors"]):
        link = actor.get("known_id") if actor.get("known_id") in valid else matched.get(actor["name"])
        if link:
            links[actor["name"]] = link
        initial = {"accept": True, "name": actor["name"], "kind": actor["kind"], "link": link}
        forms.append(ActorReviewForm(data, prefix=f"actor-{i}", initial=initial, known_choices=choices))
    return forms, links


def review_forms(payload: dict, crisis: Crisis, data=None):
    """The three lists of review forms and the warnings, bound to `data` on confirm or filled from the
    payload on preview."""
    actor_forms, known = _actor_forms(payload, data)
    published = dt.date.fromisoformat(payload["published"]) if payload.get("published") else None
    event_forms, warnings = [], []
    for i, event in enumerate(payload["events"]):
        start = dt.date.fromisoformat(event["date_start"]) if event["date_start"] else published
        end = dt.date.fromisoformat(event["date_end"]) if event["date_end"] else published
        if not event["date_start"]:
            warnings.append(f"Event {i + 1}: no date found; set one or leave it out.")
        same = []
        if start and end:
            actor_ids = {known[k] for k, _ in event["actors"] if known.get(k)}
            same = find_same_events(
                crisis=crisis, date_start=start, date_end=end, actor_ids=actor_ids, text=event["summary"]
            )
            if same:
                warnings.append(f"Event {i + 1} may be the same as #{same[0][0].pk} “{same[0][0].headline}”.")
        initial = {
            "accept": True,
            "headline": event["summary"][:300],
            "type": event["type"],
            "date_start": start,
            "date_end": end,
            "precision": event["precision"] if event["date_start"] else "approximate",
            "date_text": event["date_text"] or "",
            "timeframe": {"now": "current"}.get(event["tense"], event["tense"]),
            "same_as": same[0][0].pk if same and same[0][1] >= 0.6 else None,
            **{f"role_{j}": role for j, (_, role) in enumerate(event["actors"])},
        }
        same_choices = [(e.pk, f"#{e.pk} {e.headline[:60]} ({e.date_start}, match {score:.0%})") for e, score in same]
        event_forms.append(
            EventReviewForm(
                data,
                prefix=f"event-{i}",
                initial=initial,
                same_choices=same_choices,
                actor_keys=[key for key, _ in event["actors"]],
                event_count=len(payload["events"]),
            )
        )
    actor_choices = [(a["name"], a["name"]) for a in payload["actors"]]
    event_choices = [(i, f"Event {i + 1}: {e['summary'][:50]}") for i, e in enumerate(payload["events"])]
    claim_forms = []
    for i, claim in enumerate(payload["claims"]):
        initial = {
            "accept": True,
            "claimant": claim["claimant"] or "",
            "claimant_text": claim["claimant_text"],
            "statement": claim["text"],
            "speech_act": claim["speech_act"],
            "figure_value": claim["figure_value"],
            "figure_unit": claim["figure_unit"],
            **{name: claim.get(name) for name in ClaimReviewForm.FIGURE_FIELDS},
            "event": claim["event_index"],
        }
        claim_forms.append(
            ClaimReviewForm(
                data, prefix=f"claim-{i}", initial=initial, actor_choices=actor_choices, event_choices=event_choices
            )
        )
    return actor_forms, event_forms, claim_forms, warnings


def initial_as_data(form) -> dict[str, str]:
    """A form's starting values as a browser would post them (a ticked box is "on", a date ISO)."""
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if name == "accept":
            data[name] = "on" if value else ""
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        elif value is not None:
            data[name] = str(value)
    return data


@dataclass
class Run:
    """A stretch of a paragraph: plain text, or part of evidence (`css`, linking to `href`)."""

    text: str
    css: str = ""
    href: str = ""
    anchors: list[str] = field(default_factory=list)  # ids a candidate's "in the text" links jump to


@dataclass
class Row:
    runs: list[Run]
    events: list = field(default_factory=list)  # (index, form, payload entry)
    claims: list = field(default_factory=list)


def _paragraph_of(starts: list[int], position: int) -> int:
    return max(bisect.bisect_right(starts, position) - 1, 0)


def preview_rows(payload: dict, event_forms, claim_forms) -> list[Row]:
    """The body as paragraphs, each with its highlighted runs and the candidates that start in it.

    body "A rally.\\nA march." with event 0 on "rally" → [Row(runs ["A ", "rally"→#event-0, "."],
    events [event 0]), Row(runs ["A march."])]
    """
    body = payload["body"]
    paragraphs = [(m.start(), m.end()) for m in PARAGRAPH.finditer(body)] or [(0, len(body))]
    starts = [start for start, _ in paragraphs]
    spans = []  # (start, end, kind, index, span number)
    for i, event in enumerate(payload["events"]):
        for n, (start, end) in enumerate(sorted(tuple(s) for s in event["spans"])):
            spans.append((start, end, "ev", i, n))
    for k, claim in enumerate(payload["claims"]):
        spans.append((claim["start"], claim["end"], "cl", k, 0))
    anchored: set[str] = set()  # each span's id goes on its first run only, even across paragraphs
    rows = [Row(runs=_runs(body, a, b, spans, anchored)) for a, b in paragraphs]
    for i, (form, event) in enumerate(zip(event_forms, payload["events"], strict=True)):
        first = min((s[0] for s in event["spans"]), default=0)
        rows[_paragraph_of(starts, first)].events.append((i, form, event))
    for k, (form, claim) in enumerate(zip(claim_forms, payload["claims"], strict=True)):
        rows[_paragraph_of(starts, claim["start"])].claims.append((k, form, claim))
    return rows


def _runs(body: str, start: int, end: int, spans: list[tuple], anchored: set[str]) -> list[Run]:
    inside = [s for s in spans if s[0] < end and s[1] > start]
    cuts = sorted({start, end, *(max(s[0], start) for s in inside), *(min(s[1], end) for s in inside)})
    runs = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in inside if s[0] < b and s[1] > a]
        if not covering:
            runs.append(Run(body[a:b]))
            continue
        events = sorted({s[3] for s in covering if s[2] == "ev"})
        claims = sorted({s[3] for s in covering if s[2] == "cl"})
        css = " ".join(["ev", *(f"ev-{i}" for i in events)] if events else [])
        if claims:
            css = f"{css} cl {' '.join(f'cl-{k}' for k in claims)}".strip()
        href = f"#event-{events[0]}" if events else f"#claim-{claims[0]}"
        anchors = []
        for s in covering:
            name = f"ev{s[3]}-s{s[4]}" if s[2] == "ev" else f"cl{s[3]}"
            if name not in anchored:
                anchored.add(name)
                anchors.append(name)
        runs.append(Run(body[a:b], css, href, anchors))
    return runs
