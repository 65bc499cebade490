"""Who made a claim: the speaker phrase a claim pattern found → the actor it names.

A pronoun is the last person named before it (never one inside the claim's own words), or the spokesperson
whose claim came just before; "they"/"it" the organisation just named; "the ministry" the organisation whose
name ends so; "the group"/"the bank" the organisation just named; a role ("the head of the Guard") the
person the text sets beside it; an unknown named institution keeps its own name. Pure: plain values in,
names out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from . import lexicon as lex
from .spans import overlapping, preceding
from .types import ClaimCandidate, Sentence

# A speaker named by role: "the head of the Revolutionary Guard", "China's ambassador to Britain", "the general".
WHO_REACH = 60  # characters from the name a "who" stands for: "Rob Macaire, who said"
ROLE_SPEAKER = re.compile(
    rf"^(?:the\s+|a\s+|an\s+|[A-Z][\w.]*['’]s\s+)(?P<core>(?:[\w-]+\s+){{0,2}}(?:{'|'.join(lex.ROLE_NOUNS)}|head)"
    rf"(?:\s+(?:of|to|for)\s+(?:the\s+)?[A-Z][\w’'\- ]{{1,40}})?)$",
    re.I,
)
# "People's Daily", "the Judges' Club", "ISNA": a capitalised name (two words or more, or an acronym).
NAMED_SPEAKER = re.compile(r"(?:[Tt]he\s+)?(?:[A-Z][\w.’'\-]+\s+){1,4}[A-Z][\w.’'\-]+|[A-Z]{2,6}")


def continue_speaker(claim: ClaimCandidate, previous: ClaimCandidate) -> ClaimCandidate:
    """A he/she right after a claim by a spokesperson or official is that speaker, not the last name.

    ('A State Department spokeswoman urged calm.', '"…," she said.') → the second claim is the spokeswoman's
    """
    pronoun = claim.claimant_text.lower()
    speaker = previous.claimant_text.lower()
    head = speaker.split()[-1] if speaker else ""
    if pronoun not in ("he", "she") or previous.claimant is None or head not in lex.SPOKESPEOPLE:
        return claim
    if (pronoun == "he" and head in lex.FEMALE_ROLES) or (pronoun == "she" and head in lex.MALE_ROLES):
        return claim
    return replace(claim, claimant=previous.claimant)


def resolve_roles(claims: list[ClaimCandidate], sentences: Sequence[Sentence], mentions: list) -> list[ClaimCandidate]:
    """Speakers given by their role ("the head of the Guard", "China's ambassador") → the person holding it.

    The text links a role to a name by apposition ("Ana Ruiz, the head of the Guard" / "Guard head Ana Ruiz"),
    or names the speaker in the next sentence or two (news introduces a speaker by role, then by name).
    [claim by "the head of the Guard", '"…," said Gen. Ana Ruiz.'] → both claims by "Ana Ruiz"
    """
    resolved = []
    for index, claim in enumerate(claims):
        role = ROLE_SPEAKER.match(claim.claimant_text)
        if role is None or (claim.claimant and _is_person(claim.claimant, mentions)):
            resolved.append(claim)
            continue
        core = role.group("core")
        holder = _appositive_holder(core, sentences, mentions)
        if holder is None:
            holder = next(
                (
                    later.claimant
                    for later in claims[index + 1 : index + 4]
                    if later.start - claim.end < 400
                    and later.claimant
                    and _is_person(later.claimant, mentions)
                    and later.claimant_text.split()[0].rstrip(".").lower() in lex.TITLE_WORDS
                ),
                None,
            )
        resolved.append(replace(claim, claimant=holder or claim.claimant))
    return resolved


def _is_person(name: str, mentions: list) -> bool:
    """Whether the actor named `name` is a person: ("Ana Ruiz", …) → True;  ("Egypt", …) → False."""
    return any(a.name == name and a.kind == "person" for _s, _e, a in mentions)


def _appositive_holder(core: str, sentences: Sequence[Sentence], mentions: list) -> str | None:
    """The person the text puts beside a role.

    ("head of the Guard", "… Ana Ruiz, the head of the Guard …") → "Ana Ruiz";  (role never beside a name) → None
    """
    pattern = re.compile(rf"{re.escape(core)}", re.I)
    for sentence in sentences:
        for found in pattern.finditer(sentence.text):
            start, end = sentence.start + found.start(), sentence.start + found.end()
            for s, e, actor in mentions:
                if actor.kind != "person":
                    continue
                gap_after = sentence.text[end - sentence.start : s - sentence.start] if s >= end else None
                gap_before = sentence.text[e - sentence.start : start - sentence.start] if e <= start else None
                if gap_after is not None and re.fullmatch(r",?\s*", gap_after):  # "Guard head Ana Ruiz"
                    return actor.name
                if gap_before is not None and re.fullmatch(r",\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}", gap_before):
                    return actor.name  # "Ana Ruiz, the head of the Guard"
    return None


def pollster(before: str, mentions: list) -> str | None:
    """The organisation named just before "poll": ("… a UNDP ", [UNDP …]) → "United Nations Development Program"."""
    lead = before[-40:]
    organisations = {a.name: a for _s, _e, a in mentions if a.kind not in ("person", "state")}
    return next(
        (
            name
            for name, actor in organisations.items()
            if any(re.search(rf"\b{re.escape(m)}\W*\s*$", lead) for m in actor.mentions)
        ),
        None,
    )


def resolve_speaker(
    who: str, start: int, end: int, mentions: list, quoted: tuple[int, int] | None = None
) -> str | None:
    """The canonical actor a speaker phrase names; a he/she pronoun → the last person named before it.

    ("Rodriguez", …) → "Yanez Rodriguez";  ("he", …) → the last person mentioned;  ("officials", …) → None
    """
    inside = [a for _s, _e, a in overlapping(mentions, start, end)]
    if inside and ROLE_SPEAKER.match(who.strip()) and not any(a.kind == "person" for a in inside):
        return None  # "the head of the Guard" is a person, not the Guard: resolve_roles finds who
    if inside:
        return next((a.name for a in inside if a.kind == "person"), inside[-1].name)
    word = who.strip().lower()
    if word == "who":  # "… the ambassador, Rob Macaire, who said …": the one named just before
        nearest = next(iter(preceding(mentions, start)), None)
        return nearest[2].name if nearest is not None and start - nearest[1] <= WHO_REACH else None
    head = re.sub(r"^(?:the|a|an)\s+", "", word)
    if head in lex.ROLE_NOUNS or word in lex.PRONOUNS:
        lo, hi = quoted or (0, 0)
        return next(
            (a.name for s, _e, a in preceding(mentions, start) if a.kind == "person" and not lo <= s < hi), None
        )
    if word.startswith("the ") and len(head.split()) <= 2:  # "the ministry", "the foreign office"
        last = head.split()[-1]
        earlier = next(
            (
                a
                for _s, _e, a in preceding(mentions, start)
                if a.kind != "person" and any(last in m.lower() for m in a.mentions)
            ),
            None,
        )
        if earlier:
            return earlier.name
        if last in lex.COLLECTIVE_NOUNS:  # "the group said", "the bank said": the organisation just named
            return next(
                (
                    a.name
                    for _s, e, a in preceding(mentions, start)
                    if start - e < 800 and a.kind not in ("person", "state")
                ),
                None,
            )
    if word in ("they", "it"):  # "They denied it": the organisation the previous sentences spoke of
        for _s, e, a in preceding(mentions, start):
            if start - e >= 300:
                return None
            if a.kind != "person":
                return a.name
        return None
    if NAMED_SPEAKER.fullmatch(who.strip()):  # an outlet or institution the registry does not know yet
        return re.sub(r"^[Tt]he\s+", "", who.strip())
    return None
