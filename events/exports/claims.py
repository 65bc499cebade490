"""The claims CSV: one header, one row function; each claim with the first evidence it rests on."""

import datetime as dt
import itertools
from collections.abc import Iterator
from contextlib import closing

from django.db.models import QuerySet

from events.exports.common import (
    CHUNK_ROWS,
    FORMAT_VERSION,
    Progress,
    iso_timestamp,
    neutralise,
    reading,
    stream_csv,
    text,
)
from events.forms import CLAIM_ORDER
from events.models import Claim, ContradictionGroup, ContradictionMember, Evidence, ReviewStatus
from events.sql import among

CLAIMS_HEADER = [
    "format_version",
    "id",
    "crisis",
    "made_on",
    "claimant",
    "claimant_text",
    "statement",
    "speech_act",
    "figure_value",
    "figure_unit",
    "figure_measure",
    "figure_low",
    "figure_high",
    "figure_text",
    "poll_pollster",
    "poll_base",
    "contradictions",
    "verification",
    "status",
    "event_id",
    "source_url",
    "source_outlet",
    "quote",
    "updated_at",
]
CLAIM_FIELDS = [
    "id",
    "crisis__slug",
    "made_on",
    "claimant__name",
    "claimant_text",
    "statement",
    "speech_act",
    "figure_value",
    "figure_unit",
    "figure_measure",
    "figure_low",
    "figure_high",
    "figure_text",
    "poll_pollster",
    "poll_base",
    "verification",
    "status",
    "event_id",
    "updated_at",
]


def claim_row(claim: dict) -> list:
    source = claim["source"] or ("", "", "")
    return [
        FORMAT_VERSION,
        claim["id"],
        claim["crisis__slug"],
        claim["made_on"].isoformat() if claim["made_on"] else "",
        neutralise(claim["claimant__name"] or ""),
        neutralise(claim["claimant_text"]),
        neutralise(claim["statement"]),
        claim["speech_act"],
        text(claim["figure_value"]),
        neutralise(claim["figure_unit"]),
        claim["figure_measure"],
        text(claim["figure_low"]),
        text(claim["figure_high"]),
        neutralise(claim["figure_text"]),
        neutralise(claim["poll_pollster"]),
        text(claim["poll_base"]),
        ";".join(map(str, claim["contradictions"])),
        claim["verification"],
        claim["status"],
        text(claim["event_id"]),
        neutralise(source[0] or ""),
        neutralise(source[1]),
        neutralise(source[2]),
        iso_timestamp(claim["updated_at"]),
    ]


def claims_with_first_source(
    claims: QuerySet, *, include_draft_events: bool, known_on: dt.date | None = None
) -> Iterator[dict]:
    """Claim dicts (CLAIM_FIELDS) with `source` = (url, outlet, quote) of their first evidence or None (with
    `known_on`, the first from a source published by that day). `event_id` is blanked when the event is a
    draft the reader may not see."""
    rows = claims.order_by(*CLAIM_ORDER).values(*CLAIM_FIELDS, "event__status").iterator(chunk_size=CHUNK_ROWS)
    with closing(rows):
        yield from with_first_source(rows, include_draft_events=include_draft_events, known_on=known_on)


def with_first_source(
    rows: Iterator[dict], *, include_draft_events: bool, known_on: dt.date | None = None
) -> Iterator[dict]:
    """Each claim with its first source and `contradictions`: the ids of the groups it is in (those a reader
    may see when `include_draft_events` is off: two published members at least), one query each per chunk."""
    groups = ContradictionGroup.objects.all()
    if not include_draft_events:
        groups = groups.seen_by(Claim.objects.published())
    evidence = Evidence.objects.all()
    if known_on is not None:
        evidence = evidence.filter(source__published_on__lte=known_on)
    for chunk in itertools.batched(rows, CHUNK_ROWS):
        ids = [c["id"] for c in chunk]
        contradictions: dict[int, list[int]] = {}
        for claim_id, group_id in (
            ContradictionMember.objects.filter(among("claim_id", ids), group__in=groups)
            .order_by("group_id")
            .values_list("claim_id", "group_id")
        ):
            contradictions.setdefault(claim_id, []).append(group_id)
        first = {}
        for claim_id, *source in (
            evidence.filter(among("claim_id", [c["id"] for c in chunk]))
            .order_by("-id")
            .values_list("claim_id", "source__url", "source__outlet", "quote")
        ):
            first[claim_id] = tuple(source)  # ordered by -id: the lowest id is written last
        for claim in chunk:
            if not include_draft_events and claim.pop("event__status") != ReviewStatus.PUBLISHED:
                claim["event_id"] = None
            claim["source"] = first.get(claim["id"])
            claim["contradictions"] = contradictions.get(claim["id"], [])
            yield claim


def stream_claims_csv(
    claims: QuerySet,
    *,
    include_draft_events: bool,
    known_on: dt.date | None = None,
    bom: bool = False,
    progress: Progress = None,
) -> Iterator[bytes]:
    """The claims CSV of `claims`; `known_on` (the claims page's "as known on") takes each claim's first
    source among those published by that day (the claims themselves are narrowed by the caller)."""
    first_sources = claims_with_first_source(claims, include_draft_events=include_draft_events, known_on=known_on)
    with reading(claims.db), closing(first_sources) as rows:
        yield from stream_csv(CLAIMS_HEADER, map(claim_row, rows), bom=bom, progress=progress)
