from events.ingest.places import crisis_places, resolve_place, resolve_places
from events.ingest.types import DateResolution, EventCandidate

VENEZUELA = ["Venezuela"]


def test_a_named_city_is_town_precision():
    place = resolve_place("Caracas", "Crowds marched in Caracas.", VENEZUELA)
    assert (place.name, place.country, place.iso, place.precision) == ("Caracas", "Venezuela", "VE", 1)


def test_the_crisis_country_decides_between_places_of_one_name():
    assert resolve_place("Valencia", "", VENEZUELA).iso == "VE"
    assert resolve_place("Valencia", "", ["Spain"]).iso == "ES"


def test_a_city_abroad_is_still_found():
    # A rally of exiles in Madrid happens in Spain, whatever the crisis.
    assert (resolve_place("Madrid", "", VENEZUELA).country, resolve_place("Madrid", "", VENEZUELA).precision) == (
        "Spain",
        1,
    )


def test_the_evidence_names_the_place_when_the_clause_did_not():
    place = resolve_place(None, "Opposition lawmakers met supporters of Guaidó at a stadium in Maracaibo.", VENEZUELA)
    assert (place.name, place.precision) == ("Maracaibo", 1)


def test_names_in_the_evidence_count_only_inside_the_crisis_countries():
    # "Paris" is a place, but not in Venezuela: the event is only known to be in the crisis's country.
    place = resolve_place(None, "Envoys from Paris arrived on Monday.", VENEZUELA)
    assert (place.name, place.precision) == ("Venezuela", 3)


def test_an_unknown_place_or_none_falls_back_to_the_crisis_country():
    assert resolve_place("Plaza Bolívar Monumental", "", VENEZUELA).precision == 3
    assert resolve_place(None, "", ["Atlantis", " Venezuela "]).name == "Venezuela"
    assert resolve_place(None, "Nothing here.", []) is None
    assert crisis_places(["", "Atlantis"]) == ()


def test_resolve_places_sets_each_candidate():
    date = DateResolution(start=None, end=None, precision="day", text=None)
    candidate = EventCandidate(
        summary="Crowds marched", type="protest", date=date, actors=(), location="Caracas", spans=((0, 5),),
        evidence="Crowds marched in Caracas.",
    )  # fmt: skip
    (resolved,) = resolve_places([candidate], VENEZUELA)
    assert resolved.place.name == "Caracas" and candidate.place is None
