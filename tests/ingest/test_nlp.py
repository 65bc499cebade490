import pytest

from events.ingest.nlp import detect_language, parse_sentences
from events.ingest.syntax import entity_kind


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Thousands marched in Caracas on Saturday against the government of Nicolás Maduro.", "en"),
        ("Des milliers de personnes ont manifesté samedi à Caracas contre le gouvernement de Maduro.", "fr"),
        ("Miles de personas marcharon el sábado en Caracas contra el gobierno de Nicolás Maduro.", "es"),
        ("THOUSANDS MARCHED IN CARACAS ON SATURDAY AGAINST THE GOVERNMENT OF NICOLAS MADURO", "en"),
    ],
)
def test_language_is_detected(text, language):
    found, confidence = detect_language(text)
    assert found == language
    assert confidence > 0.9


def test_too_little_text_is_taken_as_english_without_confidence():
    assert detect_language("Reuters") == ("en", 0.0)


def test_sentences_are_parsed_with_universal_attributes():
    (doc,) = parse_sentences(["Police arrested 80 protesters in Caracas on Saturday."])
    by_text = {token.text: token for token in doc}
    assert by_text["arrested"].pos_ == "VERB"
    assert by_text["arrested"].lemma_ == "arrest"
    assert by_text["Police"].head == by_text["arrested"]
    assert by_text["Police"].dep_ == "nsubj"
    assert by_text["protesters"].dep_ == "obj"


def test_named_entities_are_mapped_to_our_kinds():
    (doc,) = parse_sentences(["The United Nations condemned the attack in Syria."])
    found = {ent.text: entity_kind(ent.label_) for ent in doc.ents}
    assert found == {"United Nations": "organization", "Syria": "place"}


@pytest.mark.parametrize(
    ("label", "kind"), [("PERSON", "person"), ("ORG", "organization"), ("GPE", "place"), ("PLACE", "place"),
                        ("NORP", "group"), ("DATE", None)]
)  # fmt: skip
def test_labels_of_gum_and_of_spacys_english_pipelines_map_to_the_same_kinds(label, kind):
    assert entity_kind(label) == kind


def test_an_over_long_sentence_is_parsed_in_bounded_time():
    (doc,) = parse_sentences(["word " * 50_000])
    assert len(doc.text) <= 1_000
