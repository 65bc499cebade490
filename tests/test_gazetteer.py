from events import gazetteer


def test_country_codes_are_found_by_name_and_by_either_iso_code():
    assert gazetteer.country_codes()["venezuela"] == ("VEN", 862)
    assert gazetteer.country_codes()["ve"] == gazetteer.country_codes()["ven"] == ("VEN", 862)


def test_the_tables_are_loaded_once_per_process():
    assert gazetteer.countries() is gazetteer.countries()
    assert any(city["name"] == "Caracas" for city in gazetteer.cities())
    assert any(state["name"] == "Texas" for state in gazetteer.us_states())
