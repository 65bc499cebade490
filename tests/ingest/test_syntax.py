import pytest

from events.ingest.nlp import parse_sentences
from events.ingest.syntax import modality, predicate, rel, role_of


def token(sentence, word):
    (doc,) = parse_sentences([sentence])
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("Police arrested 80 protesters in Caracas on Saturday.", "arrested", "asserted"),
        ("Police did not arrest anyone.", "arrest", "negated"),
        ("No arrests were made.", "arrests", "negated"),
        ("It was not clear if any arrests were made.", "arrests", "hypothetical"),
        ("The army could intervene.", "intervene", "hypothetical"),
        ("They will march on Friday.", "march", "future"),
        ("He plans to sign the decree.", "sign", "future"),
    ],
)
def test_modality_of_a_predicate(sentence, trigger, expected):
    assert modality(token(sentence, trigger)) == expected


def test_roles_come_from_syntax():
    (doc,) = parse_sentences(["Police detained Ana yesterday."])
    words = {t.text: t for t in doc}
    verb = predicate(words["detained"])
    assert role_of(words["Police"], verb) == "initiator"
    assert role_of(words["Ana"], verb) == "target"


def test_relations_are_read_as_universal_dependencies():
    (doc,) = parse_sentences(["Police arrested 80 protesters."])
    assert {rel(t) for t in doc} >= {"root", "nsubj", "obj"}


def test_verb_lemmas_come_from_the_english_tables_where_the_parse_slips():
    from events.ingest.syntax import lemma

    (doc,) = parse_sentences(["ATM services were disrupted and the general fled the capital."])
    verbs = {t.lower_: lemma(t) for t in doc if t.pos_ in ("VERB", "AUX")}
    assert verbs.get("disrupted") == "disrupt" and verbs.get("fled") == "flee"


def test_a_passive_past_is_reported_as_done_but_a_passive_future_is_not():
    from events.ingest.clauses import reported

    (done,) = parse_sentences(["The bank branches were closed by the police."])
    (planned,) = parse_sentences(["The bank branches will be closed by the police."])
    assert reported(next(t for t in done if t.lower_ == "closed"))
    assert not reported(next(t for t in planned if t.lower_ == "closed"))


def test_what_a_report_says_happened_is_reported_as_done():
    from events.ingest.clauses import reported

    (doc,) = parse_sentences(["Reports from the ground suggest that large parts of the army have sided with him."])
    assert reported(next(t for t in doc if t.lower_ == "sided"))
