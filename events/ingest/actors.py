"""Stage 4: names in the body → actors (known ones matched, new ones proposed with a kind).

Candidates are runs of capitalised words. A run becomes an actor when the text treats it as one: a title
or role word beside it ("President", "general", "spokesman"), a reporting verb ("X said"), an
organisation word ("Party", "Ministry", "police"), a state name acting as a subject ("The U.S. already
recognizes …"), or a known actor. Places, outlets and credits are not actors. A surname alone resolves
to the full name used earlier; spelling slips ("Nicholas"/"Nicolas") merge with rapidfuzz.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz, process

from events.text import fold

from . import lexicon as lex
from .actor_merge import (
    ActorDraft,
    add_acronym_mentions,
    add_groups,
    merge_acronyms,
    merge_short_forms,
    merge_surnames,
)
from .lexicon import gazetteer, towns
from .names import named_segments, not_a_name, outlet_context
from .types import ActorCandidate, KnownActor


def find_actors(
    body: str,
    known_actors: Sequence[KnownActor] = (),
    *,
    outlet: str | None = None,
    authors: Sequence[str] = (),
    tags: Mapping[int, str] | None = None,
) -> list[ActorCandidate]:
    """Actors named in `body`, each once, with every surface form and span.

    "Air force general Yanez Rodriguez said he backs Guaidó. … Juan Guaidó …"
      → [ActorCandidate("Yanez Rodriguez", "person", ("Yanez Rodriguez",)), ActorCandidate("Juan Guaidó", "person", …)]
    "The U.S. already recognizes him." → [ActorCandidate("United States", "state", ("U.S.",))]

    `tags` (body offset of a word → its part of speech, from the parse) drop capitalised words that are not
    names: a sentence-initial verb or conjunction ("Waving Egypt's flags" → Egypt), a common noun alone.
    """
    places, states, demonyms, capitals = gazetteer()
    known = _KnownIndex(known_actors)
    lowered_words = set(re.findall(r"\b[a-z][a-z'’\-]+\b", body))
    excluded = {fold(x) for x in (*lex.MEDIA, *(authors or ()), *([outlet] if outlet else []))}
    actors: dict[str, ActorDraft] = {}
    persons_by_part: dict[str, str] = {}  # folded surname or given name → key of the full name
    credited: set[str] = set()  # folded parts of journalists' names

    def upsert(key: str, name: str, kind: str, surface: str, start: int, end: int, cued: bool) -> ActorDraft:
        """Create or extend an actor: ("juan guaido", "Juan Guaidó", "person", …) → the ActorDraft under that key."""
        actor = actors.get(key)
        if actor is None:
            actor = actors[key] = ActorDraft(name, kind)
        actor.add(surface, start, end)
        actor.cued = actor.cued or cued
        return actor

    segments = []
    for match in lex.NAME_RUN.finditer(body):
        before = body[max(0, match.start() - 80) : match.start()]
        sentence_start = not before.strip() or bool(re.search(r"(?:[.!?:\"“”•*]|\n)\s*$", before))
        if match.group().isupper() and " " in match.group() and len(match.group()) > 8:
            continue  # section headings and slogans in capitals
        found = _segments(match.group(), match.start(), sentence_start, lowered_words, demonyms)
        for start, tokens, title_cue in _split_leading_state(named_segments(found, tags), body, states):
            if sentence_start and start == match.start() and len(tokens) > 1 and tokens[0].endswith("ing"):
                rest = fold(" ".join(tokens[1:]))
                if rest in states or rest in places or rest in demonyms:  # "Fixing Venezuela will take years"
                    start, tokens = start + len(tokens[0]) + 1, tokens[1:]
            segments.append((start, tokens, title_cue, sentence_start))
    for start, tokens, title_cue, sentence_start in _join_coordinated(segments, body, demonyms):
        surface = " ".join(tokens)
        end = start + len(surface)
        before, after = body[max(0, start - 80) : start], body[end : end + 80]
        key = fold(surface)
        single = len(tokens) == 1
        if not key or key in excluded or single and key in credited:
            continue
        if outlet_context(before, after, excluded):
            if not single:
                credited.update(fold(token) for token in tokens)  # "CNN's Ivan Watson" … "Watson said"
            continue
        if not_a_name(tokens, before, after, excluded, demonyms):
            continue
        if matched := known.match(surface):
            upsert(f"known:{matched.id}", matched.name, matched.kind, surface, start, end, True).known_id = matched.id
            continue
        if single and (
            len(surface) < 2
            or (surface.isupper() and len(surface) > 5)
            or surface.lower() in lex.SINGLE_EXCLUDE
            or (key.endswith("s") and key[:-1] in demonyms)
        ):
            continue
        role_cue = title_cue or bool(lex.ROLE_BEFORE.search(before))
        speech_cue = bool(lex.SPEECH_AFTER.match(after)) or bool(lex.SPEECH_BEFORE.search(before))
        appositive = bool(lex.APPOSITIVE.match(after))
        acts = bool(lex.VERB_AFTER.match(after))
        locative = bool(lex.LOCATIVE_BEFORE.search(before))
        state = states.get(key) or (capitals.get(key) if acts and not locative else None)
        if state:
            if (acts or speech_cue) and not locative:
                upsert(fold(state[0]), state[0], state[1], surface, start, end, True)
            continue
        if single and (person := persons_by_part.get(key) or _near_part(key, persons_by_part)):
            actors[person].add(surface, start, end)
            continue
        if key in places or key in demonyms or _not_actor(tokens) or (locative and not (role_cue or speech_cue)):
            continue
        if org_kind := _org_kind(tokens):
            owner = re.search(r"\b([A-Z][\w.]*(?: [A-Z][\w.]*)?)['’]s\s+$", before)
            if owner and org_kind == "state" and (state := states.get(fold(owner.group(1)))):
                surface = f"{owner.group(0).strip()} {surface}"  # "Syria’s Foreign Ministry": Syria's own
                upsert(fold(state[0]), state[0], state[1], surface, start - len(owner.group(0)), end, True)
                continue
            if (state := states.get(fold(tokens[0]))) and _org_word(tokens) in lex.STATE_ORGANS:
                upsert(fold(state[0]), state[0], state[1], surface, start, end, True)  # "U.S. State Department"
                continue
            upsert(key, surface, org_kind, surface, start, end, True)
            continue
        personish = role_cue or speech_cue or appositive
        if not single and len(tokens) <= 4:
            existing = _same_person(key, actors)
            if existing is None and not (personish or acts or _part_reused(tokens, body, end)):
                continue
            target = existing or key
            upsert(target, surface, "person", surface, start, end, True)
            persons_by_part.setdefault(fold(tokens[-1]), target)
            persons_by_part.setdefault(fold(tokens[0]), target)
        elif single and (personish or acts and _names_here(key, start, sentence_start, tags, lowered_words)):
            kind = "person" if personish and not surface.isupper() else "other"
            upsert(key, surface, kind, surface, start, end, True)
    add_groups(body, actors, states, demonyms)
    merge_surnames(actors)
    merge_acronyms(actors)
    add_acronym_mentions(body, actors)
    merge_short_forms(actors)
    return [
        ActorCandidate(a.name, a.kind, tuple(a.mentions), a.known_id, tuple(sorted(a.spans)))
        for a in actors.values()
        if a.cued
    ]


def _segments(run: str, offset: int, sentence_start: bool, lowered_words: set[str], demonyms: dict):
    """Split a capitalised run into name candidates, dropping titles and function words.

    "Colombian President Juan Manuel Santos" → [(…, ["Juan", "Manuel", "Santos"], True)]
    "United Nations Secretary-General Ban Ki-moon" → [(…, ["United", "Nations"], False), (…, ["Ban", "Ki-moon"], True)]
    "Havana Tuesday" → [(…, ["Havana"], False)]
    """
    pieces: list[tuple[int, list[str], bool]] = []
    tokens: list[str] = []
    start = offset
    title = False
    position = offset
    words = run.split(" ")
    for index, token in enumerate(words):
        if not token:
            position += 1
            continue
        low = token.rstrip(".").lower()
        first = index == 0 and sentence_start
        is_title = (
            low in lex.TITLE_WORDS
            and not _names_an_organisation(words, index, tokens)
            and not (low == "state" and tokens and index == len(words) - 1)  # "Islamic State", "Rakhine State"
        )
        drop = (
            (low in lex.STOP_WORDS and not (tokens and low in lex.CONNECTORS))
            or low.endswith(lex.COMPOUND_MODIFIERS)
            or is_title
            or (first and (low in lowered_words or low.endswith("ly")) and not _names_an_organisation(words, index, []))
            or (not tokens and low in lex.CONNECTORS)
            or (
                fold(token) in demonyms
                and index + 1 < len(words)
                and words[index + 1].rstrip(".").lower() in lex.TITLE_WORDS
                and not _names_an_organisation(words, index + 1, [])
            )
        )
        if drop:
            while tokens and tokens[-1].lower() in lex.CONNECTORS:
                tokens.pop()
            if tokens:
                pieces.append((start, tokens, title))
            tokens = []
            title = is_title or (title and low in lex.CONNECTORS)
        else:
            if not tokens:
                start = position
            tokens.append(token)
        position += len(token) + 1
    while tokens and tokens[-1].lower() in lex.CONNECTORS:
        tokens.pop()
    if tokens:
        pieces.append((start, tokens, title))
    return pieces


def _names_here(key: str, start: int, sentence_start: bool, tags, lowered_words: set[str]) -> bool:
    """Whether one capitalised word that acts ("X announced") names an actor: not a town, not a number, and at
    a sentence's start only when the parse calls it a proper noun the text never writes in lower case."""
    if key.isdigit() or key in towns():
        return False
    return not sentence_start or bool(tags) and tags.get(start) == "PROPN" and key not in lowered_words


def _names_an_organisation(words: list[str], index: int, kept: list[str]) -> bool:
    """True when the title word at `index` is part of an organisation's name, not a person's title: an
    organisation word follows it before the next title ("General Strike Committee", "National People's
    Congress", "Security Council"), or it follows "<organisation> of" ("Ministry of Foreign Affairs")."""
    if index + 1 < len(words) and words[index + 1] in ("of", "for", "to"):
        return False  # "Leader of Burnley Council", "President of the Senate": a title
    for word in words[index + 1 :]:
        low = word.rstrip(".").lower()
        if low in lex.PERSON_TITLES:
            break
        if _org_kind([word]):
            return True
    return len(kept) >= 2 and kept[-1].lower() in ("of", "for") and _org_kind(kept[:-1]) is not None


def _join_coordinated(segments: list, body: str, demonyms: dict) -> list:
    """Names coordinated inside one organisation's name are one name: "Devon and Cornwall Police",
    "Police Federation of England and Wales", "Autonomous Administration of North and East Syria".

    [(0, ["Devon"], False, True), (10, ["Cornwall", "Police"], False, False)]
      → [(0, ["Devon", "and", "Cornwall", "Police"], False, True)]
    """
    joined: list = []
    for start, tokens, title_cue, sentence_start in segments:
        if joined:
            prev_start, prev_tokens, prev_cue, prev_sentence_start = joined[-1]
            gap = body[prev_start + len(" ".join(prev_tokens)) : start]
            shared_head = (
                len(prev_tokens) == 1
                and len(tokens) == 2
                and _org_kind(tokens[-1:])
                and not _org_kind(prev_tokens)
                and tokens[0].lower() not in lex.TITLE_WORDS
                and fold(tokens[0]) not in demonyms
            )
            shared_of = (
                len(prev_tokens) >= 3
                and prev_tokens[-2].lower() in ("of", "for")
                and _org_kind(prev_tokens[:-2])
                and len(tokens) <= 2
                and not _org_kind(tokens)
            )
            if gap in (" and ", " & ") and (shared_head or shared_of) and not title_cue:
                joined[-1] = (prev_start, [*prev_tokens, gap.strip(), *tokens], prev_cue, prev_sentence_start)
                continue
        joined.append((start, tokens, title_cue, sentence_start))
    return joined


def _split_leading_state(segments: list, body: str, states: dict) -> list:
    """A role's country glued to the holder's name is two names: "ambassador to Britain Liu Xiaoming".

    [(30, ["Britain", "Liu", "Xiaoming"], False)] → [(30, ["Britain"], False), (38, ["Liu", "Xiaoming"], True)]
    """
    split = []
    for start, tokens, title_cue in segments:
        if (
            len(tokens) >= 3
            and fold(tokens[0]) in states
            and not _org_kind(tokens)
            and re.search(r"\b(?:to|of|in)\s+$", body[:start][-5:])
        ):
            split.append((start, tokens[:1], title_cue))
            split.append((start + len(tokens[0]) + 1, tokens[1:], True))
        else:
            split.append((start, tokens, title_cue))
    return split


def _part_reused(tokens: list[str], body: str, after: int) -> bool:
    """True when the surname (or a leading family name, "Xi") recurs alone later, as names in the news do.

    (["Xi", "Jinping"], "… under Xi Jinping … Xi’s warning …") → True;  (["Tal", "Abyad"], …) → False;
    (["Evo", "Morales"], "… ousted Evo Morales … pro-Morales demonstrators …") → True
    """
    rest = body[after:]
    for part in {tokens[-1], tokens[0]}:
        if len(part) > 1 and re.search(
            rf"(?<![A-Z]\w)(?<![A-Z]\w\w)(?:\s|\b(?:pro|anti)-)\b{re.escape(part)}\b(?![ ]+[A-Z])", rest
        ):
            return True
    return False


def _same_person(key: str, actors: dict[str, ActorDraft]) -> str | None:
    """The key of an already-seen person this full name is a variant of, else None.

    ("nicholas maduro", {"nicolas maduro": …}) → "nicolas maduro";  ("juan guaido", {…}) → None
    """
    first, last = key.split()[0], key.split()[-1]
    for other_key, actor in actors.items():
        if actor.kind != "person" or " " not in other_key or other_key.startswith("known:"):
            continue
        other_first, other_last = other_key.split()[0], other_key.split()[-1]
        if fuzz.ratio(last, other_last) >= 85 and (
            fuzz.ratio(first, other_first) >= 75 or first[0] == other_first[0] and len(first) <= 2
        ):
            return other_key
    return None


def _near_part(key: str, persons_by_part: dict[str, str]) -> str | None:
    """A surname with a slip ("Sharig" for "Sharif") → the person it most likely names, else None."""
    if len(key) < 5 or not persons_by_part:
        return None
    found = process.extractOne(key, list(persons_by_part), scorer=fuzz.ratio, score_cutoff=83)
    return persons_by_part[found[0]] if found else None


def _not_actor(tokens: list[str]) -> bool:
    """Runs that name places, days, laws or events: ("Tahrir", "Square") → True."""
    return tokens[-1].lower().rstrip(".") in lex.NOT_ACTOR_SUFFIXES or tokens[0].lower() in lex.NOT_ACTOR_SUFFIXES


def _org_word(tokens: list[str]) -> str | None:
    """The run's organisation word: ("Ministry", "of", "Foreign", "Affairs") → "ministry"."""
    return next((t.lower().rstrip(".") for t in reversed(tokens) if t.lower().rstrip(".") in lex.ORG_WORDS), None)


def _org_kind(tokens: list[str]) -> str | None:
    """Kind from an organisation word in the run: ("Muslim", "Brotherhood") → "movement"; ("Juan", "Guaidó") → None."""
    for token in reversed(tokens):
        kind = lex.ORG_WORDS.get(token.lower().rstrip("."))
        if kind:
            return kind
    return None


class _KnownIndex:
    """Known actors by folded name and alias, with a rapidfuzz fallback blocked by first letter."""

    def __init__(self, known_actors: Sequence[KnownActor]):
        """Index names and aliases: [KnownActor(7, "Nicolás Maduro", …)] → exact["nicolas maduro"] is that actor."""
        self.exact: dict[str, KnownActor] = {}
        self.by_letter: dict[str, dict[str, KnownActor]] = {}
        for actor in known_actors:
            for form in (actor.name, *actor.aliases):
                key = fold(form)
                if key:
                    self.exact.setdefault(key, actor)
                    self.by_letter.setdefault(key[0], {})[key] = actor

    def match(self, surface: str) -> KnownActor | None:
        """ "Nicholas Maduro" → KnownActor(…, "Nicolás Maduro") when that (or a close spelling) is known."""
        key = fold(surface)
        if not key:
            return None
        if key in self.exact:
            return self.exact[key]
        block = self.by_letter.get(key[0])
        if not block or len(key) < 5:
            return None
        found = process.extractOne(key, list(block), scorer=fuzz.ratio, score_cutoff=88)
        return block[found[0]] if found else None
