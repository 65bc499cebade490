"""What the parse says about one event clause: is it reported as done, who does what, and its headline.

`read_clause` finds the clause's trigger word (the earliest word of an event family, matched as a whole
word) in the sentence's parse and reads its predicate: its modality (negated, hypothetical, future or
asserted, `syntax.modality`), the role each named actor plays (subject → initiator, object or passive
subject → target, `syntax.role_of`), whether it refers back to a happening already told ("the rally"), and
a headline (`headlines.write_headline`). Without a parse it returns an empty reading and the caller keeps
its pattern-based answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import triggers
from .headlines import write_headline
from .spans import preceding, starting_within
from .syntax import base_rel, lemma, predicate, rel, role_of, token_at
from .syntax import modality as read_modality
from .types import Sentence

# A trigger starts a word ("defined" is not "fined"; "counter-demonstration" and "anti-coup rally" still count,
# but "pre-sanctions levels" and "post-election talks" name a time, not the happening).
WORD_START = r"(?<![^\W\d_])(?<!\bpre-)(?<!\bpost-)"
TRIGGER_RES = tuple((kind, re.compile(rf"{WORD_START}(?:{pattern})")) for kind, pattern in triggers.TRIGGERS)
# All of them in one pattern, one named group per type in list order: a clause is scanned once for its first trigger.
ANY_TRIGGER = re.compile(
    WORD_START + "(?:" + "|".join(f"(?P<t{i}>{pattern})" for i, (_kind, pattern) in enumerate(triggers.TRIGGERS)) + ")"
)
WORD_REST = re.compile(r"[^\W\d_]*")
# A word in what a thing is described as names no happening: 'described the action as "half a coup"'.
DESCRIBED_AS = re.compile(
    r"\b(?:describ|label|brand|termed|characteri[sz]|dubb?ed)\w*\b[^.;:]{0,60}?\bas\s+[“\"‘']?(?:[\w'’-]+\s+){0,3}$",
    re.I,
)
INFLECTIONS = frozenset(
    {"", "s", "es", "d", "ed", "ing", "ion", "ions", "ation", "ations", "ment", "ments", "er", "ers", "or", "ors", "e"}
)
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
FEMININE, MASCULINE = frozenset({"she", "her", "hers"}), frozenset({"he", "him", "his"})
PERSON_NOUNS = frozenset({"man", "woman", "officer", "leader", "minister", "spokesman", "spokeswoman", "official"})
# What a happening does next is news of its own: "the riots started", "the protests spread to the south".
PHASE_VERBS = frozenset(
    "start begin expand spread grow escalate end continue resume erupt intensify turn swell subside die fizzle "
    "break".split()
)
PRONOUN_REACH = 400  # characters back to look for the actor a pronoun stands for


@dataclass(frozen=True)
class ClauseReading:
    """The parse's answers for one clause; empty (all defaults) without a parse."""

    status: str = "asserted"  # asserted | negated | hypothetical | future
    headline: str | None = None
    actors: tuple[tuple[str, str], ...] = ()
    back_reference: bool = False
    retold: bool = False  # a back-reference that is its clause's subject: "The decree also gave Morsi …"
    reported: bool = False  # its predicate is a main-clause verb told as done, with a named subject


def lower_first(text: str) -> str:
    """Lower-case only the first letter, so triggers match sentence-initial words but not "Law School".

    "Protests grew at Law School" → "protests grew at Law School"
    """
    return text[:1].lower() + text[1:]


@lru_cache(maxsize=512)
def trigger_matches(clause: str) -> tuple[tuple[re.Match, str], ...]:
    """Every whole-word trigger match of the clause with its event type, in list order of the types
    (remembered: dating, tense and typing each ask about the same clause).

    "Police arrested 80 and killed two" → ((<"arrested">, "arrest"), (<"killed">, "violence_against_civilians"))
    """
    text = lower_first(clause)
    return tuple((m, kind) for kind, pattern in TRIGGER_RES for m in pattern.finditer(text) if whole_word(text, m))


def first_trigger(clause: str) -> tuple[int, int, str] | None:
    """The earliest trigger of the clause (start, end, event type); list order breaks ties.

    "Police arrested 80 protesters" → (7, 15, "arrest");  "It was sunny" → None;  "Press freedom" → None
    """
    text = lower_first(clause)
    position = 0
    while match := ANY_TRIGGER.search(text, position):
        start, order = match.start(), int(match.lastgroup[1:])
        if whole_word(text, match):
            return start, match.end(), TRIGGER_RES[order][0]
        for kind, pattern in TRIGGER_RES[order + 1 :]:  # a later type may match here as a whole word
            if (other := pattern.match(text, start)) and whole_word(text, other):
                return start, other.end(), kind
        position = start + 1
    return None


def lemma_trigger(doc, start: int, end: int) -> tuple[int, str] | None:
    """A predicate between doc offsets start and end that the parse reports as done, found by its lemma.

    (doc "37 bank branches closed Tuesday", 0, 31) → (17, "strategic_development");
    (doc "Branches may close", …) → None (not reported as done)
    """
    for token in doc:
        if not start <= token.idx < end:
            continue
        word = lemma(token)
        kind = triggers.LEMMA_TRIGGERS.get(word) if token.pos_ == "VERB" else triggers.EVENT_NOUNS.get(word)
        if kind and token.pos_ == "VERB" and not reported(token):
            continue
        if kind and read_modality(token) == "asserted":
            return token.idx, kind
    return None


# Verbs that report what happened: what they introduce is told as done ("officials said police fired").
REPORTED_BY = frozenset("say report suggest show confirm tell state add announce indicate reveal".split())


def reported(verb) -> bool:
    """A verb told as done in a main clause: finite past or perfect, not a relative or complement clause.

    "Police closed the road" → True;  "Police will close the road" → False;  "the road they closed" → False
    """
    if base_rel(verb) not in ("root", "conj", "parataxis") and not (
        base_rel(verb) == "ccomp"
        and lemma(verb.head) in REPORTED_BY  # "Reports suggest the army has sided with …"
        or _main_verb_read_as_modifier(verb)
    ):
        return False
    perfect = any(base_rel(c) == "aux" and lemma(c) == "have" for c in verb.children)
    passive_past = any(  # "ATM services were disrupted"
        base_rel(c) == "aux" and "Past" in c.morph.get("Tense") and "Fin" in c.morph.get("VerbForm")
        for c in verb.children
        if rel(c) == "aux:pass"
    )
    return perfect or passive_past or "Past" in verb.morph.get("Tense") and "Fin" in verb.morph.get("VerbForm")


def _main_verb_read_as_modifier(verb) -> bool:
    """A finite past verb the parse hung on the noun before it, with no relative word, is that noun's main verb:
    "…, the head of the Guard apologized for …" (a participle would be a modifier: "the man arrested Friday")."""
    return (
        rel(verb) == "acl"
        and "Fin" in verb.morph.get("VerbForm")
        and "Past" in verb.morph.get("Tense")
        and not any(base_rel(child) in ("nsubj", "mark") for child in verb.children)
    )


def whole_word(text: str, match: re.Match) -> bool:
    """A trigger ends its word, or only an inflection follows: "negotiat|ions" → True, "freed|om" → False."""
    rest = WORD_REST.match(text, match.end()).group()
    return rest.lower() in INFLECTIONS and not DESCRIBED_AS.search(text, max(0, match.start() - 90), match.start())


def read_clause(
    doc, sentence: Sentence, clause: str, clause_start: int, mentions: list, *, at: int | None = None
) -> ClauseReading:
    """The parse's reading of the clause at body offset `clause_start` of `sentence` (parsed as `doc`).

    (doc of "Police did not arrest anyone.", …) → ClauseReading(status="negated", …)
    (doc of "Police detained Ana Ruiz in Caracas.", actors Police, Ana Ruiz) → ClauseReading("asserted",
      "Police detain Ana Ruiz in Caracas", (("Police", "initiator"), ("Ana Ruiz", "target")), False)
    """
    if doc is None:
        return ClauseReading()
    found = first_trigger(clause) if at is None else (at, at, "")
    if found is None:
        return ClauseReading()
    trigger = token_at(doc, clause_start - sentence.start + found[0])
    if trigger is None:
        return ClauseReading()
    verb = predicate(trigger)
    clause_end = clause_start + len(clause)
    roles: dict[str, str] = {}
    for start, _end, actor in starting_within(mentions, clause_start, clause_end):
        if (token := token_at(doc, start - sentence.start)) is not None:
            role = role_of(token, verb)
            if roles.get(actor.name) in (None, "participant"):
                roles[actor.name] = role
    resolve = _resolver(sentence.start, mentions)
    back_reference = " " not in clause[found[0] : found[1]] and _back_reference(trigger)
    return ClauseReading(
        status=read_modality(trigger),
        reported=reported(verb) and not is_pronoun_subject(verb),
        headline=write_headline(trigger, resolve),
        actors=tuple(roles.items()),
        back_reference=back_reference,
        retold=back_reference and rel(trigger) == "nsubj" and lemma(trigger.head) not in PHASE_VERBS,
    )


def is_pronoun_subject(verb) -> bool:
    """The verb's subject is a bare pronoun ("He apologized"): True; "The general apologized": False."""
    return any(base_rel(c) == "nsubj" and c.pos_ == "PRON" for c in verb.children)


def _back_reference(trigger) -> bool:
    """An event noun told as known: "the rally", "Saturday's rally", "this coup" → True;  "a rally" → False."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(
        (base_rel(child) == "det" and child.lower_ in DEFINITE)
        or base_rel(child) == "nmod"
        and child.pos_ == "PROPN"
        and any(c.lower_ in ("'s", "’s") for c in child.children)
        for child in trigger.children
    )


def _closer_noun(pronoun, after: int, person: bool) -> bool:
    """A common noun between the actor and the pronoun that the pronoun more likely means: "Maduro still has
    supporters, and they staged …" ("they" is the supporters, not Maduro's side)."""
    plural = pronoun.lower_ in ("they", "them", "their")
    for token in pronoun.doc[: pronoun.i]:
        if token.idx > after and token.pos_ == "NOUN" and ("Plur" in token.morph.get("Number")) == plural:
            return not person or token.lower_ in PERSON_NOUNS
    return False


def _resolver(sentence_start: int, mentions: list):
    """A function naming the actor a pronoun token stands for: the nearest one named before it that fits.

    "he"/"she" → the last person; "they"/"it" → the last organisation, state or group; None past PRONOUN_REACH.
    """

    def resolve(token) -> str | None:
        offset = sentence_start + token.idx
        person = token.lower_ in FEMININE | MASCULINE
        for start, _end, actor in preceding(mentions, offset):
            if offset - start > PRONOUN_REACH or _closer_noun(token, start - sentence_start, person):
                return None
            if (actor.kind == "person") == person:
                return actor.name
        return None

    return resolve
