"""Reading a parsed sentence: pure helpers over spaCy tokens that the stages share.

Only universal attributes are read: UPOS (`pos_`), lemmas, Universal Dependencies relations (`rel`,
which also maps the ClearNLP labels of spaCy's own English pipelines onto UD) and entity labels mapped
to our kinds (`entity_kind`), so the pipeline trained here from GUM and a stronger installed one both work.
Nothing here loads a model: `nlp.py` does, and `pipeline.py` hands the parsed sentences to the stages.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from lemminflect import getLemma

# Entity labels of GUM (as trained here) and of OntoNotes (spaCy's English pipelines) → our kinds.
ENTITY_KINDS = {
    "PERSON": "person", "PER": "person", "ORG": "organization", "NORP": "group", "GPE": "place", "LOC": "place",
    "FAC": "place", "PLACE": "place", "EVENT": "event",
}  # fmt: skip
# ClearNLP relations (spaCy's English pipelines) → Universal Dependencies (GUM).
UD_RELATIONS = {
    "nsubjpass": "nsubj:pass", "csubjpass": "csubj:pass", "dobj": "obj", "auxpass": "aux:pass", "neg": "advmod",
    "poss": "nmod:poss", "relcl": "acl:relcl", "prt": "compound:prt", "agent": "obl:agent", "pobj": "obl",
    "dative": "iobj", "attr": "xcomp", "npadvmod": "obl:npmod", "predet": "det:predet", "quantmod": "advmod",
}  # fmt: skip
NEGATIONS = frozenset({"not", "n't", "never", "no", "nobody", "nothing", "neither", "nor"})
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "must", "'d"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
CONDITION_MARKS = frozenset({"if", "whether", "unless", "lest"})
TIME_MARKS = frozenset({"until", "till", "when", "once", "unless", "before", "after", "whenever"})
# A predicate under one of these verbs is intended or expected, not done: "plans to sign", "vowed to march".
INTENTION_LEMMAS = frozenset(
    {"plan", "expect", "schedule", "intend", "vow", "threaten", "promise", "pledge", "aim", "hope", "want", "seek",
     "urge", "call", "propose", "prepare", "consider", "demand", "ask", "wish"}
)  # fmt: skip
# What someone thinks or fears happened is their view, not a report: "said he thought X had made a deal".
OPINION_LEMMAS = frozenset({"think", "believe", "fear", "suspect", "doubt", "worry", "imagine", "assume", "speculate"})
SUBJECTS = frozenset({"nsubj", "csubj", "obl:agent"})
TARGETS = frozenset({"obj", "nsubj:pass", "iobj", "csubj:pass"})
PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her", "them", "his", "its", "their", "we", "us", "i", "me"})


def entity_kind(label: str) -> str | None:
    """Our kind for an entity label: "GPE" → "place", "PERSON" → "person", "DATE" → None."""
    return ENTITY_KINDS.get(label)


def lemma(token) -> str:
    """The token's lemma, verbs from lemminflect's English tables (a small statistical lemmatiser slips on
    inflected verbs: "disrupted" → "disrupte", "fled" → "flead"), other words from the parse.

    Token("disrupted", VERB) → "disrupt";  Token("rallies", NOUN) → the parse's "rally"
    """
    if token.pos_ in ("VERB", "AUX") and (found := _verb_lemma(token.lower_, token.pos_)):
        return found
    return token.lemma_.lower() or token.lower_


def warm_up() -> None:
    """Read lemminflect's tables now (~0.35 s on first use), e.g. at worker start."""
    _verb_lemma("marched", "VERB")


@lru_cache(maxsize=8192)
def _verb_lemma(word: str, upos: str) -> str | None:
    """lemminflect's lemma of an English verb form, remembered (a long article asks for "said" hundreds of times)."""
    found = getLemma(word, upos=upos)
    return found[0] if found else None


def rel(token) -> str:
    """The token's dependency relation in UD terms: "dobj" → "obj", "nsubj:pass" → "nsubj:pass", "ROOT" → "root"."""
    dep = token.dep_.lower() if token.dep_ == "ROOT" else token.dep_
    return UD_RELATIONS.get(dep, dep)


def base_rel(token) -> str:
    """The universal part of the relation: "nsubj:pass" → "nsubj", "obl:tmod" → "obl"."""
    return rel(token).split(":", 1)[0]


def token_at(doc, offset: int):
    """The token covering character `offset` of the doc's text, or None (offset in a gap or past the end).

    (doc "Police arrested 80", 7) → Token("arrested")
    """
    if offset < 0 or offset >= len(doc.text):
        return None
    lo, hi = 0, len(doc) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        token = doc[mid]
        if offset < token.idx:
            hi = mid - 1
        elif offset >= token.idx + len(token.text):
            lo = mid + 1
        else:
            return token
    return None


def predicate(token):
    """The predicate a trigger word belongs to: a verb is its own; a noun's is the verb it is an argument of.

    "arrested" in "Police arrested 80" → "arrested";  "rally" in "Thousands joined the rally" → "joined";
    "rally" in the headline "Huge rally in Caracas" → "rally" (no verb above it)
    """
    if token.pos_ in ("VERB", "AUX"):
        return token
    head = token
    for _ in range(3):
        if base_rel(head) in ("nsubj", "obj", "obl", "iobj", "csubj") and head.head.pos_ in ("VERB", "AUX"):
            return head.head
        if base_rel(head) in ("compound", "amod", "nmod") and head.head is not head:
            head = head.head
            continue
        break
    return token


def clause_heads(token) -> Iterable:
    """The token and the heads of the clauses it sits in, innermost first, up to the sentence root."""
    current = token
    seen = 0
    while seen < 12:
        yield current
        if current.head is current:
            return
        current = current.head
        seen += 1


def modality(trigger) -> str:
    """Whether the sentence reports the trigger's predicate as done: "asserted", "negated", "hypothetical" or
    "future".

    "Police arrested 80" → "asserted";  "Police did not arrest anyone" → "negated";  "No arrests were made"
    → "negated";  "It was not clear if any arrests were made" → "hypothetical";  "They will march" → "future";
    "He plans to sign the decree" → "future";  "The army could intervene" → "hypothetical"
    """
    verb = predicate(trigger)
    if any(child.lower_ in ("no",) and base_rel(child) == "det" for child in trigger.children):
        return "negated"
    if _negated(verb):
        return "negated"
    aux = {child.lower_ for child in verb.children if base_rel(child) == "aux"}
    if aux & HYPOTHETICAL_AUX:
        return "hypothetical"
    if aux & FUTURE_AUX or _going_to(verb):
        return "future"
    if _time_clause(verb) and _present(verb):
        # "would not go back until sanctions are removed", "will march when the law passes": the time clause
        # of a plan or a condition is as unreal as its main clause
        main = {child.lower_ for child in verb.head.children if base_rel(child) == "aux"}
        if main & HYPOTHETICAL_AUX:
            return "hypothetical"
        if main & FUTURE_AUX:
            return "future"
    for head in clause_heads(verb):
        if any(base_rel(child) == "mark" and child.lower_ in CONDITION_MARKS for child in head.children):
            return "hypothetical"
        if head is not verb and base_rel(head) != "conj" and lemma(head) in INTENTION_LEMMAS:
            return "future"
        if head is not verb and lemma(head) in OPINION_LEMMAS:
            return "hypothetical"
        if lemma(head) == "look" and any(child.lower_ == "forward" for child in head.children):
            return "hypothetical"  # a hope: "looked forward to the swift advance of legislation"
        if base_rel(head) in ("advcl", "ccomp", "xcomp", "acl", "parataxis", "root") and head is not verb:
            if base_rel(head) in ("ccomp", "acl") and lemma(head.head) in OPINION_LEMMAS:
                return "hypothetical"  # "he thought that … was manipulated and that … had made a deal"
            break
    return "asserted"


def _time_clause(verb) -> bool:
    """A clause told after its main verb and opened by "until", "when", "once" … (as a subordinate clause, or
    as the conjunct a small parse may make of it): "would not go back until sanctions are removed"."""
    head = verb.head
    return (
        head is not verb
        and base_rel(verb) in ("advcl", "conj")
        and head.i < verb.i
        and any(token.lower_ in TIME_MARKS for token in verb.doc[head.i + 1 : verb.i])
    )


def _present(verb) -> bool:
    """A verb in the present, with its auxiliaries: "are removed", "passes" → True; "were removed" → False."""
    words = [child for child in verb.children if base_rel(child) == "aux"] or [verb]  # "are" of "are removed"
    return not any("Past" in word.morph.get("Tense") or lemma(word) == "have" for word in words) and any(
        "Pres" in word.morph.get("Tense") for word in words
    )


def _negated(verb) -> bool:
    """A "not"/"never" on the verb or on its copula or auxiliary: "did not arrest", "was never charged"."""
    return any(child.lower_ in NEGATIONS and base_rel(child) == "advmod" for child in verb.children)


def _going_to(verb) -> bool:
    """ "are going to march": the verb is the complement of "going" with a "to"."""
    head = verb.head
    return head is not verb and head.lower_ == "going" and any(c.lower_ == "to" for c in verb.children)


def role_of(token, verb) -> str:
    """The role an actor named at `token` plays in `verb`'s happening, from the path between them.

    "Police" in "Police detained Ana Ruiz" → "initiator";  "Ruiz" → "target";  "Maduro" in "a rally against
    Maduro" → "participant";  "Ruiz" in "Ruiz was detained by police" → "target", "police" → "initiator"
    """
    current = token
    for _ in range(8):
        if current.head is current:
            return "participant"
        relation = rel(current)
        if current.head == verb:
            if relation in TARGETS:
                return "target"
            if relation in SUBJECTS or (relation == "obl" and _by(current)):
                return "initiator"
            return "participant"
        current = current.head
    return "participant"


def _by(token) -> bool:
    """A passive's agent: "by police" → True."""
    return any(child.lower_ == "by" and base_rel(child) == "case" for child in token.children)


def is_pronoun(token) -> bool:
    """A personal pronoun that needs an antecedent: "They" → True, "Police" → False."""
    return token.pos_ == "PRON" and token.lower_ in PRONOUNS
