import datetime as dt

from events.exports.timelinejs import timelinejs_event


def test_timelinejs_dates_carry_only_what_the_precision_allows(crisis):
    cases = {
        "day": (dt.date(2019, 2, 2), dt.date(2019, 2, 2)),
        "approximate": (dt.date(2019, 2, 2), dt.date(2019, 2, 5)),
        "week": (dt.date(2019, 1, 28), dt.date(2019, 2, 3)),
        "month": (dt.date(2019, 2, 1), dt.date(2019, 2, 28)),
        "year": (dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
    }
    slides = {
        precision: timelinejs_event(
            {
                "id": 1,
                "date_start": start,
                "date_end": end,
                "precision": precision,
                "type": "protest",
                "headline": "<b>x</b>",
                "summary": "a & b",
            }
        )
        for precision, (start, end) in cases.items()
    }
    assert slides["day"]["start_date"] == {"year": 2019, "month": 2, "day": 2} and "end_date" not in slides["day"]
    assert slides["approximate"]["end_date"] == {"year": 2019, "month": 2, "day": 5}
    assert slides["approximate"]["display_date"] == "c. 2–5 Feb 2019"  # the same label as the page
    assert slides["week"]["end_date"] == {"year": 2019, "month": 2, "day": 3}
    assert slides["month"]["start_date"] == {"year": 2019, "month": 2} and "end_date" not in slides["month"]
    assert slides["year"]["start_date"] == {"year": 2019} and slides["year"]["display_date"] == "2019"
    assert slides["day"]["text"] == {"headline": "&lt;b&gt;x&lt;/b&gt;", "text": "a &amp; b"}
    assert slides["day"]["group"] == "Protest"
