"""The GUM → spaCy converter on a small made-up CoNLL-U document (no GUM folder, no training needed)."""

from spacy.tokens import DocBin
from spacy.vocab import Vocab

from nlp import convert_gum

# Three sentences. Entity brackets: an organisation mention whose head is a NOUN ("administration")
# around a person name with a possessive multiword token ("Trump's"); an organisation name with a place
# nested inside ("the University of Paris"); a time mention (dropped type); an event mention headed by
# a NOUN ("The talks"); a place mention that GUM extends by an apposition ("Basel, in Switzerland");
# multiword tokens "weren't" and "can't" (the latter with SpaceAfter=No on its range line); an empty node.
CONLLU = """\
# newdoc id = GUM_news_made_up
# meta::genre = news
# sent_id = GUM_news_made_up-1
# text = Donald Trump's administration criticized the University of Paris on Monday.
1\tDonald\tDonald\tPROPN\tNNP\tNumber=Sing\t4\tnmod:poss\t4:nmod:poss\t\
Entity=(1-organization-new-x-cf1-1-coref(2-person-new-x-cf2-1,2-coref-Donald_Trump
2-3\tTrump's\t_\t_\t_\t_\t_\t_\t_\t_
2\tTrump\tTrump\tPROPN\tNNP\tNumber=Sing\t1\tflat\t1:flat\t_
3\t's\t's\tPART\tPOS\t_\t1\tcase\t1:case\tEntity=2)
4\tadministration\tadministration\tNOUN\tNN\tNumber=Sing\t5\tnsubj\t5:nsubj\tEntity=1)
5\tcriticized\tcriticize\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t0:root\t_
6\tthe\tthe\tDET\tDT\tDefinite=Def|PronType=Art\t7\tdet\t7:det\tEntity=(3-organization-new-x-cf3-1-coref-U_of_P
7\tUniversity\tUniversity\tPROPN\tNNP\tNumber=Sing\t5\tobj\t5:obj\t_
8\tof\tof\tADP\tIN\t_\t9\tcase\t9:case\t_
9\tParis\tParis\tPROPN\tNNP\tNumber=Sing\t7\tnmod\t7:nmod:of\tEntity=(4-place-new-x-cf4-1-sgl-Paris)3)
10\ton\ton\tADP\tIN\t_\t11\tcase\t11:case\t_
11\tMonday\tMonday\tPROPN\tNNP\tNumber=Sing\t5\tobl:tmod\t5:obl:tmod\tEntity=(5-time-new-x-cf5-1-sgl)|SpaceAfter=No
12\t.\t.\tPUNCT\t.\t_\t5\tpunct\t5:punct\t_

# sent_id = GUM_news_made_up-2
# text = The talks weren't held in Basel, in Switzerland.
1\tThe\tthe\tDET\tDT\tDefinite=Def|PronType=Art\t2\tdet\t2:det\tEntity=(6-event-new-x-cf6-2-coref
2\ttalks\ttalk\tNOUN\tNNS\tNumber=Plur\t5\tnsubj:pass\t5:nsubj:pass\tEntity=6)
3-4\tweren't\t_\t_\t_\t_\t_\t_\t_\t_
3\twere\tbe\tAUX\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t5\taux:pass\t5:aux:pass\t_
4\tn't\tnot\tPART\tRB\tPolarity=Neg\t5\tadvmod\t5:advmod\t_
5\theld\thold\tVERB\tVBN\tTense=Past|VerbForm=Part|Voice=Pass\t0\troot\t0:root\t_
5.1\theld\thold\tVERB\tVBN\t_\t_\t_\t5:conj\t_
6\tin\tin\tADP\tIN\t_\t7\tcase\t7:case\t_
7\tBasel\tBasel\tPROPN\tNNP\tNumber=Sing\t5\tobl\t5:obl:in\tEntity=(7-place-new-x-cf7-1,4-coref-Basel|SpaceAfter=No
8\t,\t,\tPUNCT\t,\t_\t10\tpunct\t10:punct\t_
9\tin\tin\tADP\tIN\t_\t10\tcase\t10:case\t_
10\tSwitzerland\tSwitzerland\tPROPN\tNNP\tNumber=Sing\t7\tnmod\t7:nmod:in\t\
Entity=(8-place-new-x-cf8-1-sgl-Switzerland)7)|SpaceAfter=No
11\t.\t.\tPUNCT\t.\t_\t5\tpunct\t5:punct\t_

# sent_id = GUM_news_made_up-3
# text = We can't.
1\tWe\twe\tPRON\tPRP\tCase=Nom|Number=Plur|Person=1|PronType=Prs\t2\tnsubj\t2:nsubj\t_
2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No
2\tca\tcan\tAUX\tMD\tVerbForm=Fin\t0\troot\t0:root\t_
3\tn't\tnot\tPART\tRB\tPolarity=Neg\t2\tadvmod\t2:advmod\t_
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t2:punct\t_
"""

WORDS = (
    "Donald Trump 's administration criticized the University of Paris on Monday . "
    "The talks were n't held in Basel , in Switzerland . We ca n't ."
).split()


def make_doc(text: str = CONLLU):
    return convert_gum.to_doc(convert_gum.parse_conllu(text, name="GUM_news_made_up"), Vocab())


def test_words_and_spaces():
    doc = make_doc()
    assert [t.text for t in doc] == WORDS
    assert doc.text == (
        "Donald Trump's administration criticized the University of Paris on Monday. "
        "The talks weren't held in Basel, in Switzerland. We can't. "
    )
    assert [t.whitespace_ for t in doc[:4]] == [" ", "", " ", " "]  # inside "Trump's", then its range line
    assert [bool(t.whitespace_) for t in doc[23:]] == [True, False, False, True]  # "can't" range: SpaceAfter=No


def test_sentence_starts():
    doc = make_doc()
    assert [s.start for s in doc.sents] == [0, 12, 23]
    assert [t.i for t in doc if t.is_sent_start] == [0, 12, 23]


def test_heads_and_relations_keep_subtypes():
    doc = make_doc()
    assert [t.head.i for t in doc[:12]] == [3, 0, 0, 4, 4, 6, 4, 8, 6, 10, 4, 4]
    assert [t.dep_ for t in doc[:5]] == ["nmod:poss", "flat", "case", "nsubj", "ROOT"]
    assert [(t.text, t.dep_, t.head.text) for t in doc[13:17]] == [
        ("talks", "nsubj:pass", "held"),
        ("were", "aux:pass", "held"),
        ("n't", "advmod", "held"),
        ("held", "ROOT", "held"),
    ]
    assert doc[21].head.i == 18 and doc[21].dep_ == "nmod"
    assert doc[24].dep_ == "ROOT" and doc[25].head.i == 24  # heads are offset per sentence


def test_tags_morphs_and_lemmas():
    doc = make_doc()
    assert [t.pos_ for t in doc[12:17]] == ["DET", "NOUN", "AUX", "PART", "VERB"]
    assert [t.tag_ for t in doc[12:17]] == ["DT", "NNS", "VBD", "RB", "VBN"]
    assert [t.lemma_ for t in doc[12:17]] == ["the", "talk", "be", "not", "hold"]
    assert str(doc[15].morph) == "Polarity=Neg"
    assert str(doc[3].morph) == "Number=Sing"
    assert str(doc[2].morph) == ""
    assert [t.lemma_ for t in doc[23:26]] == ["we", "can", "not"]


def test_named_entities():
    doc = make_doc()
    assert [(e.start, e.end, e.text, e.label_) for e in doc.ents] == [
        (0, 2, "Donald Trump", "PERSON"),  # possessive 's trimmed; the NOUN-headed organisation is not named
        (6, 9, "University of Paris", "ORG"),  # determiner trimmed; outermost of the nested names
        (18, 19, "Basel", "PLACE"),  # GUM's mention "Basel, in Switzerland" narrowed to the name
        (21, 22, "Switzerland", "PLACE"),
    ]
    # Every other word is annotated as outside an entity (not missing), so NER learns from it.
    assert all(t.ent_iob_ in {"B", "I", "O"} for t in doc)
    assert doc[10].ent_iob_ == "O"  # "Monday": a time mention, not a kept type
    assert doc[13].ent_iob_ == "O"  # "The talks": an event whose head is a NOUN


def test_entity_brackets():
    assert list(convert_gum.entity_events("(1-event-a-b(2-place-c-Paris)3)")) == [
        ("open", "1", "event"),
        ("single", "2", "place"),
        ("close", "3", ""),
    ]
    assert list(convert_gum.entity_events("(5-time-new-nnnnn-cf7-1-sgl)4)3)")) == [
        ("single", "5", "time"),
        ("close", "4", ""),
        ("close", "3", ""),
    ]


def test_held_out_rule_is_per_genre_and_fixed():
    names = {"news": [f"GUM_news_{i:02}" for i in range(10)], "bio": [f"GUM_bio_{i:02}" for i in range(12)]}
    assert convert_gum.held_out(names) == {"GUM_news_03", "GUM_news_08", "GUM_bio_03"}


def test_convert_writes_train_and_dev(tmp_path):
    gum = tmp_path / "gum"
    gum.mkdir()
    for i in range(4):
        (gum / f"GUM_news_doc{i}.conllu").write_text(CONLLU, encoding="utf-8")
    split = convert_gum.convert(gum, tmp_path / "corpus", chunk=2)
    assert split["dev_names"] == ["GUM_news_doc3"]
    assert (split["train_docs"], split["dev_docs"], split["dev_tokens"]) == (3, 1, len(WORDS))
    train = list(DocBin().from_disk(tmp_path / "corpus" / "train.spacy").get_docs(Vocab()))
    assert len(train) == 6  # three documents of three sentences, in pieces of two sentences
    assert [t.text for t in train[0]] == WORDS[:23] and len(train[0].ents) == 4
