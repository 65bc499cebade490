"""Where, when and in what a thing was said is not what was said; a relative "who" is the one just named."""

from events.ingest.actors import find_actors
from events.ingest.claims import find_claims
from events.ingest.extract import split_sentences


def claims_for(body):
    return find_claims(split_sentences(body), find_actors(body))


def test_a_setting_after_the_verb_leaves_the_words_before_it():
    (claim,) = claims_for("The talks had failed, government spokesman Ivan Petrov said during a briefing in Kyiv.")
    assert claim.text == "The talks had failed"


def test_a_setting_before_the_words_is_left_out():
    (claim,) = claims_for("The ministry announced in early March that the fare would rise by 30 pesos.")
    assert claim.text == "the fare would rise by 30 pesos"
    (noted,) = claims_for("As the envoy Ana Ruiz noted from the capital, little had changed.")
    assert noted.text == "little had changed"


def test_at_least_is_part_of_the_words():
    (claim,) = claims_for("Doctors said at least 30 people were killed, most of them students.")
    assert claim.text.startswith("at least 30 people were killed")


def test_naming_the_words_without_giving_them_is_no_claim():
    assert claims_for("President Ana Ruiz later tweeted the same message again in Spanish.") == []
    assert claims_for("General Tomas Vera posted a video on Monday.") == []


def test_what_a_thing_is_called_by_name_is_no_claim_but_a_characterisation_is():
    assert claims_for('The army began what General Tomas Vera called "Operation Dawn".') == []
    (claim,) = claims_for('The mob caused damage in what police described as "serious violent disorder".')
    assert claim.claimant_text == "police" and claim.text == "serious violent disorder"


def test_according_to_with_nothing_after_it_is_no_claim():
    assert claims_for("But according to Reuters:") == []


def test_who_said_is_the_person_just_named():
    body = "Police detained the ambassador, Rob Macaire, who said he went to the vigil to pay his respects."
    (claim,) = claims_for(body)
    assert claim.claimant == "Rob Macaire"


def test_a_verb_after_a_comma_is_no_appositive_and_saying_goes_to_the_subject():
    body = (
        "President Ana Ruiz, who has backed past protests in Peru, addressed the country's leaders in a tweet, "
        'saying "Do not shoot your protesters."'
    )
    (claim,) = claims_for(body)
    assert claim.claimant == "Ana Ruiz" and claim.text == "Do not shoot your protesters"


def test_a_weekday_after_said_is_no_speaker():
    body = 'Governor Tomas Vera, a day after saying "the strike is illegal," said Wednesday that workers should return.'
    assert all(c.claimant_text != "Wednesday that workers should return" for c in claims_for(body))


def test_whom_a_relayed_report_quotes_is_the_claimant():
    body = "The Times reports that the Workers Party office in Lima said 30 people had been killed in the raid."
    assert any(
        c.claimant == "Workers Party" and c.text.startswith("30 people had been killed") for c in claims_for(body)
    )


def test_a_report_relaying_another_speakers_claim_leaves_that_claim_alone():
    body = "On Sunday, the state news agency IRNA reported that police had arrested 80 protesters, Reuters reported."
    claims = claims_for(body)
    assert [c.text for c in claims] == ["police had arrested 80 protesters"]
    assert "IRNA" in claims[0].claimant_text


def test_a_claim_whose_words_merely_mention_another_speaker_stays():
    body = "Activists in Raqqa reported an exchange of fire near the prison; the Observatory said two fighters died."
    assert len(claims_for(body)) == 2
