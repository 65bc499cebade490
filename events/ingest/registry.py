"""What the pipeline needs from the database, loaded in one place (the pipeline itself never queries)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch

from events.ingest.types import KnownActor
from events.models import Actor, ActorAlias, Crisis, Event
from events.text import fold


def load_known_actors() -> list[KnownActor]:
    """Every actor with its aliases, as plain values: two queries whatever the registry's size."""
    aliases = Prefetch("aliases", queryset=ActorAlias.objects.only("actor_id", "alias"))
    return [
        KnownActor(
            id=a.pk, name=a.name, kind=a.kind, aliases=tuple(x.alias for x in a.aliases.all() if x.alias != a.name)
        )
        for a in Actor.objects.only("id", "name", "kind").prefetch_related(aliases)
    ]


def words(text: str) -> set[str]:
    """Content words for a rough similarity: "The army defected on Saturday" → {"army", "defected", "saturday"}."""
    return {w for w in fold(text).replace(",", " ").replace(".", " ").split() if len(w) > 3}


def find_same_events(
    *, crisis: Crisis, date_start: dt.date, date_end: dt.date, actor_ids: set[int], text: str, limit: int = 3
) -> list[tuple[Event, float]]:
    """Existing events of `crisis` that may be the same happening: overlapping dates, then scored by
    shared actors and shared words. Returns (event, score) with score in 0..1, best first, score ≥ 0.35."""
    slack = dt.timedelta(days=1)
    candidates = (
        Event.objects.for_crisis(crisis)
        .between(date_start - slack, date_end + slack)
        .prefetch_related("participations")
        .order_by("-date_start", "-id")[:200]
    )
    mine = words(text)
    scored = []
    for event in candidates:
        theirs_actors = {p.actor_id for p in event.participations.all()}
        actor_score = len(actor_ids & theirs_actors) / max(len(actor_ids | theirs_actors), 1)
        theirs = words(f"{event.headline} {event.summary}")
        word_score = len(mine & theirs) / max(min(len(mine), len(theirs)), 1)
        score = 0.5 * actor_score + 0.5 * word_score
        if score >= 0.35:
            scored.append((event, round(score, 2)))
    return sorted(scored, key=lambda pair: -pair[1])[:limit]


def match_known_actors(names: list[str]) -> dict[str, int]:
    """The existing actor each candidate name stands for: the actor with exactly that name, else the one
    holding that name as a folded alias. Two queries whatever the number of names.

    ["Juan Guaidó", "juan guaido", "Nobody"] with actor #3 "Juan Guaidó" → {"Juan Guaidó": 3, "juan guaido": 3}
    """
    wanted = [n for n in names if n and n.strip()]
    if not wanted:
        return {}
    exact: dict[str, int] = {}
    for pk, name in Actor.objects.filter(name__in=wanted).order_by("-pk").values_list("pk", "name"):
        exact[name] = pk  # ordered newest first, so the oldest actor of a shared name wins
    keys = {fold(n) for n in wanted} - {""}
    by_alias = dict(ActorAlias.objects.filter(folded__in=keys).values_list("folded", "actor_id"))
    found = {}
    for name in wanted:
        pk = exact.get(name) or by_alias.get(fold(name))
        if pk:
            found[name] = pk
    return found
