from events.ingest.actors import find_actors, fold
from events.ingest.types import KnownActor

TEXT = (
    "Opposition leader Juan Guaidó urged supporters to march. President Nicholas Maduro refused. "
    "Air force general Pedro Salas said he backs Guaidó. Nicolas Maduro spoke in Caracas. "
    "The U.S. already recognizes Guaidó, Reuters reported. Maduro did not reply."
)


def by_name(actors):
    return {a.name: a for a in actors}


def test_people_states_and_surnames_are_found_once_each():
    actors = by_name(find_actors(TEXT))
    assert "Juan Guaidó" in actors and "Guaidó" in actors["Juan Guaidó"].mentions
    maduro = [a for a in actors.values() if "Maduro" in a.name]
    assert len(maduro) == 1 and {"Nicholas Maduro", "Nicolas Maduro", "Maduro"} <= set(maduro[0].mentions)
    assert actors["Pedro Salas"].kind == "person"
    assert actors["United States"].kind == "state" and "U.S." in actors["United States"].mentions


def test_places_and_outlets_are_not_actors():
    names = {fold(a.name) for a in find_actors(TEXT)}
    assert "caracas" not in names
    assert "reuters" not in names


def test_known_actor_matched_despite_typo_and_missing_accent():
    known = [KnownActor(id=7, name="Nicolás Maduro", kind="person", aliases=("Maduro",))]
    actors = by_name(find_actors(TEXT, known))
    assert actors["Nicolás Maduro"].known_id == 7


def test_organisations_and_collectives_get_kinds():
    text = "The Muslim Brotherhood said police fired on marchers. The Thai army denied it."
    actors = by_name(find_actors(text))
    assert actors["Muslim Brotherhood"].kind == "movement"
    assert any(a.kind == "military" and "army" in a.mentions for a in actors.values())
    assert any("police" in a.mentions for a in actors.values())


def test_spans_point_at_mentions():
    for actor in find_actors(TEXT):
        for start, end in actor.spans:
            assert TEXT[start:end] in actor.mentions
