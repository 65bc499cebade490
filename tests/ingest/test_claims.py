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


def test_a_pronoun_never_points_at_a_name_inside_its_own_quotation():
    body = (
        "Interior minister Arsen Kovac said the former president fled the capital. "
        '"Viktor Marek has disappeared," he said.'
    )
    claims = claims_for(body)
    assert claims[-1].text == "Viktor Marek has disappeared"
    assert claims[-1].claimant == "Arsen Kovac"


def test_a_bracketed_short_form_does_not_hide_the_speaker():
    body = "Police have made 378 arrests so far, the National Police Chiefs' Council (NPCC) said."
    (claim,) = claims_for(body)
    assert claim.claimant_text == "the National Police Chiefs' Council"
    assert claim.text == "Police have made 378 arrests so far"


def test_the_group_speaks_for_the_organisation_just_named():
    body = (
        "Amnesty International has condemned the attacks on hostels. "
        "In a statement, the group said the riots were racist violence."
    )
    claims = claims_for(body)
    assert claims[-1].claimant == "Amnesty International"
    # and nothing named: no claimant is made up
    assert claims_for("In a statement, the group said the riots were racist violence.")[0].claimant is None


def test_quoted_as_saying_attributes_to_the_subject():
    body = (
        "Secretary-General Ana Ruiz issued a statement about martial law. "
        "She is quoted in the statement as saying peace can only come through dialogue."
    )
    claims = claims_for(body)
    assert claims[-1].claimant == "Ana Ruiz"
    assert claims[-1].text == "peace can only come through dialogue"


def test_a_poll_named_after_an_organisation_is_its_finding():
    body = (
        "The World Food Programme (WFP) has worked in the country for years. "
        "A WFP survey found that 41 percent of families skip meals."
    )
    claims = claims_for(body)
    assert claims[-1].speech_act == "poll_finding"
    assert claims[-1].claimant == "World Food Programme"
    assert claims_for("A new survey found that 41 percent of families skip meals.")[0].claimant is None


def test_an_appositive_with_a_possessive_and_where_it_was_said():
    body = (
        "Chris Tang, Hong Kong's new police commissioner, said in an interview that police alone cannot end the unrest."
    )
    (claim,) = claims_for(body)
    assert claim.claimant == "Chris Tang"
    assert claim.text == "police alone cannot end the unrest"


def test_coordinated_speakers_after_the_statement():
    body = "Seven civilians were killed in the shelling, Kurdish activists and a war monitor said."
    (claim,) = claims_for(body)
    assert claim.claimant_text == "Kurdish activists and a war monitor"
    assert claim.text == "Seven civilians were killed in the shelling"


def test_saying_after_a_comma_belongs_to_the_sentence_subject():
    body = 'President Ana Ruiz addressed the army in a broadcast, saying "do not fire on the crowds."'
    (claim,) = claims_for(body)
    assert claim.claimant == "Ana Ruiz"
    assert claim.text == "do not fire on the crowds"


def test_unnamed_reports_are_claims_without_a_claimant():
    (claim,) = claims_for("Reports from the border suggest that the crossing has been closed since Friday.")
    assert claim.claimant is None and claim.text == "the crossing has been closed since Friday"
    assert claims_for("The findings suggest a long recovery.") == []


def test_she_after_a_spokeswomans_claim_is_the_spokeswoman():
    body = (
        "Officials met Carrie Lam on Monday. A U.S. State Department spokeswoman urged all sides to refrain from "
        'violence. "Hong Kong\'s success rests on the rule of law," she said.'
    )
    claims = claims_for(body)
    assert claims[-1].text == "Hong Kong's success rests on the rule of law"
    assert claims[-1].claimant == claims[-2].claimant == "United States"


def test_he_does_not_continue_a_spokeswoman():
    body = (
        "Foreign minister Tomas Vera arrived in the capital. A ministry spokeswoman urged calm. "
        '"We will not back down," he said.'
    )
    assert claims_for(body)[-1].claimant == "Tomas Vera"


def test_announcing_or_calling_a_deed_is_not_a_claim():
    body = (
        "The bank announced the resignation of its chairman. Minister Ana Ruiz called a news conference at noon. "
        "Minister Ana Ruiz announced that the talks had failed."
    )
    claims = claims_for(body)
    assert [c.text for c in claims] == ["the talks had failed"]


def test_described_needs_as():
    assert claims_for("Tomas Vera, a shopkeeper, described the chaos that followed the strike.") == []
    (claim,) = claims_for('Tomas Vera, a professor, described the situation as "very volatile."')
    assert claim.claimant == "Tomas Vera"


def test_a_subheading_the_next_paragraph_tells_in_full_is_one_claim():
    body = (
        "Police say a woman is killed near the border\n\n"
        "Police say a woman was killed and a girl was wounded near the border when soldiers exchanged fire.\n\n"
        "Officials say the crossing will reopen\n\n"
        "The army said on Monday that it had shelled two villages."
    )
    claims = claims_for(body)
    assert [c.text[:30] for c in claims] == [
        "a woman was killed and a girl ",
        "the crossing will reopen",
        "it had shelled two villages",
    ]
