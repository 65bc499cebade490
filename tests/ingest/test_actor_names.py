"""Where an actor's name starts and ends, and which capitalised runs name no actor (texts written for these tests)."""

import pytest

from events.ingest.actors import find_actors
from events.ingest.extract import split_sentences
from events.ingest.nlp import parse_sentences


def names(text: str, *, parsed: bool = False) -> dict[str, tuple[str, ...]]:
    tags = None
    if parsed:
        sentences = split_sentences(text)
        docs = parse_sentences([s.text for s in sentences])
        tags = {s.start + t.idx: t.pos_ for s, doc in zip(sentences, docs, strict=True) for t in doc}
    return {a.name: a.mentions for a in find_actors(text, tags=tags)}


@pytest.mark.parametrize(
    "text, name",
    [
        ("The General Strike Committee said the stoppage would go on.", "General Strike Committee"),
        ("Lagos, the National Transport Council warned on Friday.", "National Transport Council"),
        ("The Ministry of Foreign Affairs said the envoy was recalled.", "Ministry of Foreign Affairs"),
        ("Dover and Kent Police confirmed two arrests.", "Dover and Kent Police"),
        ("The Nurses Union of Wessex and Mercia has said staff are exhausted.", "Nurses Union of Wessex and Mercia"),
        (
            "The Boston-based Observatory for Press Freedom said two reporters were held.",
            "Observatory for Press Freedom",
        ),
        ("Islamic State claimed the attack on Friday.", "Islamic State"),
    ],
)
def test_an_organisations_whole_name_is_one_actor(text, name):
    found = names(text)
    assert name in found, found
    assert all(other == name or other not in name for other in found)  # no fragment of it beside it


def test_a_title_before_a_name_still_ends_the_organisation():
    found = names(
        "Transport Council chairman Ada Obi said the strike was over. "
        "The Leader of Wessex Council, Councillor Tom Reed MBE, said so too."
    )
    assert "Transport Council" in found and "Ada Obi" in found
    assert "Tom Reed" in found
    assert not any("Councillor" in name or "MBE" in name or name.startswith("Leader") for name in found)


def test_two_names_joined_by_and_stay_two_when_one_is_a_person():
    found = names("Ramos and National Assembly deputies said the vote stands.")
    assert not any(" and " in name for name in found)


def test_a_surname_seen_first_joins_the_full_name_given_later():
    found = names(
        "Okafor said the talks failed. Later, Daniel Okafor said it again. Bashir denied it. Omar al-Bashir ruled."
    )
    assert "Okafor" in found["Daniel Okafor"] and "Okafor" not in found
    assert "Bashir" in found["Omar al-Bashir"] and "Bashir" not in found


def test_a_journalists_surname_alone_is_still_the_journalist():
    found = names(
        'As CNN\'s Ada Watson noted from the square, little had changed. "Both sides are dug in," Watson said.'
    )
    assert not any("Watson" in name for name in found)


def test_places_outlets_and_demonyms_are_not_actors():
    found = names(
        "Crowds gathered at Prince Albert metro station. Gulf TV stations showed it live. Footage by Al Jazeera showed "
        "arrests. Ankara-backed Syrian fighters advanced and Syrian Kurdish forces withdrew. Thousands of Chileans "
        "marched down Royal Parade. Artillery hit the Line of Control. People in Hartlepool reported fires."
    )
    assert not found, found


def test_a_states_ministry_speaks_as_the_state():
    found = names("Syria’s Foreign Ministry condemned the strike. The U.S. State Department said it was watching.")
    assert {"Syria", "United States"} <= set(found)
    assert "Syria’s Foreign Ministry" in found["Syria"]
    assert not any("Ministry" in name or "Department" in name for name in found)


def test_official_names_and_the_kremlin_are_the_state():
    found = names("The Kremlin said it would respond. The People's Republic of China denied it.")
    assert set(found) == {"Russia", "China"}


def test_a_short_form_joins_the_one_longer_name_it_ends_or_starts():
    found = names(
        "The Chinese Communist Party said the plan stood. The Communist Party has ruled since 1949. The Police "
        "Federation of Wessex and Mercia said officers were tired, and the Police Federation has said more."
    )
    assert "Communist Party" in found["Chinese Communist Party"] and "Communist Party" not in found
    assert "Police Federation" in found["Police Federation of Wessex and Mercia"]


def test_a_proper_noun_that_acts_at_a_sentence_start_is_an_actor_but_an_ordinary_word_is_not():
    found = names("Chevron also had its assets seized that year.\n\nProtesters gathered outside.", parsed=True)
    assert "Chevron" in found and "Protesters" not in found


def test_a_name_that_returns_as_pro_or_anti_is_reused():
    found = names("The interim government that ousted Ana Lucero has held power since. Pro-Lucero marchers were shot.")
    assert "Ana Lucero" in found


def test_an_igo_that_acts_after_a_weekday_is_found():
    assert "European Union" in names("The European Union on Monday called for restraint.")
