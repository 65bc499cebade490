from datetime import date

from events.ingest.actors import find_actors
from events.ingest.dates import find_date_mentions
from events.ingest.events import classify, find_events
from events.ingest.extract import split_sentences
from events.ingest.story_dates import day_shift

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


def test_undated_past_report_after_a_dated_one_is_on_that_day():
    body = "Police fired tear gas on Saturday. Two protesters were arrested."
    events = events_for(body)
    assert events[-1].date.start == date(2019, 2, 2)
    assert events[-1].date.precision == "day" and events[-1].date.source == "context"


def test_perfect_aspect_keeps_the_context_date_approximate():
    body = "Police fired tear gas on Saturday. Clashes have continued in the capital."
    events = events_for(body)
    assert events[-1].date.start == date(2019, 2, 2)
    assert events[-1].date.precision == "approximate"


def test_date_carries_over_a_paragraph_break_for_two_sentences_only():
    body = (
        "Police fired tear gas on Saturday.\n\nTwo people were killed in the clashes.\n\n"
        "Analysts were calm.\n\nMarkets were calm.\n\nThe army was deployed in the capital."
    )
    events = events_for(body, published=date(2019, 2, 4))
    killed = next(e for e in events if any("killed" in body[start:end] for start, end in e.spans))
    deployed = next(e for e in events if "deployed" in e.evidence)
    assert (killed.date.start, killed.date.precision) == (date(2019, 2, 2), "day")
    # Far from any date the story's day (the lede's Saturday) still dates a plain past report.
    assert (deployed.date.start, deployed.date.precision) == (date(2019, 2, 2), "day")


def test_no_date_anywhere_gives_the_news_day_as_approximate():
    (event,) = events_for("Thousands of protesters marched in the capital.")
    assert (event.date.start, event.date.precision) == (PUBLISHED, "approximate")


def test_main_clause_takes_the_date_of_its_leading_subclause():
    body = "After signing a deal on Friday with the opposition, the president fled the capital."
    fled = next(e for e in events_for(body) if "fled" in e.summary)
    assert fled.date.start == date(2019, 2, 1)


def test_relative_clause_date_does_not_date_the_main_action():
    body = "Activist Ana Ruiz, who was arrested on Friday, led a protest outside the court."
    events = events_for(body)
    protest = next(e for e in events if e.type == "protest")
    arrest = next(e for e in events if e.type == "arrest")
    assert arrest.date.start == date(2019, 2, 1)
    assert protest.date.start == PUBLISHED  # the Friday belongs to the arrest


def test_aside_after_which_does_not_date_the_announcement():
    body = "Police fired tear gas on Saturday. The minister announced a curfew, which followed a decision on Friday."
    curfew = next(e for e in events_for(body) if "curfew" in e.summary)
    assert curfew.date.start == date(2019, 2, 2)


def test_that_day_refers_to_the_last_date():
    body = (
        "On January 20 students blocked the metro.\n\nAnalysts were calm.\n\nMarkets were calm.\n\n"
        "That day, riots broke out."
    )
    riots = next(e for e in events_for(body) if "riots" in e.summary)
    assert (riots.date.start, riots.date.precision) == (date(2019, 1, 20), "day")


def test_coordinated_action_is_its_own_event():
    body = "The president on Saturday issued a decree and ordered the arrest of the former ruler."
    events = events_for(body)
    assert any("ordered the arrest" in e.summary.lower() and e.date.start == date(2019, 2, 2) for e in events)
    assert not any("ordered the arrest" in e.summary.lower() and "decree" in e.summary for e in events)


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


def test_the_following_day_counts_from_the_last_day_named():
    body = "Police fired tear gas on Saturday.\n\nThe following day, police arrested 40 protesters."
    arrest = next(e for e in events_for(body, published=date(2019, 2, 5)) if e.type == "arrest")
    assert (arrest.date.start, arrest.date.precision, arrest.date.text) == (
        date(2019, 2, 3),
        "day",
        "The following day",
    )


def test_a_count_of_days_before_or_after_shifts_the_day():
    assert day_shift("Two days later, troops arrived") == (2, "Two days later")
    assert day_shift("A week earlier, the army had deployed") == (-7, "A week earlier")
    assert day_shift("Police cleared the square") is None


def test_what_a_statement_reports_as_done_is_the_event():
    body = (
        "Security forces cleared two camps on Wednesday.\n\n"
        "A spokesman for the group called the operation a massacre and said 30 people had been killed in it."
    )
    events = events_for(body, published=date(2013, 8, 15))
    killed = [e for e in events if "30 people had been killed" in e.evidence]
    assert killed and killed[0].type == "violence_against_civilians"


def test_what_a_statement_says_will_or_should_happen_is_not_an_event():
    body = "Troops cleared the square on Friday.\n\nThe minister warned that police would arrest anyone who returned."
    assert not [e for e in events_for(body) if "would arrest" in e.evidence]


def test_a_part_told_with_its_own_day_is_its_own_event():
    body = "Hundreds of protesters have been arrested since Thursday, including 200 in the capital on Saturday."
    arrests = [e for e in events_for(body) if e.type == "arrest"]
    assert any(e.date.start == date(2019, 2, 2) and e.date.precision == "day" for e in arrests)
    assert len(arrests) == 2


def test_a_page_taken_down_yesterday_is_an_event():
    body = "The platform has continued its purge, yesterday taking down the army's news page."
    (event,) = events_for(body)
    assert event.type == "strategic_development" and event.date.start == date(2019, 2, 2)


def test_habits_forecasts_and_a_speakers_unquoted_words_are_not_events():
    body = (
        "Police fired tear gas on Saturday.\n\n"
        "Beijing has regularly warned about the protests.\n\n"
        "We understand the right to protest, but some protests have resulted in arrests."
    )
    assert [e.evidence for e in events_for(body)] == ["Police fired tear gas on Saturday."]


def test_an_asides_date_does_not_date_the_sentences_after_it():
    body = (
        "Crowds marched on Tuesday, as opposition to the decrees issued last week grew.\n\n"
        "Police detained dozens of people in other cities."
    )
    found = events_for(body, published=date(2012, 11, 28))
    rallies = [e for e in found if any("other cities" in body[s:t] for s, t in e.spans)]
    assert rallies and rallies[0].date.start == date(2012, 11, 27)  # Tuesday's, not the decrees' week
