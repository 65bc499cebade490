from events import gazetteer


def test_country_codes_are_found_by_name_and_by_either_iso_code():
    assert gazetteer.country_codes()["venezuela"] == ("VEN", 862)
    assert gazetteer.country_codes()["ve"] == gazetteer.country_codes()["ven"] == ("VEN", 862)


def test_the_tables_are_loaded_once_per_process():
    assert gazetteer.countries() is gazetteer.countries()
    assert any(city["name"] == "Caracas" for city in gazetteer.cities())
    assert any(state["name"] == "Texas" for state in gazetteer.us_states())


def test_places_are_found_by_folded_name_most_populous_first():
    caracas = gazetteer.places_named("CARACAS")
    assert [(p.name, p.iso, p.precision) for p in caracas] == [("Caracas", "VE", 1)]
    assert (caracas[0].latitude, caracas[0].longitude) == (10.48801, -66.87919)
    valencias = [p.iso for p in gazetteer.places_named("Valencia")]
    assert valencias[0] == "VE" and "ES" in valencias
    assert gazetteer.places_named("Nowhereville") == ()


def test_a_country_is_a_place_at_its_capital_with_country_precision():
    for key in ("Venezuela", "ve", "VEN"):
        place = gazetteer.country_place(key)
        assert (place.name, place.iso, place.precision, place.latitude) == ("Venezuela", "VE", 3, 10.48801)
    assert gazetteer.country_place("Atlantis") is None


def test_admin1_is_named_for_cities_everywhere():
    houston = gazetteer.place_by_id(4699066)
    assert (houston.name, houston.admin1, houston.label) == ("Houston", "Texas", "Houston, United States")
    assert gazetteer.places_named("Maracaibo")[0].admin1 == "Zulia"
    valencias = {place.iso: place.admin1 for place in gazetteer.places_named("Valencia")}
    assert valencias["VE"] == "Carabobo" and valencias["ES"] != "Carabobo"
    assert gazetteer.place_by_id(1) is None


def test_search_places_by_prefix_countries_and_big_cities_first():
    assert [p.label for p in gazetteer.search_places("carac", limit=1)] == ["Caracas, Venezuela"]
    assert gazetteer.search_places("vene")[0].label == "Venezuela"
    assert len(gazetteer.search_places("s", limit=20)) == 20
    assert gazetteer.search_places("  ") == gazetteer.search_places("\x00zzzq") == []


def test_acled_regions():
    expected = {"VE": "South America", "SY": "Middle East", "FR": "Europe", "NG": "Western Africa", "HT": "Caribbean"}
    assert {iso: gazetteer.acled_region(iso) for iso in expected} == expected
    assert gazetteer.acled_region("XX") == ""
