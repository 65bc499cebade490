from datetime import date

from events.ingest.actors import find_actors
from events.ingest.dates import find_date_mentions
from events.ingest.events import classify, find_events
from events.ingest.extract import split_sentences

PUBLISHED = date(2019, 2, 3)  # a Sunday


def events_for(body, published=PUBLISHED):
    return find_events(
        split_sentences(body), find_date_mentions(body, published), find_actors(body), published=published
    )


def test_classify_uses_the_taxonomy():
    assert classify("Police arrested 80 protesters") == "arrest"
    assert classify("Thousands rallied in the capital") == "protest"
    assert classify("The army declared martial law") == "strategic_development"
    assert classify("It was a sunny day") is None


def test_event_dated_by_its_weekday_with_location_and_span():
    body = "Thousands of protesters marched in Caracas on Saturday."
    (event,) = events_for(body)
    assert event.type == "protest"
    assert (event.date.start, event.date.precision) == (date(2019, 2, 2), "day")
    assert event.location == "Caracas"
    assert body[event.spans[0][0] : event.spans[0][1]] == body


def test_undated_sentence_takes_the_paragraph_date_as_approximate():
    body = "Police fired tear gas on Saturday. Two people were injured in the clashes."
    events = events_for(body)
    assert events[-1].date.start == date(2019, 2, 2)
    assert events[-1].date.precision == "approximate" and events[-1].date.source == "context"


def test_background_and_future_are_flagged():
    body = "The president was ousted in a coup in 2006. Opposition groups will march in the capital next week."
    events = events_for(body)
    assert events[0].tense == "background"
    assert events[-1].tense == "future"


def test_headline_and_lede_are_one_event():
    body = "Army general defects to the opposition\n\nAn army general defected to the opposition on Saturday."
    events = events_for(body)
    assert len(events) == 1 and len(events[0].spans) == 2
    assert events[0].date.precision == "day"


def test_analysis_is_not_an_event():
    body = "Markets were calm.\n\nAnalysts say the protests reflect deep anger about the economy."
    assert events_for(body) == []
