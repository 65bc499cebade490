"""What the parse says a sentence reports: views, hopes, characterisations and descriptions are not new happenings."""

from datetime import date

import pytest

from events.ingest.actors import find_actors
from events.ingest.clauses import reported, trigger_matches
from events.ingest.dates import find_date_mentions
from events.ingest.events import find_events
from events.ingest.extract import split_sentences
from events.ingest.nlp import parse_sentences
from events.ingest.story_dates import told_past
from events.ingest.syntax import modality, rel

PUBLISHED = date(2019, 2, 3)  # a Sunday


def parsed_events(body, published=PUBLISHED):
    """Events as the pipeline finds them, with the parse: (asserted ones, the ones kept apart)."""
    sentences = split_sentences(body)
    docs = parse_sentences([s.text for s in sentences])
    found = find_events(
        sentences, find_date_mentions(body, published), find_actors(body), published=published, docs=docs
    )
    return [e for e in found if e.status == "asserted"], [e for e in found if e.status != "asserted"]


def word(sentence, text):
    (doc,) = parse_sentences([sentence])
    return next(t for t in doc if t.text == text)


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("The senator said he thought that the government had made a deal with the rebels.", "deal", "hypothetical"),
        ("Residents fear that a crackdown is planned for Monday.", "crackdown", "hypothetical"),
        ("She said she looked forward to the swift passage of the legislation.", "legislation", "hypothetical"),
        ("She said the banks would not come back until the sanctions on it are lifted.", "lifted", "hypothetical"),
        ("The firms will return when the sanctions are lifted.", "sanctions", "future"),
        ("The firms returned after the sanctions were lifted.", "sanctions", "asserted"),
        ("Police said they arrested 80 protesters.", "arrested", "asserted"),
    ],
)
def test_views_hopes_and_the_time_clause_of_a_plan_are_not_reported_as_done(sentence, trigger, expected):
    assert modality(word(sentence, trigger)) == expected


def test_what_something_is_described_as_is_no_trigger():
    assert not trigger_matches('An analyst described the situation as "martial law lite."')
    assert [kind for _m, kind in trigger_matches("The opposition branded the vote as a coup.")] == ["election"]
    assert [kind for _m, kind in trigger_matches("The army described the coup as necessary.")] == [
        "strategic_development"
    ]


def test_a_prefix_of_time_is_no_trigger_but_a_prefix_of_side_is():
    assert not trigger_matches("Restoring pre-sanctions output could take years.")
    assert not trigger_matches("The post-election mood was calm.")
    kinds = {kind for _m, kind in trigger_matches("Thousands joined an anti-coup rally.")}
    assert kinds == {"strategic_development", "protest"}


def test_aid_groups_are_not_aid():
    assert not trigger_matches("Two million people live in the area, according to aid groups.")
    kinds = {kind for _m, kind in trigger_matches("Washington suspended aid to the army.")}
    assert kinds == {"sanctions", "strategic_development"}


def test_a_present_passive_is_no_report_of_a_past_act():
    assert not told_past("This is based on the basic law")
    assert not told_past("The talks are widely expected to fail")
    assert told_past("Two people were killed")
    assert told_past("The bill was based on an older law")


def test_what_a_leader_says_a_law_is_based_on_is_not_an_event():
    events, _kept_apart = parsed_events("The governor spoke on Saturday.\n\nLeader: 'This is based on the basic law'")
    assert not [e for e in events if "basic law" in e.evidence]


def test_a_view_of_what_happened_is_kept_apart_from_events():
    body = (
        "Police detained the mayor on Saturday.\n\n"
        "A senator said he thought that the government had made a deal with the rebels."
    )
    events, kept_apart = parsed_events(body)
    assert [e.type for e in events] == ["arrest"]
    assert [e.type for e in kept_apart] == ["negotiation_agreement"]


def test_the_happening_as_the_subject_of_a_later_sentence_is_told_again_whatever_day_the_context_lends():
    body = (
        "The president signed a decree on Thursday that put his decisions beyond the courts.\n\n"
        "Tens of thousands of protesters marched in the capital on Saturday.\n\n"
        "The decree also gave the president sweeping authority over the courts."
    )
    events, _kept_apart = parsed_events(body)
    (decree,) = [e for e in events if e.type == "legislation"]
    assert decree.date.start == date(2019, 1, 31) and len(decree.spans) == 2


def test_what_a_happening_does_next_is_news_of_its_own():
    body = (
        "Protests broke out in the capital on Thursday after the fare rise.\n\n"
        "Police arrested 40 people on Saturday.\n\n"
        "The protests expanded to other cities."
    )
    events, _kept_apart = parsed_events(body)
    protests = [e for e in events if e.type == "protest"]
    assert len(protests) == 2


def test_a_finite_verb_the_parse_hangs_on_the_noun_before_it_is_still_reported_as_done():
    sentence = (
        "Meanwhile, in a televised speech before parliament, the head of the National Guard apologized for the "
        "raid and insisted it was a mistake."
    )
    assert rel(word(sentence, "apologized")) == "acl"  # the small parse's reading
    assert reported(word(sentence, "apologized"))
    participle = word("Police freed the protesters arrested on Friday.", "arrested")
    assert rel(participle) == "acl" and not reported(participle)  # a modifier: "the protesters arrested …"
