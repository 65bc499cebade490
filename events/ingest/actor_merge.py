"""Stage 4, second half: the actors found in a body, tidied. Lower-case collectives ("the police", "Egypt's
interim government") join the named actors; short forms, acronyms and surnames join their full names.

All functions change a dict of `ActorDraft` (folded key → draft) in place."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from events.text import fold

from . import lexicon as lex


@dataclass
class ActorDraft:
    name: str
    kind: str
    mentions: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    known_id: int | None = None
    cued: bool = False  # the text treated it as an actor at least once

    def add(self, surface: str, start: int, end: int) -> None:
        """Record one mention: add("Guaidó", 10, 16) → mentions gains "Guaidó" (once), spans gains (10, 16)."""
        if surface not in self.mentions:
            self.mentions.append(surface)
        self.spans.append((start, end))


def add_groups(body: str, actors: dict[str, ActorDraft], states: dict, demonyms: dict) -> None:
    """Collective actors written in lower case: "police", "the military", "Egypt's interim government".

    A state's government joins the state ("Russian government" → Russia); other groups keep their
    qualifier ("Hong Kong police") and the bare head as a mention, so "police" later finds them.
    Army, military and armed forces are one group; so are government and authorities.
    """
    for match in lex.GROUP.finditer(body):
        head = match.group("head")
        group = lex.GROUP_CLASS.get(head, head)
        qual = re.sub(r"['’]s$", "", (match.group("qual") or "")).strip()
        qual = " ".join(t for t in qual.split() if t.lower() not in lex.STOP_WORDS and t.lower() not in lex.TITLE_WORDS)
        mod = (match.group("mod") or "").strip()
        before = body[max(0, match.start() - 12) : match.start()]
        if (
            not qual
            and not mod
            and head not in ("police", "security forces", "armed forces")
            and not before.endswith(("the ", "The "))
        ):
            continue  # "his government", "a military": not a named collective
        mod = mod.strip('“”"')
        country = (states.get(fold(qual)) or demonyms.get(fold(qual))) if qual else None
        person_qual = bool(qual) and any(
            a.kind == "person" and fold(qual).split()[-1] in k.split() for k, a in actors.items()
        )
        if (head == "administration") != person_qual or (qual and not qual[0].isupper()):
            continue  # "Maduro government" is a person's; "the administration" alone says too little
        phrase = " ".join(x for x in (qual, mod, head) if x)
        bare = " ".join(x for x in (mod, head) if x)
        if country and group == "government":
            actor = actors.setdefault(fold(country[0]), ActorDraft(*country))
        else:
            words = lex.GROUP_WORDS[group]
            existing = next(
                (
                    k
                    for k, a in actors.items()
                    if a.kind != "person"
                    and any(re.search(rf"\b{w}\b", k) for w in words)
                    and (not qual or fold(qual) in k or k in words)
                ),
                None,
            )
            key = existing or fold(phrase if qual else group)
            actor = actors.setdefault(key, ActorDraft(phrase if qual else bare, lex.GROUP_HEADS[head]))
            if qual and actor.name in words:
                actor.name = phrase
        actor.add(phrase, match.start(), match.end())
        if bare not in actor.mentions:
            actor.mentions.append(bare)
        actor.cued = True


def merge_surnames(actors: dict[str, ActorDraft]) -> None:
    """A surname seen alone before the full name joins that person, in place, when only one person has it.

    {"trump": …, "donald trump": …} → {"donald trump": … (mentions + "Trump")};  "bashir" joins "omar hassan al-bashir"
    """
    for key, actor in list(actors.items()):
        if " " in key or key.startswith("known:") or actor.kind not in ("person", "other"):
            continue
        fuller = [
            a
            for k, a in actors.items()
            if a is not actor
            and a.kind == "person"
            and " " in k
            and re.sub(r"^(?:al|el|bin|ibn)-", "", k.split()[-1]) == key
        ]
        if len(fuller) == 1:
            fuller[0].mentions.extend(m for m in actor.mentions if m not in fuller[0].mentions)
            fuller[0].spans.extend(actor.spans)
            fuller[0].cued = fuller[0].cued or actor.cued
            del actors[key]


def merge_short_forms(actors: dict[str, ActorDraft]) -> None:
    """Short organisation names join their full form, in place: one organisation, two names.

    {"brotherhood": …, "muslim brotherhood": …} → {"muslim brotherhood": … (mentions + "Brotherhood")}
    {"communist party": …, "chinese communist party": …}, {"police federation": …, "police federation of england
    and wales": …}: the same
    """
    for key, actor in list(actors.items()):
        if actor.kind == "person" or key.startswith("known:") or key in lex.GROUP_HEADS:
            continue
        longer = [
            a
            for k, a in actors.items()
            if a is not actor and a.kind != "person" and (k.endswith(" " + key) or k.startswith(key + " of "))
        ]
        if len(longer) == 1:
            longer[0].mentions.extend(m for m in actor.mentions if m not in longer[0].mentions)
            longer[0].spans.extend(actor.spans)
            del actors[key]


def merge_acronyms(actors: dict[str, ActorDraft]) -> None:
    """An acronym joins the name whose initials it is, in place.

    {"sdf": …, "syrian democratic forces": …} → {"syrian democratic forces": … (mentions + "SDF")}
    """
    for key, actor in list(actors.items()):
        if " " in key or not actor.name.isupper() or len(actor.name) < 2:
            continue
        for other in actors.values():
            initials = "".join(w[0] for w in other.name.split() if w[0].isupper())
            if other is not actor and initials == actor.name:
                other.mentions.extend(m for m in actor.mentions if m not in other.mentions)
                other.spans.extend(actor.spans)
                other.cued = True
                del actors[key]
                break


def add_acronym_mentions(body: str, actors: dict[str, ActorDraft]) -> None:
    """Every stand-alone use of an organisation's initials is a mention of it, cue or no cue.

    ("… the United Nations Development Programme … a UNDP survey …", {undp programme}) → its spans gain "UNDP"
    """
    for actor in actors.values():
        words = [w for w in actor.name.split() if w[:1].isupper()]
        if actor.kind in ("person", "state") or len(words) < 2:
            continue
        initials = "".join(w[0] for w in words)
        if len(initials) > 6:
            continue
        seen = set(actor.spans)
        for found in re.finditer(rf"(?<![\w.]){initials}(?![\w.])", body):
            if found.span() not in seen:
                actor.add(initials, *found.span())
