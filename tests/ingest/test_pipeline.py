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
        body = venezuela.body
        return next(e for e in venezuela.events if any(text in body[start:end] for start, end in e.spans))

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


def test_the_seed_articles_rally_is_one_entry_carrying_its_mentions(venezuela):
    body = venezuela.body
    rallies = [e for e in venezuela.events if any("tens of thousands" in body[start:end] for start, end in e.spans)]
    (rally,) = rallies
    told = " ".join(body[start:end] for start, end in rally.spans)
    assert "holds huge rally" in told and "spoke to tens of thousands" in told and "The crowd chanted" in told
    assert "counter-demonstration" not in told  # the other side's happening stays its own entry
    assert any("counter-demonstration" in e.evidence for e in venezuela.events)


def test_headlines_are_short_and_never_open_on_a_pronoun(venezuela):
    for event in venezuela.events:
        assert len(event.summary) <= 100
        assert event.summary.split()[0].lower() not in {"he", "she", "they", "it", "him", "her", "them"}


def test_a_negated_or_hypothetical_happening_is_kept_apart():
    text = "Police clear camp\n\nPolice cleared the camp on Saturday. It was not clear if any arrests were made."
    result = parse_article(text, published=date(2019, 2, 3))
    assert not any("arrests" in e.evidence for e in result.events)
    (apart,) = [e for e in result.unreported if "arrests" in e.evidence]
    assert apart.status == "hypothetical"
    assert any(e["status"] == "hypothetical" for e in result_to_contract(result)["unreported_events"])


def test_a_non_english_article_gets_a_warning_and_no_guessed_candidates():
    text = (
        "Des milliers de manifestants à Caracas\n\nDes milliers de personnes ont manifesté samedi à Caracas contre "
        "le gouvernement de Nicolás Maduro, a déclaré le chef de l'opposition Juan Guaidó."
    )
    result = parse_article(text, published=date(2019, 2, 3))
    assert result.language == "fr"
    assert (result.events, result.actors, result.claims) == ((), (), ())
    assert any("French" in w for w in result.warnings)
    assert result_to_contract(result)["language"] == "fr"


@pytest.mark.parametrize(
    "text",
    [
        "POLICE ARRESTED 80 PROTESTERS IN CARACAS ON SATURDAY AS THE OPPOSITION RALLIED AGAINST THE GOVERNMENT",
        "police arrested protesters " * 4_000,  # no sentence ends at all
        ("Crowds marched on Saturday. " * 8_000),  # past the text cap
    ],
)
def test_odd_input_parses_without_an_exception(text):
    result = parse_article(text, published=date(2019, 2, 3))
    assert result.language == "en"
    assert all(len(e.summary) <= 100 for e in result.events)


def test_events_are_placed_with_the_crisis_countries():
    # The clause names Valencia: Venezuela's, in a Venezuelan crisis; an event naming no place gets the country.
    text = (
        "Marchers rally in Valencia\n\nThousands of students marched in Valencia on Saturday. "
        "Police arrested a union leader on Sunday."
    )
    result = parse_article(text, published=date(2019, 2, 4), countries=["Venezuela"])
    places = {event.place.label: event.place.precision for event in result.events}
    assert places.get("Valencia, Venezuela") == 1
    contract = result_to_contract(result)
    assert {e["place"] for e in contract["events"]} <= {"Valencia, Venezuela", "Venezuela"}
    assert parse_article(text, published=date(2019, 2, 4), countries=["Spain"]).events[0].place.iso == "ES"


LIVE_PAGE = """<html><head><title>Floods live: latest updates</title>
<meta property="article:published_time" content="2024-03-03T08:00:00Z">
<meta property="article:modified_time" content="2024-03-04T19:10:00Z">
<script type="application/ld+json">{"@type": "LiveBlogPosting", "datePublished": "2024-03-03T08:00:00Z",
"dateModified": "2024-03-04T19:10:00Z"}</script></head><body><article>
<h1>Floods live: latest updates</h1>
<p>Protesters marched on the town hall this evening, demanding the mayor resign over the flood response.</p>
<p>Police arrested three people outside the building, the force said in a statement this evening.</p>
</article></body></html>"""


def test_a_live_pages_today_is_the_day_of_its_last_update():
    result = parse_article(LIVE_PAGE, is_html=True)
    assert result.published == date(2024, 3, 3)
    assert any("live page" in warning for warning in result.warnings)
    marched = [e for e in result.events if "marched on the town hall" in e.evidence]
    assert marched and marched[0].date.start == date(2024, 3, 4)


def test_an_ordinary_pages_update_does_not_move_its_dates():
    page = LIVE_PAGE.replace('"@type": "LiveBlogPosting"', '"@type": "NewsArticle"')
    marched = [e for e in parse_article(page, is_html=True).events if "marched on the town hall" in e.evidence]
    assert marched and marched[0].date.start == date(2024, 3, 3)


def test_a_date_inside_a_quotation_does_not_date_the_next_paragraph():
    text = (
        'Vigil held\n\nA spokesperson said: "Everyone is invited from 6pm for those killed last week."\n\n'
        "Graves in the town cemetery have been vandalised."
    )
    result = parse_article(text, published=date(2024, 8, 5))
    vandalised = [e for e in result.events if "vandalised" in e.evidence]
    assert vandalised and vandalised[0].date.start == date(2024, 8, 5)
