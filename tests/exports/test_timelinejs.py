import datetime as dt
import html
import json

from events.exports.timelinejs import slide_text, stream_timelinejs, timelinejs_event
from events.models import Event
from tests import factories


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


def test_every_slide_carries_quote_source_credit_and_actors(rich_event, crisis):
    rich_event.summary = ""
    rich_event.save()
    bare = factories.EventFactory(crisis=crisis, headline="Nothing attached", summary="")
    chunks = stream_timelinejs(crisis, Event.objects.for_crisis(crisis))
    slides = {s["unique_id"]: s["text"]["text"] for s in json.loads(b"".join(chunks))["events"]}
    text = slides[f"event-{rich_event.pk}"]
    assert "<blockquote>Protesters marched</blockquote>" in text  # the first evidence
    source = rich_event.evidence.order_by("id").first().source
    assert f'<p class="credit">Source: <cite>{html.escape(source.title)}</cite>, Reuters' in text
    assert '<p class="actors">Actors: Juan Guaidó, Nicolás Maduro</p>' in text
    assert slides[f"event-{bare.pk}"] == ""


def test_slide_text_escapes_everything():
    text = slide_text(
        {
            "summary": "<i>s</i>",
            "quote": "<script>q</script>",
            "source": ("<b>t</b>", "A&B", dt.date(2019, 2, 2)),
            "actors": ["<x>"],
        }
    )
    assert "<script>" not in text and "<b>" not in text and "<i>" not in text and "<x>" not in text
    assert "A&amp;B, 2 Feb 2019" in text
