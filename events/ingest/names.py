"""What is not an actor's name: words the parse says start no name, and outlets and their journalists."""

from __future__ import annotations

import re
from collections.abc import Mapping

from events.text import fold

JOURNALIST_BEFORE = re.compile(
    r"\b(?:correspondent|reporter|journalist|photographer|photojournalist|columnist|editor|anchor|cameraman)\s+$", re.I
)
JOURNALIST_AFTER = re.compile(r",\s+(?:reporting|writing)\s+(?:from|for|in)\b|,\s+(?:a|the)\s+(?:\w+\s+)?"
                              r"(?:correspondent|reporter|journalist|photographer)\b", re.I)  # fmt: skip
# Parts of speech a name never starts with: "Waving Egypt's flags", "Whether American firms …".
NOT_NAME_START = frozenset({"SCONJ", "ADV", "AUX", "ADP", "PRON", "CCONJ", "INTJ"})


def named_segments(segments: list, tags: Mapping[int, str] | None) -> list:
    """Segments without a leading word the parse says is no name, and without lone common nouns.

    [(0, ["Waving", "Egypt"], False)] with tags {0: "VERB", 7: "PROPN"} → [(7, ["Egypt"], False)]
    [(0, ["Parents"], False)] with tags {0: "NOUN"} → []
    """
    if not tags:
        return segments
    kept = []
    for start, tokens, title_cue in segments:
        while len(tokens) > 1 and (
            tags.get(start) in NOT_NAME_START or tags.get(start) == "VERB" and tokens[0].endswith("ing")
        ):
            start += len(tokens[0]) + 1
            tokens = tokens[1:]
        if len(tokens) == 1 and not title_cue and tags.get(start) in ("NOUN", "ADJ", "VERB", "ADV", "SCONJ"):
            continue
        kept.append((start, tokens, title_cue))
    return kept


# A place's name before the lower-case noun that says so: "Prince Edward metro station", "Mong Kok police station".
PLACE_AFTER = re.compile(
    r"\s+(?:metro|subway|railway|train|tube|bus|police|fire)?\s*(?:station|street|road|avenue|square|district|"
    r"estate|stadium|bridge|airport|campus)s?\b"
)
OUTLET_LAST_WORDS = frozenset({"tv", "radio", "television"})


def not_a_name(tokens: list[str], before: str, after: str, excluded: set[str], demonyms) -> bool:
    """Runs that are no actor's name: a place named by the noun after it, an outlet ("Thai TV", "Al Jazeera"
    when "Al" was read as a connector), or only demonyms and ethnic words ("Syrian Kurdish").

    (["Edward"], "… in Prince ", " metro station …", …) → True;  (["Juan", "Guaidó"], …, " said", …) → False
    """
    if PLACE_AFTER.match(after) or tokens[-1].lower() in OUTLET_LAST_WORDS:
        return True
    glued = re.search(r"\b(\w+)[ -]$", before)
    if glued and fold(f"{glued.group(1)} {' '.join(tokens)}") in excluded:
        return True
    return all(_demonym(fold(token), demonyms) or token.lower() in ETHNIC_WORDS for token in tokens)


def _demonym(word: str, demonyms) -> bool:
    """ "syrian" → True; "iran" (which the demonym table also holds, as its own country) → False."""
    return word in demonyms and fold(demonyms[word][0]) != word


ETHNIC_WORDS = frozenset("kurdish kurd kurds arab arabs druze pashtun tamil uighur uyghur rohingya".split())


def outlet_context(before: str, after: str, excluded: set[str]) -> bool:
    """Outlets cited as sources and their journalists: "told CNN", "Mehr news agency", "CNN's Ivan Watson".

    ("… told ", " that …", …) → True;  ("Police chief ", " said", …) → False
    """
    if re.match(r"\s*(?:news agency|newspaper|television|tv\b|radio|magazine|reported\b)", after, re.I):
        return True
    if re.search(r"\btold\s+(?:the\s+)?$", before):
        return True
    if JOURNALIST_BEFORE.search(before) or JOURNALIST_AFTER.match(after):
        return True  # "Beijing correspondent David McKenzie", "Rawya Rageh, reporting from Cairo"
    owner = re.search(r"([A-Z][\w .&-]{1,40}?)['’]s\s+$", before)
    if owner is None:
        return False
    words = owner.group(1).split()
    return any(fold(" ".join(words[i:])) in excluded for i in range(len(words)))  # "As CNN's Ivan Watson"
