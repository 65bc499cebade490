from decimal import Decimal

import pytest

from events.choices import FigureMeasure
from events.ingest.figures import MEASURES, read_figure


@pytest.mark.parametrize(
    ("text", "measure", "low", "high", "words"),
    [
        ("12 people were killed in the clashes", "killed", "12", "12", "12"),
        ("twelve soldiers died at the border", "killed", "12", "12", "twelve"),
        ("more than 40 dead, the group said", "killed", "40", None, "more than 40"),
        ("between 10,000 and 20,000 people took part", "crowd_size", "10000", "20000", "between 10,000 and 20,000"),
        ("tens of thousands marched on the palace", "crowd_size", "20000", "99999", "tens of thousands"),
        ("a few thousand supporters gathered", "crowd_size", "2000", "5000", "a few thousand"),
        ("about 5,000 protesters", "crowd_size", "4500", "5500", "about 5,000"),
        ("up to 300 were detained overnight", "arrested", "0", "300", "up to 300"),
        ("no fewer than 3 arrests", "arrested", "3", None, "no fewer than 3"),
        ("30 to 40 people were injured", "injured", "30", "40", "30 to 40"),
        ("82 percent of voters want early elections", "percent", "82", "82", "82 percent"),
        ("US$2 billion in loans", "money", "2000000000", "2000000000", "US$2 billion"),
    ],
)
def test_figures_are_ranges_with_their_words(text, measure, low, high, words):
    found = read_figure(text)
    assert found.measure == measure
    assert found.low == Decimal(low)
    assert found.high == (Decimal(high) if high else None)
    assert found.text == words


@pytest.mark.parametrize("text", ["no numbers here", "the march on May 1 was large", "in 2019 the army split", ""])
def test_dates_and_words_are_not_figures(text):
    assert read_figure(text) is None


def test_a_poll_names_its_pollster_and_base_from_the_sentence():
    sentence = "A poll by Datanálisis of 1,000 adults showed 82 percent want the president to quit."
    found = read_figure("82 percent want the president to quit", context=sentence)
    assert (found.measure, found.value, found.pollster, found.base) == ("percent", Decimal("82"), "Datanálisis", 1000)
    found = read_figure("60 percent", context="A Hercon Consultores survey of 999 respondents found 60 percent.")
    assert (found.pollster, found.base) == ("Hercon Consultores", 999)


def test_measures_are_the_models_choices():
    assert set(MEASURES) == set(FigureMeasure.values)


def test_odd_input_reads_without_an_exception():
    for text in ["9" * 400 + " people", "between 5 and", "$ million", "1,2,3,4 killed", "\x00 12 dead"]:
        read_figure(text)  # a figure or None, never an exception
