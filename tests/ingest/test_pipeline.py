import json
from datetime import date
from pathlib import Path

import pytest

from events.ingest.pipeline import parse_article, result_to_contract
from events.ingest.types import IngestError

VENEZUELA = Path(__file__).parent / "fixtures" / "00_venezuela-rally-defection.txt"


@pytest.fixture(scope="module")
def venezuela():
    return parse_article(VENEZUELA.read_bytes())


def test_publication_date_is_inferred_from_the_text(venezuela):
    assert venezuela.published == date(2019, 2, 2)
    assert venezuela.published_source == "text"
    assert venezuela.title == "Venezuelan opposition holds huge rally amid first major army defection against Maduro"


def test_banner_and_photo_credit_are_gone(venezuela):
    assert "We and our partners use cookies" not in venezuela.body
    assert "AGUSTIN MARCARIAN / REUTERS" not in venezuela.body
    assert "Juan Guaidó is urging demonstrators to stay in the streets" in venezuela.body


def test_key_actors_found_once_each(venezuela):
    names = [a.name for a in venezuela.actors]
    for wanted in ("Juan Guaidó", "Yanez Rodriguez", "United States"):
        assert names.count(wanted) == 1
    assert sum("Maduro" in name and "opposition" not in name for name in names) == 1


def test_required_events_are_on_the_rally_day(venezuela):
    def event_with(text):
        return next(e for e in venezuela.events if text in e.evidence)

    for text in ("spoke to tens of thousands of supporters", "first high-profile defection", "counter-demonstration"):
        event = event_with(text)
        assert (event.date.start, event.date.precision) == (date(2019, 2, 2), "day"), text
    assert event_with("drafted amnesty legislation").type == "legislation"


def test_ninety_percent_claim_is_yanez_rodriguez(venezuela):
    claim = next(c for c in venezuela.claims if "90 percent" in c.text)
    assert claim.claimant == "Yanez Rodriguez"
    assert claim.figure_value == 90


def test_contract_shape_and_offsets(venezuela):
    contract = json.loads(json.dumps(result_to_contract(venezuela)))
    assert set(contract) == {
        "title", "published", "published_source", "language", "outlet", "body", "actors", "events",
        "unreported_events", "claims",
    }  # fmt: skip
    assert contract["published"] == "2019-02-02"
    for item in contract["events"] + contract["claims"]:
        assert contract["body"][item["start"] : item["end"]] in item["evidence"]
    for mention in [m for event in contract["events"] for m in event["mentions"]]:
        assert contract["body"][mention["start"] : mention["end"]] == mention["evidence"]


def test_given_date_wins_over_inference():
    result = parse_article(VENEZUELA.read_text(), published=date(2019, 2, 3))
    assert (result.published, result.published_source) == (date(2019, 2, 3), "given")


def test_refusals_are_ingest_errors():
    with pytest.raises(IngestError):
        parse_article(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(IngestError):
        parse_article("   ")


def test_a_claim_right_after_an_event_is_about_it_and_its_claimant_takes_part():
    text = (
        "Army general defects\n\n"
        "The first high-profile defection from the army came in a video posted on Saturday morning. "
        "General Maria Castillo said she is backing the opposition.\n\n"
        "Elsewhere, markets were calm."
    )
    result = parse_article(text, published=date(2019, 2, 3))
    claim = next(c for c in result.claims if c.claimant == "Maria Castillo")
    event = result.events[claim.event_index]
    assert any("defection" in text[start:end] for start, end in event.spans)
    assert ("Maria Castillo", "mentioned") in event.actors or "Maria Castillo" in dict(event.actors)
