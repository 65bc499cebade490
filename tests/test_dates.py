import datetime as dt

import pytest

from events.dates import Precision, date_bounds, date_heading, date_label, span_label

FEB_2 = dt.date(2019, 2, 2)


@pytest.mark.parametrize(
    "day, precision, expected",
    [
        (dt.date(2019, 2, 13), Precision.DAY, (dt.date(2019, 2, 13), dt.date(2019, 2, 13))),
        (dt.date(2019, 2, 13), Precision.WEEK, (dt.date(2019, 2, 11), dt.date(2019, 2, 17))),
        (dt.date(2019, 2, 13), Precision.MONTH, (dt.date(2019, 2, 1), dt.date(2019, 2, 28))),
        (dt.date(2020, 2, 13), Precision.MONTH, (dt.date(2020, 2, 1), dt.date(2020, 2, 29))),
        (dt.date(2019, 2, 13), Precision.YEAR, (dt.date(2019, 1, 1), dt.date(2019, 12, 31))),
    ],
)
def test_date_bounds_span_the_whole_precision(day, precision, expected):
    assert date_bounds(day, precision) == expected


@pytest.mark.parametrize(
    "start, end, precision, label, heading",
    [
        (FEB_2, FEB_2, Precision.DAY, "2 Feb 2019", "Saturday 2 February 2019"),
        (FEB_2, dt.date(2019, 2, 4), Precision.DAY, "2–4 Feb 2019", "2–4 February 2019"),
        (FEB_2, FEB_2, Precision.APPROXIMATE, "c. 2 Feb 2019", "c. 2 February 2019"),
        (FEB_2, dt.date(2019, 2, 5), Precision.APPROXIMATE, "c. 2–5 Feb 2019", "c. 2–5 February 2019"),
        (dt.date(2019, 1, 28), dt.date(2019, 2, 3), Precision.WEEK, "week of 28 Jan 2019", "Week of 28 January 2019"),
        (dt.date(2019, 2, 1), dt.date(2019, 2, 28), Precision.MONTH, "Feb 2019", "February 2019"),
        (dt.date(2019, 1, 1), dt.date(2019, 12, 31), Precision.YEAR, "2019", "2019"),
    ],
)
def test_date_labels_say_only_what_is_known(start, end, precision, label, heading):
    assert date_label(start, end, precision) == label
    assert date_heading(start, end, precision) == ((precision, start, end), heading)


@pytest.mark.parametrize(
    "start, end, label",
    [
        (dt.date(2019, 2, 1), dt.date(2019, 2, 28), "1–28 Feb 2019"),
        (dt.date(2019, 1, 30), dt.date(2019, 2, 2), "30 Jan – 2 Feb 2019"),
        (dt.date(2018, 12, 30), dt.date(2019, 1, 2), "30 Dec 2018 – 2 Jan 2019"),
    ],
)
def test_a_span_keeps_only_what_differs(start, end, label):
    assert span_label(start, end) == label
