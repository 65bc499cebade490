"""Merge two event candidates of a preview, or split one into an entry per evidence span.

Both work on the preview's payload (a plain dict, see `forms.sign_preview`) and return a `Restructured`:
the new payload, `moved` (for every event of the new payload, the old index whose review fields still
apply, or None where the candidate changed and its fields start again from the parser's values) and
`renumbered` (old event index → new). Claims that pointed at a moved event follow it. `carry_edits`
moves the editor's posted fields to the new numbering. Nothing here touches the database.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from django.http import QueryDict

from events.text import fold


@dataclass(frozen=True)
class Restructured:
    payload: dict
    moved: list[int | None]
    renumbered: dict[int, int]


class RestructureError(ValueError):
    """A merge or split that cannot be made; the message is shown to the editor as is."""


def _check_index(payload: dict, index: int) -> dict:
    if not 0 <= index < len(payload["events"]):
        raise RestructureError(f"There is no event {index + 1} in this preview.")
    return payload["events"][index]


def _repoint_claims(payload: dict, old_to_new: dict[int, int]) -> None:
    for claim in payload["claims"]:
        if claim.get("event_index") is not None:
            claim["event_index"] = old_to_new.get(claim["event_index"])


def merge_events(payload: dict, *, into: int, other: int) -> Restructured:
    """Event `other` becomes more evidence of event `into`: its spans and the actors `into` lacks join it.

    events [rally (span A), march (span B)], merge_events(into=0, other=1) → [rally (spans A, B)];
    moved == [None], renumbered == {0: 0, 1: 0} (the merged entry starts from the parser's values again)
    """
    if into == other:
        raise RestructureError("Pick another event to merge with.")
    target = _check_index(payload, into)
    source = _check_index(payload, other)
    new = copy.deepcopy(payload)
    merged = new["events"][into]
    merged["spans"] = [list(s) for s in sorted({tuple(s) for s in (*target["spans"], *source["spans"])})]
    keys = {key for key, _ in target["actors"]}
    merged["actors"] = [*target["actors"], *([k, r] for k, r in source["actors"] if k not in keys)]
    del new["events"][other]
    old_to_new = {}
    for old in range(len(payload["events"])):
        if old == other:
            old_to_new[old] = into if into < other else into - 1
        else:
            old_to_new[old] = old if old < other else old - 1
    _repoint_claims(new, old_to_new)
    moved: list[int | None] = [None] * len(new["events"])
    for old, now in old_to_new.items():
        if old not in (into, other):
            moved[now] = old
    return Restructured(new, moved, old_to_new)


def _names_in(payload: dict) -> dict[str, set[str]]:
    """Every actor key with the folded forms it appears under in the text."""
    return {a["name"]: {fold(m) for m in (a["name"], *a.get("mentions", ())) if fold(m)} for a in payload["actors"]}


def _sentence(body: str, start: int, end: int) -> str:
    return re.sub(r"\s+", " ", body[start:end]).strip()[:300]


def split_event(payload: dict, *, index: int) -> Restructured:
    """Each evidence span of event `index` becomes an entry of its own, right where the event was.

    The first keeps the event's headline; the others take their span's words as a headline to edit.
    Each gets the actors its span names (all of the event's actors if it names none), and the event's
    type, date and tense. [rally (spans A, B)] → [rally (span A), "<text of B>" (span B)]
    """
    event = _check_index(payload, index)
    if len(event["spans"]) < 2:
        raise RestructureError(f"Event {index + 1} rests on one passage only: there is nothing to split.")
    new = copy.deepcopy(payload)
    body = payload["body"]
    forms = _names_in(payload)
    pieces = []
    for n, (start, end) in enumerate(sorted(tuple(s) for s in event["spans"])):
        text = fold(body[start:end])
        named = [[k, r] for k, r in event["actors"] if any(f in text for f in forms.get(k, ()))]
        piece = copy.deepcopy(event)
        piece["spans"] = [[start, end]]
        piece["actors"] = named or copy.deepcopy(event["actors"])
        if n:
            piece["summary"] = _sentence(body, start, end)
        pieces.append(piece)
    new["events"][index : index + 1] = pieces
    extra = len(pieces) - 1
    old_to_new = {old: old if old <= index else old + extra for old in range(len(payload["events"]))}
    _repoint_claims(new, old_to_new)
    moved: list[int | None] = [None] * len(new["events"])
    for old, now in old_to_new.items():
        if old != index:
            moved[now] = old
    return Restructured(new, moved, old_to_new)


def parse_operation(value: str) -> tuple[str, int]:
    """The button the editor pressed: "split:2" → ("split", 2); anything else → RestructureError."""
    match = re.fullmatch(r"(merge|split):(\d{1,6})", value or "")
    if not match:
        raise RestructureError("That change is not one this page offers. Nothing was changed.")
    return match.group(1), int(match.group(2))


def carry_edits(post: QueryDict, change: Restructured, fresh: dict[int, dict[str, str]]) -> QueryDict:
    """The editor's posted review fields under the new numbering. Actors keep theirs, claims keep theirs
    (their event choice renumbered), unchanged events move with their index, and a changed event takes
    `fresh[new index]`, the parser's values as form data.

    post {"event-2-headline": "March"}, split of event 0 into two → {"event-3-headline": "March", …}
    """
    data = QueryDict(mutable=True)
    for key, values in post.lists():
        if key.startswith("actor-"):
            data.setlist(key, values)
        elif key.startswith("claim-"):
            if key.endswith("-event"):
                values = [_renumber(v, change.renumbered) for v in values]
            data.setlist(key, values)
    for new, old in enumerate(change.moved):
        if old is None:
            for name, value in fresh.get(new, {}).items():
                data[f"event-{new}-{name}"] = value
            continue
        prefix = f"event-{old}-"
        for key, values in post.lists():
            if key.startswith(prefix) and not key.endswith("-merge_with"):
                data.setlist(f"event-{new}-{key[len(prefix) :]}", values)
    return data


def _renumber(value: str, renumbered: dict[int, int]) -> str:
    if not re.fullmatch(r"[0-9]{1,6}", value):
        return value  # not an event number: the form says so when it is checked
    index = renumbered.get(int(value))
    return "" if index is None else str(index)
