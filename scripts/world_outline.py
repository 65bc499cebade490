"""Draw the map's world outline once: Natural Earth 1:110m countries → templates/events/world_outline.svg.

Natural Earth is in the public domain (https://www.naturalearthdata.com/about/terms-of-use/); its 1:110m
countries come as TopoJSON in the npm package `world-atlas` (ISC licence). Converted once, not at run time:

    npm install --prefix /tmp/ne world-atlas@2 topojson-client@3
    node /tmp/ne/node_modules/topojson-client/bin/topo2geo countries=/tmp/ne/countries.geojson \
        < /tmp/ne/node_modules/world-atlas/countries-110m.json
    .venv/bin/python scripts/world_outline.py /tmp/ne/countries.geojson

Coordinates go through `events.geo.project` (the map's own projection) rounded to whole SVG units, with
repeated points dropped: ~60 kB of path data.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events.geo import HEIGHT, SOUTH, WIDTH, project  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "templates" / "events" / "world_outline.svg"


def ring_path(ring: list) -> str:
    points = []
    for longitude, latitude in ring:
        x, y = project(latitude, longitude)
        point = (round(x), round(y))
        if not points or points[-1] != point:
            points.append(point)
    # A ring crossing the antimeridian (Fiji, Chukotka) jumps across the map: cut it there, one piece a side.
    pieces, piece = [], []
    for point in points:
        if piece and abs(point[0] - piece[-1][0]) > WIDTH / 2:
            pieces.append(piece)
            piece = []
        piece.append(point)
    pieces.append(piece)
    return "".join("M" + "L".join(f"{x} {y}" for x, y in piece) + "Z" for piece in pieces if len(piece) >= 3)


def main(source: str) -> None:
    features = json.loads(Path(source).read_text())["features"]
    paths = []
    for feature in features:
        geometry = feature["geometry"]
        if geometry is None:
            continue
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings = [ring for polygon in polygons for ring in polygon if max(p[1] for p in ring) > SOUTH]
        d = "".join(ring_path(ring) for ring in rings)
        if d:
            paths.append(f'<path d="{d}"><title>{feature["properties"]["name"]}</title></path>')
    OUT.write_text(
        f"<!-- Natural Earth 1:110m countries (public domain), via world-atlas; drawn by scripts/world_outline.py;"
        f' viewBox 0 0 {WIDTH} {HEIGHT} -->\n<g class="world">\n' + "\n".join(paths) + "\n</g>\n"
    )


if __name__ == "__main__":
    main(sys.argv[1])
