from decimal import Decimal

from events.ingest.actors import find_actors
from events.ingest.claims import figure, find_claims
from events.ingest.extract import split_sentences


def claims_for(body):
    return find_claims(split_sentences(body), find_actors(body))


def test_pronoun_speaker_is_the_last_person_named():
    body = 'Opposition leader Ana Ruiz addressed the crowd. "We will not go home," she said.'
    claims = claims_for(body)
    assert len(claims) == 1
    assert claims[0].claimant == "Ana Ruiz"
    assert claims[0].text == "We will not go home"
    assert body[claims[0].start : claims[0].end] == claims[0].evidence


def test_speaker_with_title_and_figure():
    claims = claims_for("General Tomas Vera said that 90 percent of the troops have lost faith in the president.")
    assert claims[0].claimant == "Tomas Vera"
    assert (claims[0].figure_value, claims[0].figure_unit) == (Decimal("90"), "percent")


def test_trailing_attribution_and_denial():
    claims = claims_for(
        "The border will stay closed, the interior ministry said. Minister Carlos Diaz denied the report."
    )
    assert claims[0].claimant_text == "the interior ministry" and claims[0].text == "The border will stay closed"
    assert claims[1].claimant == "Carlos Diaz" and claims[1].speech_act == "denied"


def test_poll_finding_has_no_claimant():
    claims = claims_for("A new poll showed 82 percent of voters want early elections.")
    assert claims[0].speech_act == "poll_finding" and claims[0].claimant is None
    assert claims[0].figure_value == Decimal("82")


def test_quotation_continuing_an_attributed_one():
    body = '"The decree is a coup," opposition leader Sara Lind wrote. "A major blow to the republic."'
    claims = claims_for(body)
    assert [c.claimant for c in claims] == ["Sara Lind", "Sara Lind"]


def test_plain_reporting_is_not_a_claim():
    assert claims_for("Prices rose sharply in the capital last month.") == []


def test_figure_with_thousands():
    assert figure("more than 200,000 people gathered") == (Decimal("200000"), "people")
