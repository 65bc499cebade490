"""Stage: where an event happened, as a gazetteer place with ACLED's geo_precision.

Pure: plain strings in, `events.gazetteer.Place` out; no Django, no clock. The pipeline calls
`resolve_places` once over its event candidates; the writer calls `resolve_place` again only when an
editor changed the location in the review.
"""

import re
from collections.abc import Sequence
from dataclasses import replace

from events.gazetteer import Place, country_place, places_named

from .types import EventCandidate

# Capitalised runs of one to three words ("Caracas", "San Cristóbal", "Ciudad del Este" is caught by its
# parts): the places the evidence names when the clause gave no "in <Place>".
NAME = re.compile(r"\b[A-Z][\w’'\-]+(?:\s+(?:de|del|la|el)?\s*[A-Z][\w’'\-]+){0,2}")


def crisis_places(countries: Sequence[str]) -> tuple[Place, ...]:
    """The crisis's countries as country-level places, unknown names left out.

    crisis_places(["Venezuela", "Atlantis"]) → (Place(name="Venezuela", iso="VE", precision=3, …),)
    """
    return tuple(place for name in countries if name.strip() and (place := country_place(name.strip())))


def resolve_place(location: str | None, evidence: str, countries: Sequence[str]) -> Place | None:
    """A location phrase (and the evidence around it) → the place it names, else the crisis's country.

    resolve_place("Caracas", "…", ["Venezuela"]) → Place("Caracas", iso="VE", precision=1)
    resolve_place("Valencia", "…", ["Venezuela"]) → Valencia, Venezuela (not Spain's): the crisis decides
    resolve_place(None, "Guaidó spoke in Maracaibo.", ["Venezuela"]) → Maracaibo (named in the evidence,
      inside the crisis's countries)
    resolve_place("Tahrir Square", "…", ["Venezuela"]) → Venezuela at country precision (3)
    resolve_place(None, "…", []) → None
    """
    home = crisis_places(countries)
    isos = {place.iso for place in home}
    if location and (found := _best(places_named(location), isos, anywhere=True)):
        return found
    for match in NAME.finditer(evidence or ""):
        words = match.group(0).split()
        # Longest run first, then its parts: "Plaza Altamira Caracas" still finds "Caracas".
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size + 1):
                found = _best(places_named(" ".join(words[start : start + size])), isos, anywhere=False)
                if found:
                    return found
    return home[0] if home else None


def _best(candidates: Sequence[Place], isos: set[str], *, anywhere: bool) -> Place | None:
    """The crisis's own place of that name; else (`anywhere`) the most populous one."""
    inside = [place for place in candidates if place.iso in isos]
    if inside:
        return inside[0]
    return candidates[0] if anywhere and candidates else None


def resolve_places(events: Sequence[EventCandidate], countries: Sequence[str]) -> list[EventCandidate]:
    """Each candidate with its `place` set from its location and evidence (see `resolve_place`).

    resolve_places([EventCandidate(location="Caracas", …)], ["Venezuela"]) → [EventCandidate(place=Caracas, …)]
    """
    return [replace(event, place=resolve_place(event.location, event.evidence, countries)) for event in events]
