from decimal import Decimal

from events.ingest.actors import find_actors
from events.ingest.claims import find_claims
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
    (claim,) = claims_for("Organisers said more than 200,000 people gathered in the capital.")
    assert (claim.figure_value, claim.figure_unit) == (Decimal("200000"), "people")
    assert (claim.figure.measure, claim.figure.low, claim.figure.high) == ("crowd_size", Decimal("200000"), None)


def test_speaker_of_coordinated_reporting_verb_is_the_first_verbs_subject():
    body = "The head of the national guard apologized for the raid and insisted it was a mistake."
    (claim,) = claims_for(body)
    assert claim.claimant_text == "The head of the national guard"
    assert claim.text == "it was a mistake"


def test_role_speaker_resolves_to_the_titled_person_named_next():
    body = (
        "The head of the national guard apologized and insisted it was a mistake. "
        '"I am ashamed of what happened," said Gen. Tomas Vera.'
    )
    claims = claims_for(body)
    assert [c.claimant for c in claims] == ["Tomas Vera", "Tomas Vera"]


def test_role_speaker_resolves_through_apposition():
    body = "Tomas Vera, the ambassador to Peru, met the minister. The ambassador to Peru said the talks had failed."
    claims = claims_for(body)
    assert claims[-1].claimant == "Tomas Vera"


def test_reporting_through_a_medium_and_a_statement():
    claims = claims_for("Defence minister Carlos Diaz took to the airwaves to declare the uprising a failure.")
    assert claims[0].claimant == "Carlos Diaz" and "uprising a failure" in claims[0].text
    claims = claims_for("The foreign ministry issued a statement calling the sanctions illegal.")
    assert claims and "sanctions illegal" in claims[0].text


def test_participle_telling_reports_speech():
    claims = claims_for("Moscow denied it, with spokeswoman Ana Ruiz telling reporters the report was fake.")
    assert "Ana Ruiz" in [c.claimant for c in claims]


def test_unknown_named_institution_keeps_its_own_name_as_claimant():
    claims = claims_for("On Monday, the People's Daily, the party newspaper, warned there is no room for compromise.")
    assert claims[0].claimant == "People's Daily"


def test_they_refers_to_the_organisation_just_named():
    body = "Rights group Amnesty International has kept silent for days. They denied responsibility for it."
    claims = claims_for(body)
    assert claims[-1].claimant == "Amnesty International"
