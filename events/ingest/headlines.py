"""Headlines that read like a timeline: who did what to whom, and where, written from the parsed clause.

"Air force general Yanez Rodriguez said he was backing Guaidó" → "Yanez Rodriguez backs Guaidó";
"Two people were killed in the clashes in Caracas on Saturday" → "Two people killed in the clashes in Caracas".
The verb goes to the headline present ("backs", "arrest") or, for a passive, to its participle; relative
clauses, asides and dates are left out; a pronoun subject is replaced by the actor it refers to, or the
headline is turned around ("80 protesters arrested") so that no pronoun stands without its antecedent.
At most 100 characters; the sentence itself stays the event's evidence.
"""

from __future__ import annotations

from collections.abc import Callable

from lemminflect import getInflection

from .syntax import base_rel, is_pronoun, lemma, predicate, rel

MAX_CHARS = 100
MAX_PHRASE_TOKENS = 9
# Left out of a phrase: relative clauses, asides, appositions, dates and trailing clauses.
DROPPED = frozenset({"acl:relcl", "appos", "parataxis", "advcl", "punct", "dep", "discourse", "vocative", "list"})
NP_KEEP = frozenset({"det", "amod", "compound", "nummod", "nmod:poss", "flat", "case", "fixed", "advmod", "det:poss"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight tomorrow week month year "
    "morning evening night afternoon weekend".split()
)

Resolver = Callable[[object], str | None]


def write_headline(trigger, resolve: Resolver) -> str | None:
    """A timeline headline for the happening `trigger` (a token of a parsed sentence) reports, or None.

    `resolve(token)` names the actor a pronoun refers to (or None). Returns None when the parse gives
    nothing better than the sentence (no verb, no subject or object).
    ("arrested" in "On Saturday police arrested 80 protesters in Caracas", …) → "Police arrest 80 protesters in Caracas"
    ("backing" in "He said he was backing Guaidó", resolve → "Yanez Rodriguez") → "Yanez Rodriguez backs Guaidó"
    """
    verb = predicate(trigger)
    if verb.pos_ not in ("VERB", "AUX"):
        return _fit(_phrase(verb, limit=14))
    subject = _subject(verb)
    if subject is not None and subject.lower_ in RELATIVE_PRONOUNS:
        # "… protesters who were arrested": the relative clause's subject is the noun it describes.
        subject = verb.head if base_rel(verb) == "acl" and verb.head.pos_ in ("NOUN", "PROPN") else None
    passive = any(rel(child) in ("aux:pass", "nsubj:pass") for child in verb.children)
    objects = (
        [child for child in verb.children if rel(child) in ("obj", "iobj", "xcomp")][:2]
        or [
            child
            for child in verb.children
            if rel(child) == "ccomp"  # "The poll shows 82 percent want …"
        ][:1]
    )
    place = _place(verb)
    subject_text = None
    if subject is not None:
        subject_text = resolve(subject) if is_pronoun(subject) else _phrase(subject)
    if subject_text:
        verb_text = _participle(verb) if passive else _present(verb, plural=_plural(subject))
        parts = [subject_text, verb_text + _particle(verb)] + [_argument(o, resolve) for o in objects] + [place]
    elif objects and not passive and objects[0].pos_ in ("NOUN", "PROPN", "NUM"):
        # "They arrested 80 protesters" with no antecedent → "80 protesters arrested"
        parts = [_phrase(objects[0]), _participle(verb) + _particle(verb), place]
    else:
        return None
    text = " ".join(p for p in parts if p)
    # A headline that lost the happening's own word (a mis-parse) is worse than the sentence.
    return _fit(text) if trigger.text in text or trigger.i == verb.i else None


def _argument(token, resolve: Resolver) -> str:
    """An object's words, a pronoun replaced by the actor it refers to: "him" → "Juan Guaidó"."""
    if is_pronoun(token):
        return resolve(token) or token.text
    return _phrase(token)


def _subject(verb):
    """The verb's subject, or the subject it shares with the verb it is coordinated with ("…and fled")."""
    for candidate in (verb, verb.head if base_rel(verb) in ("conj", "xcomp") else None):
        if candidate is None:
            continue
        for child in candidate.children:
            if base_rel(child) == "nsubj":
                return child
    return None


def _phrase(head, *, limit: int = MAX_PHRASE_TOKENS) -> str:
    """The words of `head`'s phrase without relative clauses, asides and time words; a long phrase keeps its
    core noun phrase: "the general, who defected on Saturday," → "the general"."""
    tokens = _keep(head)
    if len(tokens) > limit:
        tokens = _keep(head, core=True)
    while tokens and (
        base_rel(tokens[0]) in ("mark", "cc")
        or tokens[0].is_punct
        or base_rel(tokens[0]) == "case"
        and tokens[0].head == head
    ):
        tokens = tokens[1:]  # "Though the defection came" → "the defection"
    return _join(tokens[:limit])


def _keep(head, *, core: bool = False) -> list:
    """The tokens of `head`'s subtree worth keeping, in order."""
    kept = [head]
    for child in head.children:
        relation = rel(child)
        if relation in DROPPED and not _joining(child) or child.lower_ in TIME_WORDS or _is_time_adjunct(child):
            continue
        if core and relation not in NP_KEEP:
            continue
        kept.extend(_keep(child, core=core))
    return sorted(kept, key=lambda t: t.i)


def _is_time_adjunct(token) -> bool:
    """ "on Saturday", "last week": a time adjunct left out of headlines."""
    if base_rel(token) not in ("obl", "nmod", "advmod"):
        return False
    return (
        token.lower_ in TIME_WORDS
        or token.ent_type_ in ("DATE", "TIME")
        or any(c.lower_ in TIME_WORDS for c in token.children)
    )


def _joining(token) -> bool:
    """Punctuation inside a word or name ("high-profile", "U.S.-backed") is kept."""
    return token.is_punct and token.text in ("-", "/", "'", "’", "&") and not token.nbor(-1).whitespace_


def _join(tokens: list) -> str:
    """Tokens back to text with their own spacing: [the, U.S., 's] → "the U.S.'s"."""
    text = "".join(t.text_with_ws for t in tokens).strip()
    return text.strip(" ,;:-–—\"“”'")


def _place(verb) -> str:
    """The first "in/at/near <Place>" adjunct of the verb: "in Caracas" (empty when none)."""
    for child in verb.children:
        if base_rel(child) != "obl" or child.ent_type_ == "" and child.pos_ != "PROPN":
            continue
        case = next((c.lower_ for c in child.children if base_rel(c) == "case"), "")
        if case in ("in", "at", "near", "outside"):
            return f"{case} {_phrase(child, limit=5).removeprefix(case).strip()}"
    return ""


def _particle(verb) -> str:
    """ "stepped down" → " down" (a phrasal verb's particle follows its verb)."""
    particles = [c.text for c in verb.children if rel(c) == "compound:prt"]
    return (" " + " ".join(particles)) if particles else ""


def _plural(subject) -> bool:
    """A plural subject ("protesters", "Police and troops") takes the plain verb."""
    if any(base_rel(c) == "conj" for c in subject.children):
        return True
    return "Plur" in subject.morph.get("Number") or subject.lower_ in ("police", "they", "people")


def _present(verb, *, plural: bool) -> str:
    """The headline present: "arrested" → "arrest" (plural subject) / "arrests" (singular); "fled" → "flees"."""
    base = lemma(verb)
    if plural:
        return "are" if base == "be" else base
    return (getInflection(base, tag="VBZ") or (base + "s",))[0]


def _participle(verb) -> str:
    """The past participle: "were killed" → "killed", "took" → "taken"."""
    return (getInflection(lemma(verb), tag="VBN") or (verb.lower_,))[0]


def _fit(text: str) -> str | None:
    """Capitalised and at most MAX_CHARS, cut at a word: "police arrest …" → "Police arrest …"."""
    text = " ".join(text.split())
    if len(text) < 8:
        return None
    if len(text) > MAX_CHARS:
        text = text[: MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text[0].upper() + text[1:]
