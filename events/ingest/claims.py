"""Stage 5: attributed statements → claims with a claimant, a speech act and any figure.

Patterns are the ones news writing uses: a quotation with its speaker before or after it, "X said (that)
…", "…, X said.", "according to X, …", "X claimed/denied/warned/announced …", and poll findings. A
pronoun speaker ("he said") is the last person named before it, "they"/"it" the organisation just named;
a quotation standing alone right after an attributed one continues it. Who a speaker phrase names is
`claimants.py`'s work.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from . import lexicon as lex
from .claim_words import not_a_report, only_a_setting, relays, words_said
from .claimants import continue_speaker, pollster, resolve_roles, resolve_speaker
from .figures import read_figure
from .spans import starting_within
from .types import ActorCandidate, ClaimCandidate, Sentence

VERB_ACT = {verb: act for act, verbs in lex.SPEECH_ACTS.items() for verb in verbs.split()}
VERBS = lex.REPORTING_PHRASES + "|" + "|".join(sorted(VERB_ACT, key=len, reverse=True))
APPOSITIVE_SPEAKER = re.compile(
    r"(?P<who>(?:[A-Z][\w.’'\-]*\s+){0,4}[A-Z][\w.’'\-]*),\s+(?:(?:a|an|the|who|one|head|now)\b|"
    r"(?:[A-Z][\w.]*\s+){0,3}\w+['’]s|(?![a-z]+ed\s+(?:the|a|an|his|her|their|its)\b)[a-z]+-?\w*\s+\w+)[^,]{0,120},\s*$"
)
NAMED_APPOSITIVE = re.compile(r",\s+(?P<who>[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,3}),\s*$")
QUOTE_THEN_SPEAKER = re.compile(r"[“\"](?P<text>[^”\"]{8,}?)[,.!?]?[”\"],?\s+(?P<rest>[^“\"]{2,220})$")
SPEAKER_THEN_QUOTE = re.compile(
    rf"^(?P<lead>.{{2,90}}?)\b(?P<verb>{VERBS})\b[^“\"]{{0,60}}?[:,]?\s*[“\"](?P<text>[^”\"]{{8,}})[”\"]"
)
VERB_RE = re.compile(rf"\b(?P<verb>{VERBS})\b")
ACCORDING = re.compile(
    r"\b[Aa]ccording to\s+(?:an?\s+(?:\w+\s+)?(?:statement|report|tweet|post)\s+(?:from|by)\s+)?(?P<who>[^,.]{2,80})"
)
# "Gen. Hossein Salami": a title abbreviation's full stop does not end the speaker's name.
# Where a speaker phrase can start: after punctuation or a conjunction ("reports that the party said …").
PIECE_BREAK = re.compile(r"[,;:“”\"(]\s*|\s(?:and|but|while|as|because|after|when|that)\s")
WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"  # "said Wednesday that …": a day, not a speaker
TITLE_ABBREVIATION = r"(?:(?:Gen|Lt|Col|Maj|Capt|Sgt|Adm|Mr|Ms|Mrs|Dr|Prof|Sen|Rep|Gov|Brig|St)\.\s+)?"
# "the head of the Guard apologized for the shootdown and insisted …": the speaker is the first verb's subject.
COORDINATED_SUBJECT = re.compile(
    r"(?:^|[,;]\s+)(?P<who>(?:[Tt]he\s+|[Aa]n?\s+)?[\w’'.\- ]{2,80}?)\s+(?:also\s+)?(?:\w+ed|said|told|met|spoke)\b"
    r"[^,;]*\s+and\s+(?:also\s+)?$"
)
POLL = re.compile(
    r"\b(?:poll|survey|study|census|figures|data)\s+(?:also\s+)?(?:showed|shows|found|"
    r"finds|said|suggests|suggested|indicated|revealed)\s+(?:that\s+)?(?P<text>.+)",
    re.I,
)
# "Reports on the ground suggest that …": reporting without a named source is still a claim.
UNNAMED_REPORTS = re.compile(
    r"\b(?:[Rr]eports?|[Ee]stimates?|[Dd]ocuments?|[Aa]ssessments?)\s+(?:[^,.]{0,40}?\s+)?"
    r"(?:suggest|suggests|suggested|indicate|indicates|indicated)\s+that\s+(?P<text>.{8,})"
)
# "X addressed the leaders in a tweet, saying …": the speaker is the sentence's subject.
SUBJECT_AT_START = re.compile(
    r"^(?P<who>(?:[A-Z][\w.’'\-]*\s+){0,5}[A-Z][\w.’'\-]*)(?:,[^,]{2,150},)?\s+(?:\w+ed|has|have|had)\b"
)
# "He is quoted in the statement as saying …", "Ana Ruiz was quoted by Reuters as saying …"
QUOTED_AS_SAYING = re.compile(
    r"(?P<who>\b(?:[Hh]e|[Ss]he|[Tt]hey|(?:[A-Z][\w.’'\-]*\s+){0,3}[A-Z][\w.’'\-]*))\s+(?:is|was|were|are|has been)\s+"
    r"(?:also\s+)?quoted\s+(?:[^,.]{0,60}?\s+)?as\s+saying,?\s+(?:that\s+)?(?P<text>.{8,})"
)
# "the National Police Chiefs' Council (NPCC) said": the bracketed short form is not part of the speaker.
ACRONYM_AFTER_NAME = re.compile(r"\s*\([A-Z][A-Za-z.&]{1,11}\)\s*$")
STANDALONE_QUOTE = re.compile(r"^[“\"][^“”\"]{8,}[”\"]$")


def find_claims(sentences: Sequence[Sentence], actors: Sequence[ActorCandidate]) -> list[ClaimCandidate]:
    """Attributed statements in the body, in order.

    ['Air force general Yanez Rodriguez said he's backing Guaidó, and claimed that 90 percent … lost faith.']
      → [ClaimCandidate(claimant="Yanez Rodriguez", speech_act="stated", figure_value=Decimal("90"),
                        figure_unit="percent", …)]
    ['"We will stay," he said.'] (after a sentence naming Juan Guaidó) → claimant "Juan Guaidó"
    """
    mentions = sorted(((s, e, a) for a in actors for s, e in a.spans), key=lambda m: m[0])
    claims: list[ClaimCandidate] = []
    previous: ClaimCandidate | None = None
    previous_paragraph = -1
    previous_index = -2
    for index, sentence in enumerate(sentences):
        found = attribute_sentence(sentence, mentions)
        if previous is not None and previous_index == index - 1:
            found = [continue_speaker(claim, previous) for claim in found]
        if (
            not found
            and previous is not None
            and STANDALONE_QUOTE.match(sentence.text.strip())
            and (sentence.paragraph - previous_paragraph <= 1)
        ):
            found = [
                _claim(
                    previous.claimant, previous.claimant_text, sentence.text.strip('“”" '), "stated", sentence, mentions
                )
            ]
        if (
            not found
            and sentence.text.rstrip().endswith(":")
            and (speaker := _speaker_before(sentence.text.rstrip(": ")[-120:] + " "))
        ):
            # "Trump tweeted:" — the quotation follows in the next paragraph
            who = speaker[0]
            start = sentence.end - len(who)
            previous = _claim(
                resolve_speaker(who, start, sentence.end, mentions), who, "", "stated", sentence, mentions
            )
            previous_paragraph = sentence.paragraph
            continue
        claims.extend(found)
        if found:
            previous, previous_paragraph, previous_index = found[-1], sentence.paragraph, index
    return _without_headline_echoes(resolve_roles(claims, sentences, mentions), sentences)


def _without_headline_echoes(claims: list[ClaimCandidate], sentences: Sequence[Sentence]) -> list[ClaimCandidate]:
    """A live blog's subheading that the next paragraph tells in full is one claim, not two: the heading's goes.

    ['Police say a woman was killed' (a heading), 'Police say a woman was killed and a girl wounded when …']
      → only the second
    """
    per_paragraph = Counter(s.paragraph for s in sentences)
    by_start = {s.start: s for s in sentences}
    kept = []
    for index, claim in enumerate(claims):
        heading = by_start.get(claim.start)
        echoed = (
            heading is not None
            and per_paragraph[heading.paragraph] == 1
            and not heading.text.rstrip().endswith((".", "!", "?", '"', "”", ":"))
            and any(
                0 < later.start - claim.end < 800 and _same_words(claim.text, later.text)
                for later in claims[index + 1 : index + 3]
            )
        )
        if not echoed:
            kept.append(claim)
    return kept


def _same_words(short: str, full: str) -> bool:
    """Most content words of `short` are in `full`: ("a woman was killed", "a woman was killed and …") → True."""
    words = {w for w in re.findall(r"[a-z]{4,}", short.lower())}
    return bool(words) and len(words & set(re.findall(r"[a-z]{4,}", full.lower()))) >= 0.5 * len(words)


def attribute_sentence(sentence: Sentence, mentions: list) -> list[ClaimCandidate]:
    """One sentence → its claim, or None when nobody is reported as saying anything.

    '"It was a coup," Bolton said.' → ClaimCandidate(claimant_text="Bolton", text="It was a coup", speech_act="stated")
    'Prices rose, officials said.' → [ClaimCandidate(claimant_text="officials", text="Prices rose", …)]
    'Prices rose.' → []
    """
    text = sentence.text
    if poll := POLL.search(text):
        # "a UNDP poll showed …": the organisation named right before the poll conducted it
        by = pollster(text[: poll.start()], mentions)
        return [_claim(by, "poll", poll.group("text"), "poll_finding", sentence, mentions)]
    if reports := UNNAMED_REPORTS.search(text):
        return [_claim(None, "reports", reports.group("text"), "stated", sentence, mentions)]
    if quoted_as := QUOTED_AS_SAYING.search(text):  # "He was quoted in the statement as saying peace …"
        who = quoted_as.group("who")
        start = sentence.start + quoted_as.start("who")
        return [_finish(who, start, quoted_as.group("text"), "said", sentence, mentions)]
    if quoted := QUOTE_THEN_SPEAKER.search(text):  # “…,” the aide said.
        found = _speaker_around_verb(quoted.group("rest"), sentence.start + quoted.start("rest"))
        if found:
            who, who_start, verb = found
            return [_finish(who, who_start, quoted.group("text"), verb, sentence, mentions)]
    claims: list[ClaimCandidate] = []
    for verb_match in VERB_RE.finditer(text):
        left = text[: verb_match.start()]
        right = text[verb_match.end() :]
        who_piece = _speaker_before(left)
        if who_piece is None and (coordinated := COORDINATED_SUBJECT.search(left)):
            who_piece = coordinated.group("who").strip(), coordinated.start("who")
            if len(who_piece[0].split()) > 9 or _clause_inside(who_piece[0]):
                who_piece = None
        if who_piece is None and verb_match.group("verb") == "saying" and left.rstrip().endswith(","):
            if subject := SUBJECT_AT_START.match(text):
                who = subject.group("who")
                claims.append(_finish(who, sentence.start, right.strip(), "said", sentence, mentions))
            continue
        if who_piece is None:
            inverted = re.match(
                rf"\s+(?!{WEEKDAY})"
                r"(?P<who>(?:the\s+|a\s+)?[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,3}|he|she|they)",
                right,
            )
            if inverted and re.search(r"[,”\"]\s*$", left) and len(left) > 12:  # "…, said Mustafa Bali"
                who = inverted.group("who")
                start = sentence.start + verb_match.end() + inverted.start("who")
                claims.append(_finish(who, start, left, verb_match.group("verb"), sentence, mentions))
            continue
        who, offset = who_piece
        before_speaker = left[:offset]
        content = right.strip()
        if re.search(r"[,”\"]\s*$", before_speaker) and len(before_speaker) > 8 and only_a_setting(content):
            content = before_speaker.rstrip(' ,“”"')  # "…, X said on Monday."
        content = words_said(content, verb_match.group("verb"))
        if len(content) >= 8 and not not_a_report(verb_match.group("verb"), right.strip(), who):
            claims.append(_finish(who, sentence.start + offset, content, verb_match.group("verb"), sentence, mentions))
    if len(claims) > 1:  # "ILNA reported that police arrested 80, AP reported": the relay's words hold ILNA's claim
        claims = [claim for claim in claims if not any(relays(claim, other) for other in claims if other is not claim)]
    if not claims and (according := ACCORDING.search(text)):
        who = according.group("who")
        rest = (text[: according.start()] + text[according.end() :]).strip(" ,.:")
        if rest and len(rest) < 8:  # "But according to Reuters:": what it reported follows, not this line
            return claims
        claims.append(_finish(who, sentence.start + according.start("who"), rest or text, "said", sentence, mentions))
    return claims


def _speaker_before(left: str) -> tuple[str, int] | None:
    """The speaker phrase right before a reporting verb, with its offset in `left`, or None.

    "Air force general Yanez Rodriguez " → ("Air force general Yanez Rodriguez", 0);  "It was clear " → None
    "the National Police Chiefs' Council (NPCC) " → ("the National Police Chiefs' Council", 0)
    """
    left = ACRONYM_AFTER_NAME.sub(" ", left)
    for pattern in (APPOSITIVE_SPEAKER, NAMED_APPOSITIVE):
        if (found := pattern.search(left)) and not _clause_inside(found.group("who")):
            return found.group("who"), found.start("who")
    piece_start = max(
        (m.end() for m in re.finditer(r"[,;:“”\"(]\s*|\s(?:and|but|while|as|because|after|when|that)\s", left)),
        default=0,
    )
    if (
        joined := re.search(r"(?:^|[,;]\s+)(?P<first>[\w’'.\- ]{2,40}?)\s+and\s+$", left[:piece_start])
    ) and _speakerish(joined.group("first")):
        piece_start = joined.start("first")  # "Kurdish activists and a Syria war monitor said"
    piece = left[piece_start:]
    if what := re.search(r"\bwhat\s+(?=\S)", piece):  # "in what police described as …": the police's words
        piece_start, piece = piece_start + what.end(), piece[what.end() :]
    piece = re.sub(
        r"\s+(?:also|later|then|has|had|have|repeatedly|publicly|again|on \w+|in a statement)\s*$", " ", piece
    )
    words = piece.split()
    if not words or len(words) > 9:
        return None
    lead = len(piece) - len(piece.lstrip())
    while words and words[0].lower() in lex.SKIP_START:
        lead += len(words[0]) + 1
        words = words[1:]
    if not words:
        return None
    last = re.sub(r"['’]s?$", "", words[-1].strip(".,")).lower()
    if not (words[-1][0].isupper() or last in lex.SPEAKER_NOUNS or last in lex.PRONOUNS or last in lex.GROUP_PRONOUNS):
        return None
    if any(w.lower() in ("is", "was", "are", "were", "be", "been", "not", "if") for w in words):
        return None
    return " ".join(words), piece_start + lead


def _speakerish(phrase: str) -> bool:
    """A short noun phrase that can speak: "Kurdish activists" → True;  "the town was shelled" → False."""
    words = phrase.split()
    last = words[-1].strip(".,").lower() if words else ""
    return 0 < len(words) <= 4 and last in lex.SPEAKER_NOUNS and not _clause_inside(phrase)


def _clause_inside(who: str) -> bool:
    """A 'speaker' holding a verb is really a clause: "Police Fired" → False; "It Is" → True."""
    return any(w.lower() in ("is", "was", "are", "were", "it", "there") for w in who.split())


def _speaker_around_verb(rest: str, offset: int) -> tuple[str, int, str] | None:
    """After a closing quote: "the aide said." or "said Mustafa Bali" → (speaker, body offset, verb)."""
    if match := re.match(
        rf"(?P<verb>said|says|added|wrote|tweeted|told)\s+(?!{WEEKDAY})(?P<who>{TITLE_ABBREVIATION}[^,.]{{2,60}})", rest
    ):
        return match.group("who"), offset + match.start("who"), match.group("verb")
    if verb := VERB_RE.search(rest):
        appositive = APPOSITIVE_SPEAKER.search(rest[: verb.start()])
        if appositive and appositive.start() == 0:
            return appositive.group("who"), offset, verb.group("verb")
    if match := re.match(rf"(?P<who>[^,.]{{1,60}}?)\s+(?:also\s+|later\s+)?(?P<verb>{VERBS})\b", rest):
        words = match.group("who").split()
        if len(words) <= 8 and words[0].lower() not in lex.SKIP_START:
            return match.group("who"), offset, match.group("verb")
    return None


def _finish(who: str, who_start: int, content: str, verb: str, sentence: Sentence, mentions: list) -> ClaimCandidate:
    """Resolve the speaker and build the claim: ("he", …, "said") → claimant = last person named.

    Names inside the claim's own words are not candidates for its pronoun: in '"Yanukovych has disappeared,"
    he said.' the speaker is the person named before the quotation, not Yanukovych.
    """
    at = sentence.text.find(content.strip())
    quoted = (sentence.start + at, sentence.start + at + len(content.strip())) if at >= 0 else None
    claimant = resolve_speaker(who, who_start, who_start + len(who), mentions, quoted=quoted)
    return _claim(claimant, who.strip(), content, VERB_ACT.get(verb, "stated"), sentence, mentions)


def _claim(
    claimant: str | None, claimant_text: str, text: str, act: str, sentence: Sentence, mentions: list
) -> ClaimCandidate:
    """Assemble a ClaimCandidate with its figure and the other actors it is about.

    (…, text="90 percent of the armed forces have lost faith") → figure_value=Decimal("90"), figure_unit="percent",
    figure=Figure(measure="percent", low=Decimal("90"), high=Decimal("90"), text="90 percent", …)
    """
    found = read_figure(text, context=sentence.text)
    about = tuple(
        dict.fromkeys(
            a.name for _s, _e, a in starting_within(mentions, sentence.start, sentence.end) if a.name != claimant
        )
    )
    return ClaimCandidate(
        claimant=claimant,
        claimant_text=claimant_text,
        text=text.strip(' ,.“”"'),
        speech_act=act,
        figure_value=found.value if found else None,
        figure_unit=found.unit if found else "",
        figure=found,
        start=sentence.start,
        end=sentence.end,
        evidence=sentence.text,
        about=about,
    )
