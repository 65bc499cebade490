"""What a claim's words are: the words a reporting verb introduces, without where and when they were said.

Pure text checks that `claims.py` applies to each candidate: a setting is not what was said ("said during a
briefing in Beijing"), a deed or a name is not a claim ("announced the resignation of …", "what he called
'Operation Dawn'"), and a report that relays another speaker's claim leaves that claim alone.
"""

from __future__ import annotations

import re

from .types import ClaimCandidate

# "announced the resignation of …", "declared martial law", "called a news conference": deeds, not words.
DEED_VERBS = frozenset("announced announces declared declares called calls charged".split())
DEED_OBJECT = re.compile(
    r"(?:(?:the|a|an|its|his|her|their)\s+(?!\w+\s+(?:a|an)\s)|martial\s|(?:a\s+)?(?:state\s+of\s+)?emergency\b|with\b)",
    re.I,
)
# A 'speaker' that holds a verb or starts with a preposition is a clause: "the bank published a report",
# "after", "says authorities".
CLAUSE_SPEAKER = re.compile(
    r"^(?:after|before|says)$|^says\s|(?:^|\s)(?:have|has|had|says|said|published|scoffed)\b", re.I
)
# What follows the verb is only where or when it was said: "…, a spokesman said during a briefing in Beijing."
SETTING_ONLY = re.compile(
    r"(?:(?:on|in|at|during|from|via|through|after|before|following|late|early|earlier|later|last|this|to)\b"
    r"(?:(?!\bthat\b)[^,]){0,80})?\W*"
)
# A setting before the words: "announced in early October that …", "noted from downtown Hong Kong, little …"
SETTING_FIRST = re.compile(
    r"^(?:(?:in|during|from|via|on|at(?!\s+least))\s+(?:[\w’'-]+\s+){0,4}?[\w’'-]+(?:\s+that\s+|,\s+)"
    r"|(?:late|early|earlier|later|last|this)\s+(?:\w+\s+){0,2}?that\s+)"
)
NAME_ONLY = re.compile(r"[“\"‘']?(?:[A-Z][\w’'-]*\s*){1,5}[”\"’']?\W*")
# The verb's object names the words without giving them: "tweeted the same message", "posted a video".
WORDS_NOT_GIVEN = re.compile(
    r"(?:the|a|an|his|her|their|its)\s+(?:\w+\s+){0,2}(?:message|statement|post|tweet|video|letter|photo|picture|"
    r"image|comment|remarks|speech)s?(?:\s+(?:again|too|also|on\s+\w+|in\s+\w+))*\W*$",
    re.I,
)
# "said in an interview that …": where it was said is not part of what was said.
ASIDE = r"(?:\w+ )?(?:statement|interview|tweet|post|note|speech|letter|briefing|video|message)"
LEADING_ASIDE = re.compile(r"^(?:on \w+|late \w+|earlier|(?:on|in) (?:an? |his |her |their )?" + ASIDE + ")[, ]+")
TRAILING_RELAY = re.compile(r",\s+(?:the\s+)?(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*\s+(?:reported|reports)\W*$")
RELAY_LEAD = 20  # characters before the relayed speaker: "On Sunday, the ILNA news agency reported that …"


def words_said(content: str, verb: str) -> str:
    """What a reporting verb introduces, without its setting, a leading "that" or a relay's tail.

    ("in early October that the fare would rise", "announced") → "the fare would rise";
    ("as \"deplorable\"", "described") → "\"deplorable\"";  ("police arrested 80, AP reported", "reported")
      → "police arrested 80"
    """
    if verb in ("told", "tell") and " that " in content[:80]:
        content = content.split(" that ", 1)[1]
    content = re.sub(
        r"^(?:on \w+|late \w+|earlier|(?:on|in) (?:an? |his |her |their )?" + ASIDE + ")[, ]+", "", content
    )
    content = SETTING_FIRST.sub("", content)  # "in early October that …", "from downtown, little …"
    if verb.startswith(("describ", "characteri")):
        content = re.sub(r"^as\s+", "", content)  # described the violence as "deplorable"
    content = re.sub(r"^(?:that|of)\s+", "", content)
    return TRAILING_RELAY.sub("", content)  # "… reported that police had arrested 80, AP reported."


def only_a_setting(content: str) -> bool:
    """Nothing after the verb but where or when: "during a briefing in Beijing." → True."""
    return bool(SETTING_ONLY.fullmatch(content))


def not_a_report(verb: str, content: str, who: str) -> bool:
    """The verb reports a deed, not words, or the 'speaker' is really a clause.

    ("announced", "the resignation of its chairman", …) → True;  ("called", "a news conference at 4 a.m.", …) → True
    ("announced", "that the talks had failed", …) → False;  (…, …, "the first people charged") → True
    """
    head = verb.split()[0]
    if head in DEED_VERBS and DEED_OBJECT.match(content) and " that " not in f" {content[:60]} ":
        return True
    if head in ("described", "describes") and not re.search(r"\bas\b", content):
        return True
    if WORDS_NOT_GIVEN.match(content):  # "tweeted the same message again in Farsi"
        return True
    if head in ("called", "calls", "dubbed", "named", "termed") and NAME_ONLY.fullmatch(content):
        return True  # "what he called 'Operation Peace Spring'" names a thing, it claims nothing
    return bool(CLAUSE_SPEAKER.search(who))


def relays(claim: ClaimCandidate, inner: ClaimCandidate) -> bool:
    """`claim` is a report ("X reports that …", "…, AP reported") whose words open with another speaker
    reported as saying something: it relays that claim."""
    at = claim.text.find(inner.claimant_text) if inner.claimant_text else -1
    if not (0 <= at <= RELAY_LEAD and inner.text[:30] in claim.text):
        return False
    who = re.escape(claim.claimant_text)
    return bool(re.search(rf"{who}\s+report(?:s|ed)\b|\breported\s+{who}", claim.evidence))
