"""The map's arithmetic: a plate carrée projection onto the SVG world outline, and grouping dense points.

Pure (no Django). The outline in `templates/events/world_outline.svg` was drawn with the same `project`
by `scripts/world_outline.py`, so points and coastlines line up.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

# The drawn window: every longitude, latitudes from 58° S (below Cape Horn; Antarctica left out) to 84° N.
NORTH, SOUTH = 84.0, -58.0
SCALE = 2  # SVG units per degree
WIDTH, HEIGHT = 360 * SCALE, int((NORTH - SOUTH) * SCALE)
# Points closer than this (in SVG units: 8 = 4°) share one marker; a phone's finger needs room.
GROUP_CELL = 8
ROUGH = 3  # ACLED's geo_precision for "somewhere in this region or country"


def project(latitude: float | Decimal, longitude: float | Decimal) -> tuple[float, float]:
    """(latitude, longitude) → (x, y) in the outline's viewBox: (10.5, -66.9) → (226.2, 147.0)."""
    latitude, longitude = min(max(float(latitude), SOUTH), NORTH), float(longitude)
    return round((longitude + 180) * SCALE, 1), round((NORTH - latitude) * SCALE, 1)


@dataclass
class Group:
    """Events drawn as one marker: where (x, y), how many, and the box of coordinates they lie in."""

    x: float
    y: float
    count: int
    south: float | Decimal
    west: float | Decimal
    north: float | Decimal
    east: float | Decimal
    names: list[str] = field(default_factory=list)
    rough: bool = False  # every event in it is only known to a region or a country (geo_precision 3)

    @property
    def radius(self) -> float:
        """3 for one event, growing with the square root of the count, never past 14."""
        return round(min(3 + 1.2 * (self.count - 1) ** 0.5, 14), 1)


def group_points(points: Iterable[tuple], cell: float = GROUP_CELL) -> list[Group]:
    """(latitude, longitude, place name, geo_precision) per event → markers, one per occupied grid cell of
    `cell` SVG units, largest first.

    group_points([(10.5, -66.9, "Caracas", 1), (10.4, -66.8, "Caracas", 1), (40.4, -3.7, "Madrid", 1)])
      → [Group(count=2, names=["Caracas"], …), Group(count=1, names=["Madrid"], …)]
    Each marker sits at the mean of its points; its box (south, west, north, east) holds them all.
    """
    cells: dict[tuple[int, int], list] = {}
    for point in points:
        x, y = project(point[0], point[1])
        cells.setdefault((int(x // cell), int(y // cell)), []).append(point)
    groups = []
    for members in cells.values():
        lats = [m[0] for m in members]
        lons = [m[1] for m in members]
        x, y = project(sum(map(float, lats)) / len(lats), sum(map(float, lons)) / len(lons))
        names = list(dict.fromkeys(m[2] for m in members if m[2]))
        rough = all(m[3] == ROUGH for m in members)
        groups.append(Group(x, y, len(members), min(lats), min(lons), max(lats), max(lons), names, rough))
    return sorted(groups, key=lambda g: (-g.count, g.x, g.y))
