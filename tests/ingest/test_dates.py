import time
from datetime import date

import pytest

from events.ingest.dates import find_date_mentions, infer_published, resolve_date

SUNDAY = date(2019, 2, 3)
THURSDAY = date(2012, 11, 22)


def test_saturday_in_a_sunday_article_is_the_day_before():
    found = resolve_date("Saturday", SUNDAY)
    assert (found.start, found.end, found.precision) == (date(2019, 2, 2), date(2019, 2, 2), "day")


def test_thursday_in_a_thursday_article_is_that_day():
    assert resolve_date("Thursday", THURSDAY).start == THURSDAY


def test_the_day_after_publication_reads_forward_when_the_article_names_its_own_weekday():
    assert resolve_date("Wednesday", date(2019, 4, 30), names_pub_weekday=True).start == date(2019, 5, 1)
    assert resolve_date("Friday", date(2019, 9, 5)).start == date(2019, 8, 30)


def test_last_week_is_a_week():
    found = resolve_date("last week", date(2014, 2, 24))
    assert (found.start, found.end, found.precision) == (date(2014, 2, 17), date(2014, 2, 23), "week")


def test_in_march_is_the_whole_month_and_no_day_is_invented():
    found = resolve_date("in March", date(2019, 10, 10))
    assert (found.start, found.end, found.precision) == (date(2019, 3, 1), date(2019, 3, 31), "month")


def test_in_2014_is_a_year():
    found = resolve_date("in 2014", date(2019, 10, 10))
    assert (found.start, found.end, found.precision) == (date(2014, 1, 1), date(2014, 12, 31), "year")


def test_yearless_dates_take_the_latest_past_year():
    assert resolve_date("June 30", THURSDAY).start == date(2012, 6, 30)
    assert resolve_date("Dec. 30", SUNDAY).start == date(2018, 12, 30)


@pytest.mark.parametrize("phrase", ["February 30, 2024", "32 DEC 10"])
def test_impossible_dates_are_rejected(phrase):
    assert resolve_date(phrase, date(2024, 3, 1)) is None


def test_times_and_false_dates_are_not_dates():
    text = "The statement came at 2000 GMT. He may go now, a second time."
    assert find_date_mentions(text, SUNDAY) == []


def test_mentions_point_into_the_text():
    text = "On Saturday, crowds marched. Police said in 2014 the law changed."
    mentions = find_date_mentions(text, SUNDAY)
    assert [text[m.start : m.end] for m in mentions] == ["On Saturday", "in 2014"]
    assert mentions[0].date.start == date(2019, 2, 2)


def test_no_publication_date_leaves_weekdays_unresolved():
    assert resolve_date("Saturday", None) is None
    assert resolve_date("Feb. 11, 2011", None).start == date(2011, 2, 11)


def test_publication_date_inferred_from_a_full_date_on_a_named_weekday():
    text = "The rally on Saturday was huge. Pictured: crowds in the capital, February 2, 2019."
    assert infer_published(text) == date(2019, 2, 2)
    assert infer_published("Crowds gathered on February 2, 2019.") is None


def test_twelve_thousand_date_like_tokens_finish_quickly():
    text = " ".join(f"On {d % 28 + 1} March 2019, Monday and {d % 12 + 1}/{d % 28 + 1}/2018" for d in range(4000))
    started = time.perf_counter()
    mentions = find_date_mentions(text, date(2019, 5, 1))
    assert mentions
    assert time.perf_counter() - started < 10


def test_numbered_story_days_count_from_the_lede():
    text = (
        "Coup round-up - Day 21\n\nThis is day 21 of the coup and day 15 of the strike. "
        "Day 20 saw more marches, after shootings on day 19 of the coup."
    )
    mentions = [m for m in find_date_mentions(text, date(2021, 2, 22)) if m.date.text.lower().startswith("day")]
    assert [(m.date.text, m.date.start, m.date.precision) for m in mentions] == [
        ("day 21 of the coup", date(2021, 2, 22), "day"),
        ("Day 20", date(2021, 2, 21), "day"),
        ("day 19 of the coup", date(2021, 2, 20), "day"),
    ]


def test_numbered_days_of_another_count_or_without_a_lede_anchor_are_ignored():
    assert find_date_mentions("The trial resumed on day 3 of the hearings.", date(2021, 2, 22)) == []
    text = "Day 21 of the coup\n\nIt was day 15 of the strike."
    assert [m for m in find_date_mentions(text, date(2021, 2, 22)) if "15" in m.date.text] == []


def test_month_before_a_day_number_is_a_day_not_a_month():
    (mention,) = find_date_mentions("By October 18, there were fare dodges.", date(2019, 10, 25))
    assert (mention.date.start, mention.date.precision) == (date(2019, 10, 18), "day")


def test_a_repeated_month_and_day_keeps_the_year_the_text_gave_it():
    text = "The Jan. 6, 2021 attack shocked the nation.\n\nSince Jan. 6, prosecutors have charged hundreds."
    found = [m.date.start for m in find_date_mentions(text, date(2023, 5, 1))]
    assert found == [date(2021, 1, 6), date(2021, 1, 6)]


def test_a_yearless_date_after_a_dated_one_of_an_earlier_year_takes_that_year():
    text = (
        "In July 2024 riots spread across England.\n\n"
        "On July 30, crowds attacked a mosque. By Aug. 4 police had arrested 100.\n\n"
        "A year on, on Feb. 3, the inquiry opened."
    )
    found = [(m.date.text, m.date.start) for m in find_date_mentions(text, date(2025, 3, 1))]
    assert ("July 30", date(2024, 7, 30)) in found
    assert ("Aug. 4", date(2024, 8, 4)) in found
    assert ("Feb. 3", date(2025, 2, 3)) in found  # two paragraphs on, the publication year again


def test_a_page_time_stamp_dates_nothing():
    text = "Updated 3 days ago\n\nPolice fired tear gas 3 days ago in the capital."
    found = find_date_mentions(text, date(2024, 8, 4))
    assert [m.start for m in found] == [text.index("3 days ago in")]


def test_without_any_day_of_reference_a_yearless_date_is_unresolved_and_today_is_used_when_given():
    assert resolve_date("June 30", None) is None
    assert resolve_date("June 30", None, today=date(2024, 8, 1)).start == date(2024, 6, 30)


def test_a_time_stamp_is_found_beside_long_paragraphs_and_never_inside_one():
    long_paragraph = "Police fired tear gas 3 days ago in the capital. " * 40
    text = f"{long_paragraph}\nUpdated 3 days ago\n{long_paragraph}"
    found = find_date_mentions(text, date(2019, 2, 3))
    stamp = text.index("Updated 3 days ago") + len("Updated ")
    assert stamp not in [m.start for m in found]
    assert len(found) == 80  # every one told in the paragraphs is kept
